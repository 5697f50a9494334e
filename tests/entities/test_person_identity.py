"""One Person for the names of one person across articles; none for what cannot be placed."""

from __future__ import annotations

from itertools import count

from django.test import TestCase

from entities.models import Mention, Person, Statement
from entities.nlp.results import ArticleExtraction, PersonMention, StatementFound
from entities.services import article_entities_replace
from tests.entities.builders import article_make, person_make


def _extraction(*names: str, speaker: str | None = None, said: str = "") -> ArticleExtraction:
    """An article naming ``names`` in turn; ``speaker`` (a canonical name) says one thing."""
    people, offset = [], 0
    for name in names:
        people.append(PersonMention(name=name, text=name, start=offset, end=offset + len(name)))
        offset += len(name) + 2
    statements = []
    if speaker is not None:
        statements.append(
            StatementFound(
                text="We will act soon",
                start=offset + 10,
                end=offset + 26,
                kind="direct",
                speaker_name=speaker,
                speaker_text=said or speaker,
                cue="said",
                speaker_kind="person",
            )
        )
    return ArticleExtraction(people=people, statements=statements)


_ARTICLE_NUMBERS = count()


def _store(title: str, extraction: ArticleExtraction) -> None:
    title = f"{title} ({next(_ARTICLE_NUMBERS)})"
    article_entities_replace(article=article_make(title=title), extraction=extraction)


class PersonIdentityAcrossArticlesTest(TestCase):
    def _one_person(self, *variants: str) -> Person:
        for number, name in enumerate(variants):
            _store(f"Article {number}: {name}", _extraction(name, speaker=name))
        [person] = Person.objects.all()
        assert Statement.objects.filter(speaker=person).count() == len(variants)
        return person

    def test_middle_initials_and_middle_names_are_one_person(self):
        self._one_person("James Comey", "James B. Comey")
        Person.objects.all().delete()
        self._one_person("Hillary Clinton", "Hillary Rodham Clinton")
        Person.objects.all().delete()
        self._one_person("Vladimir V. Putin", "Vladimir Putin")

    def test_apostrophes_possessives_and_honorifics_are_one_person(self):
        person = self._one_person("Martin O\u2019Malley", "Martin O'Malley", "Mr. Martin O'Malley")
        assert person.name == "Martin O'Malley"
        Person.objects.all().delete()
        self._one_person("Barack Obama", "Barack Obama\u2018s")

    def test_nicknames_are_one_person(self):
        person = self._one_person("Joe Biden", "Joseph Biden")
        assert "Joseph Biden" in person.aliases
        Person.objects.all().delete()
        self._one_person("Chuck Grassley", "Charles E. Grassley")
        Person.objects.all().delete()
        self._one_person("Edward G. Rendell", "Ed Rendell")

    def test_suffixed_name_joins_the_same_person_without_it(self):
        self._one_person("Donald Trump", "Donald J. Trump")
        Person.objects.all().delete()
        # Each article names no one else: the suffix alone does not make another person.
        self._one_person("Joe Biden", "Joseph R. Biden Jr.")

    def test_an_article_naming_father_and_son_keeps_them_apart_from_then_on(self):
        _store("Father", _extraction("Donald J. Trump", speaker="Donald J. Trump"))
        both = _extraction("Donald Trump Jr.", "Donald J. Trump", speaker="Donald Trump Jr.")
        _store("Both", both)
        _store("Son only", _extraction("Donald Trump Jr.", speaker="Donald Trump Jr."))
        _store("Father again", _extraction("Donald Trump", speaker="Donald Trump"))
        father, son = (
            Person.objects.get(name="Donald J. Trump"),
            Person.objects.get(name="Donald Trump Jr."),
        )
        assert son.suffix_key == "jr"
        assert Statement.objects.filter(speaker=son).count() == 2
        assert Statement.objects.filter(speaker=father).count() == 2

    def test_people_a_careful_reader_keeps_apart_stay_apart(self):
        for name in ("George H. W. Bush", "George W. Bush", "Hillary Clinton", "Bill Clinton"):
            _store(name, _extraction(name, speaker=name))
        assert Person.objects.count() == 4
        # "George Bush" may be either: it joins neither.
        _store("Bush", _extraction("George Bush", speaker="George Bush"))
        assert Person.objects.count() == 5

    def test_a_short_name_joins_no_one_it_disagrees_with_in_another_form(self):
        person_make("George Bush")
        _store("W", _extraction("George W. Bush", speaker="George W. Bush"))
        _store("HW", _extraction("George H. W. Bush", speaker="George H. W. Bush"))
        # George W. Bush joined "George Bush"; George H. W. Bush disagrees with that form.
        assert Person.objects.count() == 2

    def test_family_name_first_people_are_told_apart_by_their_given_names(self):
        _store("Wang", _extraction("Wang Yi", "Wang Wenbin"))
        _store("Kim", _extraction("Kim Jong Un", "Kim Jong-un", "Kim Yo Jong"))
        assert sorted(Person.objects.values_list("name", flat=True)) == [
            "Kim Jong Un",
            "Kim Yo Jong",
            "Wang Wenbin",
            "Wang Yi",
        ]


class BareSurnameStoredTest(TestCase):
    def test_surname_links_to_the_one_person_of_that_name_in_the_archive(self):
        _store("Full", _extraction("Bernie Sanders", speaker="Bernie Sanders"))
        _store("Bare", _extraction("Sanders", speaker="Sanders", said="Sanders"))
        sanders = Person.objects.get()
        assert Statement.objects.filter(speaker=sanders).count() == 2
        assert Mention.objects.filter(person=sanders).count() == 2

    def test_ambiguous_surname_keeps_the_speaker_as_written_and_makes_no_person(self):
        _store("Two Clintons", _extraction("Hillary Clinton", "Bill Clinton"))
        _store("Bare", _extraction("Clinton", speaker="Clinton", said="Mr. Clinton"))
        assert Person.objects.count() == 2
        statement = Statement.objects.get()
        assert (statement.speaker, statement.speaker_text) == (None, "Mr. Clinton")
        page = self.client.get(statement.article.get_absolute_url())
        self.assertContains(page, 'Mr. Clinton</span> <small class="unidentified">')

    def test_a_one_word_speaker_name_never_creates_a_person(self):
        _store("King", _extraction(speaker="King", said="Mr. King"))
        assert not Person.objects.exists()
        assert Statement.objects.get().speaker_text == "Mr. King"

    def test_family_name_first_surname_links_only_when_one_person_has_it(self):
        _store("Xi", _extraction("Xi Jinping", "Wang Yi", "Wang Wenbin"))
        _store("Bare", _extraction("Xi", "Wang", speaker="Xi"))
        xi = Person.objects.get(name="Xi Jinping")
        assert Statement.objects.get().speaker == xi
        assert not Mention.objects.filter(text="Wang", person__isnull=False).exists()
