"""Who said a direct quotation: speech cues and their subjects in the parse."""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from entities.nlp.cues import is_quote_cue_verb, is_speech_verb, message_nouns
from entities.nlp.doc_index import sentence_of, text_of, tokens_between
from entities.nlp.framing import can_frame, framing_verb
from entities.nlp.people import (
    TITLE_WORDS,
    canonical_person_name,
    full_names_in,
    resolve_person_name,
)
from entities.nlp.quotes import (
    QuoteSpan,
    inside_quotes,
    is_title_case,
    mostly_inside,
    quoted_spans,
)
from entities.nlp.referents import (
    INVERTED_SUBJECT_DEPS,
    VERB_POS,
    description_referent,
    is_main_clause,
    pronoun_referent,
)
from entities.nlp.results import PersonMention

# Pronouns that stand for one person; "they"/"we" are left unresolved.
PERSON_PRONOUNS = frozenset({"he", "she"})
# Dependents of a noun that belong in the speaker as written ("the White House spokesman").
_NOUN_PHRASE_DEPS = frozenset({"det", "compound", "amod", "poss", "nmod", "nummod", "case"})
# Dependents after a common noun that say whose it is ("a spokesman for the buyer", "the
# leader of the league, Jonathan Greenblatt"): without them "a spokesman" names no one.
_DESCRIPTION_TAIL_DEPS = frozenset({"prep", "appos"})
_DESCRIPTION_TAIL_PREPOSITIONS = frozenset({"for", "of", "from", "at"})


_SUBJECT_DEPS = frozenset({"nsubj"})
_RELATIVE_PRONOUN_TAGS = frozenset({"WP", "WDT"})
# "said Sullivan", "said the senator's spokesman": the head noun is close.
MAX_INVERTED_SUBJECT_DISTANCE = 4
# Verb-to-verb links a speech verb can hang from and still share the subject
# ("he paused and added", "Sullivan said, adding"), or the parser's "dep" when it
# cannot place the cue ('Clinton, exasperated, famously responded:').
_SHARED_SUBJECT_DEPS = frozenset({"conj", "advcl", "xcomp", "dep"})
_CLAUSE_DEPS = frozenset({"ccomp"})
# Between the parts of a split quote only a short cue clause may stand.
MAX_SPLIT_GAP_TOKENS = 20
# A cue further from the quote than this many words belongs to other content.
MAX_CUE_DISTANCE_WORDS = 10
MAX_CUE_DISTANCE_AFTER_WORDS = 20


@dataclass(frozen=True, slots=True)
class QuotedStatement:
    """One statement made of one quote, or of a quote split around its cue."""

    parts: tuple[QuoteSpan, ...]

    @property
    def start(self) -> int:
        return self.parts[0].start

    @property
    def end(self) -> int:
        return self.parts[-1].end

    def contains(self, offset: int) -> bool:
        """True when ``offset`` lies in the quoted content (not between parts)."""
        return any(part.start <= offset < part.end for part in self.parts)


@dataclass(frozen=True, slots=True)
class Speaker:
    """The source of a statement as written, and the person it names if known."""

    text: str
    start: int
    end: int
    name: str | None
    cue: str
    cue_start: int = -1
    cue_end: int = -1
    # The quote is the cue's framed complement ('called it "a disgrace"'): the
    # grammar itself ties it to the cue, however far apart they stand.
    framed: bool = False


def _mention_speaker(mention: PersonMention, cue: str, cue_start: int) -> Speaker:
    """The person ``mention`` as the speaker, with the cue found at ``cue_start``."""
    return Speaker(
        text=mention.text,
        start=mention.start,
        end=mention.end,
        name=mention.name,
        cue=cue,
        cue_start=cue_start,
        cue_end=cue_start + len(cue),
    )


def _tokens_between(doc: Doc, start_char: int, end_char: int) -> list[Token]:
    return tokens_between(doc, start_char, end_char)


def _introduces_with_as(verb: Token, statement: QuotedStatement) -> bool:
    """'As Rosenthal put it, "..."', 'As Obama said in July, the plan "...": an as-clause cue.

    The cue hangs from the verb whose clause holds the quote, however long
    the as-clause is.
    """
    return (
        verb.dep_ == "advcl"
        and any(child.dep_ == "mark" and child.lower_ == "as" for child in verb.children)
        and (statement.contains(verb.head.idx) or governs_quote(verb.head, statement))
    )


def join_split_quotes(doc: Doc, quotes: Sequence[QuoteSpan]) -> list[QuotedStatement]:
    """Group quotes so that "A," he said, "B." is one statement; others stand alone."""
    statements: list[QuotedStatement] = []
    for quote in quotes:
        if statements and _is_split_continuation(doc, statements[-1].parts[-1], quote):
            statements[-1] = QuotedStatement((*statements[-1].parts, quote))
        else:
            statements.append(QuotedStatement((quote,)))
    return statements


def _is_split_continuation(doc: Doc, first: QuoteSpan, second: QuoteSpan) -> bool:
    text = text_of(doc)
    gap = text[first.end : second.start]
    gap_inner = _gap_inner(text, first, second)
    if "\n" in gap:
        return False
    if _LIST_GAP.fullmatch(gap_inner):
        # 'called him a "nasty guy," an "anchor baby" and "sick"', '"It's over," "For me."':
        # quoted phrases in a row are one say.
        return True
    # The first part stops mid-sentence and the cue clause runs on into the second.
    # '"... you called \u2018miracles,\u2019" she said': a comma inside a closing single mark.
    first_content = text[first.start : first.end].rstrip().rstrip("\u2019'").rstrip()
    if not first_content.endswith(
        (",", "\u2014", "\u2013", "-", "...", "\u2026")
    ) and not gap_inner.startswith(","):
        return False
    tokens = _tokens_between(doc, first.end, second.start)
    words = [token for token in tokens if not token.is_punct and not token.is_space]
    if gap_inner.endswith("."):
        # '"A," Trump said. "B."': the second part has no cue of its own, so the
        # reporting clause between them covers both.
        if not _ends_paragraph(text, second.end):
            return False
    elif not gap_inner.endswith((",", ":", "\u2014", "\u2013")):
        return False
    elif any(token.is_sent_start for token in words[1:]):
        return False  # '"A," Trump said. He added, "B."' is two statements
    # '"A," Trump said, adding later, "B."': the second part has a cue of its own;
    # a relative clause or passive participle ('said O'Donnell, who wrote about it',
    # 'he said when asked') describes the speaker or the occasion instead.
    cues = sum(
        1
        for token in words
        if is_quote_cue_verb(token) and token.dep_ != "relcl" and token.tag_ != "VBN"
    )
    return len(words) <= MAX_SPLIT_GAP_TOKENS and cues == 1


def _gap_inner(text: str, first: QuoteSpan, second: QuoteSpan) -> str:
    """The words between two quotes, less their marks."""
    gap = text[first.end : second.start]
    return gap.strip().lstrip("\u201d\"'").rstrip("\u201c\"'`").strip()


_LIST_GAP = re.compile(r"(?:,|;)?\s*(?:(?:and|or|an?|the)\s*)*", re.IGNORECASE)


def _ends_paragraph(text: str, quote_end: int) -> bool:
    """True when only the closing mark and spaces stand between ``quote_end`` and a line end."""
    rest = text[quote_end : quote_end + 4].lstrip("\u201d\u00bb\"'")
    return rest == "" or rest.lstrip(" \t\xa0").startswith("\n") or not rest.strip()


