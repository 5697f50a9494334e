"""What the import makes of a corpus: people, organisations, statements, and what looks wrong.

    .venv/bin/python bench/entities_audit.py CORPUS_DIR [--limit N] [--json]

Imports the first N ``.txt`` articles of CORPUS_DIR (file names in sorted
order, searched recursively) with the real import service into a fresh
database: a temporary SQLite file, or the database DATABASE_URL names when it
is set (refused unless it holds no articles, people, organisations or
statements). Then prints, figures first:

- counts of people, organisations and statements, statements by speaker kind;
- suspected duplicate people: same family name (possessive and apostrophe
  variants folded) and compatible given names (the same, an initial, or a
  short form from ``bench/data/entities_audit_nicknames.tsv``), middle names
  and initials ignored; groups whose names differ by a Jr./Sr./III suffix are
  counted apart, since they are often two people;
- suspected non-persons: names with an organisation or place word ("Trump
  Tower"), a lowercase word that is no name particle, a capitalised function
  word or an inflected verb ("Entrusting Donald Trump"), a possessive, digits,
  or another person's full name plus other words ("Donald Trump Leads");
- statements with a named but unlinked speaker: a capitalised word in
  ``speaker_text`` other than a pronoun or determiner, no person, no
  organisation, and a kind other than country or unnamed;
- role tallies and country tallies.

The order of every list is fixed (counts, then names), so two runs on the same
code and corpus print the same text.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = Path(__file__).resolve().parent / "data"
TOP_ROLES = 30
TOP_COUNTRIES = 30
TOP_UNLINKED_TEXTS = 25
UNLINKED_EXAMPLES = 10
PROGRESS_EVERY = 50  # articles


# --- Word lists ----------------------------------------------------------------


def _data_rows(filename: str) -> list[list[str]]:
    """Tab-separated rows of a data file, without comments, blank lines or the header."""
    lines = (DATA / filename).read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]
    return rows[1:]


@cache
def audit_words(list_name: str) -> frozenset[str]:
    """One list of ``entities_audit_words.tsv`` (organisation_word, headline_word, ...)."""
    return frozenset(
        word.strip() for name, word in _data_rows("entities_audit_words.tsv") if name == list_name
    )


@cache
def nickname_groups() -> dict[str, frozenset[str]]:
    """For each given name, the full names it may stand for (itself included)."""
    groups: dict[str, set[str]] = defaultdict(set)
    for full, shorts in _data_rows("entities_audit_nicknames.tsv"):
        for form in [full, *shorts.split("|")]:
            groups[form.strip()].add(full.strip())
    return {form: frozenset(fulls) for form, fulls in groups.items()}


@cache
def _name_constants() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    # The extractor's own closed lists of name parts; imported late so that
    # importing this module needs no Django settings.
    from entities.nlp.people import HONORIFICS, NAME_PARTICLES, NAME_SUFFIXES

    return frozenset(HONORIFICS), frozenset(NAME_PARTICLES), frozenset(NAME_SUFFIXES)


# --- Names ---------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'"})
_POSSESSIVE = re.compile(r"'s?$")


def fold(word: str) -> str:
    """A word case-, accent- and apostrophe-folded, without a final period or possessive."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_APOSTROPHES))
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _POSSESSIVE.sub("", letters.casefold().strip(".,"))


def is_possessive(word: str) -> bool:
    return bool(_POSSESSIVE.search(word.translate(_APOSTROPHES))) and len(word) > 2


@dataclass(frozen=True, slots=True)
class NameParts:
    given: str  # folded first word, "" when the name is one word
    family: str  # folded last word before any suffix
    suffix: str  # folded generational suffix ("jr"), or ""


def name_parts(name: str) -> NameParts:
    """Given name, family name and suffix of a person's name; middle names are dropped."""
    honorifics, _, suffixes = _name_constants()
    words = [fold(word) for word in name.replace(",", " ").split()]
    words = [word for word in words if word]
    while len(words) > 1 and words[0] in honorifics:
        words = words[1:]
    suffix = ""
    if len(words) > 1 and words[-1] in suffixes:
        suffix, words = words[-1], words[:-1]
    if not words:
        return NameParts("", "", suffix)
    return NameParts(words[0] if len(words) > 1 else "", words[-1], suffix)


