"""One article body in, everything we extract out (pure: no ORM, no I/O)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from entities.nlp.countries import country_mentions
from entities.nlp.cue_search import governs_quote
from entities.nlp.doc_index import sentence_of, text_of
from entities.nlp.indirect import (
    REPORTED_DEPS,
    appended_quote,
    content_bounds,
    indirect_candidates,
    is_mostly_quoted,
    parenthetical_clause,
    reported_bounds,
)
from entities.nlp.people import TITLE_WORDS, described_person_name, person_mentions
from entities.nlp.quoted_statements import QuotedStatement, Speaker, quoted_statements
from entities.nlp.quotes import (
    OPENING_MARKS_AND_SPACES,
    is_statement_like,
    is_title_case,
)
from entities.nlp.results import (
    ArticleExtraction,
    CountryMention,
    PersonMention,
    StatementFound,
    StatementKind,
)
from entities.nlp.sources import source_for
from entities.nlp.speakers import speaker_for
from entities.nlp.transcripts import transcript_turns


def direct_statements(
    doc: Doc,
    *,
    people: Sequence[PersonMention],
    countries: Sequence[CountryMention],
    quotes: Sequence[QuotedStatement],
) -> list[StatementFound]:
    """Quoted statements with an attributed speaker; unattributed quotes are left out.

    ``quotes`` are the article's quotations, split quotes joined. A quoted
    transcript gives one statement a turn; every other quotation goes through
    the cue search. The text is body[start:end], the content inside the marks,
    less the comma that English puts before the closing mark ('"...," he
    said'): it belongs to the reporting sentence, not to what was said.
    """
    turns = transcript_turns(doc, quotes, people)
    rest = [q for q in quotes if not any(q.start <= turn.start < q.end for turn, _ in turns)]
    return [
        _statement_found(doc, statement, speaker, kind="direct", countries=countries, people=people)
        for statement, speaker in [*turns, *direct_candidates(doc, rest, people=people)]
    ]


def direct_candidates(
    doc: Doc, statements: Sequence[QuotedStatement], *, people: Sequence[PersonMention]
) -> list[tuple[QuotedStatement, Speaker]]:
    """(quotation, speaker) for each quotation that a cue attributes."""
    likely = [s for s in statements if any(is_statement_like(part, doc) for part in s.parts)]
    likely_starts = {s.start for s in likely}
    found: list[tuple[QuotedStatement, Speaker]] = []
    for statement in statements:
        speaker = speaker_for(doc, statement, people=people, quotes=likely)
        if speaker is None:
            # Without a cue we cannot tell a statement from a quoted document
            # title or slogan; better to miss it than to invent a speaker.
            continue
        short = statement.start not in likely_starts
        if not _is_said(doc, statement, speaker, short=short, quotes=statements):
            continue
        if found and _continues_quote_before(doc, *found[-1], statement, speaker):
            # One say in two sentences, as with the cue of a split quote.
            previous, first_speaker = found[-1]
            found[-1] = (QuotedStatement((*previous.parts, *statement.parts)), first_speaker)
            continue
        found.append((statement, speaker))
    return _joined_by_cue(found)


def _is_said(
    doc: Doc,
    statement: QuotedStatement,
    speaker: Speaker,
    *,
    short: bool,
    quotes: Sequence[QuotedStatement],
) -> bool:
    """Whether an attributed quote is a direct statement, not a title or a quoted phrase.

    ``short`` quotes (no verb, or a few words) must earn it: their cue touches,
    frames or governs them.
    """
    if speaker.shouted:
        return True  # a chant: its grammar ties it to who cried it, whatever its case
    quoted = " ".join(part.text_in(text_of(doc)) for part in statement.parts)
    if short and is_title_case(quoted) and not quoted.rstrip().endswith(("!", "?")):
        return False  # 'told MSNBC's "Morning Joe"': a title
    if short and _quoted_in_cue_subject(doc, statement, speaker):
        return False  # a long quote is what was said, wherever the parse hangs it
    if speaker.framed:
        # The framing rule has already weighed the quote against what it frames.
        return True
    clause_quoted = _reported_clause_quoted(doc, statement, speaker, quotes)
    if clause_quoted is None and _continues_paraphrase(doc, statement, speaker):
        return False  # indirect speech with its end in quotes
    if clause_quoted is False:
        # 'Trump says he has "big plans" for the campaign' is reported speech
        # with a quoted phrase in it: indirect_statements takes the clause.
        return False
    # A short quote ("It's finished," she said) is a statement only when its
    # cue stands right next to it or governs it.
    return not short or bool(clause_quoted) or _cue_is_adjacent(doc, statement, speaker)


def _continues_paraphrase(doc: Doc, statement: QuotedStatement, speaker: Speaker) -> bool:
    """True when a quote that starts mid-sentence only finishes the cue's paraphrase.

    'said in a statement that the team would work with the police "to ensure
    the safety of all"': a quote opening in lower case goes on with words
    that are not quoted, so what the cue reports is the whole phrase (the
    cue's dependent that holds the quote), and that is mostly not quoted.
    """
    text = text_of(doc)
    if speaker.cue_start < 0 or speaker.cue_end > statement.start:
        return False
    if not text[statement.start : statement.start + 1].islower():
        return False  # a quote opening with a capital is a sentence of its own
    gap = text[speaker.cue_end : statement.start]
    if "\n" in gap or _ends_a_sentence(gap):
        return False
    start = speaker.cue_end
    cue = doc.char_span(speaker.cue_start, speaker.cue_end, alignment_mode="expand")
    quote = doc.char_span(statement.start, statement.parts[0].end, alignment_mode="expand")
    if cue is not None and quote:
        reported = quote.root
        while reported.head not in (reported, cue.root):
            reported = reported.head
        words = [token for token in reported.subtree if not token.is_punct]
        if reported.head == cue.root and reported != cue.root and words:
            # 'told one of his protégés on a regular basis that "terror is the
            # answer"': the reported clause starts at "that", not at the cue.
            start = max(start, words[0].idx)
    return not is_mostly_quoted(text, start, statement.end, [statement])


def _continues_quote_before(
    doc: Doc,
    previous: QuotedStatement,
    previous_speaker: Speaker,
    statement: QuotedStatement,
    speaker: Speaker,
) -> bool:
    """True when ``statement`` goes on with ``previous``: '"A," she said. "B." She noted X.'

    A quote that opens the sentence right after '"A," she said' is hers by
    the convention of news copy, whatever cue a later sentence holds ('She
    noted a planned rally') or her own sentence held ('he said when asked').
    Only a cue in the quote's own sentence after it ('"B," he added') gives
    it a statement of its own.
    """
    if previous_speaker.cue_start < previous.end or speaker.cue_start == previous_speaker.cue_start:
        return False
    text = text_of(doc)
    if "\n" in text[previous.end : statement.start]:
        return False
    cue = doc.char_span(
        previous_speaker.cue_start, previous_speaker.cue_end, alignment_mode="expand"
    )
    if cue is None:
        return False
    cue_sentence_end = sentence_of(cue[0]).end_char
    if cue_sentence_end > statement.start or text[cue_sentence_end : statement.start].strip(
        OPENING_MARKS_AND_SPACES
    ):
        return False  # something else stands between the cue's sentence and the quote
    if speaker.cue_start < statement.start:
        return True
    last = doc.char_span(statement.end - 1, statement.end, alignment_mode="expand")
    return not last or sentence_of(last[0]).end_char <= speaker.cue_start


def _joined_by_cue(
    found: list[tuple[QuotedStatement, Speaker]],
) -> list[tuple[QuotedStatement, Speaker]]:
    """Quotes one cue reports are one statement ('said there are "some people" who feel
    that way, "but not among the vast majority"')."""
    joined: list[tuple[QuotedStatement, Speaker]] = []
    for statement, speaker in found:
        if joined and speaker.cue_start >= 0 and joined[-1][1].cue_start == speaker.cue_start:
            previous, first_speaker = joined[-1]
            joined[-1] = (QuotedStatement((*previous.parts, *statement.parts)), first_speaker)
        else:
            joined.append((statement, speaker))
    return joined


_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})


def _quoted_in_cue_subject(doc: Doc, statement: QuotedStatement, speaker: Speaker) -> bool:
    """True when a quote before its cue is a word inside the cue's subject.

    'the "dream team" lawyers posted', '"playbooks" that advised staff': the
    quote names who acts; it is not what they said. A subject that opens
    with the quote is no such case: there the parse has merely misplaced
    '"It's over," Lopez said'.
    """
    cue = doc.char_span(speaker.cue_start, speaker.cue_end, alignment_mode="expand")
    if cue is None or speaker.cue_start < statement.end:
        return False
    verb = cue.root
    if verb.dep_ in ("relcl", "acl") and statement.contains(verb.head.idx):
        return True
    for child in verb.children:
        if child.dep_ not in _SUBJECT_DEPS:
            continue
        words = [token for token in child.subtree if not token.is_punct]
        if words[0].idx < statement.start and statement.end <= words[-1].idx + len(words[-1]):
            return True
    return False


def _reported_clause_quoted(
    doc: Doc, statement: QuotedStatement, speaker: Speaker, quotes: Sequence[QuotedStatement]
) -> bool | None:
    """Whether the clause the cue reports, which holds the quote, is mostly quoted.

    None when the cue reports no such clause ('"…," she said'). The same test
    as indirect_statements' (a reported clause that is mostly quoted is a
    direct statement), so each clause is one kind or the other:
    'tells supporters that "he loves you"' is direct, 'says he has "big
    plans" for the campaign' reported.
    """
    if speaker.cue_start < 0:
        return None
    cue = doc.char_span(speaker.cue_start, speaker.cue_end, alignment_mode="expand")
    if cue is None:
        return None
    if speaker.cue_end > statement.start:
        if speaker.cue_start < statement.end:
            return None  # between the parts of a split quote
        return _fronted_clause_quoted(doc, statement, cue, quotes)
    clause = _clause_holding(cue.root, statement, fronted=False)
    if clause is None:
        if text_of(doc)[statement.start : statement.start + 1].isupper():
            return None  # 'Asked about it, Lee said, "It is over."': a sentence of its own
        return _parenthetical_clause_quoted(doc, statement, cue, quotes)
    bounds = content_bounds(doc, list(clause.subtree))
    if bounds is None:
        return None
    start, end = reported_bounds(doc, *bounds, [statement], fronted=False)
    if appended_quote(doc, start, end, quotes) is statement:
        return True  # 'said that a deal might be possible: "In business, ..."'
    return is_mostly_quoted(text_of(doc), start, end, quotes)


def _clause_holding(verb: Token, statement: QuotedStatement, *, fronted: bool) -> Token | None:
    """The clause ``verb`` reports, after it (or ``fronted`` before it), that holds the quote."""
    found = next(
        (
            clause
            for clause in verb.children
            if clause.dep_ in REPORTED_DEPS
            and (clause.i < verb.i) == fronted
            and any(statement.contains(token.idx) for token in clause.subtree)
        ),
        None,
    )
    if found is not None or fronted:
        return found
    # 'said following a vote in 2001 that he had "very serious concerns"': the
    # parser hung the that-clause on the noun before it as a relative clause (or, after
    # a phrase of time, as an adverbial clause: 'tweeted in the early morning hours
    # that Machado was "disgusting"'), but neither has a "that" complementiser; it
    # is what the cue reports.
    return next(
        (
            clause
            for clause in verb.subtree
            if clause.i > verb.i
            and clause.dep_ in {"relcl", "acl", "advcl"}
            and any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)
            and any(statement.contains(token.idx) for token in clause.subtree)
        ),
        None,
    )


def _fronted_clause_quoted(
    doc: Doc, statement: QuotedStatement, cue: Span, quotes: Sequence[QuotedStatement]
) -> bool | None:
    """Whether what a cue after the quote reports, from its clause or sentence start, is quoted.

    'The new strategy is a "very welcome tack," he said': the quote is a phrase
    of the paraphrase the cue reports, not a direct statement. The clause is
    the cue's complement before it when the parse gives one, else the quote's
    sentence up to the quote; a scene-setting phrase before a comma ('Asked
    about the polls, "We will win," Trump said') is not part of it.
    """
    first = doc.char_span(statement.start, statement.end, alignment_mode="expand")
    if first is None or not len(first):
        return None
    clause = _clause_holding(cue.root, statement, fronted=True)
    if clause is not None:
        bounds = content_bounds(doc, list(clause.subtree))
        if bounds is None:
            return None
        start, end = reported_bounds(doc, *bounds, [statement], fronted=True)
        return is_mostly_quoted(text_of(doc), start, end, quotes)
    parenthetical = _parenthetical_clause_quoted(doc, statement, cue, quotes)
    if parenthetical is not None:
        return parenthetical
    sentence = sentence_of(first[0])
    if sentence.start_char >= statement.start - 1 or sentence_of(cue[0]).start != sentence.start:
        return None  # the quote opens its sentence, or the cue stands in another
    start, end = reported_bounds(doc, sentence.start_char, statement.end, [statement], fronted=True)
    return is_mostly_quoted(text_of(doc), start, end, quotes)


def _parenthetical_clause_quoted(
    doc: Doc, statement: QuotedStatement, cue: Span, quotes: Sequence[QuotedStatement]
) -> bool | None:
    """Whether the clause a cue set off inside it reports is mostly quoted, cue left out.

    'The investment, Ms. Tanzer said, "is a perfect example of adapting" to the
    changes': the cue stands between the clause's subject and its quoted
    predicate, so what it reports is the whole clause (as indirect_statements
    reads it), not just the words after the cue. None when the cue is no such
    parenthetical or its clause does not hold the quote.
    """
    tokens = parenthetical_clause(cue.root)
    if not tokens or not any(statement.contains(token.idx) for token in tokens):
        return None
    # A clause the parser hung before the cue as a complement of the reported verb
    # ('X differentiated himself from Y, who ... and, X said, has seemed ... --
    # "..."') is another sentence's, not the reported clause's subject.
    stray = {
        token.i
        for child in cue.root.head.children
        if child.dep_ == "ccomp" and child.i < cue.root.i
        for token in child.subtree
    }
    tokens = [token for token in tokens if token.i not in stray]
    if not tokens:
        return None
    bounds = content_bounds(doc, tokens)
    if bounds is None:
        return None
    start, end = reported_bounds(
        doc, *bounds, [statement], fronted=statement.start < cue.start_char
    )
    first, last = doc[cue.root.left_edge.i], doc[cue.root.right_edge.i]
    cue_start, cue_end = first.idx, last.idx + len(last)
    text = text_of(doc)
    # The cue and its subject are the writer's words, not what was reported:
    # blanked out (spaces do not count), so the offsets stay those of the quotes.
    masked = text[:cue_start] + " " * (cue_end - cue_start) + text[cue_end:]
    return is_mostly_quoted(masked, start, end, quotes)


def _statement_found(
    doc: Doc,
    statement: QuotedStatement,
    speaker: Speaker,
    *,
    kind: StatementKind,
    countries: Sequence[CountryMention],
    people: Sequence[PersonMention] = (),
) -> StatementFound:
    about = tuple(
        dict.fromkeys(
            country.iso2
            for country in countries
            if any(part.start <= country.start < part.end for part in statement.parts)
        )
    )
    # The sentences the statement and its cue stand in, less the content itself.
    around_start, around_end = _sentences_around(
        doc, min(statement.start, speaker.start), max(statement.end, speaker.end)
    )
    context = tuple(
        dict.fromkeys(
            country.iso2
            for country in countries
            if around_start <= country.start < around_end
            and not any(part.start <= country.start < part.end for part in statement.parts)
            and country.iso2 not in about
        )
    )
    end = _end_without_reporting_comma(text_of(doc), statement.start, statement.end)
    parts = _part_offsets(text_of(doc), statement, end=end)
    source = source_for(doc, speaker, people=people)
    name = source.name
    if source.kind == "person" and name:
        name = described_person_name(name, names={person.name for person in people})
    return StatementFound(
        text=text_of(doc)[statement.start : end],
        start=statement.start,
        end=end,
        kind=kind,
        speaker_name=name,
        speaker_text=source.description or speaker.text,
        cue=speaker.cue,
        about=about,
        context=context,
        speaker_kind=source.kind,
        speaker_country=source.country,
        speaker_organisation_kind=source.organisation_kind,
        speaker_affiliation=source.affiliation,
        parts=parts,
        rule=speaker.rule or ("reported_speech" if kind == "indirect" else ""),
    )


def _part_offsets(
    text: str, statement: QuotedStatement, *, end: int
) -> tuple[tuple[int, int], ...]:
    """(start, end) of each quoted piece inside its marks; ``end`` closes the last one.

    A piece loses its reporting comma as the whole statement does: '"We will
    respond," he said, "and soon."' has the parts 'We will respond' and 'and soon.'.
    """
    parts = [
        (part.start, min(_end_without_reporting_comma(text, part.start, part.end), end))
        for part in statement.parts
        if part.start < end
    ]
    parts[-1] = (parts[-1][0], end)
    return tuple(parts)


def _sentences_around(doc: Doc, start: int, end: int) -> tuple[int, int]:
    span = doc.char_span(start, max(start + 1, end), alignment_mode="expand")
    if span is None or not len(span):
        return start, end
    return sentence_of(span[0]).start_char, sentence_of(span[-1]).end_char


def indirect_statements(
    doc: Doc,
    *,
    people: Sequence[PersonMention],
    countries: Sequence[CountryMention],
    direct: Sequence[QuotedStatement],
) -> list[StatementFound]:
    """Reported statements ("X said that ..."), outside the direct quotations."""
    return [
        _statement_found(doc, content, speaker, kind="indirect", countries=countries, people=people)
        for content, speaker in indirect_candidates(doc, people=people, quotes=direct)
    ]


# Words allowed between a short quote and a cue after it ('"No," the senator said'),
# or before it ('Sullivan told reporters: "No."').
MAX_WORDS_TO_CUE_AFTER = 4
MAX_WORDS_TO_CUE_BEFORE = 2
# ... or, when a comma or colon opens it, a short phrase of the cue's
# ('told the agency simply, "No."').
MAX_WORDS_TO_COMMA_BEFORE = 6


def _cue_is_adjacent(doc: Doc, statement: QuotedStatement, speaker: Speaker) -> bool:
    """True when a short quote is what the cue reports, not a phrase inside a paraphrase."""
    if speaker.cue_start < 0:
        return False
    if speaker.cue_start >= statement.end:
        gap, most = text_of(doc)[statement.end : speaker.cue_start], MAX_WORDS_TO_CUE_AFTER
    elif speaker.cue_end <= statement.start:
        gap, most = text_of(doc)[speaker.cue_end : statement.start], MAX_WORDS_TO_CUE_BEFORE
    else:
        return True  # the cue stands between the parts of a split quote
    if "\n" in gap or _ends_a_sentence(gap):
        return False
    if (
        speaker.cue_end <= statement.start
        and gap.rstrip(OPENING_MARKS_AND_SPACES).endswith((",", ":"))
        and len(_WORDS.findall(gap)) <= MAX_WORDS_TO_COMMA_BEFORE
    ):
        # 'told the Reuters news agency simply, "We lost."': the comma closes the
        # cue's phrase and opens the quote; the quote is not in that phrase.
        return True
    if speaker.cue_end <= statement.start and _NOUN_PHRASE_OPENER.search(gap):
        # 'asked the "reporter" to join', 'declared a "caliphate"': a word in
        # marks inside the cue's object names something; it is not what was said.
        return False
    if len(_WORDS.findall(gap)) <= most:
        return True
    # 'She says his temperament is "dangerous for a president."' is a direct
    # statement only when the quote is most of what the verb reports.
    cue = doc.char_span(speaker.cue_start, speaker.cue_end, alignment_mode="expand")
    if cue is None or not governs_quote(cue.root, statement):
        return False
    reported = [t for t in cue.root.subtree if t.i > cue.root.i and not t.is_punct]
    quoted = sum(len(t) for t in reported if statement.contains(t.idx))
    return quoted * 2 > sum(len(t) for t in reported)


_WORDS = re.compile(r"\w+")
_NOUN_PHRASE_OPENER = re.compile(
    r"\b(?:the|a|an|his|her|its|their|our|my|your|this|these|those|of|about|for|on)\b",
    re.IGNORECASE,
)
# A sentence ends between the quote and the cue ('"Hi." He smiled and said ...').
_SENTENCE_END = re.compile(r"(\w*)[.!?][\s\u201d\"']*\s+[A-Z]")


def _ends_a_sentence(gap: str) -> bool:
    """True when a sentence ends in ``gap``; the period of a title ('Ms. Gil said') does not."""
    return any(match.group(1).lower() not in TITLE_WORDS for match in _SENTENCE_END.finditer(gap))


def _end_without_reporting_comma(text: str, start: int, end: int) -> int:
    trimmed = text[start:end].rstrip().rstrip(",;").rstrip()
    return start + len(trimmed) if trimmed else end


def without_nested(statements: Sequence[StatementFound]) -> list[StatementFound]:
    """The statements, none of them inside another one of the same article.

    Of two statements one of which holds the other, a direct quote wins over a
    reported statement: quoted words are what was said, verbatim, and a
    paraphrase inside a quote is part of the speaker's words. Of two of one
    kind the outer one wins: the inner one is a claim the outer speaker reports
    ('Merrill says Machado promised to ...'), already within what they said.
    """
    dropped: set[int] = set()
    for i, outer in enumerate(statements):
        for j, inner in enumerate(statements):
            if not _holds(outer, inner) or (i >= j and _same_span(outer, inner)):
                continue  # of two equal spans, the first counts as the outer one
            inner_wins = inner.kind == "direct" and outer.kind != "direct"
            dropped.add(i if inner_wins else j)
    return [statement for i, statement in enumerate(statements) if i not in dropped]


def _holds(outer: StatementFound, inner: StatementFound) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _same_span(one: StatementFound, other: StatementFound) -> bool:
    return (one.start, one.end) == (other.start, other.end)


def article_extraction(doc: Doc) -> ArticleExtraction:
    """People, countries and statements found in one parsed article body."""
    people = person_mentions(doc)
    countries = country_mentions(doc, people=people)
    quotes = quoted_statements(doc)
    statements = direct_statements(doc, people=people, countries=countries, quotes=quotes)
    # Every quotation bounds reported speech, attributed or not: a verb inside
    # a quote is part of what someone said.
    statements += indirect_statements(doc, people=people, countries=countries, direct=quotes)
    statements = without_nested(statements)
    statements.sort(key=lambda statement: statement.start)
    return ArticleExtraction(people=people, countries=countries, statements=statements)


def extractions_for(
    texts: Iterable[str], *, nlp: Language, batch_size: int = 32, n_process: int = 1
) -> Iterator[ArticleExtraction]:
    """Extractions for many bodies, in order, parsed in batches (in n_process processes).

    Parsing runs in a spaCy memory zone: the words of these texts are dropped
    from the shared vocabulary afterwards, so a long import keeps flat memory.
    The results are plain data and outlive the zone; the Docs do not.
    """
    with nlp.memory_zone():
        for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
            yield article_extraction(doc)