def speaker_for(
    doc: Doc,
    statement: QuotedStatement,
    *,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement] = (),
) -> Speaker | None:
    """The speaker and cue of ``statement``, or None when no cue attributes it.

    ``people`` are the article's person mentions (to name the speaker);
    ``quotes`` are all statements of the article, which bound the search.
    """
    if (dashed := _dash_attribution(doc, statement, people)) is not None:
        return dashed
    if (dashed := _dash_introduction(doc, statement, people)) is not None:
        return dashed
    if (framed := _framing_verb_object(doc, statement, people=people, quotes=quotes)) is not None:
        return framed
    for region in _search_regions(doc, statement, quotes):
        found = _cue_and_subject(region, statement, quotes)
        if found is not None:
            cue, subject = found
            return speaker_for_cue(doc, cue, subject, statement, people=people, quotes=quotes)
    if statement not in quotes:
        # A short or title-like quote needs a cue the parse confirms, or one
        # right after it when it opens its sentence ('"This is fantastic!"
        # beamed Donald Hartley'): a phrase in marks mid-sentence is no say.
        if not _opens_sentence(doc, statement):
            return None
        return _reporting_clause_after_quote(
            doc, statement, people=people, quotes=quotes
        ) or _inverted_cue_after_quote(doc, statement, people=people, quotes=quotes)
    return (
        _adjacent_name_and_cue(doc, statement, people, quotes)
        or _name_appositive_and_cue(doc, statement, people)
        or _colon_introduction(doc, statement, people=people, quotes=quotes)
        or _reporting_clause_by_position(doc, statement, people=people, quotes=quotes)
        or _inverted_cue_after_quote(doc, statement, people=people, quotes=quotes)
        or _noun_phrase_and_cue_after_quote(doc, statement, people=people, quotes=quotes)
        or _colon_clause_by_position(doc, statement, people=people, quotes=quotes)
        or _continues_reported_speech(doc, statement, people=people, quotes=quotes)
        or _quote_paragraph_after_reported_speech(doc, statement, people=people, quotes=quotes)
    )


def _opens_sentence(doc: Doc, statement: QuotedStatement) -> bool:
    """True when only a sentence end or a line start comes before the quote."""
    text = text_of(doc)
    line_start = text.rfind("\n", 0, statement.start) + 1
    opening = text[line_start : statement.start].rstrip("\u201c\u00ab\"'` \t\xa0")
    return not opening or opening.endswith((".", "!", "?", "\u201d", '"'))


def _continues_reported_speech(
    doc: Doc,
    statement: QuotedStatement,
    *,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement],
) -> Speaker | None:
    """'He said, adding that there should be no focus on numbers. "I think ..."'.

    A quote with no cue of its own that follows, in the same paragraph, a
    sentence reporting someone's words in a clause, or with a main speech
    verb that reports nothing else ('Lau said in a statement.'), and ends
    the paragraph, goes on with those words. Failing a speech verb, the
    named person the sentence is about speaks it.
    """
    text = text_of(doc)
    if not _ends_paragraph(text, statement.end):
        return None
    before = text[: statement.start].rstrip("\u201c\u00ab\"'` \t\xa0")
    if not before.endswith((".", "!", "?")) or "\n" in text[len(before) : statement.start]:
        return None
    mark = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if mark is None:
        return None
    sentence = sentence_of(mark[0])
    if "\n" in text[sentence.start_char : len(before)] or any(
        sentence.start_char < q.end and q.start < sentence.end_char for q in quotes
    ):
        # A sentence with a quote of its own has already reported it
        # ('"A," she said, stressing why. "B."' is one statement, not two).
        return None
    for verb in reversed(sentence):
        if not is_speech_verb(verb) or any(q.contains(verb.idx) for q in quotes):
            continue
        # 'Lau said in a statement. "..."': a main verb that reports no clause
        # of its own reports the quote; 'He didn't suggest that.' reports nothing.
        if not any(child.dep_ in _CLAUSE_DEPS for child in verb.children) and not (
            is_main_clause(verb) and not any(child.dep_ == "neg" for child in verb.children)
        ):
            continue
        subject = subject_of(verb, statement, quotes=quotes)
        if subject is None or not _names_someone(subject, people):
            return None
        return speaker_for_cue(
            doc, doc[verb.i : verb.i + 1], subject, statement, people=people, quotes=quotes
        )
    # 'Clinton touted her credentials. "We need ..."': with no speech verb, a
    # sentence whose main subject is a named person hands that person the quote.
    root = sentence.root
    if (
        root.pos_ == "VERB"
        and root.tag_ in {"VBD", "VBZ"}
        and not is_speech_verb(root)
        and not any(child.dep_ == "neg" for child in root.children)
    ):
        subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.ent_type_ == "PERSON":
            return speaker_for_cue(
                doc, doc[root.i : root.i + 1], subject, statement, people=people, quotes=quotes
            )
    return None


def _quote_paragraph_after_reported_speech(
    doc: Doc,
    statement: QuotedStatement,
    *,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement],
) -> Speaker | None:
    """'... Susan said as she turned around.' then a paragraph that is only a quote.

    A paragraph that holds nothing but a quote, with no cue of its own, goes
    on with the words of whoever the paragraph before ends by reporting:
    its last sentence has a speech verb in the main clause whose subject
    names someone.
    """
    text = text_of(doc)
    if not _ends_paragraph(text, statement.end):
        return None
    line_start = text.rfind("\n", 0, statement.start) + 1
    if text[line_start : statement.start].strip(" \t\xa0\u201c\u00ab\"'`"):
        return None
    before = text[:line_start].rstrip()
    if not before.endswith((".", "!", "?", ".\u201d", '."')):
        return None
    last = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if last is None:
        return None
    sentence = sentence_of(last[0])
    if any(sentence.start_char < q.end and q.start < sentence.end_char for q in quotes):
        return None  # a sentence with a quote of its own has reported that one
    for verb in sentence:
        if not is_speech_verb(verb) or not is_main_clause(verb):
            continue
        if any(
            q.end <= verb.idx
            and "\n" not in text[q.end : verb.idx]
            and len(_WORDS_RE.findall(text[q.end : verb.idx])) <= 3
            for q in quotes
        ):
            return None  # '"A?" he said, paraphrasing.': the cue reports its own quote
        if any(child.dep_ in _CLAUSE_DEPS and child.i > verb.i for child in verb.children):
            # 'argued that ...' has reported its content; a trailing 'Susan said'
            # after a paraphrase goes on into the quote.
            return None
        subject = subject_of(verb, statement, quotes=quotes)
        if subject is None or not _names_someone(subject, people):
            return None
        return speaker_for_cue(
            doc, doc[verb.i : verb.i + 1], subject, statement, people=people, quotes=quotes
        )
    return None


_WORDS_RE = re.compile(r"\w+")


# Words that may open the noun phrase after an inverted cue ('said the woman',
# 'said his best friend', 'said one of those advisers').
_INVERTED_SPEAKER_POS = frozenset({"DET", "PRON", "NOUN", "PROPN", "NUM", "ADJ"})


