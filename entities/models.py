"""What we found in the articles: people, countries, mentions and statements."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import get_script_prefix, get_urlconf, reverse

from articles.models import Article, pk_url
from entities.nlp.names import name_text_clean


def entity_url(viewname: str, slug: str) -> str:
    """``reverse(viewname, args=[slug])``, remembered: a page names the same people,
    countries and organisations again and again (an article's mentions, the cards' chips),
    and each ``reverse`` costs more than the rest of its link (docs/performance.md,
    "Render time"). Keyed on the URLconf and script prefix, so neither can go stale."""
    return _entity_url(viewname, slug, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@lru_cache(maxsize=8192)
def _entity_url(viewname: str, slug: str, prefix: str, urlconf: str) -> str:
    # ``prefix`` is only part of the key: reverse() reads the same one from the thread.
    return reverse(viewname, urlconf=urlconf, args=[slug])


_WORD_SEPARATORS = re.compile(r"[.\-\u2010-\u2015]")


def name_key_for(name: str) -> str:
    """The form under which two spellings of a name count as the same person."""
    # NFKC, no zero-width or bidi characters, one apostrophe: "O\u2019Malley" is "O'Malley".
    decomposed = unicodedata.normalize("NFKD", name_text_clean(name))
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Dots and dashes separate words: "J.D. Vance" is "J D Vance", "Lasota-Krawczyk" two words.
    return " ".join(_WORD_SEPARATORS.sub(" ", letters).split()).casefold()


class Country(models.Model):
    alpha2 = models.CharField("ISO alpha-2", max_length=2, unique=True)
    alpha3 = models.CharField("ISO alpha-3", max_length=3, unique=True)
    name = models.CharField(max_length=200, help_text="Short display name, e.g. Russia.")
    official_name = models.CharField(max_length=200, blank=True)
    slug = models.SlugField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return entity_url("entities:country", self.slug)


class Person(models.Model):
    name = models.CharField(max_length=300, help_text="Canonical full name.")
    name_key = models.CharField(
        max_length=300, unique=True, editable=False, help_text="Accent-, case-folded name."
    )
    slug = models.SlugField(max_length=300, unique=True)
    # Identity (entities/nlp/names.py): namesakes are found by family name; a
    # suffix here keeps the person apart from a namesake without it (Donald Trump Jr.).
    family_key = models.CharField(
        max_length=300, blank=True, db_index=True, editable=False, help_text="Folded family name."
    )
    suffix_key = models.CharField(
        max_length=8,
        blank=True,
        help_text="Suffix (jr, sr, ii) that tells this person from a namesake.",
    )
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other forms seen in articles, e.g. a surname."
    )
    roles = models.JSONField(
        default=list,
        blank=True,
        help_text="Roles and titles as articles state them, e.g. 'national security advisor'.",
    )
    country = models.ForeignKey(
        "Country",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        help_text="The country the person belongs to: the one most articles state.",
    )
    # An editor's choice of country: articles no longer decide it.
    country_set_by_editor = models.BooleanField(
        default=False,
        help_text="Set when an editor chooses the country; untick to let the articles decide.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return entity_url("entities:person", self.slug)


class PersonNameLink(models.Model):
    """An editor's correction: a name that means this person, whatever the name rules say.

    Written by the admin's merge (the merged names) and split (the split-off
    name); read before anything else when extraction stores a name, so the
    correction survives re-extraction and re-import.
    """

    name_key = models.CharField(max_length=300, unique=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_links")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name_key"]

    def __str__(self) -> str:
        return f"{self.name_key} -> {self.person_id}"


class Organisation(models.Model):
    """A body that speaks in the news: a government or ministry, an agency, an army,
    a party, a company, a newspaper or broadcaster, an international body."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", "Government or ministry"
        AGENCY = "agency", "Agency"
        MILITARY = "military", "Military"
        PARTY = "party", "Party"
        COMPANY = "company", "Company"
        MEDIA = "media", "Media"
        INTERNATIONAL = "international", "International body"
        OTHER = "other", "Other"

    name = models.CharField(max_length=300, help_text="Canonical name, e.g. 'the Kremlin'.")
    name_key = models.CharField(
        max_length=300, unique=True, editable=False, help_text="Accent-, case-folded name."
    )
    slug = models.SlugField(max_length=300, unique=True)
    kind = models.CharField(max_length=13, choices=Kind.choices, default=Kind.OTHER)
    country = models.ForeignKey(
        "Country",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
        help_text="The country it belongs to (the Kremlin: Russia); none for NATO or the UN.",
    )
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other forms seen in articles, e.g. 'the Post'."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return entity_url("entities:organisation", self.slug)


