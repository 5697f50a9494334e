"""Who does a cue verb: its subject in the parse, and the speaker and person it names.

``subject_of`` finds the token, ``speaker_for_cue`` turns it into a ``Speaker``
(the phrase as written and the person it resolves to).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from spacy.tokens import Doc, Span, Token

from entities.nlp.cues import is_speech_verb, message_nouns
from entities.nlp.doc_index import sentence_of, text_of
from entities.nlp.people import (
    TITLE_WORDS,
    canonical_person_name,
    full_names_in,
    resolve_person_name,
)
from entities.nlp.quoted_statements import QuotedStatement, Speaker
from entities.nlp.quotes import inside_quotes, quoted_spans
from entities.nlp.referents import (
    INVERTED_SUBJECT_DEPS,
    VERB_POS,
    description_referent,
    pronoun_referent,
)
from entities.nlp.results import PersonMention

# Pronouns that stand for one person; "they"/"we" are left unresolved.
PERSON_PRONOUNS = frozenset({"he", "she"})
# Entities that can speak: a person, an organisation, a group, a country.
SPEAKER_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
# Dependents of a noun that belong in the speaker as written ("the White House spokesman").
_NOUN_PHRASE_DEPS = frozenset({"det", "compound", "amod", "poss", "nmod", "nummod", "case"})
# Dependents after a common noun that say whose it is ("a spokesman for the buyer", "the
# leader of the league, Jonathan Greenblatt"): without them "a spokesman" names no one.
_DESCRIPTION_TAIL_DEPS = frozenset({"prep", "appos"})
_DESCRIPTION_TAIL_PREPOSITIONS = frozenset({"for", "of", "from", "at"})
SUBJECT_DEPS = frozenset({"nsubj"})
_RELATIVE_PRONOUN_TAGS = frozenset({"WP", "WDT"})
# Verbs whose object is the hearer: the speaker never follows them ('told AFP').
HEARER_OBJECT_VERBS = frozenset({"tell", "inform", "assure", "reassure", "remind", "notify"})
# "said Sullivan", "said the senator's spokesman": the head noun is close.
MAX_INVERTED_SUBJECT_DISTANCE = 4
# Verb-to-verb links a speech verb can hang from and still share the subject
# ("he paused and added", "Sullivan said, adding"), or the parser's "dep" when it
# cannot place the cue ('Clinton, exasperated, famously responded:').
_SHARED_SUBJECT_DEPS = frozenset({"conj", "advcl", "xcomp", "dep"})


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
    participle = verb.head if verb.dep_ == "xcomp" and verb.head.tag_ == "VBG" else verb
    if (
        participle.tag_ == "VBG"
        and participle.dep_ == "advcl"
        and verb.idx < statement.start
        and quoted(participle.head)
    ):
        # '"A," Sanders said, going on to say that ... "B"': the parser hung the
        # participle on a verb in quotes; it shares the subject of the cue before
        # its comma.
        earlier = [
            token
            for token in sentence_of(participle)
            if token.i < participle.i and is_speech_verb(token) and not quoted(token)
        ]
        if earlier:
            current = earlier[-1]
    for _ in range(3):
        # Nearest first: in "Speaking in Salem, New Hampshire, Trump went" the
        # parser gives "went" two subjects, and the place is not the one.
        # 'Trump was prompted to say': the passive subject of the verb a cue
        # completes is who speaks.
        deps = SUBJECT_DEPS if current is verb else SUBJECT_DEPS | {"nsubjpass"}
        for child in sorted(current.children, key=lambda c: abs(c.i - current.i)):
            if (
                (child.dep_ in deps or (child.i < current.i and _past_dateline(child)))
                and not child.is_punct  # a dash the parser took for a subject
                and not quoted(child)
                and (child.ent_type_ not in _NOT_SPEAKER_ENTS or is_age_description(child))
            ):
                if child.tag_ in _RELATIVE_PRONOUN_TAGS and current.dep_ == "relcl":
                    # "Sullivan, who said ...", "released a video that said ..."
                    return _author_of(current.head, statement, quotes) or current.head
                if (
                    current is verb
                    and _thing_in_reported_clause(verb, child)
                    and not quoted(verb.head)
                ):
                    reporter = subject_of(verb.head, statement, quotes=quotes)
                    if reporter is not None:
                        return reporter
                if _hangs_in_reported_clause(verb, current) and not quoted(current.head):
                    reporter = subject_of(current.head, statement, quotes=quotes)
                    if reporter is not None:
                        return reporter
                if child.pos_ == "ADP":
                    # 'Of Carson, Levine said': the parser made the preposition the
                    # subject; the name it governs is the one who spoke.
                    # Read "Of Carson, Levine" either way: "Levine" as the object,
                    # or as an appositive to it.
                    named = [t for t in child.children if t.dep_ == "pobj" and not quoted(t)]
                    if not named:
                        continue
                    child = named[-1]
                    child = next((t for t in child.rights if t.dep_ == "appos"), child)
                return _sender_of(child) or _past_dateline(child) or child
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
    if verb.lemma_.lower() in HEARER_OBJECT_VERBS:
        # '"...," Ramos, 58, told AFP': after "told" comes who heard it, never who
        # spoke; the speaker is the noun phrase that ends just before the verb.
        return _noun_phrase_before(verb, quoted)
    for child in verb.rights:
        if (
            child.i - verb.i <= MAX_INVERTED_SUBJECT_DISTANCE
            and child.dep_ in INVERTED_SUBJECT_DEPS
            and child.pos_ in {"PROPN", "NOUN", "PRON"}
            and (child.ent_type_ not in _NOT_SPEAKER_ENTS or is_age_description(child))
            and not quoted(child)
        ):
            return child
    return None


_DASHES = frozenset({"-", "--", "\u2014", "\u2013"})


def _past_dateline(subject: Token) -> Token | None:
    """'WASHINGTON -- President Obama, dedicating the museum, said': the name after the dash.

    A story opens with its dateline, the place in capitals and a dash; the
    parser often makes the place the subject and the name after the dash its
    appositive, but the dateline is no part of the sentence.
    """
    if not (subject.is_upper and subject.is_alpha and len(subject) > 1):
        return None
    for appositive in subject.rights:
        between = subject.doc[subject.i + 1 : appositive.left_edge.i]
        if appositive.dep_ == "appos" and any(token.text in _DASHES for token in between):
            return appositive
    return None


def _noun_phrase_before(verb: Token, quoted: Callable[[Token], bool]) -> Token | None:
    """The head of the noun phrase (appositives and relative clauses too) that ends at ``verb``.

    For a subject the parser lost ('Ramos, 58, told', read as a conjunct).
    """
    doc = verb.doc
    i = verb.i - 1
    while i >= 0 and doc[i].is_punct and not doc[i].is_quote:
        i -= 1
    if i < 0 or quoted(doc[i]) or doc[i].is_quote:
        return None
    found = None
    token = doc[i]
    while token.i < verb.i and token.right_edge.i < verb.i:
        if token.pos_ in {"PROPN", "NOUN", "PRON"} and not quoted(token):
            found = token
        # Token objects are made afresh on each access: compare positions, not identity.
        if token.head.i == token.i:
            break
        token = token.head
    return found


def is_age_description(token: Token) -> bool:
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
# Pronouns for a thing, never for a person who could speak.
_THING_PRONOUNS = frozenset({"it", "this", "that"})


def _thing_in_reported_clause(cue: Token, subject: Token) -> bool:
    """True for 'Obama said it would tell "a story of suffering and delight"'.

    A speech verb whose subject is a thing, inside a clause another speech verb
    reports, is part of what the reporter said: the words in marks are the
    reporter's, as the reporting verb outside says.
    """
    return (
        cue.dep_ == "ccomp"
        and cue.head is not cue
        and is_speech_verb(cue.head)
        and subject.pos_ == "PRON"
        and subject.lower_ in _THING_PRONOUNS
    )


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


def names_someone(subject: Token, people: Sequence[PersonMention] = ()) -> bool:
    """True when ``subject`` is someone: a name, group or country entity, he/she,
    or a capitalised surname the NER missed that names a person of the article."""
    if subject.ent_type_ in SPEAKER_ENTS or subject.lower_ in PERSON_PRONOUNS:
        return True
    if subject.ent_type_ or not subject.is_alpha or not subject.text[:1].isupper():
        return False
    name = canonical_person_name(subject.text)
    return resolve_person_name(name, full_names=full_names_in(people), position=subject.idx) != name


def _speaker_span(subject: Token) -> Span:
    doc = subject.doc
    if subject.ent_type_ and subject.ent_iob_ != "O":
        start = subject.i
        while start > 0 and subject.doc[start].ent_iob_ == "I":
            start -= 1
        end = subject.i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        if subject.ent_type_ == "NORP" and subject.pos_ in {"NOUN", "PROPN"}:
            # 'an Iowa Democrat', 'a senior Chinese diplomat': a group word heading a
            # description takes the words before it that say which one.
            for child in subject.lefts:
                if child.dep_ in _NOUN_PHRASE_DEPS and child.i < start:
                    start = child.left_edge.i
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


# What follows an unnamed source's noun and says which one it is: "a source familiar
# with Cruz's thinking", "one adviser to Bill Clinton", "a person close to the
# Clintons", "one operative inside Trump Tower", "a projection by Oxford Economics".
_SOURCE_TAIL_PREPOSITIONS = frozenset({"to", "with", "in", "inside", "within", "on", "by", "near"})
_SOURCE_TAIL_MODIFIER_TAGS = frozenset({"JJ", "VBN", "VBG"})
# Longer than this, a description has run into the sentence around it.
MAX_DESCRIPTION_CHARS = 120


def _with_description_tail(span: Span, head: Token, cue: Span) -> Span:
    """``span`` run on through the phrases right after ``head`` that say which source it is.

    Never into the cue: '"...," the old man bellowed from the back' misparsed with
    "bellowed" as a participle after "man" is the speaker and his verb.
    """
    doc = head.doc
    end = span.end
    for child in head.rights:
        if child.i < end:
            continue
        if child.left_edge.i != end:
            break
        prepositional = child.dep_ == "prep" and child.lower_ in (
            _SOURCE_TAIL_PREPOSITIONS | _DESCRIPTION_TAIL_PREPOSITIONS
        )
        # "close to", "familiar with", "involved in", "calling himself".
        modifier = child.dep_ in {"amod", "acl"} and child.tag_ in _SOURCE_TAIL_MODIFIER_TAGS
        if not (prepositional or modifier) or child.right_edge.i == child.i:
            break
        tail = doc[end : child.right_edge.i + 1]
        if any(token.is_quote or token.is_space or token.text == "," for token in tail):
            break
        if is_speech_verb(child) or (tail.start < cue.end and cue.start < tail.end):
            break
        if tail.end_char - span.start_char > MAX_DESCRIPTION_CHARS:
            break
        end = child.right_edge.i + 1
    return doc[span.start : end]


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
    if subject.lower_ in TITLE_WORDS and not any(
        m.start < span.end_char and span.start_char < m.end for m in people
    ):
        # 'Sirius XM Vice President for news and talk Dave Gorab called': the
        # parser took the title for the head; the person it names is the speaker.
        titled = _person_in_phrase(subject, people) or _person_after_title(span, people)
        if titled is not None:
            return mention_speaker(titled, cue.text, cue.start_char)
    if subject.pos_ == "NOUN":
        named = _name_right_after(subject, people)
        if named is not None:
            return mention_speaker(named, cue.text, cue.start_char)
    name = _speaker_name(span, subject, statement, people=people, quotes=quotes)
    if name is None and subject.pos_ == "NOUN":
        named = _appositive_person(subject, span, people) or _name_set_beside(subject, people)
        if named is not None:
            return mention_speaker(named, cue.text, cue.start_char)
        # An unnamed source is known by its whole description; the people named
        # in it are whom it is close to, not who speaks.
        span = _with_description_tail(span, subject, cue)
    return Speaker(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        name=name,
        cue=cue.text,
        cue_start=cue.start_char,
        cue_end=cue.end_char,
    )


def _appositive_person(
    noun: Token, span: Span, people: Sequence[PersonMention]
) -> PersonMention | None:
    """'Another delegate on the Cruz slate, Jim Poolman, said': the name set off by
    commas after a description is who the description means, however long it runs."""
    for appositive in noun.rights:
        # Set off by a comma, and the name is the appositive itself: "Four casinos --
        # Bally's, ... --" is a list, "critics, many of them Catholics," says who they are.
        if appositive.dep_ != "appos" or appositive.i < span.end:
            continue
        if noun.doc[appositive.left_edge.i - 1].text != ",":
            continue
        if any(t.pos_ != "PROPN" for t in noun.doc[appositive.left_edge.i : appositive.i]):
            continue
        named = (m for m in people if m.start <= appositive.idx < m.end)
        found = next((m for m in named if not _is_possessor(noun.doc, m)), None)
        if found is not None:
            return found
    return None


# What may stand right before a name that opens a clause: the start of its sentence or
# line, a quote mark that closes the quotation it attributes, a dash.
_CLAUSE_OPENERS = frozenset({'"', "\u201d", "\u201c", "''", "``", "-", "--", "\u2014", "\u2013"})


def _name_set_beside(noun: Token, people: Sequence[PersonMention]) -> PersonMention | None:
    """'Deborah Tamargo, the chairwoman of the county GOP, recalled', 'The editor I was
    talking to, Tim Grieve, interrupted': a name and a description set off from each
    other by a comma are one subject, whichever comes first, however the parser hung
    the name (often as an adverbial of the verb). The name speaks.

    Only a subject before its verb, closed by a comma right before the verb, and a
    name that either opens the clause right before the description or stands alone
    between the description and that comma.
    """
    doc = noun.doc
    verb = noun.head
    if verb.i <= noun.i:
        return None
    closing = verb.i - 1
    while closing > noun.i and doc[closing].dep_ in {"aux", "auxpass", "advmod", "neg"}:
        closing -= 1
    if doc[closing].text != "," or closing <= noun.i:
        return None
    text = text_of(doc)
    first = noun.left_edge
    for mention in people:
        if _is_possessor(doc, mention):
            continue
        name = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if name is None:
            continue
        if name.end <= first.i and text[mention.end : first.idx].strip() == ",":
            # The name before the description opens its clause.
            if name.start == sentence_of(name[0]).start or (
                name.start > 0 and doc[name.start - 1].text in _CLAUSE_OPENERS
            ):
                return mention
        elif (
            noun.i < name.start
            and name.end == closing
            and doc[name.start - 1].text == ","
            and all(t.pos_ == "PROPN" or t.text == "." for t in name)
        ):
            # The name after the description, alone between its commas.
            return mention
    return None


def _name_right_after(noun: Token, people: Sequence[PersonMention]) -> PersonMention | None:
    """'said Cruz constituent Dan Golvach': the name right after a role noun is who holds
    the role; a name before it ("Cruz") says whose the role is. The parser often makes the
    noun the head and the name its appositive, with no comma between."""
    for child in noun.rights:
        between = noun.doc[noun.i + 1 : child.left_edge.i]
        if child.dep_ != "appos" or any(not token.is_space for token in between):
            continue
        named = (m for m in people if m.start <= child.idx < m.end)
        return next((m for m in named if not _is_possessor(noun.doc, m)), None)
    return None


def _person_after_title(span: Span, people: Sequence[PersonMention]) -> PersonMention | None:
    """'said Army Capt. Christian Pardo': the person whose name follows the title, when the
    tokenizer cut the title's period off and the parser made the title a subject of its own.

    Only in the title's own sentence: '"...," said the president. Obama left' is two.
    """
    text = text_of(span.doc)
    sentence = sentence_of(span[-1])
    for mention in people:
        if mention.start < span.end_char or mention.start >= sentence.end_char:
            continue
        if text[span.end_char : mention.start].strip() in {"", "."}:
            return mention
        return None
    return None


def _person_in_phrase(noun: Token, people: Sequence[PersonMention]) -> PersonMention | None:
    """The first person named inside ``noun``'s phrase."""
    start, end = noun.left_edge.idx, noun.right_edge.idx + len(noun.right_edge)
    inside = [m for m in people if start <= m.start and m.end <= end]
    return next((m for m in inside if not _is_possessor(noun.doc, m)), None)