def _inverted_cue_after_quote(
    doc: Doc,
    statement: QuotedStatement,
    *,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement],
) -> Speaker | None:
    """'"…," said the woman, who did not want to be quoted by name'.

    A cue verb right after a quote that ends in a comma, followed by a noun
    phrase, is the reporting clause with its subject inverted, however the
    parser hangs the phrase (often as the subject of a clause after it).
    """
    quoted = statement.parts[-1].text_in(text_of(doc)).rstrip()
    if not quoted.endswith((",", "?", "!")):
        return None
    after = [t for t in _word_tokens(doc, statement.end, +1)[:3] if not t.is_punct]
    if len(after) < 2:
        return None
    verb, first = after[0], after[1]
    if not is_quote_cue_verb(verb) or verb.tag_ not in {"VBD", "VBZ"} or first.i != verb.i + 1:
        return None
    if first.pos_ not in _INVERTED_SPEAKER_POS or any(q.contains(first.idx) for q in quotes):
        return None
    chunk = next((c for c in doc.noun_chunks if c.start == first.i), None)
    # 'said one of those advisers': a number or noun heads the phrase the chunker missed.
    subject = chunk.root if chunk is not None else first
    if subject.pos_ not in {"NOUN", "PROPN", "NUM", "PRON"}:
        return None
    return speaker_for_cue(
        doc, doc[verb.i : verb.i + 1], subject, statement, people=people, quotes=quotes
    )


# How long the noun phrase in '"…?" the 43-year-old asked' may run before its cue.
MAX_PHRASE_BEFORE_CUE_TOKENS = 8


def _noun_phrase_and_cue_after_quote(
    doc: Doc,
    statement: QuotedStatement,
    *,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement],
) -> Speaker | None:
    """'"…?" the 43-year-old asked', '"…," a voice-over in the ad says'.

    Right after a quote that ends in a comma, "?" or "!", a noun phrase and
    then a cue verb make the reporting clause, however the parser hangs them
    (it often makes the phrase the root and the cue its modifier).
    """
    text = text_of(doc)
    quoted = statement.parts[-1].text_in(text).rstrip()
    if not quoted.endswith((",", "?", "!")):
        return None
    tokens = tokens_between(doc, statement.end, min(len(text), statement.end + 120))
    while tokens and tokens[0].is_punct:
        tokens = tokens[1:]  # the closing mark
    phrase: list[Token] = []
    for token in tokens[: MAX_PHRASE_BEFORE_CUE_TOKENS + 1]:
        if token.is_space or (token.is_punct and token.text != "-") or token.is_quote:
            return None
        if token.pos_ in {"VERB", "AUX"} and (
            token.tag_ in {"VBD", "VBZ"}
            # 'the 43-year-old asked': a cue the parser read as a participle
            or (token.tag_ == "VBN" and is_quote_cue_verb(token))
        ):
            break
        if token.pos_ not in {"DET", "ADJ", "NOUN", "PROPN", "NUM", "PUNCT", "ADP"}:
            return None
        phrase.append(token)
    else:
        return None
    if not phrase or phrase[0].pos_ not in {"DET", "ADJ", "NOUN", "PROPN", "NUM"}:
        return None
    chunk = next((c for c in doc.noun_chunks if c.start == phrase[0].i), None)
    # 'the 43-year-old' makes no chunk: the word before the verb heads it.
    subject = chunk.root if chunk is not None and chunk.end <= token.i else phrase[-1]
    if not is_quote_cue_verb(token):
        return None
    if subject.pos_ not in {"NOUN", "PROPN", "NUM"} and not _is_age_description(subject):
        return None
    return speaker_for_cue(
        doc, doc[token.i : token.i + 1], subject, statement, people=people, quotes=quotes
    )


# Particles of phrasal speech verbs ('shot back', 'spoke up').
_PARTICLES = frozenset({"back", "up", "out", "in", "on", "off"})
_SPEAKER_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def _reporting_clause_by_position(
    doc: Doc,
    statement: QuotedStatement,
    *,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement],
) -> Speaker | None:
    """'"Go back to Univision," Trump barked', 'Hillary shot back, "I suppose ..."'.

    A verb outside the cue lists reports a quote when it makes the clause
    that punctuation ties to the quote: right after a quote that ends in a
    comma, "!" or "?", or right before the comma or colon that opens it. Its
    subject must be someone: a name, a group, a country or he/she. A name
    alone before a colon ('Pollsters agree - Carl Bialik: "..."') counts too.
    """
    after = _reporting_clause_after_quote(doc, statement, people=people, quotes=quotes)
    if after is not None:
        return after
    text = text_of(doc)
    before = text[: statement.start].rstrip("\u201c\u00ab\"'` \t\xa0")
    if not before.endswith((",", ":")) or "\n" in text[len(before) : statement.start]:
        return None
    mark = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if mark is None or mark.start == 0:
        return None
    token = doc[mark.start - 1]
    while token.lower_ in _PARTICLES and token.i > 0:
        token = doc[token.i - 1]
    # 'said Wednesday,', 'said on Tuesday,': the time belongs to the cue before it.
    for _ in range(3):
        if token.ent_type_ not in {"DATE", "TIME"} or not token.i > token.head.i >= token.i - 3:
            break
        token = token.head
    # 'stated of politicians,', 'told the agency simply,': a short phrase the cue
    # governs may stand between it and the comma.
    cue = _cue_governing_phrase_before(token)
    if cue is not None:
        token = cue
    # 'he had stated,': a perfect tense is as finite as 'he stated,'.
    perfect = token.tag_ == "VBN" and any(c.dep_ == "aux" for c in token.children)
    if token.pos_ == "VERB" and (token.tag_ in {"VBD", "VBZ", "VBP"} or perfect):
        subject = subject_of(token, statement)
        if subject is not None and _names_someone(subject, people):
            return speaker_for_cue(
                doc, doc[token.i : token.i + 1], subject, statement, people=people, quotes=quotes
            )
        named = _name_and_appositive_before(doc, token, people) if subject is None else None
        if named is not None and is_quote_cue_verb(token):
            return _mention_speaker(named, token.text, token.idx)
        phrase = _phrase_ending_at(token, statement) if subject is None else None
        if phrase is not None and is_quote_cue_verb(token):
            return speaker_for_cue(
                doc, doc[token.i : token.i + 1], phrase, statement, people=people, quotes=quotes
            )
    elif token.tag_ == "VBG" and is_quote_cue_verb(token):
        # '... by mentioning the wall and adding, "..."': a participle cue shares
        # the subject of its sentence's main verb, wherever the parse hangs it.
        root = sentence_of(token).root
        subject = subject_of(root, statement) if root.pos_ in VERB_POS else None
        if subject is not None and subject.i < token.i and _names_someone(subject, people):
            return speaker_for_cue(
                doc, doc[token.i : token.i + 1], subject, statement, people=people, quotes=quotes
            )
    elif before.endswith(":") and (
        token.ent_type_ in _SPEAKER_ENTS or _is_bare_name_before(doc, token)
    ):
        return speaker_for_cue(doc, mark, token, statement, people=people, quotes=quotes)
    elif token.lemma_.lower() in message_nouns() and token.dep_ == "dobj":
        # 'Trump issued a statement, "Last night ..."': the message is the quote,
        # and whoever issued it speaks.
        verb = token.head
        subject = subject_of(verb, statement, quotes=quotes)
        if subject is not None and _names_someone(subject, people):
            return speaker_for_cue(
                doc, doc[verb.i : verb.i + 1], subject, statement, people=people, quotes=quotes
            )
    return None


# How many words may follow a cue before the comma that opens its quote.
MAX_PHRASE_AFTER_CUE_TOKENS = 4


