"""Real bad files beside good ones: each is reported clearly, the good ones all import, once."""

from __future__ import annotations

import json
import shutil
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from articles.models import Article
from entities.models import Person, Statement

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

HERE = Path(__file__).parent
BAD = HERE / "bad_inputs"
GOOD = HERE / "good_inputs"

# File (relative to the batch folder) -> the reason it is reported with.
EXPECTED_FAILURES = {
    "bad/empty.txt": "empty file",
    "bad/picture.txt": "binary file (PNG image), not text",
    "bad/invalid-utf8.txt": "not valid UTF-8 (byte 0x80 at offset 134) and not readable in any "
    "other text encoding either",
    "bad/truncated.json": "invalid JSON: Unterminated string starting at: line 1 column 39",
    "bad/no-body.json": 'no article text (expected a "body" or "text" field)',
    "bad/no-article.html": "no article text found in the HTML page",
    "bad/empty-feed.xml": "feed has no items",
    "bad/traversal.zip:../evil.txt": "refused archive entry: path with '..' '../evil.txt'",
    "bad/traversal.zip:/etc/absolute.txt": "refused archive entry: absolute path",
    "bad/bomb.zip": "archive would expand to 41,943,040 bytes, over the 20,971,520-byte limit",
}
# Every good article in the batch, by title; each must be stored exactly once.
GOOD_TITLES = {
    "Zürich café owners protest",  # bad/latin1.txt: Latin-1 is read, not refused
    "Poland hosts summit",  # bad/traversal.zip:inside/fine.txt
    "Kishida warns Russia",
    "Macron visits Germany",  # twice in wire.json
    "Ukraine seeks air defence",
    "Brazil hosts trade talks",
    "Canada backs Denmark",
    "Chile elects mayor",
    "India and Japan sign pact",
    "China's indirect aid to Russia's arms sector raises U.S. alarm",  # the seed, twice
}


def run_import(*args: str) -> tuple[str, str, CommandError | None]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import_articles", *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