def given_names_compatible(a: str, b: str) -> bool:
    """Whether two given names may be one person's: the same, an initial, or a short form."""
    if not a or not b:
        return False
    if a == b:
        return True
    # "J." or "J.D." (a final period is folded away, inner ones stay) against "James".
    if len(a) == 1 or len(b) == 1 or "." in a or "." in b:
        return a[0] == b[0]
    groups = nickname_groups()
    return bool(groups.get(a, frozenset({a})) & groups.get(b, frozenset({b})))


@dataclass(frozen=True, slots=True)
class PersonRow:
    name: str
    statements: int = 0
    roles: tuple[str, ...] = ()
    country: str = ""


@dataclass(slots=True)
class DuplicateGroup:
    family: str
    people: list[tuple[str, int]]  # (name, statements), busiest first
    suffix_differs: bool


def duplicate_groups(people: Sequence[PersonRow]) -> list[DuplicateGroup]:
    """Groups of two or more people with one family name and compatible given names."""
    by_family: dict[str, list[tuple[PersonRow, NameParts]]] = defaultdict(list)
    for person in people:
        parts = name_parts(person.name)
        if parts.given:
            by_family[parts.family].append((person, parts))
    groups = []
    for family, members in by_family.items():
        # "J. Smith" may join "John" and "James" into one group: "suspected", not "same".
        givens = [parts.given for _, parts in members]
        clusters = _linked_clusters(givens, linked=given_names_compatible)
        for indexes in clusters:
            if len(indexes) < 2:
                continue
            rows = sorted((members[i][0] for i in indexes), key=lambda p: (-p.statements, p.name))
            suffixes = {members[i][1].suffix for i in indexes}
            groups.append(
                DuplicateGroup(
                    family=family,
                    people=[(p.name, p.statements) for p in rows],
                    suffix_differs=len(suffixes) > 1,
                )
            )
    return sorted(groups, key=lambda g: (-sum(n for _, n in g.people), g.family, g.people))


def _linked_clusters(
    items: Sequence[str], *, linked: Callable[[str, str], bool]
) -> list[list[int]]:
    """Indexes of ``items`` grouped by the transitive closure of ``linked`` (union-find)."""
    size = len(items)
    parent = list(range(size))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(size):
        for j in range(i + 1, size):
            if linked(items[i], items[j]):
                parent[root(i)] = root(j)
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(size):
        clusters[root(i)].append(i)
    return list(clusters.values())


@cache
def _verb_lemmatizer() -> tuple[list[tuple[str, str]], frozenset[str], dict[str, list[str]]]:
    """The English model's own verb rules, verb index and exceptions (lemmatizer tables)."""
    from entities.services import nlp_get

    lookups = nlp_get().get_pipe("lemmatizer").lookups
    rules = [(old, new) for old, new in lookups.get_table("lemma_rules")["verb"]]
    index = frozenset(lookups.get_table("lemma_index")["verb"])
    exceptions = dict(lookups.get_table("lemma_exc")["verb"])
    return rules, index, exceptions


def is_inflected_verb(word: str) -> bool:
    """'Entrusting', 'Asserting', 'Responds': an -ing, -ed or -s form of an English verb."""
    lower = word.lower()
    rules, index, exceptions = _verb_lemmatizer()
    if lower in exceptions:
        return True
    return any(
        lower.endswith(old)
        and len(lower) - len(old) + len(new) >= 4
        # A stem of four letters or more: "Jared" is no form of "jar".
        and lower[: len(lower) - len(old)] + new in index
        for old, new in rules
        if old
    )


_GLUED = re.compile(r"[a-z]{4,}[A-Z]|/")


def non_person_reasons(
    name: str, *, other_names: Iterable[str] = (), given_names: frozenset[str] = frozenset()
) -> list[str]:
    """Why a person's name looks like something else; empty when it looks like a name.

    ``other_names``: the other people's names that share a word with this one;
    ``given_names``: the first words of the other people's names.
    """
    _, particles, suffixes = _name_constants()
    other_names = list(other_names)
    words = name.split()
    folded = [fold(word) for word in words]
    reasons = []
    if any(word in audit_words("organisation_word") for word in folded[1:]):
        reasons.append("organisation or place word")
    if any(_is_lowercase_word(word, particles) for word in words):
        reasons.append("lowercase word")
    if any(word[:1].isupper() and fold(word) in audit_words("headline_word") for word in words[1:]):
        reasons.append("capitalised function word")
    # An inflected verb anywhere but last (surnames such as Browning end names),
    # or last after a family name ("Trump Wants").
    verb_inside = any(w[:1].isupper() and len(w) > 4 and is_inflected_verb(w) for w in words[:-1])
    if verb_inside or _family_name_then_verb(folded, other_names, suffixes, given_names):
        reasons.append("verb-like word")
    if _GLUED.search(name):
        reasons.append("words glued together or a photo credit")
    if any(is_possessive(word) for word in words):
        reasons.append("possessive")
    if any(ch.isdigit() for ch in name):
        reasons.append("digits")
    if _extends_another_name(folded, other_names, suffixes):
        reasons.append("another person's name plus other words")
    elif _word_before_a_family_name(folded, other_names, given_names):
        reasons.append("an English word before another person's family name")
    return reasons