def _cue_governing_phrase_before(last: Token) -> Token | None:
    """The cue verb whose short phrase ends at ``last`` ('stated [of politicians]')."""
    phrase = last
    for _ in range(3):
        head = phrase.head
        if head is phrase or head.i >= last.i:
            return None
        if is_quote_cue_verb(head):
            break
        phrase = head
    else:
        return None
    if last.i - head.i > MAX_PHRASE_AFTER_CUE_TOKENS or phrase.right_edge.i != last.i:
        return None
    if any(t.is_punct or t.is_space for t in head.doc[head.i + 1 : last.i + 1]):
        return None
    return head


def _reporting_clause_after_quote(
    doc: Doc,
    statement: QuotedStatement,
    *,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement],
) -> Speaker | None:
    """'"Go back to Univision," Trump barked': the verb in the first words after the quote."""
    quoted = statement.parts[-1].text_in(text_of(doc)).rstrip()
    if not quoted.endswith((",", "!", "?", "\u2014", "-")):
        return None
    after = [t for t in _word_tokens(doc, statement.end, +1)[:3] if not t.is_punct]
    for token in after:
        if token.pos_ == "VERB" and token.tag_ in {"VBD", "VBZ", "VBP"}:
            if _introduces_next_quote(token, statement, quotes):
                return None
            subject = subject_of(token, statement)
            if subject is None and token.i > 0:
                subject = doc[token.i - 1]  # '"...," Trump barked', Trump misparsed
            # '"…?" Hannity pressed': a capitalised word right after the quote
            # names its speaker even when the NER saw no one.
            named_after = subject.i == after[0].i and subject.is_title and subject.is_alpha
            if _names_someone(subject, people) or named_after:
                return speaker_for_cue(
                    doc,
                    doc[token.i : token.i + 1],
                    subject,
                    statement,
                    people=people,
                    quotes=quotes,
                )
            return None
    return None


def _is_bare_name_before(doc: Doc, last: Token) -> bool:
    """'- Philip Bump:' a name the NER missed, alone between a dash or line start and a colon.

    Two or more capitalised proper nouns and nothing else: a byline-style
    attribution, not the end of a sentence.
    """
    names = 0
    for token in reversed(doc[: last.i + 1]):
        if token.is_space or token.text in {"-", "\u2013", "\u2014", "--"}:
            break
        if token.pos_ != "PROPN" or not token.text[:1].isupper():
            return False
        names += 1
    return names >= 2


def _names_someone(subject: Token, people: Sequence[PersonMention] = ()) -> bool:
    """True when ``subject`` is someone: a name, group or country entity, he/she,
    or a capitalised surname the NER missed that names a person of the article."""
    if subject.ent_type_ in _SPEAKER_ENTS or subject.lower_ in PERSON_PRONOUNS:
        return True
    if subject.ent_type_ or not subject.is_alpha or not subject.text[:1].isupper():
        return False
    name = canonical_person_name(subject.text)
    return resolve_person_name(name, full_names=full_names_in(people), position=subject.idx) != name


def _framing_verb_object(
    doc: Doc,
    statement: QuotedStatement,
    *,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement],
) -> Speaker | None:
    """The subject of a framing verb whose quoted complement is ``statement``."""
    text = text_of(doc)
    parts = statement.parts
    if any(not _LIST_GAP.fullmatch(_gap_inner(text, a, b)) for a, b in itertools.pairwise(parts)):
        return None  # a quote split around its cue: the cue is no framing verb
    first = parts[0]
    quoted = " ".join(part.text_in(text) for part in parts)
    if is_title_case(quoted):
        return None
    span = doc.char_span(first.start, first.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    verb = framing_verb(span.root)
    if verb is None or statement.contains(verb.idx):
        return None
    # 'called the political system "rotten to the core"' frames what the system
    # is in the writer's words as much as the speaker's: the framed content (object
    # and quoted complement) is a direct statement only when it is mostly quoted.
    content_start = verb.idx + len(verb)
    if not mostly_inside(text, content_start, statement.end, statement.parts):
        return None
    subject = subject_of(verb, statement)
    if subject is None or not can_frame(subject):
        return None
    speaker = speaker_for_cue(
        doc, doc[verb.i : verb.i + 1], subject, statement, people=people, quotes=quotes
    )
    return dataclasses.replace(speaker, framed=True)


# Subjects that can introduce a quotation with a colon ("Politico reveals:").
_INTRODUCER_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def _colon_introduction(
    doc: Doc,
    statement: QuotedStatement,
    *,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement],
) -> Speaker | None:
    """'President Clinton released the following statement:' ending the text before a quote.

    Whatever the verb, a clause that ends in a colon right before the opening
    mark introduces the quote; its subject is the speaker when it names
    someone (a person, organisation or country) or is a personal pronoun.
    """
    text = text_of(doc)
    before = text[: statement.start - 1].rstrip("\u201c\u00ab\"'` \t\n\xa0")
    if not before.endswith(":"):
        return None
    colon = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if colon is None:
        return None
    # The verb the colon hangs from (the parser may run the quote into its sentence).
    verb = colon[0].head
    for _ in range(4):
        if verb.pos_ in {"VERB", "AUX"} or verb.head is verb:
            break
        verb = verb.head
    if verb.pos_ not in {"VERB", "AUX"} or any(q.contains(verb.idx) for q in quotes):
        return None
    subject = next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS), None)
    if subject is None or not (
        subject.ent_type_ in _INTRODUCER_ENTS or subject.lower_ in PERSON_PRONOUNS
    ):
        return None
    return speaker_for_cue(
        doc, doc[verb.i : verb.i + 1], subject, statement, people=people, quotes=quotes
    )


def _colon_clause_by_position(
    doc: Doc,
    statement: QuotedStatement,
    *,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement],
) -> Speaker | None:
    """'Mitt Romney, the 2012 nominee, tweeted in response: "..."' the parse missed.

    The parser often runs the quote after a colon into the clause before it
    and hangs that clause's verb inside the quote, or reads the verb as a
    modifier of the name. Read by position instead: the words from the
    sentence start to the colon, on the quote's line, are the introducing
    clause; a person named first, then a verb, or a clause verb whose subject
    names someone, is who speaks.
    """
    text = text_of(doc)
    before = text[: statement.start - 1].rstrip("\u201c\u00ab\"'` \t\xa0")
    if not before.endswith(":") or "\n" in text[len(before) : statement.start]:
        return None
    colon = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if colon is None:
        return None
    line_start = text.rfind("\n", 0, colon.start_char) + 1
    clause = [
        token
        for token in doc[sentence_of(colon[0]).start : colon.start]
        if token.idx >= line_start and not inside_quotes(quoted_spans(doc), token.idx)
    ]
    words = [token for token in clause if not (token.is_punct or token.is_space)]
    if not words:
        return None
    # 'C. Boyden Gray, who served as counsel, ticked through the code:': the
    # verb of a relative clause describes the speaker; it introduces nothing.
    verbs = [t for t in words if t.pos_ in {"VERB", "AUX"} and t.dep_ != "relcl"]
    if not verbs:
        return None
    first = next((m for m in people if m.start == words[0].idx), None)
    if first is not None and verbs[0].idx >= first.end:
        return _mention_speaker(first, verbs[0].text, verbs[0].idx)
    inside = {token.i for token in clause}
    for verb in verbs:
        if verb.head.i in inside and verb.head is not verb:
            continue
        subject = subject_of(verb, statement, quotes=quotes)
        if subject is not None and _names_someone(subject, people):
            return speaker_for_cue(
                doc, doc[verb.i : verb.i + 1], subject, statement, people=people, quotes=quotes
            )
    return None