class Mention(models.Model):
    """A person or a country named in an article's body, at these offsets."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    # What this article says of the person: one vote towards Person.country.
    # Stored with the mention, so extracting the article again replaces its vote.
    stated_country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The country the article states for the person here (role, demonym).",
    )
    text = models.CharField(max_length=300, help_text="The mention as written.")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()

    class Meta:
        ordering = ["article", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, country__isnull=True)
                | Q(person__isnull=True, country__isnull=False),
                name="mention_person_xor_country",
            ),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="mention_span"),
            models.UniqueConstraint(fields=["article", "start", "end"], name="mention_unique_span"),
        ]

    def __str__(self) -> str:
        return f"{self.text} @ {self.start}-{self.end}"


# The order of every statement list, newest first; ``pk`` last makes it total, so a
# keyset cursor (entities.selectors.StatementCursor) names exactly one place in it.
NEWEST_FIRST = (
    models.F("published_at").desc(nulls_last=True),
    models.F("article_id").desc(),
    models.F("start").asc(),
    models.F("pk").asc(),
)


class StatementQuerySet(models.QuerySet["Statement"]):
    def newest_first(self) -> StatementQuerySet:
        return self.order_by(*NEWEST_FIRST)

    def oldest_first(self) -> StatementQuerySet:
        # Undated statements stay last, as they do newest first: a date sorts, its absence not.
        return self.order_by(
            models.F("published_at").asc(nulls_last=True), "article_id", "start", "pk"
        )

    def with_cards(self) -> StatementQuerySet:
        """What a statement card shows, fetched in a fixed number of queries."""
        return self.select_related(
            "article", "speaker", "speaker_organisation", "speaker_country"
        ).prefetch_related(
            models.Prefetch(
                "statementcountry_set",
                queryset=StatementCountry.objects.select_related("country").order_by("rank"),
            )
        )


class SpeakerKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANISATION = "organisation", "Organisation"
    COUNTRY = "country", "Country"
    UNNAMED = "unnamed", "Unnamed source"


class ListOrderIndex(models.Index):
    """An index in the statement lists' order, newest first, undated last.

    PostgreSQL puts nulls first in a descending index, so its ``published_at`` column
    says NULLS LAST, or the lists' ORDER BY could not read the index in order and would
    sort every match; SQLite sorts nulls last when descending already and refuses the words.
    """

    def create_sql(self, model: Any, schema_editor: Any, using: str = "", **kwargs: Any) -> Any:
        if schema_editor.connection.vendor != "postgresql":
            return super().create_sql(model, schema_editor, using, **kwargs)
        orders = self.fields_orders
        self.fields_orders = [
            (name, f"{order} NULLS LAST" if name == "published_at" else order)
            for name, order in orders
        ]
        try:
            return super().create_sql(model, schema_editor, using, **kwargs)
        finally:
            self.fields_orders = orders


# What follows the source in each list index: the lists' order (NEWEST_FIRST).
_LIST_ORDER = ["-published_at", "-article", "start", "id"]
# The same oldest first (StatementQuerySet.oldest_first).
_OLDEST_ORDER = ["published_at", "article", "start", "id"]


# Between the pieces of a split quote, where the attribution stood.
PARTS_SEPARATOR = " \u2026 "


class Statement(models.Model):
    class Kind(models.TextChoices):
        DIRECT = "direct", "Direct quote"
        INDIRECT = "indirect", "Indirect (reported)"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="statements")
    speaker = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements"
    )
    speaker_text = models.CharField(
        max_length=300, blank=True, help_text="The speaker as written, e.g. 'Sullivan' or 'he'."
    )
    speaker_kind = models.CharField(
        max_length=12,
        choices=SpeakerKind.choices,
        blank=True,
        help_text="Who the source is; empty when the statement has no source.",
    )
    # The organisation that speaks, or that an unnamed source speaks for
    # ("a spokeswoman for Disney": kind unnamed, organisation Disney).
    speaker_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
    )
    speaker_country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements_by",
        help_text="The country the source belongs to: its officials, bodies, state media, "
        "or the state itself.",
    )
    # body[start:end]: for a split quote, its pieces and the attribution between them.
    text = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    parts = models.JSONField(
        default=list,
        blank=True,
        help_text="The quoted pieces as [start, end] offsets into the article body, in order: "
        "two or more for a quote split around its attribution; empty means [[start, end]].",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.DIRECT)
    cue = models.CharField(max_length=100, blank=True, help_text="The speech verb, e.g. 'said'.")
    # The article's date, copied so a list filters and sorts by it on one table's index
    # (issue 14); entities.services.statement_dates_follow keeps it in step.
    published_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="The article's date, copied."
    )
    about = models.ManyToManyField(
        Country,
        through="StatementCountry",
        related_name="statements_about",
        blank=True,
        help_text="Countries named in the statement.",
    )

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["article", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="statement_span"),
            models.UniqueConstraint(
                fields=["article", "start", "end"], name="statement_unique_span"
            ),
        ]
        indexes = [
            models.Index(fields=["speaker", "article"], name="statement_speaker_idx"),
            models.Index(
                fields=["speaker_organisation", "article"], name="statement_organisation_idx"
            ),
            models.Index(fields=["speaker_country", "article"], name="statement_by_country_idx"),
            # One per list: its source, then the order, so a page reads the next rows in
            # order and stops (keyset pagination) whatever the number of matches.
            ListOrderIndex(fields=["speaker", *_LIST_ORDER], name="statement_speaker_list_idx"),
            ListOrderIndex(
                fields=["speaker_organisation", *_LIST_ORDER], name="statement_org_list_idx"
            ),
            ListOrderIndex(fields=["speaker_country", *_LIST_ORDER], name="statement_by_list_idx"),
            ListOrderIndex(fields=_LIST_ORDER, name="statement_list_idx"),
            # Oldest first (``oldest_first``) for a person's and an organisation's lists: a
            # descending index read backwards would give the undated first and the ties
            # reversed. Ascending puts nulls last on PostgreSQL already, as the lists do.
            models.Index(fields=["speaker", *_OLDEST_ORDER], name="statement_speaker_old_idx"),
            models.Index(
                fields=["speaker_organisation", *_OLDEST_ORDER], name="statement_org_old_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.display_text[:80]

    def get_absolute_url(self) -> str:
        return pk_url("entities:statement", self.pk)

    @property
    def context_url(self) -> str:
        """The paragraphs around it, as the card's "Context" fetches them."""
        return pk_url("entities:statement-context", self.pk)

    @property
    def part_spans(self) -> list[tuple[int, int]]:
        """(start, end) of each quoted piece in the body; the whole statement if none is stored."""
        return [(start, end) for start, end in self.parts] or [(self.start, self.end)]

    @property
    def display_text(self) -> str:
        """What was said: the quoted pieces joined by an ellipsis, without the attribution
        between them ('We will respond … and soon.')."""
        spans = self.part_spans
        if len(spans) == 1:
            return self.text
        return PARTS_SEPARATOR.join(
            self.text[start - self.start : end - self.start] for start, end in spans
        )

    @property
    def cue_leads(self) -> bool:
        """Whether the cue reads before the speaker ("according to X") rather than after."""
        return self.cue.lower().startswith("according")