def _families(names: Iterable[str]) -> set[str]:
    return {parts.family for parts in map(name_parts, names) if parts.given}


def _family_name_then_verb(
    folded: list[str], other_names: list[str], suffixes: frozenset[str], given_names: frozenset[str]
) -> bool:
    """'Trump Wants': a known family name, no one's given name, then an inflected verb."""
    core = [word for word in folded if word not in suffixes]
    return (
        len(core) == 2
        and core[0] not in given_names
        and core[0] in _families(other_names)
        and len(core[1]) > 4
        and is_inflected_verb(core[1])
    )


def _word_before_a_family_name(
    folded: list[str], other_names: list[str], given_names: frozenset[str]
) -> bool:
    """'Fascist Trump', 'Presidents Obama': an English word, no one's given name, then a
    family name that another person of the archive bears with a given name."""
    return (
        len(folded) == 2
        and folded[0] not in given_names
        and _is_english_word(folded[0], parts_of_speech=("adj", "adv", "verb"))
        and folded[1] in _families(other_names)
    )


def _is_lowercase_word(word: str, particles: frozenset[str]) -> bool:
    if not word[:1].islower():
        return False
    # "al-Assad", "bin Laden", "d'Estaing": a particle, alone or before a hyphen or apostrophe.
    head = re.split(r"[-'\u2019]", word, maxsplit=1)[0].lower()
    return head not in particles and head not in {"d", "o"}


def _extends_another_name(
    folded: list[str], other_names: Iterable[str], suffixes: frozenset[str]
) -> bool:
    """Whether the name is another person's full name with words added.

    Words after it make a headline fragment ("Donald Trump Leads"); a word
    before it counts when it is an English word and no given name
    ("Billionaire Donald Trump"), since "Recep Tayyip Erdogan" and "Debbie
    Wasserman Schultz" add a given name to a double surname.
    """
    _, particles, _ = _name_constants()
    for other in other_names:
        inner = [fold(word) for word in other.split()]
        if len(inner) < 2 or len(inner) >= len(folded) or inner[0] in particles:
            continue
        for start in range(len(folded) - len(inner) + 1):
            if folded[start : start + len(inner)] != inner:
                continue
            after = [word for word in folded[start + len(inner) :] if word not in suffixes]
            before = folded[:start]
            if after or any(_is_english_word(word) for word in before):
                return True
    return False


def _is_english_word(word: str, *, parts_of_speech: tuple[str, ...] = ()) -> bool:
    """A word of the model's lemma index, and no given name of the nickname list.

    ``parts_of_speech`` narrows the index ("adj", "adv", "verb"): its nouns
    hold many given names (Aaron, Clarence, Maya).
    """
    return word in _english_words(parts_of_speech) and word not in nickname_groups()


@cache
def _english_words(parts_of_speech: tuple[str, ...] = ()) -> frozenset[str]:
    from entities.services import nlp_get

    index = nlp_get().get_pipe("lemmatizer").lookups.get_table("lemma_index")
    wanted = parts_of_speech or ("adj", "adv", "noun", "verb")
    return frozenset(word for pos in wanted for word in index.get(pos, ()))