# How far a name may stand from its cue in the surface fallback ('said Del. Stacey Plaskett').
MAX_NAME_CUE_GAP_TOKENS = 3


def _adjacent_name_and_cue(
    doc: Doc,
    statement: QuotedStatement,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement] = (),
) -> Speaker | None:
    """'"…," said Jane Doe' or '"…," Jane Doe said' at the quote or between its parts.

    A fallback for sentences the parser gets wrong: the cue verb and a person's
    name must touch the closing mark (or the opening one: 'Jane Doe said: "…"'),
    with only punctuation and a few title words between.
    """
    after = _word_tokens(doc, statement.end, +1)
    before = _word_tokens(doc, statement.start, -1)
    # '"A," police Chief Mark Dalton said Monday. "B."': the cue clause
    # between the parts of a split quote, read the same way.
    gaps = [
        [t for t in tokens_between(doc, left.end, right.start) if not (t.is_punct or t.is_space)]
        for left, right in zip(statement.parts, statement.parts[1:], strict=False)
    ]
    for tokens in (*gaps, after, before):
        cue = next((t for t in tokens if is_quote_cue_verb(t)), None)
        if cue is None or (
            cue.idx >= statement.end and _introduces_next_quote(cue, statement, quotes)
        ):
            continue
        for mention in people:
            mention_tokens = [t for t in tokens if mention.start <= t.idx < mention.end]
            if not mention_tokens:
                continue
            gap = (
                abs(mention_tokens[0].i - cue.i)
                if mention_tokens[0].i > cue.i
                else (cue.i - mention_tokens[-1].i)
            )
            if gap <= MAX_NAME_CUE_GAP_TOKENS:
                return _mention_speaker(mention, cue.text, cue.idx)
    return None


# How many words of description may open the name ('Texas delegate Bill Eastland').
MAX_WORDS_BEFORE_NAME = 3
# How long the appositive in '"…," Flynn, a top Trump surrogate, said' may run.
MAX_APPOSITIVE_TOKENS = 15


def _name_appositive_and_cue(
    doc: Doc, statement: QuotedStatement, people: Sequence[PersonMention]
) -> Speaker | None:
    """'"…," Jane Doe, the group's director, said': a name, an appositive, the cue.

    A fallback for parses that hang the name on the quote: the name must
    touch the closing mark and the cue follow the comma that ends the
    appositive, all on one line and in one sentence. Between the parts of a
    split quote ('"A," Jane Doe, now 81, said. "B."') the clause reads the same.
    """
    text = text_of(doc)
    ends = [part.end for part in statement.parts]
    limits = [part.start for part in statement.parts[1:]] + [min(len(text), statement.end + 300)]
    for end, limit in zip(ends, limits, strict=True):
        speaker = _name_appositive_and_cue_after(doc, end, limit, people)
        if speaker is not None:
            return speaker
    return None


def _name_appositive_and_cue_after(
    doc: Doc, end: int, limit: int, people: Sequence[PersonMention]
) -> Speaker | None:
    text = text_of(doc)
    tokens = tokens_between(doc, end, limit)
    words = [t for t in tokens if not (t.is_space or (t.is_punct and t.text not in {",", "."}))]
    if not words or words[0].text == ",":
        words = words[1:] if words else words
    if not words:
        return None
    # 'Mr. Daniloff', 'Texas delegate Bill Eastland': a title or a short
    # description the mention leaves out may open the name.
    for _ in range(MAX_WORDS_BEFORE_NAME):
        if len(words) < 2 or any(m.start == words[0].idx for m in people):
            break
        if words[0].pos_ not in {"PROPN", "NOUN", "ADJ"} and (
            words[0].lower_.rstrip(".") not in TITLE_WORDS
        ):
            break
        words = words[1:]
    mention = next((m for m in people if m.start == words[0].idx), None)
    if mention is None or "\n" in text[end : mention.start]:
        return None
    after_name = [t for t in words if t.idx >= mention.end]
    if not after_name or after_name[0].text != ",":
        return None
    for position, token in enumerate(after_name[1 : MAX_APPOSITIVE_TOKENS + 1], start=1):
        if token.text == "." or "\n" in text[mention.end : token.idx]:
            return None
        if token.text == "," and position + 1 < len(after_name):
            cue = after_name[position + 1]
            if not is_quote_cue_verb(cue):
                continue
            return _mention_speaker(mention, cue.text, cue.idx)
    return None


def _phrase_ending_at(verb: Token, statement: QuotedStatement) -> Token | None:
    """'a White House official who spoke anonymously said Wednesday, "..."'.

    A cue the parser left without a subject: the noun phrase that ends right
    before it, in its sentence, hung elsewhere by the parser, is who speaks.
    """
    if verb.i == 0 or any(child.dep_ in {"nsubj", "nsubjpass"} for child in verb.children):
        return None
    token = verb.doc[verb.i - 1]
    if token.is_punct or token.sent != verb.sent or statement.contains(token.idx):
        return None
    # Up the phrases that end right before the cue, to the first noun that is
    # not an object or modifier ('strategy' < 'discuss' < 'spoke' < 'official').
    while token.head is not token and token.head.i < verb.i:
        if token.pos_ in {"NOUN", "PROPN"} and token.dep_ not in _NOT_PHRASE_HEAD_DEPS:
            return token
        if token.head.right_edge.i >= verb.i:
            break
        token = token.head
    return None


_NOT_PHRASE_HEAD_DEPS = frozenset(
    {"pobj", "dobj", "poss", "compound", "attr", "npadvmod", "amod", "nmod"}
)


def _name_and_appositive_before(
    doc: Doc, verb: Token, people: Sequence[PersonMention]
) -> PersonMention | None:
    """'Col. Steven H. Warren, a military spokesman in Baghdad, said, "..."'.

    The parser may hang the name on a phrase before it ('on Dec. 2, Col. ...'),
    leaving the cue without a subject: a name, then an appositive set off by
    commas, right before the cue in the same sentence.
    """
    if verb.i < 2 or doc[verb.i - 1].text != ",":
        return None
    for j in range(verb.i - 2, max(-1, verb.i - 2 - MAX_APPOSITIVE_TOKENS), -1):
        token = doc[j]
        if token.is_space or token.text in {".", ";", ":"} or token.is_quote:
            return None
        if token.text == ",":
            return next((m for m in people if m.end == token.idx), None)
    return None


# Tokens read on each side of a quote by the surface fallback.
_SURFACE_WINDOW_TOKENS = 7


def _word_tokens(doc: Doc, offset: int, direction: int) -> list[Token]:
    """The few tokens on one side of ``offset`` on its line, nearest first, past the marks."""
    text = text_of(doc)
    if direction > 0:
        tokens = tokens_between(doc, offset, min(len(text), offset + 200))
    else:
        tokens = tokens_between(doc, max(0, offset - 200), offset)[::-1]
    found: list[Token] = []
    for token in tokens:
        if "\n" in token.text:
            break
        if token.is_punct and not found:
            continue  # the closing mark and comma
        if token.is_punct and token.text not in {",", ":", "."}:
            break
        sentence_end = token.text == "." and not doc[token.i - 1].text.endswith(".")
        if sentence_end and direction > 0:
            break
        found.append(token)
        if len(found) >= _SURFACE_WINDOW_TOKENS:
            break
    return found