class StatementCountry(models.Model):
    """A country a statement is about; the rank orders them, content before context."""

    class Role(models.TextChoices):
        CONTENT = "content", "Named in the statement"
        CONTEXT = "context", "Named around it"

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE)
    country = models.ForeignKey(Country, on_delete=models.CASCADE)
    rank = models.PositiveSmallIntegerField(default=0)
    role = models.CharField(max_length=7, choices=Role.choices, default=Role.CONTENT)

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "country"], name="statement_country_unique"
            ),
        ]
        indexes = [models.Index(fields=["country", "statement"], name="statement_country_idx")]

    def __str__(self) -> str:
        return f"{self.statement_id} about {self.country_id}"


class StatementCorrection(models.Model):
    """What an editor corrected on a statement, put back whenever extraction runs again.

    Keyed by the article and the statement's span (and its text, should the
    span move), since re-extraction deletes and recreates the statements.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField(help_text="The statement as it read when corrected.")
    # Whether the editor set the source: then speaker, organisation, kind and
    # country below replace what extraction finds, empty ones included.
    corrects_speaker = models.BooleanField(default=False)
    speaker = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    speaker_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    speaker_kind = models.CharField(max_length=12, choices=SpeakerKind.choices, blank=True)
    speaker_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removed_countries = models.ManyToManyField(
        Country,
        blank=True,
        related_name="+",
        help_text="Countries the editor took off the statement; extraction does not add them back.",
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["article", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="statement_correction_span"
            ),
            models.UniqueConstraint(
                fields=["article", "start", "end"], name="statement_correction_unique_span"
            ),
        ]

    def __str__(self) -> str:
        return f"correction of {self.article_id}@{self.start}-{self.end}"


# --- Maintained aggregates (issue 14; kept by entities/aggregates.py) -------------
#
# Counts the pages show, kept on every write that changes statements, so a page reads a few
# rows instead of counting every statement that matches. A "source" is a person, an
# organisation or the sources of a country (Statement.speaker_country): exactly one of the
# three is set on each source row. ``month`` is the first day of the article's month (UTC);
# empty for statements whose article has no date.

_ONE_SOURCE = (
    Q(person__isnull=False, organisation__isnull=True, by_country__isnull=True)
    | Q(person__isnull=True, organisation__isnull=False, by_country__isnull=True)
    | Q(person__isnull=True, organisation__isnull=True, by_country__isnull=False)
)


class SourceMonth(models.Model):
    """Statements of one source in one month."""

    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="source_months"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="source_months"
    )
    by_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.CASCADE, related_name="source_months"
    )
    month = models.DateField(null=True, blank=True)
    statements = models.PositiveIntegerField()

    class Meta:
        constraints = [models.CheckConstraint(condition=_ONE_SOURCE, name="source_month_one")]
        indexes = [
            models.Index(fields=["person", "month"], name="source_month_person_idx"),
            models.Index(fields=["organisation", "month"], name="source_month_org_idx"),
            models.Index(fields=["by_country", "month"], name="source_month_by_idx"),
        ]

    def __str__(self) -> str:
        source = self.person_id or self.organisation_id or self.by_country_id
        return f"{source} in {self.month}: {self.statements}"


class SourceCountryMonth(models.Model):
    """Statements of one source naming one country (in the statement or around it), per month."""

    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="source_country_months",
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="source_country_months",
    )
    by_country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="by_country_months",
    )
    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="source_country_months"
    )
    role = models.CharField(max_length=7, choices=StatementCountry.Role.choices)
    month = models.DateField(null=True, blank=True)
    statements = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=_ONE_SOURCE, name="source_country_month_one")
        ]
        indexes = [
            models.Index(fields=["person", "role", "month"], name="scm_person_idx"),
            models.Index(fields=["organisation", "role", "month"], name="scm_org_idx"),
            models.Index(fields=["by_country", "role", "month"], name="scm_by_idx"),
            models.Index(fields=["country", "month"], name="scm_country_idx"),
        ]

    def __str__(self) -> str:
        source = self.person_id or self.organisation_id or self.by_country_id
        return f"{source} on {self.country_id} ({self.role}) in {self.month}: {self.statements}"


class CountryMonth(models.Model):
    """Statements about one country (named in them or around them) in one month."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="months")
    month = models.DateField(null=True, blank=True)
    statements = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["country", "month"], name="country_month_idx")]

    def __str__(self) -> str:
        return f"{self.country_id} in {self.month}: {self.statements}"


