"""Fallback: a quote with no cue of its own that goes on with words reported just before it."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from spacy.tokens import Doc

from entities.nlp.cue_search import CLAUSE_DEPS
from entities.nlp.cues import is_speech_verb, question_verbs
from entities.nlp.doc_index import sentence_of, text_of
from entities.nlp.indirect import parenthetical_clause
from entities.nlp.quoted_statements import QuotedStatement, Speaker, ends_paragraph
from entities.nlp.quotes import OPENING_MARKS_AND_SPACES
from entities.nlp.referents import is_main_clause
from entities.nlp.results import PersonMention
from entities.nlp.subjects import names_someone, speaker_for_cue, subject_of


def continues_reported_speech(
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
    if not ends_paragraph(text, statement.end):
        return None
    before = text[: statement.start].rstrip(OPENING_MARKS_AND_SPACES)
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
        if (
            not any(child.dep_ in CLAUSE_DEPS for child in verb.children)
            and not (
                is_main_clause(verb) and not any(child.dep_ == "neg" for child in verb.children)
            )
            and parenthetical_clause(verb) is None
        ):
            # 'The plan, he said, will fail.' reports its clause as much as 'He said it will fail.'
            continue
        subject = subject_of(verb, statement, quotes=quotes)
        if subject is None or not names_someone(subject, people):
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


_WORDS_RE = re.compile(r"\w+")
_CLOSING_MARKS = "\u201d\u00bb\"' "


def quote_paragraph_after_reported_speech(
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
    if not ends_paragraph(text, statement.end):
        return None
    line_start = text.rfind("\n", 0, statement.start) + 1
    if text[line_start : statement.start].strip(OPENING_MARKS_AND_SPACES):
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
        if any(child.dep_ in CLAUSE_DEPS and child.i > verb.i for child in verb.children):
            # 'argued that ...' has reported its content; a trailing 'Susan said'
            # after a paraphrase goes on into the quote.
            return None
        subject = subject_of(verb, statement, quotes=quotes)
        if subject is None or not names_someone(subject, people):
            return None
        return speaker_for_cue(
            doc, doc[verb.i : verb.i + 1], subject, statement, people=people, quotes=quotes
        )
    return None


def quote_paragraph_after_attributed_quote(
    doc: Doc,
    statement: QuotedStatement,
    *,
    quotes: Sequence[QuotedStatement],
    speaker_of: Callable[[QuotedStatement], Speaker | None],
) -> Speaker | None:
    """'"A," Lau said.' then a paragraph that is only '"B."': B is Lau's too.

    News copy runs one speaker's quotes over several paragraphs and names the
    speaker once: a paragraph that is nothing but a quotation, with no cue of
    its own, goes on with the speaker of the paragraph before when that
    paragraph ends with an attributed quote (its last sentence holds the
    quote or the cue after it), unless that quote is a question someone asked:
    the paragraph is then the answer. The speaker comes back with the same cue, so
    the paragraphs are one statement, as with '"A," Lau said. "B."'.
    ``speaker_of`` attributes the earlier quote.
    """
    text = text_of(doc)
    if not ends_paragraph(text, statement.end):
        return None
    line_start = text.rfind("\n", 0, statement.start) + 1
    if line_start == 0 or text[line_start : statement.start].strip(OPENING_MARKS_AND_SPACES):
        return None
    before = text[:line_start].rstrip()
    previous_start = text.rfind("\n", 0, len(before)) + 1
    previous = next(
        (q for q in reversed(quotes) if previous_start <= q.start and q.end <= len(before)),
        None,
    )
    words_end = len(before.rstrip(_CLOSING_MARKS))
    last = doc.char_span(words_end - 1, words_end, alignment_mode="expand")
    if previous is None or last is None:
        return None
    speaker = speaker_of(previous)
    if speaker is None or not 0 <= speaker.cue_start < len(before):
        return None  # only a cue before the paragraph: one after it has a say of its own
    last_sentence_start = sentence_of(last[0]).start_char
    if last_sentence_start >= previous.end and last_sentence_start > speaker.cue_start:
        return None  # narrative after the quote: the paragraph does not end with it
    if text[previous.start : previous.end].rstrip().endswith("?") and _asks(doc, speaker):
        return None  # '"Will you run?" the host asked.' then '"No."': the answer is another's
    return speaker


def _asks(doc: Doc, speaker: Speaker) -> bool:
    cue = doc.char_span(speaker.cue_start, speaker.cue_end, alignment_mode="expand")
    return cue is not None and cue.root.lemma_.lower() in question_verbs()