# '"...." ― Pamela Padilla': a dash and a name right after the closing mark.
# The dash may open the next paragraph: a quote paragraph, then "- Bernie Sanders."
_DASH_ATTRIBUTION = re.compile(
    r"[\u201d\u00bb\"']*(?:[ \t\xa0]*\n\s*)?[ \t\xa0]*[\u2015\u2014\u2013-]{1,2}[ \t\xa0]*"
)

# The name fills the line, or a comma follows it ("-Michelle Marks, Philadelphia.").
_DASH_SIGNATURE = re.compile(
    r"([A-Z][\w'.-]*(?:[ \t\xa0]+[A-Z][\w'.-]*){1,4})\.?[ \t\xa0]*(?:\n|$|,)"
)


# 'including Mitt Romney -- "It is disqualifying ..." --': a name, a dash, the quote.
_DASH_BEFORE_QUOTE = re.compile(r"[ \t\xa0]*(?:--|[\u2015\u2014\u2013])[ \t\xa0]*$")


def _dash_introduction(
    doc: Doc, statement: QuotedStatement, people: Sequence[PersonMention]
) -> Speaker | None:
    text = text_of(doc)
    before = text[: statement.start].rstrip("\u201c\u00ab\"'`")
    dash = _DASH_BEFORE_QUOTE.search(before, max(0, len(before) - 8))
    if dash is None:
        return None
    name_end = dash.start()
    for mention in people:
        if mention.end == name_end and _speaks_before_dash(doc, mention):
            cue = dash.group().strip()
            cue_start = dash.start() + dash.group().index(cue)
            return _mention_speaker(mention, cue, cue_start)
    return None


def _speaks_before_dash(doc: Doc, mention: PersonMention) -> bool:
    """Not someone talked about ('supportive of Mr. Trump -- "..."'), unless listed as a voice."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.dep_ == "pobj":
        return root.head.lemma_.lower() in {"include", "like", "as"}
    return root.dep_ not in {"dobj", "iobj"}


def _dash_attribution(
    doc: Doc, statement: QuotedStatement, people: Sequence[PersonMention]
) -> Speaker | None:
    match = _DASH_ATTRIBUTION.match(text_of(doc), statement.end)
    if match is None or not match.group().strip(" \t\n\xa0\u201d\u00bb\"'"):
        return None
    for mention in people:
        if mention.start == match.end():
            dash = match.group().strip(" \t\n\xa0\u201d\u00bb\"'")
            return _mention_speaker(mention, dash, match.start() + match.group().index(dash))
    # A signature the NER missed: the dash and a short run of capitalised
    # words that fills the rest of the line ('" ― Maria T Lopez Garza').
    signature = _DASH_SIGNATURE.match(text_of(doc), match.end())
    if signature is None:
        return None
    dash = match.group().strip(" \t\n\xa0\u201d\u00bb\"'")
    name = signature.group(1).rstrip(".")
    return Speaker(
        text=name,
        start=signature.start(1),
        end=signature.start(1) + len(name),
        name=canonical_person_name(name),
        cue=dash,
        cue_start=match.start() + match.group().index(dash),
        cue_end=match.start() + match.group().index(dash) + len(dash),
    )


def _search_regions(
    doc: Doc, statement: QuotedStatement, quotes: Sequence[QuotedStatement]
) -> list[list[Token]]:
    """Token runs outside the quotes where the cue may be, most likely first."""
    previous_end = max((q.end for q in quotes if q.end <= statement.start), default=0)
    next_start = min(
        (q.start for q in quotes if q.start >= statement.end), default=len(text_of(doc))
    )

    def outside(tokens: Sequence[Token]) -> list[Token]:
        return [
            token
            for token in tokens
            if previous_end <= token.idx < next_start
            and not statement.start <= token.idx < statement.end
        ]

    gaps = [
        _tokens_between(doc, left.end, right.start)
        for left, right in zip(statement.parts, statement.parts[1:], strict=False)
    ]
    first = doc.char_span(statement.start, statement.end, alignment_mode="expand")
    if first is None:
        return gaps
    first_sentence = sentence_of(first[0])
    last_sentence = sentence_of(first[-1])
    before = outside(doc[first_sentence.start : first[0].i])
    if not _has_words(before) and first_sentence.start > 0:
        # "Sullivan said:" parsed as a sentence of its own before the quote.
        previous = sentence_of(doc[first_sentence.start - 1])
        if previous[-1].text == ":" or (len(previous) > 1 and previous[-2].text == ":"):
            before = outside(previous)
    # After the closing mark: the rest of the quote's last sentence, or, when the
    # quote fills its sentence, the next one ("…." Sullivan said.).
    after_start = first[-1].i + 1
    while after_start < len(doc) and (doc[after_start].is_punct or doc[after_start].is_space):
        after_start += 1
    after: list[Token] = []
    if after_start < len(doc):
        after_sentence = sentence_of(doc[after_start])
        after = outside(doc[after_start : max(after_sentence.end, last_sentence.end)])
    before.reverse()  # nearest to the quote first
    quote_opens_sentence = not _has_words(before)
    ordered = [after, before] if quote_opens_sentence else [before, after]
    return [*gaps, *ordered]


def _has_words(tokens: Sequence[Token]) -> bool:
    return any(not (token.is_punct or token.is_space) for token in tokens)


def _cue_and_subject(
    region: Sequence[Token], statement: QuotedStatement, quotes: Sequence[QuotedStatement]
) -> tuple[Span, Token] | None:
    """The first speech cue in ``region`` whose subject can be found."""
    words = 0
    # '"...," Scott Pruitt, the Republican attorney general of Oklahoma, said.':
    # after a quote, or between the parts of a split one, an appositive may
    # stand between the speaker and the cue.
    follows_quote = bool(region) and region[0].idx >= statement.parts[0].end
    limit = MAX_CUE_DISTANCE_AFTER_WORDS if follows_quote else MAX_CUE_DISTANCE_WORDS
    deferred: tuple[Span, Token] | None = None
    for token in region:
        if not (token.is_punct or token.is_space):
            words += 1
        if words > limit:
            # Further away, only a verb whose clause holds the quote ('Bolton said
            # that whatever choice voters make, "they should not ..."').
            if is_quote_cue_verb(token) and (
                governs_quote(token, statement)
                or _is_parenthetical_cue(token, statement)
                or _introduces_with_as(token, statement)
            ):
                subject = _named_before_participle(token, quotes) or subject_of(
                    token, statement, quotes=quotes
                )
                if subject is not None:
                    return token.doc[token.i : token.i + 1], subject
            continue
        if token.lower_ == "according" and token.i + 1 < len(token.doc):
            to = token.doc[token.i + 1]
            objects = [child for child in to.children if child.dep_ == "pobj"]
            if to.lower_ == "to" and objects and not statement.contains(objects[0].idx):
                return token.doc[token.i : token.i + 2], objects[0]
        if not is_quote_cue_verb(token):
            continue
        if (
            _reports_other_content(token, statement, quotes)
            and not _is_parenthetical_cue(token, statement)
            and not _between_parts(token, statement)
            and not _closes_reporting_comma(token, statement)
        ):
            continue
        if token.idx >= statement.end and _introduces_next_quote(token, statement, quotes):
            # '"A." Ms. Alawee said. "B." Mr. Zahed said: "C."': a cue with a
            # colon introduces the quote after it, not the one before.
            continue
        if (
            token.idx >= statement.end
            and _in_a_later_sentence(token, statement)
            and not is_main_clause(token)
            and token.i - sentence_of(token).start > MAX_OPENING_CUE_TOKENS
        ):
            # '"...." Sullivan said.' reports the quote from the next sentence
            # as its main verb or in its first words; 'the questions sparked by
            # his death will take longer to answer' does not.
            continue
        subject = _named_before_participle(token, quotes) or subject_of(
            token, statement, quotes=quotes
        )
        if subject is None:
            continue
        if token.dep_ == "relcl" and not governs_quote(token, statement):
            # 'told a young woman who suggested that ... that "..."': a verb in a
            # relative clause describes someone; it reports the quote only when
            # the quote is in its clause, or when no other cue does.
            deferred = deferred or (token.doc[token.i : token.i + 1], subject)
            continue
        return token.doc[token.i : token.i + 1], subject
    return deferred


# '"…," said the senator', '"…," the senator's spokeswoman said': subject words
# between the closing mark and the cue.
MAX_WORDS_BEFORE_INVERTED_CUE = 4


def _closes_reporting_comma(verb: Token, statement: QuotedStatement) -> bool:
    """'"It's finished," she said of the election, in which Trump would win'.

    A cue a few words after a quote that ends in a comma reports that quote:
    English puts the comma there for the reporting clause. A clause the
    parser hangs on the cue further on is a misparse, not other content.
    """
    doc = verb.doc
    text = text_of(doc)
    if verb.idx < statement.end or not statement.parts[-1].text_in(text).rstrip().endswith(","):
        return False
    gap = text[statement.end : verb.idx]
    if "\n" in gap or re.search(r"[.!?]\s", gap):
        return False
    # Only a quote that opens its sentence: 'told Fox's "Hannity," Gingrich said
    # that ...' has a title in marks, and the cue reports the clause after it.
    line_start = text.rfind("\n", 0, statement.start) + 1
    opening = text[line_start : statement.start].rstrip("\u201c\u00ab\"'` \t\xa0")
    if opening and not opening.endswith((".", "!", "?", "\u201d", '"', ":")):
        return False
    return len(re.findall(r"\w+", gap)) <= MAX_WORDS_BEFORE_INVERTED_CUE


def _between_parts(token: Token, statement: QuotedStatement) -> bool:
    """True for a cue inside a split quote: '"A," he said of people whose rights were
    restored, "B."' reports both parts, whatever clause the parse gives it."""
    return statement.parts[0].end <= token.idx < statement.parts[-1].start