def non_persons(people: Sequence[PersonRow]) -> list[tuple[str, int, list[str]]]:
    """(name, statements, reasons) for every person whose name looks like something else."""
    # Index full names by their folded words, so each name is compared only with
    # the names that share a word with it.
    by_word: dict[str, set[str]] = defaultdict(set)
    for person in people:
        words = person.name.split()
        if len(words) >= 2:
            for word in words:
                by_word[fold(word)].add(person.name)
    first_words = Counter(fold(p.name.split()[0]) for p in people if len(p.name.split()) >= 2)
    found = []
    for person in people:
        related = set().union(*(by_word[fold(w)] for w in person.name.split())) - {person.name}
        own = fold(person.name.split()[0]) if person.name.split() else ""
        given_names = frozenset(
            word for word, n in first_words.items() if n > (1 if word == own else 0)
        )
        reasons = non_person_reasons(
            person.name, other_names=sorted(related), given_names=given_names
        )
        if reasons:
            found.append((person.name, person.statements, reasons))
    return sorted(found, key=lambda row: (-row[1], row[0]))


def names_a_speaker(speaker_text: str) -> bool:
    """Whether a speaker as written holds a name: a capitalised word that is no pronoun."""
    pronouns = audit_words("speaker_pronoun")
    return any(
        word[:1].isupper() and fold(word) not in pronouns
        for word in re.findall(r"[\w.'\u2019-]+", speaker_text)
    )


# --- The report ----------------------------------------------------------------


@dataclass(slots=True)
class Audit:
    articles: int = 0
    imported: dict[str, int] = field(default_factory=dict)
    persons: int = 0
    organisations: int = 0
    statements: int = 0
    statements_by_speaker_kind: dict[str, int] = field(default_factory=dict)
    duplicate_groups: list[dict] = field(default_factory=list)
    non_persons: list[dict] = field(default_factory=list)
    non_person_reasons: dict[str, int] = field(default_factory=dict)
    unlinked_named: int = 0
    unlinked_named_share: float = 0.0
    unlinked_speaker_texts: list[tuple[str, int]] = field(default_factory=list)
    unlinked_examples: list[dict] = field(default_factory=list)
    roles: list[tuple[str, int]] = field(default_factory=list)
    people_with_roles: int = 0
    people_with_one_word_role: int = 0
    people_by_country: list[tuple[str, int]] = field(default_factory=list)
    people_without_country: int = 0
    statement_countries: list[dict] = field(default_factory=list)
    statement_country_roles: dict[str, int] = field(default_factory=dict)


