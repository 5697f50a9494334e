"""An editor's corrections to a statement survive re-import and re-extraction."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from articles.models import Article, ImportJob
from articles.services import articles_import, import_job_run
from entities.aggregates import aggregates_differences
from entities.models import (
    Organisation,
    Person,
    Statement,
    StatementCorrection,
    StatementCountry,
    name_key_for,
)
from entities.nlp.results import ArticleExtraction, PersonMention, StatementFound
from entities.services import (
    article_entities_replace,
    article_extract,
    person_merge,
    statement_correction_record,
)
from tests.conftest import SEED_ARTICLE
from tests.entities.builders import article_make, country, person_make

PASSWORD = "a-long-passphrase"


def change_url(statement: Statement) -> str:
    return reverse("admin:entities_statement_change", args=[statement.pk])


def submitted_form(page, **changes: object) -> dict[str, object]:
    """The data the admin change page would post as it stands, with ``changes`` applied.

    ``changes`` may name statement fields ("speaker": pk) or inline fields
    ("statementcountry_set-0-DELETE": "on").
    """
    data: dict[str, object] = {}
    form = page.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if value is not None:
            data[name] = value
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value()
        for tag_form in formset.initial_forms:
            for name in tag_form.fields:
                value = tag_form[name].value()
                if value is not None and name != "DELETE":
                    data[tag_form.add_prefix(name)] = value
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def tag_index(page, alpha2: str) -> int:
    """The inline row of the statement's tag for that country."""
    (inline,) = page.context["inline_admin_formsets"]
    for index, tag_form in enumerate(inline.formset.initial_forms):
        if tag_form.instance.country.alpha2 == alpha2:
            return index
    raise AssertionError(f"no {alpha2} tag on the page")


@pytest.mark.slow
class CorrectionsSurviveTest(TestCase):
    """The seed article, imported for real; an editor corrects it in the admin."""

    @classmethod
    def setUpTestData(cls) -> None:
        outcomes = list(articles_import(paths=[SEED_ARTICLE]))
        assert [o.status for o in outcomes] == ["imported"], outcomes
        cls.article = Article.objects.get()
        cls.editor = get_user_model().objects.create_superuser("editor", "e@x.org", PASSWORD)
        cls.blinken = Person.objects.get(name="Antony Blinken")
        cls.white_house = Organisation.objects.create(
            name="White House",
            name_key=name_key_for("White House"),
            slug="white-house",
            kind=Organisation.Kind.GOVERNMENT,
            country=country("US"),
        )

    def setUp(self) -> None:
        self.client.force_login(self.editor)

    def quote(self) -> Statement:
        return Statement.objects.get(article=self.article, kind="direct")

    def reported(self) -> Statement:
        return Statement.objects.get(article=self.article, kind="indirect")

    def edit(self, statement: Statement, **changes: object) -> None:
        page = self.client.get(change_url(statement))
        response = self.client.post(change_url(statement), submitted_form(page, **changes))
        assert response.status_code == 302, response.context["adminform"].form.errors

    def import_again(self) -> None:
        outcomes = list(articles_import(paths=[SEED_ARTICLE], force=True))
        assert [o.status for o in outcomes] == ["updated"], outcomes

    def test_speaker_reassigned_in_the_admin_survives_a_forced_reimport(self):
        assert self.quote().speaker.name == "Jake Sullivan"
        self.edit(self.quote(), speaker=self.blinken.pk)
        # The pages' counts move with the statement (issue 14).
        assert aggregates_differences() == []

        self.import_again()
        assert aggregates_differences() == []

        quote = self.quote()
        assert (quote.speaker, quote.speaker_kind) == (self.blinken, "person")
        correction = StatementCorrection.objects.get()
        assert (correction.editor, correction.start) == (self.editor, quote.start)

    def test_organisation_set_as_speaker_survives_extraction_run_again(self):
        assert self.reported().speaker_organisation is None
        # The editor says the White House itself speaks, not one of its unnamed officials.
        self.edit(
            self.reported(), speaker_organisation=self.white_house.pk, speaker_kind="organisation"
        )

        article_extract(article=self.article)

        reported = self.reported()
        assert (reported.speaker_organisation, reported.speaker_kind) == (
            self.white_house,
            "organisation",
        )
        assert reported.speaker is None

    def test_removed_country_tag_survives_the_admins_run_extraction_again_action(self):
        tags = lambda: sorted(  # noqa: E731
            self.quote().statementcountry_set.values_list("country__alpha2", flat=True)
        )
        assert "RU" in tags()
        kept = [code for code in tags() if code != "RU"]
        page = self.client.get(change_url(self.quote()))
        self.edit(self.quote(), **{f"statementcountry_set-{tag_index(page, 'RU')}-DELETE": "on"})
        assert tags() == kept
        assert aggregates_differences() == []

        self.client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "extract_again", "_selected_action": [self.article.pk]},
        )
        job = import_job_run(job_id=ImportJob.objects.get(kind=ImportJob.Kind.EXTRACT).pk)

        assert (job.status, job.updated) == ("done", 1)
        assert tags() == kept
        assert aggregates_differences() == []
        self.import_again()
        assert tags() == kept

    def test_a_tag_changed_to_another_country_counts_as_the_first_one_removed(self):
        page = self.client.get(change_url(self.quote()))
        row = tag_index(page, "RU")
        self.edit(self.quote(), **{f"statementcountry_set-{row}-country": country("UA").pk})

        self.import_again()

        tags = self.quote().statementcountry_set.values_list("country__alpha2", flat=True)
        assert "RU" not in tags

    def test_only_the_source_and_country_tags_are_kept_other_edits_are_extracted_afresh(self):
        self.edit(self.quote(), speaker=self.blinken.pk, cue="claimed")
        self.edit(self.reported(), speaker_text="the White House")

        self.import_again()

        assert (self.quote().speaker, self.quote().cue) == (self.blinken, "said")
        assert self.reported().speaker_text == "information provided by the White House"
        assert StatementCorrection.objects.count() == 1

    def test_saving_a_statement_unchanged_records_no_correction(self):
        self.edit(self.quote())
        assert not StatementCorrection.objects.exists()