def _introduces_next_quote(
    verb: Token, statement: QuotedStatement, quotes: Sequence[QuotedStatement]
) -> bool:
    """True when a colon and then another quote follow ``verb`` ('Zahed said: "..."').

    A comma does too when the quote before ended its sentence ('"Would you
    have told her?" He answered, "I have no idea."'): a split quote's first
    part ends in a comma instead.
    """
    following = [t for t in verb.doc[verb.i + 1 : verb.i + 3] if not t.is_space]
    if not following or following[0].text not in {":", ","}:
        return False
    if following[0].text == ",":
        ended = statement.parts[-1].text_in(text_of(verb.doc)).rstrip()
        if not ended.endswith((".", "?", "!")) or not _in_a_later_sentence(verb, statement):
            return False
    colon_end = following[0].idx + 1
    return any(
        other is not statement
        and other.start >= colon_end
        and not text_of(verb.doc)[colon_end : other.start].strip().strip("\"'\u201c\u2018`")
        for other in quotes
    )


# '"…." Mr. Obama, smiling, said': how far into the next sentence a cue may open it.
MAX_OPENING_CUE_TOKENS = 4


def _is_parenthetical_cue(verb: Token, statement: QuotedStatement) -> bool:
    """'And perhaps, he said, it could help ... who, "in fits and starts, ..."'.

    A reporting clause set off by commas before the quote, in the quote's
    sentence, reports the whole sentence whatever the parse attaches it to.
    """
    doc = verb.doc
    if verb.i + 1 >= len(doc) or doc[verb.i + 1].text != "," or verb.idx >= statement.start:
        return False
    subject = doc[verb.i - 1] if verb.i > 0 else None
    if subject is None or subject.dep_ not in _SUBJECT_DEPS or subject.head != verb:
        return False
    start = subject.left_edge.i
    if start == 0 or doc[start - 1].text != ",":
        return False
    first = doc.char_span(statement.start, statement.end, alignment_mode="expand")
    return bool(first) and sentence_of(verb).start == sentence_of(first[0]).start


def _in_a_later_sentence(token: Token, statement: QuotedStatement) -> bool:
    """True when ``token`` stands in a sentence after the one the quote ends in."""
    doc = token.doc
    last = doc.char_span(statement.end - 1, statement.end, alignment_mode="expand")
    return bool(last) and sentence_of(token).start > sentence_of(last[0]).start


def _named_before_participle(verb: Token, quotes: Sequence[QuotedStatement]) -> Token | None:
    """'footage of Hillary Clinton asking, "..."': a name right before a participle cue.

    With no comma between, the name is who does the participle, wherever the
    parse hangs it ('Trump attacked Clinton, saying' keeps Trump).
    """
    if verb.tag_ != "VBG" or verb.i == 0:
        return None
    if verb.dep_ == "acl" and verb.head.lemma_.lower() in message_nouns():
        return None  # "posted a message on Twitter reading": the message's, see _author_of
    named = verb.doc[verb.i - 1]
    if named.ent_type_ != "PERSON" or any(quote.contains(named.idx) for quote in quotes):
        return None
    return named


def _reports_other_content(
    verb: Token, statement: QuotedStatement, quotes: Sequence[QuotedStatement] = ()
) -> bool:
    """True when the verb's clause complement lies outside the quote ("he said that ...").

    A complement inside another quotation does not count: '"A," she said of
    the race, in which ... "B."' reports both quotes. Nor does one before the
    verb: the small model reads scene-setting clauses ('On the day the video
    emerged, Trump said, "..."') as complements.
    """
    for child in verb.rights:
        if child.dep_ in _CLAUSE_DEPS and not any(
            statement.contains(token.idx) or any(q.contains(token.idx) for q in quotes)
            for token in child.subtree
        ):
            return True
    return False


def governs_quote(verb: Token, statement: QuotedStatement) -> bool:
    """True when the quote sits inside the verb's clause ('she says it is "dangerous"')."""
    return verb.i < len(verb.doc) and any(
        statement.contains(token.idx) for token in verb.subtree if token.i > verb.i
    )


