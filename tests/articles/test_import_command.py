"""The import_articles command: files and folders in, articles and entities out, idempotently."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from entities.models import Mention, Person, Statement

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def import_articles(*paths: Path) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_articles", *map(str, paths), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def table_sizes() -> tuple[int, int, int, int]:
    return (
        Article.objects.count(),
        Person.objects.count(),
        Mention.objects.count(),
        Statement.objects.count(),
    )


def test_import_of_the_seed_reports_it_and_stores_article_people_and_statement(seed_article, nlp):
    out, err = import_articles(seed_article)

    assert f"imported   {seed_article}" in out
    assert "Import finished: 1 imported, 0 updated, 0 unchanged, 0 failed." in out
    assert err == ""
    article = Article.objects.get()
    assert article.title == "China's indirect aid to Russia's arms sector raises U.S. alarm"
    assert article.author == "Justyna Lasota-Krawczyk"
    assert article.source_name == seed_article.name
    assert article.extracted_at is not None
    statement = Statement.objects.get(speaker__name="Jake Sullivan")
    assert statement.text.startswith("We have not seen any evidence that they'll provide")
    assert article.body[statement.start : statement.end] == statement.text
    # Russia is named in the quote; China only in the sentence around it, ranked after.
    links = statement.statementcountry_set.order_by("rank")
    assert [(link.country.alpha2, link.role) for link in links] == [
        ("RU", "content"),
        ("CN", "context"),
    ]


def test_reimporting_the_same_file_changes_nothing(seed_article, nlp):
    import_articles(seed_article)
    before = table_sizes()
    first_person_ids = sorted(Person.objects.values_list("id", flat=True))

    out, _ = import_articles(seed_article)

    assert f"unchanged  {seed_article}" in out
    assert "0 imported, 0 updated, 1 unchanged, 0 failed" in out
    assert table_sizes() == before
    assert sorted(Person.objects.values_list("id", flat=True)) == first_person_ids


def test_same_article_under_two_file_names_is_stored_once(seed_article, tmp_path, nlp):
    shutil.copy(seed_article, tmp_path / "a.txt")
    shutil.copy(seed_article, tmp_path / "b.txt")

    out, _ = import_articles(tmp_path)

    assert "1 imported, 0 updated, 1 unchanged, 0 failed" in out
    assert Article.objects.count() == 1


def test_people_are_shared_between_articles_not_duplicated(seed_article, tmp_path, nlp):
    text = seed_article.read_text(encoding="utf-8")
    (tmp_path / "one.txt").write_text(text, encoding="utf-8")
    (tmp_path / "two.txt").write_text(text.replace("Related content", "A later edit."), "utf-8")

    import_articles(tmp_path)

    assert Article.objects.count() == 2
    assert Person.objects.filter(name="Jake Sullivan").count() == 1
    assert Statement.objects.filter(speaker__name="Jake Sullivan").count() == 2


def test_a_broken_file_is_reported_and_the_rest_still_imports(seed_article, tmp_path, nlp):
    folder = tmp_path / "batch"
    (folder / "nested").mkdir(parents=True)
    shutil.copy(seed_article, folder / "nested" / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 not an article")
    missing = tmp_path / "no-such-folder"

    with pytest.raises(CommandError, match="1 imported, 0 updated, 0 unchanged, 4 failed"):
        out, err = StringIO(), StringIO()
        try:
            call_command("import_articles", str(folder), str(missing), stdout=out, stderr=err)
        finally:
            report = err.getvalue()

    assert f"failed     {folder / 'empty.txt'}: " in report
    assert "empty" in report
    assert f"failed     {folder / 'picture.txt'}: " in report
    assert "PNG" in report
    assert "unsupported file type '.pdf'" in report
    assert f"failed     {missing}: no such file or folder" in report
    assert Article.objects.get().source_name == "good.txt"


def test_missing_spacy_model_is_a_clear_error_naming_the_setting(seed_article, settings):
    settings.NEWSBROWSER_SPACY_MODEL = "no_such_spacy_model"

    with pytest.raises(CommandError, match="NEWSBROWSER_SPACY_MODEL"):
        import_articles(seed_article)

    assert Article.objects.count() == 0