class CorrectionRecordTest(TestCase):
    """The service the admin calls, and how a correction is put back, on hand-made rows."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.article = article_make(title="Sullivan speaks")
        cls.article.body = 'Jake Sullivan spoke. "We see no evidence of it in Cuba," Sullivan said.'
        cls.article.save()
        cls.sullivan = person_make("Jake Sullivan")
        cls.cuban = person_make("Mark Cuban")

    def extraction(self, *, shift: int = 0) -> ArticleExtraction:
        quote = "We see no evidence of it in Cuba"
        start = self.article.body.index(quote) + shift
        end = self.article.body.index(quote) + len(quote)
        return ArticleExtraction(
            people=[PersonMention(name="Jake Sullivan", text="Jake Sullivan", start=0, end=13)],
            statements=[
                StatementFound(
                    text=self.article.body[start:end],
                    start=start,
                    end=end,
                    kind="direct",
                    speaker_name="Jake Sullivan",
                    speaker_text="Sullivan",
                    cue="said",
                    about=("CU",),
                )
            ],
        )

    def test_restoring_a_removed_country_lets_extraction_tag_it_again(self):
        article_entities_replace(article=self.article, extraction=self.extraction())
        statement = Statement.objects.get()
        StatementCountry.objects.filter(statement=statement).delete()
        statement_correction_record(statement=statement, editor=None, removed=[country("CU")])
        article_entities_replace(article=self.article, extraction=self.extraction())
        assert not StatementCountry.objects.exists()

        statement = Statement.objects.get()
        statement_correction_record(statement=statement, editor=None, restored=[country("CU")])
        article_entities_replace(article=self.article, extraction=self.extraction())
        assert list(StatementCountry.objects.values_list("country__alpha2", flat=True)) == ["CU"]

    def test_correction_follows_its_statement_when_extraction_moves_the_span(self):
        article_entities_replace(article=self.article, extraction=self.extraction())
        statement = Statement.objects.get()
        statement.speaker = self.cuban
        statement.save()
        statement_correction_record(statement=statement, editor=None, speaker_corrected=True)

        # A later extraction leaves the first word out of the quote.
        article_entities_replace(article=self.article, extraction=self.extraction(shift=3))

        statement = Statement.objects.get()
        assert (statement.start, statement.speaker) == (
            self.article.body.index("see no evidence"),
            self.cuban,
        )

    def test_a_correction_on_the_exact_span_wins_over_one_that_moved(self):
        body = self.article.body
        start = body.index("We see")
        cut, end = body.index(" evidence"), body.index(',"')

        def found(a: int, b: int) -> StatementFound:
            return StatementFound(
                text=body[a:b],
                start=a,
                end=b,
                kind="direct",
                speaker_name=None,
                speaker_text="Sullivan",
                cue="said",
            )

        # An editor corrected one long quote, then extraction split it in two,
        # and the editor corrected the second part as well.
        article_entities_replace(
            article=self.article, extraction=ArticleExtraction(statements=[found(start, end)])
        )
        whole = Statement.objects.get()
        whole.speaker = self.sullivan
        whole.save()
        statement_correction_record(statement=whole, editor=None, speaker_corrected=True)
        split = ArticleExtraction(statements=[found(start, cut), found(cut, end)])
        article_entities_replace(article=self.article, extraction=split)
        second = Statement.objects.get(start=cut)
        second.speaker = self.cuban
        second.save()
        statement_correction_record(statement=second, editor=None, speaker_corrected=True)

        article_entities_replace(article=self.article, extraction=split)

        speakers = Statement.objects.order_by("start").values_list("speaker__name", flat=True)
        assert list(speakers) == ["Jake Sullivan", "Mark Cuban"]

    def test_restoring_what_was_never_removed_records_nothing(self):
        article_entities_replace(article=self.article, extraction=self.extraction())
        statement = Statement.objects.get()
        assert (
            statement_correction_record(statement=statement, editor=None, restored=[country("CU")])
            is None
        )
        assert not StatementCorrection.objects.exists()

    def test_merging_the_corrected_speaker_into_another_person_keeps_the_correction(self):
        article_entities_replace(article=self.article, extraction=self.extraction())
        statement = Statement.objects.get()
        statement.speaker = self.cuban
        statement.save()
        statement_correction_record(statement=statement, editor=None, speaker_corrected=True)
        mark = person_make("Mark C. Cuban")

        person_merge(into=mark, others=[self.cuban])
        article_entities_replace(article=self.article, extraction=self.extraction())

        assert Statement.objects.get().speaker == mark