@pytest.fixture
def batch(tmp_path, seed_article, settings) -> Path:
    settings.NEWSBROWSER_MAX_ARCHIVE_BYTES = 20 * 2**20
    folder = tmp_path / "batch"
    shutil.copytree(BAD, folder / "bad")
    shutil.copytree(GOOD, folder / "good")
    shutil.copy(seed_article, folder / "good" / "seed.txt")
    shutil.copy(seed_article, folder / "good" / "seed-copy.txt")  # same article, two names
    with zipfile.ZipFile(folder / "bad" / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as bomb:
        for number in range(10):
            bomb.writestr(f"zeros-{number}.txt", b"0" * (4 * 2**20))
    return folder


def test_each_bad_input_is_reported_and_every_good_file_beside_it_imports_once(batch, nlp):
    out, err, error = run_import(str(batch))

    for source, reason in EXPECTED_FAILURES.items():
        assert f"failed     {batch / source}: {reason}" in err, source
    assert err.count("failed     ") == len(EXPECTED_FAILURES)
    assert f"failed     {batch / 'bad/no-body.json'} record" not in err  # one object, no number
    assert error is not None
    assert str(error) == (
        "Import finished with failures: 10 imported, 0 updated, 2 unchanged, 10 failed."
    )
    assert f"unchanged  {batch / 'good/wire.json'} record 2 (same article as" in out
    assert f"unchanged  {batch / 'good/seed.txt'} (same article as" in out
    assert set(Article.objects.values_list("title", flat=True)) == GOOD_TITLES
    assert Article.objects.count() == len(GOOD_TITLES)
    assert not Person.objects.values("name_key").annotate(n=Count("id")).filter(n__gt=1)


def test_importing_the_batch_again_changes_nothing(batch, nlp):
    run_import(str(batch))
    before = (Article.objects.count(), Person.objects.count(), Statement.objects.count())
    stamps = dict(Article.objects.values_list("id", "extracted_at"))

    _, _, error = run_import(str(batch))

    assert str(error) == (
        "Import finished with failures: 0 imported, 0 updated, 12 unchanged, 10 failed."
    )
    assert (Article.objects.count(), Person.objects.count(), Statement.objects.count()) == before
    assert dict(Article.objects.values_list("id", "extracted_at")) == stamps


def test_a_clean_import_exits_zero_and_keeps_unknown_fields_and_metadata(nlp):
    out, err, error = run_import(str(GOOD / "wire.json"), str(GOOD / "feed.xml"))

    assert error is None
    assert err == ""
    assert "Import finished: 3 imported, 0 updated, 1 unchanged, 0 failed." in out
    macron = Article.objects.get(title="Macron visits Germany")
    assert macron.metadata == {"section": "Europe", "wordcount": 18}
    assert macron.source_name == "wire.json"
    assert Statement.objects.get(article=macron).speaker.name == "Emmanuel Macron"


def test_same_url_with_new_content_is_updated_and_extracted_again(tmp_path, nlp):
    article = {
        "title": "Macron visits Germany",
        "body": '"France and Germany stand together," Emmanuel Macron said in Berlin.',
        "url": "https://wire.example.org/macron-berlin",
    }
    source = tmp_path / "macron.json"
    source.write_text(json.dumps(article), encoding="utf-8")
    run_import(str(source))
    original = Article.objects.get()

    article["body"] = '"We will not accept any attack on Japan," Fumio Kishida said on Monday.'
    source.write_text(json.dumps(article), encoding="utf-8")
    out, _, error = run_import(str(source))

    assert error is None
    assert f"updated    {source} (" in out
    updated = Article.objects.get()
    assert updated.pk == original.pk
    assert updated.extracted_at > original.extracted_at
    statement = Statement.objects.get(article=updated)
    assert statement.speaker.name == "Fumio Kishida"
    assert statement.text == "We will not accept any attack on Japan"
    assert [c.alpha2 for c in statement.about.all()] == ["JP"]


def test_force_extracts_known_articles_again(nlp):
    run_import(str(GOOD / "pacific.atom"))
    before = Article.objects.get()

    out, _, error = run_import(str(GOOD / "pacific.atom"), "--force")

    assert error is None
    assert "0 imported, 1 updated, 0 unchanged, 0 failed" in out
    after = Article.objects.get()
    assert after.pk == before.pk
    assert after.extracted_at > before.extracted_at


def test_dry_run_reads_and_extracts_but_writes_nothing(batch, nlp):
    out, _, error = run_import(str(batch), "--dry-run")

    assert str(error) == (
        "Import finished with failures: 10 imported, 0 updated, 2 unchanged, 10 failed "
        "(dry run: nothing written)."
    )
    assert f"imported   {batch / 'good/kishida.html'} (dry run: 1 people" in out
    assert not Article.objects.exists()
    assert not Person.objects.exists()


def test_processes_and_batch_size_options_import_the_same(nlp):
    out, _, error = run_import(str(GOOD), "--batch-size", "2", "--processes", "2")

    assert error is None
    assert "Import finished: 7 imported, 0 updated, 1 unchanged, 0 failed." in out
    assert Statement.objects.filter(speaker__name="Justin Trudeau").count() == 1


def test_two_spellings_of_one_name_in_an_article_make_one_person(tmp_path, nlp):
    body = (
        '"We will defend Japan," George W. Bush said on Monday.\n\n'
        '"We will defend Korea too," George W Bush said later.'
    )
    source = tmp_path / "bush.json"
    source.write_text(json.dumps({"title": "Bush speaks", "body": body}), encoding="utf-8")

    _, err, error = run_import(str(source))

    assert error is None, err
    assert Person.objects.filter(name_key="george w bush").count() == 1


class Terminal(StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_a_progress_bar_counts_files_with_rate_and_eta(nlp):
    out, err = StringIO(), Terminal()

    call_command("import_articles", str(GOOD), stdout=out, stderr=err)

    bar = err.getvalue()
    assert "5/5" in bar  # files done of total
    assert "file/s" in bar or "s/file" in bar
    assert "<" in bar  # elapsed<remaining
    assert "imported   " not in out.getvalue()  # the bar replaces per-article lines
    assert "Import finished: 7 imported, 0 updated, 1 unchanged, 0 failed." in out.getvalue()
