"""No input aborts an import: each hostile file of issue 13 beside a good one.

Every case runs through the import service with the real pipeline. The hostile file ends
as a reported failure with a clear reason (or, where the fault can be cleaned, imported);
the good file beside it is always imported.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import OperationalError

from articles import services
from articles.models import Article
from articles.services import ImportOutcome, articles_import
from tests.articles import hostile_files
from tests.articles.hostile_files import GOOD_BODY, HostileFile

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def import_beside_good(folder: Path, hostile: HostileFile, nlp) -> dict[str, list[ImportOutcome]]:
    """Import the hostile file and a good one from ``folder``; outcomes by file name."""
    name, data = hostile
    (folder / name).write_bytes(data)
    good_name, good_data = hostile_files.good_json()
    (folder / good_name).write_bytes(good_data)
    outcomes: dict[str, list[ImportOutcome]] = {}
    for outcome in articles_import(paths=[folder], nlp=nlp):
        file_name = Path(outcome.source.split(":")[0].split(" record ")[0]).name
        outcomes.setdefault(file_name, []).append(outcome)
    assert [o.status for o in outcomes["good.json"]] == ["imported"]
    assert Article.objects.filter(body=GOOD_BODY).exists()
    return outcomes


def failure_of(outcomes: list[ImportOutcome]) -> str:
    [outcome] = outcomes
    assert outcome.status == "failed"
    return outcome.detail


def test_deeply_nested_json_is_refused_before_it_is_parsed(tmp_path, nlp):
    outcomes = import_beside_good(tmp_path, hostile_files.deeply_nested_json(), nlp)

    assert failure_of(outcomes["nested.json"]) == "JSON nested more than 64 levels deep; refused"


def test_a_5000_digit_json_number_is_refused(tmp_path, nlp):
    outcomes = import_beside_good(tmp_path, hostile_files.huge_number_json(), nlp)

    assert failure_of(outcomes["number.json"]) == (
        "JSON number of 5,000 characters, over the 100-character limit; refused"
    )


def test_a_lone_surrogate_escaped_in_json_is_stored_as_the_replacement_character(tmp_path, nlp):
    outcomes = import_beside_good(tmp_path, hostile_files.lone_surrogate_json(), nlp)

    assert [o.status for o in outcomes["surrogate.json"]] == ["imported"]
    article = Article.objects.get(title="Talks \ufffd resume")
    assert article.body == "Talks resumed in Geneva \ufffd on Monday, officials said."
    assert article.metadata == {"note": "\ufffd"}


def test_a_lone_surrogate_referenced_in_a_feed_is_stored_as_the_replacement_character(
    tmp_path, nlp
):
    outcomes = import_beside_good(tmp_path, hostile_files.lone_surrogate_feed(), nlp)

    assert [o.status for o in outcomes["surrogate.rss"]] == ["imported"]
    article = Article.objects.get(title="Summit \ufffd opens")
    assert article.body == "Leaders met in Oslo \ufffd on Tuesday, officials said."


def test_control_characters_in_html_do_not_reach_the_stored_article(tmp_path, nlp):
    outcomes = import_beside_good(tmp_path, hostile_files.control_characters_html(), nlp)

    assert [o.status for o in outcomes["controls.html"]] == ["imported"]
    article = Article.objects.get(title="Port strike ends")
    assert article.body.startswith("Dock workers in Rotterdam ended their strike")
    assert not any(ord(ch) < 32 and ch != "\n" for ch in article.title + article.body)


def test_an_atom_feed_declaring_the_wrong_encoding_is_read_as_what_it_is(tmp_path, nlp):
    outcomes = import_beside_good(tmp_path, hostile_files.misdeclared_atom(), nlp)

    assert [o.status for o in outcomes["misdeclared.atom"]] == ["imported"]
    assert Article.objects.get(title="Café talks").body == (
        "Ministers met at a café in Zürich on Sunday."
    )


def test_a_feed_declaring_entities_is_refused_before_they_expand(tmp_path, nlp):
    outcomes = import_beside_good(tmp_path, hostile_files.entity_expansion_feed(), nlp)

    assert failure_of(outcomes["laughs.rss"]) == (
        "the feed declares entities (<!ENTITY> or a DTD with declarations); refused"
    )


def test_a_page_of_30000_elements_is_refused_before_it_is_parsed(tmp_path, nlp):
    outcomes = import_beside_good(tmp_path, hostile_files.too_many_elements_html(), nlp)

    assert failure_of(outcomes["elements.html"]) == (
        "more than 20,000 elements in one document; refused"
    )


def test_a_zip_member_with_a_corrupt_deflate_stream_fails_alone(tmp_path, nlp):
    outcomes = import_beside_good(tmp_path, hostile_files.corrupt_deflate_zip(), nlp)

    by_member = {o.source.rsplit(":", 1)[1]: o for o in outcomes["corrupt.zip"]}
    assert by_member["b-broken.txt"].status == "failed"
    assert by_member["b-broken.txt"].detail.startswith("corrupt archive entry: ")
    assert by_member["a-first.txt"].status == by_member["c-last.txt"].status == "imported"
    assert set(Article.objects.values_list("title", flat=True)) >= {
        "First meeting",
        "Last meeting",
    }


def test_an_archive_of_hidden_files_only_is_reported_not_skipped_in_silence(tmp_path, nlp):
    outcomes = import_beside_good(tmp_path, hostile_files.hidden_only_zip(), nlp)

    assert failure_of(outcomes["hidden.zip"]) == (
        "archive holds no files to import, only hidden ones"
    )


def test_a_text_over_the_models_max_length_is_refused_before_it_is_parsed(tmp_path, nlp):
    outcomes = import_beside_good(tmp_path, hostile_files.overlong_text(), nlp)

    assert failure_of(outcomes["long.txt"]) == (
        "text is 1,000,001 characters, over the 1,000,000-character limit "
        "(NEWSBROWSER_MAX_TEXT_CHARS)"
    )
    assert nlp.max_length >= 1_000_000  # the limit is the model's own


def test_a_page_with_more_text_than_the_limit_is_refused_before_extraction(tmp_path, nlp):
    outcomes = import_beside_good(tmp_path, hostile_files.overlong_html(), nlp)

    assert failure_of(outcomes["long.html"]) == (
        "the page holds 4,194,308 characters of text, over the 1,000,000-character limit "
        "(NEWSBROWSER_MAX_TEXT_CHARS)"
    )


def test_a_json_article_over_the_text_limit_is_refused_alone(tmp_path, nlp, settings):
    settings.NEWSBROWSER_MAX_TEXT_CHARS = 1_000
    long_body = "Talks went on. " * 100
    text = f'[{{"title": "Long", "body": "{long_body}"}}, {{"title": "Short", "body": "Talks."}}]'
    outcomes = import_beside_good(tmp_path, ("records.json", text.encode()), nlp)

    statuses = {o.source.rsplit(" ", 1)[1]: (o.status, o.detail) for o in outcomes["records.json"]}
    assert statuses["1"] == (
        "failed",
        "text is 1,499 characters, over the 1,000-character limit (NEWSBROWSER_MAX_TEXT_CHARS)",
    )
    assert statuses["2"][0] == "imported"


def test_a_plain_text_file_too_big_for_the_text_limit_in_any_encoding_is_not_decoded(
    tmp_path, nlp, settings
):
    settings.NEWSBROWSER_MAX_TEXT_CHARS = 1_000
    outcomes = import_beside_good(tmp_path, ("big.txt", b"Big\n\n" + b"x" * 4_000), nlp)

    assert failure_of(outcomes["big.txt"]) == (
        "file is 4,005 bytes, more text than the 1,000-character limit "
        "(NEWSBROWSER_MAX_TEXT_CHARS) in any encoding"
    )


# --- The boundary itself: failures no reader anticipates ------------------------------


def failing_once(real: Callable, error: BaseException, *, when: Callable[..., bool]) -> Callable:
    def wrapper(*args, **kwargs):
        if when(*args, **kwargs):
            raise error
        return real(*args, **kwargs)

    return wrapper


def two_articles(folder: Path) -> list[Path]:
    (folder / "bad.json").write_text('{"title": "Doomed", "body": "Doomed talks began."}')
    (folder / "good.json").write_bytes(hostile_files.good_json()[1])
    return [folder / "bad.json", folder / "good.json"]


def test_a_hashing_failure_fails_that_file_and_the_import_goes_on(tmp_path, nlp, monkeypatch):
    real = services.content_hash_for
    error = UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")
    doomed = failing_once(real, error, when=lambda **kw: kw["title"] == "Doomed")
    monkeypatch.setattr(services, "content_hash_for", doomed)

    outcomes = list(articles_import(paths=two_articles(tmp_path), nlp=nlp))

    assert [(o.status, o.detail) for o in outcomes] == [
        ("failed", "could not be read: holds text that is not valid Unicode (UnicodeEncodeError)"),
        ("imported", outcomes[1].detail),
    ]


def test_a_storing_failure_rolls_back_that_article_alone(tmp_path, nlp, monkeypatch):
    real = services.article_entities_replace
    doomed = failing_once(
        real, KeyError("speaker"), when=lambda **kw: kw["article"].title == "Doomed"
    )
    monkeypatch.setattr(services, "article_entities_replace", doomed)

    outcomes = list(articles_import(paths=two_articles(tmp_path), nlp=nlp))

    assert (outcomes[0].status, outcomes[0].detail) == (
        "failed",
        "could not be stored: KeyError: 'speaker'",
    )
    assert outcomes[1].status == "imported"
    assert list(Article.objects.values_list("title", flat=True)) == ["Kishida warns Russia"]


def test_a_reader_bug_fails_that_file_and_the_import_goes_on(tmp_path, nlp, monkeypatch):
    real = services.items_from_path

    def reader_with_a_bug(path, *, limits):
        if path.name == "bad.json":
            raise AttributeError("'NoneType' object has no attribute 'get'")
        return real(path, limits=limits)

    monkeypatch.setattr(services, "items_from_path", reader_with_a_bug)

    outcomes = list(articles_import(paths=two_articles(tmp_path), nlp=nlp))

    assert (outcomes[0].status, outcomes[0].detail) == (
        "failed",
        "could not be read: AttributeError: 'NoneType' object has no attribute 'get'",
    )
    assert outcomes[1].status == "imported"


def test_a_lost_database_connection_ends_the_import(tmp_path, nlp, monkeypatch):
    lost = OperationalError("server closed the connection unexpectedly")
    doomed = failing_once(
        services.article_entities_replace, lost, when=lambda **kw: kw["article"].title == "Doomed"
    )
    monkeypatch.setattr(services, "article_entities_replace", doomed)

    with pytest.raises(OperationalError, match="server closed the connection"):
        list(articles_import(paths=two_articles(tmp_path), nlp=nlp))


@pytest.mark.parametrize("stop", [SystemExit(1), KeyboardInterrupt()])
def test_a_worker_being_stopped_ends_the_import(tmp_path, nlp, monkeypatch, stop):
    doomed = failing_once(
        services.article_entities_replace, stop, when=lambda **kw: kw["article"].title == "Doomed"
    )
    monkeypatch.setattr(services, "article_entities_replace", doomed)

    with pytest.raises(type(stop)):
        list(articles_import(paths=two_articles(tmp_path), nlp=nlp))


def test_forty_members_of_4_mib_are_each_refused_without_parsing(tmp_path, nlp, monkeypatch):
    """The archive of issue 13 (134 s before): refused member by member, unparsed.

    How fast, against good files: bench/hostile_inputs_bench.py (no timing in tests).
    """
    name, data = hostile_files.many_long_members_zip(members=40)
    (tmp_path / name).write_bytes(data)
    parsed: list[str] = []
    real_pipe = nlp.pipe

    def counting_pipe(texts, **kwargs):
        texts = list(texts)
        parsed.extend(texts)
        return real_pipe(texts, **kwargs)

    monkeypatch.setattr(nlp, "pipe", counting_pipe)

    outcomes = list(articles_import(paths=[tmp_path / name], nlp=nlp))

    assert len(outcomes) == 40
    assert {o.status for o in outcomes} == {"failed"}
    assert all("(NEWSBROWSER_MAX_TEXT_CHARS)" in o.detail for o in outcomes)
    assert parsed == []