def _is_possessor(doc: Doc, mention: PersonMention) -> bool:
    """'Trump's attorney, Alan Garten': the name before 's is whose, not who."""
    return text_of(doc)[mention.end : mention.end + 1] in {"'", "\u2019"}


def _speaker_name(
    span: Span,
    subject: Token,
    statement: QuotedStatement,
    *,
    people: Sequence[PersonMention],
    quotes: Sequence[QuotedStatement],
) -> str | None:
    inside = [m for m in people if m.start < span.end_char and span.start_char < m.end]
    if inside:
        return _speaker_among(subject, inside).name
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


def _speaker_among(subject: Token, mentions: Sequence[PersonMention]) -> PersonMention:
    """Who of the people named in the speaker's phrase speaks.

    The one the phrase's head names, or its appositive; else the first not named as whose
    ("Ms. Merkel's spokesman, Steffen Seibert", "Sanders's campaign manager,
    Jeff Weaver": the spokesman speaks, not Merkel); else the first.
    """
    for mention in mentions:
        if mention.start <= subject.idx < mention.end:
            return mention
    for appositive in (c for c in subject.children if c.dep_ == "appos"):
        # "another Twitter user, Johanna Bayer": the name set beside the head.
        start = appositive.left_edge.idx
        end = appositive.right_edge.idx + len(appositive.right_edge)
        named = [m for m in mentions if start <= m.start and m.end <= end]
        if named:
            return named[0]
    return next((m for m in mentions if not _is_possessor(subject.doc, m)), mentions[0])


def mention_speaker(mention: PersonMention, cue: str, cue_start: int) -> Speaker:
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
