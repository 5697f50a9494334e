"""Roles: whole phrases from the reviewed list, and the country the article ties to them."""

from __future__ import annotations

import pytest

from entities.nlp.people import person_mentions
from entities.nlp.roles import role_modifiers, role_phrases


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "name", "roles", "country"),
    [
        (
            "Russian Foreign Minister Sergei Lavrov arrived.",
            "Sergei Lavrov",
            ("foreign minister",),
            "RU",
        ),
        (
            "Biden will host Japan's Prime Minister, Fumio Kishida, next week.",
            "Fumio Kishida",
            ("prime minister",),
            "JP",
        ),
        (
            "Jake Sullivan, the national security advisor, spoke.",
            "Jake Sullivan",
            ("national security adviser",),
            None,
        ),
        (
            "Secretary of State Antony Blinken spoke.",
            "Antony Blinken",
            ("secretary of state",),
            None,
        ),
        (
            "Biden will meet with the President of the Philippines, Ferdinand Marcos Jr.",
            "Ferdinand Marcos Jr.",
            ("president",),
            "PH",
        ),
        ("Mr. Barack Obama spoke.", "Barack Obama", (), None),
        # A modifier stays with its phrase; it is never a role alone.
        (
            "Former Secretary of State Hillary Clinton said she would run.",
            "Hillary Clinton",
            ("former secretary of state",),
            None,
        ),
        (
            "Deputy National Security Adviser Ben Rhodes said it was over.",
            "Ben Rhodes",
            ("deputy national security adviser",),
            None,
        ),
        # "then-" says what the person was at the time: not kept.
        (
            "then-Secretary of State Hillary Clinton used a private server.",
            "Hillary Clinton",
            ("secretary of state",),
            None,
        ),
        # "First" is part of "first lady", not a role of its own.
        ("First Lady Michelle Obama spoke at the event.", "Michelle Obama", ("first lady",), None),
        # The body a spokesman speaks for is not the role.
        (
            "White House spokesman Josh Earnest said the talks would go on.",
            "Josh Earnest",
            ("spokesman",),
            None,
        ),
        (
            "Brian Fallon, a spokesman for Hillary Clinton, said it was false.",
            "Brian Fallon",
            ("spokesman",),
            None,
        ),
        # An abbreviated title is stored in full.
        (
            "Sen. Bernie Sanders, one of the candidates, said he would fight.",
            "Bernie Sanders",
            ("senator",),
            None,
        ),
        # A party word before the role is not part of it.
        (
            "Democratic presidential nominee Hillary Clinton spoke in Ohio.",
            "Hillary Clinton",
            ("presidential nominee",),
            None,
        ),
        (
            "Senate Majority Leader Mitch McConnell said no.",
            "Mitch McConnell",
            ("senate majority leader",),
            None,
        ),
        ("President-elect Donald Trump met him.", "Donald Trump", ("president-elect",), None),
        # An adjective that is also a rank is no title.
        ("The major donor Tom Steyer gave money.", "Tom Steyer", (), None),
        # A country in the name of the body the role belongs to.
        (
            "Maria Zakharova, the Russian Foreign Ministry spokeswoman, said so.",
            "Maria Zakharova",
            ("spokeswoman",),
            "RU",
        ),
        (
            "Maria Butina, a Russian gun-rights activist, said so.",
            "Maria Butina",
            ("activist",),
            "RU",
        ),
        # A country named near the name, but not tied to the role, is not theirs.
        (
            "Thomas Perez, the labor secretary, whose family came from the Dominican Republic, "
            "spoke.",
            "Thomas Perez",
            ("labor secretary",),
            None,
        ),
        (
            "Labor Secretary Thomas Perez, the son of immigrants from the Dominican Republic, "
            "spoke.",
            "Thomas Perez",
            ("labor secretary",),
            None,
        ),
        # A US state named like a country, in a US title, is the United States.
        (
            "Georgia Secretary of State Brian Kemp said the count was accurate.",
            "Brian Kemp",
            ("secretary of state",),
            "US",
        ),
    ],
)
def test_roles_and_country_as_the_article_states_them(nlp, text, name, roles, country):
    [mention] = [m for m in person_mentions(nlp(text)) if m.name == name]
    assert (mention.roles, mention.country) == (roles, country)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "name", "roles"),
    [
        # Only the phrase a modifier qualifies is kept, never the modifier alone.
        (
            "Kenneth Baer, a former Obama administration official who runs a firm, said so.",
            "Kenneth Baer",
            ("official",),
        ),
        (
            "The campaign will use the first lady, Michelle Obama, a lot.",
            "Michelle Obama",
            ("first lady",),
        ),
        ("Trees came from Oregon, the homeland of Senator Ron Wyden.", "Ron Wyden", ("senator",)),
        ("The death of Keith Scott, 43, a father of seven, shook the city.", "Keith Scott", ()),
        ("Of the candidates seeking the White House, Clinton was ahead.", "Clinton", ()),
        ("Hillary Clinton, a friend of the president, said so.", "Hillary Clinton", ()),
    ],
)
def test_a_fragment_or_a_bare_noun_is_no_role(nlp, text, name, roles):
    [mention] = [m for m in person_mentions(nlp(text)) if m.name == name]
    assert mention.roles == roles


def test_no_modifier_or_fragment_is_a_role_in_the_reviewed_list():
    stored = set(role_phrases().values())
    assert not stored & {*role_modifiers(), "first", "state", "white house", "one", "defense"}
    assert all(role == role.casefold() for role in stored)