def subject_of(
    verb: Token, statement: QuotedStatement, *, quotes: Sequence[QuotedStatement] = ()
) -> Token | None:
    """Who does ``verb``: its subject, one shared with the verb it hangs from, or 'said X'.

    A subject inside one of ``quotes`` is someone's words, not the speaker
    ('-- "That makes me smart" -- and, asked later, asserting, "..."').
    """

    marked = quoted_spans(verb.doc)

    def quoted(token: Token) -> bool:
        return (
            statement.contains(token.idx)
            or any(q.contains(token.idx) for q in quotes)
            or inside_quotes(marked, token.idx)
        )

    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        # "posted a message reading ...": the message speaks for who posted it.
        author = _author_of(verb.head, statement, quotes)
        if author is not None:
            return author
    current = verb
    if verb.tag_ == "VBG" and verb.idx < statement.start and statement.contains(verb.head.idx):
        # 'Clinton seemed ready to riff on it, telling the crowd, "Some people get
        # ...": the parser hung the participle in the quote; it belongs to the
        # clause before its comma.
        root = sentence_of(verb).root
        if root.i < verb.i and not quoted(root):
            current = root
    for _ in range(3):
        # Nearest first: in "Speaking in Salem, New Hampshire, Trump went" the
        # parser gives "went" two subjects, and the place is not the one.
        # 'Trump was prompted to say': the passive subject of the verb a cue
        # completes is who speaks.
        deps = _SUBJECT_DEPS if current is verb else _SUBJECT_DEPS | {"nsubjpass"}
        for child in sorted(current.children, key=lambda c: abs(c.i - current.i)):
            if (
                child.dep_ in deps
                and not child.is_punct  # a dash the parser took for a subject
                and not quoted(child)
                and (child.ent_type_ not in _NOT_SPEAKER_ENTS or _is_age_description(child))
            ):
                if child.tag_ in _RELATIVE_PRONOUN_TAGS and current.dep_ == "relcl":
                    # "Sullivan, who said ...", "released a video that said ..."
                    return _author_of(current.head, statement, quotes) or current.head
                if _hangs_in_reported_clause(verb, current) and not quoted(current.head):
                    reporter = subject_of(current.head, statement, quotes=quotes)
                    if reporter is not None:
                        return reporter
                return _sender_of(child) or child
        if _is_prepositional_participle(current):
            # "McConnell deflected questions before saying": through the preposition.
            current = current.head.head
        elif current.dep_ not in _SHARED_SUBJECT_DEPS or current.head is current:
            break
        else:
            current = current.head
        if statement.contains(current.idx):
            break
    # "…," said Sullivan: the subject follows the verb, often misparsed. Not after
    # a participle: in "saying it", "asking her" what follows is the object.
    if verb.tag_ in _PARTICIPLE_TAGS:
        return None
    # "As Amar put it, ...": the parser reads "As Amar" as a prepositional phrase.
    for child in verb.lefts:
        if child.lower_ == "as" and child.dep_ in {"mark", "prep"}:
            named = [t for t in child.children if t.dep_ == "pobj" and not quoted(t)]
            if named:
                return named[0]
    for child in verb.rights:
        if (
            child.i - verb.i <= MAX_INVERTED_SUBJECT_DISTANCE
            and child.dep_ in INVERTED_SUBJECT_DEPS
            and child.pos_ in {"PROPN", "NOUN", "PRON"}
            and (child.ent_type_ not in _NOT_SPEAKER_ENTS or _is_age_description(child))
            and not quoted(child)
        ):
            return child
    return None


def _is_age_description(token: Token) -> bool:
    """'said the 46-year-old': an age the NER calls a date, standing for a person."""
    return token.lower_ == "old" and any(child.lower_ == "the" for child in token.lefts)


def _hangs_in_reported_clause(cue: Token, clause: Token) -> bool:
    """True for 'Trump argued that a database would keep them out, saying ...'.

    The parser hangs the cue inside the reported clause ('saying', or 'but
    added' in 'Pence said it takes time but added'); it belongs to the verb
    reporting the clause, and the clause's subject is what was talked about.
    """
    return clause is not cue and clause.dep_ == "ccomp" and is_speech_verb(clause.head)


_PARTICIPLE_TAGS = frozenset({"VBG", "VBN"})


def _author_of(
    noun: Token, statement: QuotedStatement, quotes: Sequence[QuotedStatement]
) -> Token | None:
    """Who made or showed ``noun`` when it is a message object ("Trump released a video")."""
    if noun.lemma_.lower() not in message_nouns():
        return None
    if noun.dep_ == "dobj":
        return subject_of(noun.head, statement, quotes=quotes)
    if noun.dep_ == "pobj" and noun.head.head.pos_ in VERB_POS:
        # "The council voted for the resolution, which said"
        return subject_of(noun.head.head, statement, quotes=quotes)
    return None


def _sender_of(noun: Token) -> Token | None:
    """'a fundraising email sent out by Sanders warned': the message speaks for its sender."""
    if noun.lemma_.lower() not in message_nouns():
        return None
    for participle in noun.children:
        if participle.dep_ == "acl":
            for agent in participle.children:
                if agent.dep_ == "agent":
                    senders = [t for t in agent.children if t.dep_ == "pobj"]
                    if senders:
                        return senders[0]
    return None


def _is_prepositional_participle(verb: Token) -> bool:
    """'before saying', 'after adding', 'by noting': a participle a preposition ties to a verb."""
    return (
        verb.tag_ == "VBG"
        and verb.dep_ == "pcomp"
        and verb.head.dep_ == "prep"
        and verb.head.head.pos_ in VERB_POS
    )


# "said Monday", "said 5:45 p.m.": times and numbers never speak.
_NOT_SPEAKER_ENTS = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
)


def _speaker_span(subject: Token) -> Span:
    doc = subject.doc
    if subject.ent_type_ and subject.ent_iob_ != "O":
        start = subject.i
        while start > 0 and subject.doc[start].ent_iob_ == "I":
            start -= 1
        end = subject.i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        return doc[start:end]
    start = subject.i
    for child in subject.lefts:
        if child.dep_ in _NOUN_PHRASE_DEPS:
            start = min(start, child.left_edge.i)
    end = subject.i + 1
    if subject.pos_ == "NOUN":
        for child in subject.rights:
            if child.is_punct and not child.is_quote:
                continue
            first = child.left_edge.i
            follows = first == end or (first == end + 1 and doc[end].text == ",")
            if child.dep_ not in _DESCRIPTION_TAIL_DEPS or not follows:
                break
            if child.dep_ == "prep" and child.lower_ not in _DESCRIPTION_TAIL_PREPOSITIONS:
                break
            tail = doc[end : child.right_edge.i + 1]
            if any(token.is_quote or token.is_space for token in tail):
                break
            end = child.right_edge.i + 1
    return doc[start:end]


def speaker_for_cue(
    doc: Doc,
    cue: Span,
    subject: Token,
    statement: QuotedStatement,
    *,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement],
) -> Speaker:
    """The speaker named by ``subject`` of ``cue``, resolved to a person where possible."""
    span = _speaker_span(subject)
    return Speaker(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        name=_speaker_name(span, subject, statement, people=people, quotes=quotes),
        cue=cue.text,
        cue_start=cue.start_char,
        cue_end=cue.end_char,
    )


def _speaker_name(
    span: Span,
    subject: Token,
    statement: QuotedStatement,
    *,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement],
) -> str | None:
    for mention in people:
        if mention.start < span.end_char and span.start_char < mention.end:
            return mention.name
    if subject.lower_ in PERSON_PRONOUNS:
        return pronoun_referent(
            subject.doc,
            min(statement.start, span.start_char),
            subject.idx,
            subject.idx + len(subject),
            people=people,
            quotes=quotes,
        )
    if (subject.pos_ == "PROPN" or subject.is_title) and subject.ent_type_ in {"", "PERSON"}:
        # A surname the NER missed: only trust it when it names someone in the article.
        name = canonical_person_name(span.text)
        resolved = resolve_person_name(
            name, full_names=full_names_in(people), position=span.start_char
        )
        return resolved if resolved != name else None
    if subject.pos_ == "NOUN" and any(c.lower_ == "the" for c in subject.lefts):
        return description_referent(subject, min(statement.start, span.start_char), people)
    return None