class CountryPairMonth(models.Model):
    """Statements about both countries in one month; kept both ways round (A, B) and (B, A)."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="pair_months")
    other = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(null=True, blank=True)
    statements = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["other", "month"], name="country_pair_other_idx"),
            models.Index(fields=["country", "month"], name="country_pair_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.country_id} with {self.other_id} in {self.month}: {self.statements}"


class StatementTotal(models.Model):
    """All-time totals of a source (``said``) and, for a country, statements about it."""

    person = models.OneToOneField(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="totals"
    )
    organisation = models.OneToOneField(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="totals",
    )
    by_country = models.OneToOneField(
        Country, null=True, blank=True, on_delete=models.CASCADE, related_name="totals"
    )
    said = models.PositiveIntegerField(default=0)
    about = models.PositiveIntegerField(default=0, help_text="Countries only.")
    # db_default: code from before the field can still add rows while both run.
    named = models.PositiveIntegerField(
        default=0,
        db_default=0,
        help_text="People only: statements by others whose quoted words name them.",
    )

    class Meta:
        constraints = [models.CheckConstraint(condition=_ONE_SOURCE, name="statement_total_one")]

    def __str__(self) -> str:
        source = self.person_id or self.organisation_id or self.by_country_id
        return f"{source}: said {self.said}, about {self.about}, named {self.named}"


# The facets and "quoted alongside" (issue 14, kept by entities/aggregates.py as the tables
# above). A list's "scope" is what its page is about: a source (a person, an organisation,
# the sources of a country) or a country its statements are about (``about``, either role);
# exactly one of the four is set on each row.

_ONE_SCOPE = (
    Q(person__isnull=False, organisation__isnull=True, by_country__isnull=True, about__isnull=True)
    | Q(
        person__isnull=True, organisation__isnull=False, by_country__isnull=True, about__isnull=True
    )
    | Q(
        person__isnull=True, organisation__isnull=True, by_country__isnull=False, about__isnull=True
    )
    | Q(
        person__isnull=True, organisation__isnull=True, by_country__isnull=True, about__isnull=False
    )
)


_SCOPE_SHORT = (
    ("person", "person"),
    ("organisation", "org"),
    ("by_country", "by"),
    ("about", "about"),
)


class _ScopeRow(models.Model):
    # No index of their own: each table's indexes start with every one of them.
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    by_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    about = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # A topic narrows a source's row to its statements naming this country, in this role
    # (the page's country chips: ``?country=``, ``?around=``); empty on a row of them all.
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    role = models.CharField(max_length=7, choices=StatementCountry.Role.choices, blank=True)
    month = models.DateField(null=True, blank=True)
    statements = models.PositiveIntegerField()

    class Meta:
        abstract = True

    @property
    def scope_id(self) -> int | None:
        return self.person_id or self.organisation_id or self.by_country_id or self.about_id


class ScopeArticle(_ScopeRow):
    """Statements of one scope in one article (``month`` is the article's): the article facet,
    and the articles a person is quoted in, for "quoted alongside"."""

    # Left to the recount that follows a deletion (in ``aggregates_kept``), not cascaded
    # before it: the recount reads what the article's rows counted for "quoted alongside".
    article = models.ForeignKey(
        Article, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )

    class Meta:
        constraints = [models.CheckConstraint(condition=_ONE_SCOPE, name="scope_article_one")]
        # The busiest articles first, read in that order (a month range filters on the way).
        # A row of all a scope's statements has no country: its index leaves the country
        # out (partial), so "the busiest first" is the index's own order after the scope's
        # id (``country IS NULL`` in an index would not keep that order).
        indexes = [
            *(
                models.Index(
                    fields=[scope, "-statements", "article"],
                    condition=Q(country__isnull=True, role=""),
                    name=f"scope_article_{short}_idx",
                )
                for scope, short in _SCOPE_SHORT
            ),
            *(
                models.Index(
                    fields=[scope, "country", "role", "-statements", "article"],
                    condition=Q(country__isnull=False),
                    name=f"scope_article_{short}_topic_idx",
                )
                for scope, short in _SCOPE_SHORT
                if scope != "about"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope_id} in article {self.article_id}: {self.statements}"


class ScopeOutletMonth(_ScopeRow):
    """Statements of one scope from one outlet (the article's publisher) in one month."""

    outlet = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=_ONE_SCOPE, name="scope_outlet_one")]
        indexes = [
            models.Index(
                fields=["person", "country", "role", "month"], name="scope_outlet_person_idx"
            ),
            models.Index(
                fields=["organisation", "country", "role", "month"], name="scope_outlet_org_idx"
            ),
            models.Index(
                fields=["by_country", "country", "role", "month"], name="scope_outlet_by_idx"
            ),
            models.Index(
                fields=["about", "country", "role", "month"], name="scope_outlet_about_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope_id} from {self.outlet!r} in {self.month}: {self.statements}"


class ScopeKindMonth(_ScopeRow):
    """Statements of one scope of one kind (direct, indirect) and kind of source, per month."""

    kind = models.CharField(max_length=10, choices=Statement.Kind.choices)
    speaker_kind = models.CharField(max_length=12, choices=SpeakerKind.choices, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=_ONE_SCOPE, name="scope_kind_one")]
        indexes = [
            models.Index(
                fields=["person", "country", "role", "month"], name="scope_kind_person_idx"
            ),
            models.Index(
                fields=["organisation", "country", "role", "month"], name="scope_kind_org_idx"
            ),
            models.Index(
                fields=["by_country", "country", "role", "month"], name="scope_kind_by_idx"
            ),
            models.Index(fields=["about", "country", "role", "month"], name="scope_kind_about_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.scope_id} {self.kind}/{self.speaker_kind} in {self.month}: {self.statements}"


class PersonPair(models.Model):
    """Articles quoting both people; kept both ways round, (A, B) and (B, A)."""

    # The unique pair and the busiest-first index start with ``person``.
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", db_index=False)
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="alongside_rows")
    articles = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "other"], name="person_pair_unique"),
        ]
        indexes = [models.Index(fields=["person", "-articles"], name="person_pair_busiest_idx")]

    def __str__(self) -> str:
        return f"{self.person_id} with {self.other_id}: {self.articles} articles"