def audit_collect() -> Audit:
    """Read the current database into an Audit (a bounded number of queries)."""
    from django.db.models import Count

    from articles.models import Article
    from entities.models import Organisation, Person, SpeakerKind, Statement, StatementCountry

    audit = Audit()
    audit.articles = Article.objects.count()
    people = [
        PersonRow(
            name=p["name"],
            statements=p["total"],
            roles=tuple(p["roles"] or ()),
            country=p["country__name"] or "",
        )
        for p in Person.objects.annotate(total=Count("statements"))
        .values("name", "total", "roles", "country__name")
        .order_by("name", "pk")
    ]
    audit.persons = len(people)
    audit.organisations = Organisation.objects.count()

    kinds: Counter[str] = Counter()
    unlinked = []
    statements = Statement.objects.values_list(
        "speaker_kind",
        "speaker_id",
        "speaker_organisation_id",
        "speaker_text",
        "article__title",
        "start",
        "text",
    ).order_by("article__title", "article_id", "start")
    for kind, speaker, organisation, speaker_text, title, start, text in statements:
        kinds[kind or "(none)"] += 1
        if (
            speaker is None
            and organisation is None
            and kind not in (SpeakerKind.COUNTRY, SpeakerKind.UNNAMED)
            and names_a_speaker(speaker_text)
        ):
            unlinked.append((speaker_text, title, start, text))
    audit.statements = sum(kinds.values())
    audit.statements_by_speaker_kind = dict(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))

    audit.duplicate_groups = [asdict(g) for g in duplicate_groups(people)]
    flagged = non_persons(people)
    audit.non_persons = [{"name": n, "statements": s, "reasons": r} for n, s, r in flagged]
    reasons = Counter(reason for _, _, rs in flagged for reason in rs)
    audit.non_person_reasons = dict(sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])))

    audit.unlinked_named = len(unlinked)
    audit.unlinked_named_share = len(unlinked) / audit.statements if audit.statements else 0.0
    texts = Counter(speaker_text for speaker_text, *_ in unlinked)
    audit.unlinked_speaker_texts = _ranked(texts)[:TOP_UNLINKED_TEXTS]
    # Examples spread over the articles rather than the first ten of one.
    step = max(1, len(unlinked) // UNLINKED_EXAMPLES)
    audit.unlinked_examples = [
        {"speaker_text": s, "article": title, "start": start, "text": text[:100]}
        for s, title, start, text in unlinked[::step][:UNLINKED_EXAMPLES]
    ]

    roles: Counter[str] = Counter()
    for person in people:
        roles.update({role.casefold() for role in person.roles})
    audit.roles = _ranked(roles)[:TOP_ROLES]
    audit.people_with_roles = sum(1 for p in people if p.roles)
    audit.people_with_one_word_role = sum(
        1 for p in people if any(len(role.split()) == 1 for role in p.roles)
    )
    audit.people_by_country = _ranked(Counter(p.country for p in people if p.country))
    audit.people_without_country = sum(1 for p in people if not p.country)

    by_country: dict[str, Counter[str]] = defaultdict(Counter)
    for name, role, total in (
        StatementCountry.objects.values_list("country__name", "role")
        .annotate(total=Count("pk"))
        .order_by()
    ):
        by_country[name][role] += total
    audit.statement_countries = [
        {"country": name, **dict(sorted(counts.items())), "total": counts.total()}
        for name, counts in sorted(by_country.items(), key=lambda kv: (-kv[1].total(), kv[0]))
    ]
    role_totals: Counter[str] = Counter()
    for counts in by_country.values():
        role_totals.update(counts)
    audit.statement_country_roles = dict(sorted(role_totals.items()))
    return audit


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def audit_text(audit: Audit, *, heading: str = "") -> str:
    """The audit as plain text: figures first, then the lists behind them."""
    duplicates = audit.duplicate_groups
    suffix_groups = sum(1 for g in duplicates if g["suffix_differs"])
    lines = [heading] if heading else []
    lines += [
        f"articles                      {audit.articles:>6}  {_counts(audit.imported)}",
        f"persons                       {audit.persons:>6}",
        f"organisations                 {audit.organisations:>6}",
        f"statements                    {audit.statements:>6}  by speaker kind: "
        + _counts(audit.statements_by_speaker_kind),
        f"suspected duplicate groups    {len(duplicates):>6}  "
        f"({sum(len(g['people']) for g in duplicates)} people; "
        f"{suffix_groups} of the groups differ by a Jr./Sr./III suffix)",
        f"suspected non-persons         {len(audit.non_persons):>6}  "
        + _counts(audit.non_person_reasons),
        f"named but unlinked speakers   {audit.unlinked_named:>6}  "
        f"{audit.unlinked_named_share:.1%} of statements",
        f"people with a role            {audit.people_with_roles:>6}  "
        f"{audit.people_with_one_word_role} hold a one-word role",
        f"people with a country         {audit.persons - audit.people_without_country:>6}  "
        f"{audit.people_without_country} without",
        f"statement country tags        {sum(audit.statement_country_roles.values()):>6}  "
        + _counts(audit.statement_country_roles),
    ]

    lines += ["", f"== Suspected duplicate people ({len(duplicates)} groups)"]
    for group in duplicates:
        mark = "  [suffix differs]" if group["suffix_differs"] else ""
        names = "; ".join(f"{name} ({n})" for name, n in group["people"])
        lines.append(f"{group['family']}: {names}{mark}")

    lines += ["", f"== Suspected non-persons ({len(audit.non_persons)})"]
    for row in audit.non_persons:
        lines.append(f"{row['name']} ({row['statements']}): {', '.join(row['reasons'])}")

    lines += [
        "",
        f"== Named but unlinked speakers ({audit.unlinked_named} of {audit.statements})",
        "most frequent as written:",
    ]
    lines += [f"  {text} ({n})" for text, n in audit.unlinked_speaker_texts]
    lines.append("examples:")
    lines += [
        f"  {e['speaker_text']} | {e['article'][:60]} @{e['start']} | {e['text']}"
        for e in audit.unlinked_examples
    ]

    lines += ["", f"== Roles (the {TOP_ROLES} most common; people holding each)"]
    lines += [f"  {role} ({n})" for role, n in audit.roles]

    lines += ["", f"== People per country (the {TOP_COUNTRIES} busiest)"]
    lines += [f"  {name} ({n})" for name, n in audit.people_by_country[:TOP_COUNTRIES]]
    lines += _more(audit.people_by_country, TOP_COUNTRIES)
    lines += ["", f"== Statement countries by role (the {TOP_COUNTRIES} busiest)"]
    lines += [
        f"  {row['country']}: " + _counts({k: v for k, v in row.items() if k != "country"})
        for row in audit.statement_countries[:TOP_COUNTRIES]
    ]
    lines += _more(audit.statement_countries, TOP_COUNTRIES)
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{key} {value}" for key, value in counts.items())


def _more(rows: Sequence[object], shown: int) -> list[str]:
    return [f"  ... and {len(rows) - shown} more (--json lists all)"] if len(rows) > shown else []


# --- The run -------------------------------------------------------------------


class AuditDatabaseNotEmpty(Exception):
    pass


class audit_database:  # a context manager, named like the function it stands for
    """Point Django at the database for the audit: DATABASE_URL's if set, else a temporary file."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch

    def __enter__(self) -> str:
        if os.environ.get("DATABASE_URL"):
            label = "DATABASE_URL"
        else:
            os.environ["DATABASE_URL"] = f"sqlite:///{self.scratch / 'audit.sqlite3'}"
            label = "a temporary SQLite file"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsbrowser.settings")
        # As production runs: with DEBUG on, Django keeps a log of recent queries.
        os.environ["DEBUG"] = "0"
        os.environ.setdefault("SECRET_KEY", "entities-audit-only")
        os.environ.setdefault("ALLOWED_HOSTS", "localhost")
        import django
        from django.core.management import call_command

        django.setup()
        # Checked before migrating, so that a database in use is left as it was.
        held = database_holdings()
        if held:
            raise AuditDatabaseNotEmpty(
                f"DATABASE_URL names a database that already holds {held}; "
                "the audit needs an empty one"
            )
        call_command("migrate", verbosity=0)
        return label

    def __exit__(self, *exc: object) -> None:
        from django.db import connections

        connections.close_all()


def database_holdings() -> str:
    """What the configured database already holds ("12 articles, 40 people"), or ""."""
    from django.db import connection

    from articles.models import Article
    from entities.models import Organisation, Person, Statement

    tables = set(connection.introspection.table_names())
    held = [
        f"{model.objects.count()} {model._meta.verbose_name_plural}"
        for model in (Article, Person, Organisation, Statement)
        if model._meta.db_table in tables and model.objects.exists()
    ]
    return ", ".join(held)


def corpus_files(corpus: Path, *, limit: int) -> list[Path]:
    """The first ``limit`` .txt files under ``corpus``, in sorted path order."""
    return sorted(corpus.rglob("*.txt"))[:limit] if corpus.is_dir() else [corpus][:limit]


def corpus_import(paths: Sequence[Path]) -> dict[str, int]:
    """Import the files with the real import service; outcome counts by status."""
    from articles.services import articles_import
    from entities.services import nlp_get

    counts: Counter[str] = Counter()
    for number, outcome in enumerate(articles_import(paths=paths, nlp=nlp_get()), start=1):
        counts[outcome.status] += 1
        if number % PROGRESS_EVERY == 0:
            print(f"imported {number} of {len(paths)}", file=sys.stderr, flush=True)
    return dict(sorted(counts.items()))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="Folder of .txt articles (searched recursively).")
    parser.add_argument("--limit", type=int, default=300, help="Articles to import (300).")
    parser.add_argument("--json", action="store_true", help="Print the audit as JSON.")
    args = parser.parse_args(argv)

    paths = corpus_files(args.corpus, limit=args.limit)
    if not paths:
        parser.error(f"no .txt files under {args.corpus}")
    with tempfile.TemporaryDirectory(prefix="newsbrowser-audit-") as scratch:
        try:
            with audit_database(Path(scratch)) as database_label:
                from django.conf import settings

                start = time.perf_counter()
                imported = corpus_import(paths)
                # On stderr: the report itself stays the same from run to run.
                print(f"import took {time.perf_counter() - start:.0f} s", file=sys.stderr)
                audit = audit_collect()
                audit.imported = imported
        except AuditDatabaseNotEmpty as error:
            print(f"refused: {error}", file=sys.stderr)
            return 2
    if args.json:
        print(json.dumps(asdict(audit), indent=1, ensure_ascii=False))
    else:
        heading = (
            f"Entity audit of {len(paths)} articles from {args.corpus} "
            f"({database_label}, model {settings.NEWSBROWSER_SPACY_MODEL})\n"
        )
        print(audit_text(audit, heading=heading), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
