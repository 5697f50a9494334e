"""Statement lists download as CSV and JSON, with their filters, safe for spreadsheets."""

from __future__ import annotations

import csv
import io
import json

from django.test import TestCase
from django.urls import reverse

from entities.exports import CSV_COLUMNS, spreadsheet_safe
from tests.entities.builders import article_make, country, person_make, statement_make


def test_cells_a_spreadsheet_would_run_get_an_apostrophe():
    for hostile in ("=HYPERLINK(1)", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert spreadsheet_safe(hostile) == f"'{hostile}"
    for harmless in ("Russia", "2024-04-10", "", " =not first"):
        assert spreadsheet_safe(harmless) == harmless


class ExportTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.jane = person_make("Jane Roe")
        cls.russia, cls.china = country("RU"), country("CN")
        statement_make(
            article=article_make(title="First", days_ago=5),
            speaker=cls.jane,
            text="Russia and China talk",
            about=[cls.russia, cls.china],
        )
        sourced = article_make(title="Sourced", days_ago=3)
        sourced.publisher = "World Wire"
        sourced.url = "https://wire.example/sourced"
        sourced.save()
        cls.sourced = statement_make(article=sourced, speaker=cls.jane, text="From the wire")
        hostile = article_make(title="=cmd|' /C calc'!A0", days_ago=1)
        hostile.author = '=HYPERLINK("http://evil.example","author")'
        hostile.publisher = "@SUM(1+1)"
        hostile.url = "javascript:alert(1)"
        hostile.save()
        statement_make(
            article=hostile,
            speaker=cls.jane,
            text='=HYPERLINK("http://evil.example","click")',
            about=[cls.russia],
            kind="indirect",
        )
        statement_make(
            article=article_make(title="Elsewhere"),
            speaker=person_make("John Doe"),
            text="Not Jane",
        )

    def download(self, name: str, **params: str):
        response = self.client.get(reverse(name), params)
        self.assertEqual(response.status_code, 200)
        return response, b"".join(response.streaming_content).decode()

    def test_csv_has_a_header_and_one_row_per_statement_newest_first(self):
        response, body = self.download("entities:statements-csv", speaker="jane-roe")
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertEqual(
            response["Content-Disposition"], 'attachment; filename="statements-jane-roe.csv"'
        )
        rows = list(csv.DictReader(io.StringIO(body)))
        self.assertEqual(list(rows[0]), CSV_COLUMNS)
        self.assertEqual(len(rows), 3)
        self.assertEqual(rows[2]["statement"], "Russia and China talk")
        self.assertEqual(rows[2]["countries"], "Russia; China")  # in the order it names them
        self.assertEqual(rows[2]["speaker"], "Jane Roe")
        self.assertEqual(rows[2]["date"], "2024-04-05")
        self.assertTrue(rows[2]["article_url"].startswith("http://testserver/articles/"))

    def test_csv_neutralises_formulas_in_imported_text(self):
        _, body = self.download("entities:statements-csv", speaker="jane-roe", kind="indirect")
        (row,) = list(csv.DictReader(io.StringIO(body)))
        self.assertEqual(row["statement"], '\'=HYPERLINK("http://evil.example","click")')
        self.assertEqual(row["article_title"], "'=cmd|' /C calc'!A0")

    def test_csv_and_json_carry_outlet_author_date_original_and_permanent_urls(self):
        _, body = self.download("entities:statements-csv", speaker="jane-roe", q="wire")
        (row,) = list(csv.DictReader(io.StringIO(body)))
        self.assertEqual(row["outlet"], "World Wire")
        self.assertEqual(row["author"], "A. Reporter")
        self.assertEqual(row["published_at"], "2024-04-07T12:00:00+00:00")
        self.assertEqual(row["source_url"], "https://wire.example/sourced")
        self.assertEqual(row["statement_url"], f"http://testserver/statements/{self.sourced.pk}/")
        _, body = self.download("entities:statements-json", speaker="jane-roe", q="wire")
        (record,) = json.loads(body)
        self.assertEqual(
            {key: record[key] for key in ("outlet", "author", "published_at", "source_url")},
            {
                "outlet": "World Wire",
                "author": "A. Reporter",
                "published_at": "2024-04-07T12:00:00+00:00",
                "source_url": "https://wire.example/sourced",
            },
        )

    def test_missing_source_values_are_empty_cells(self):
        _, body = self.download("entities:statements-csv", speaker="john-doe")
        (row,) = list(csv.DictReader(io.StringIO(body)))
        self.assertEqual((row["outlet"], row["source_url"]), ("", ""))

    def test_source_cells_neutralise_formulas_and_drop_non_web_addresses(self):
        _, body = self.download("entities:statements-csv", speaker="jane-roe", kind="indirect")
        (row,) = list(csv.DictReader(io.StringIO(body)))
        self.assertEqual(row["author"], '\'=HYPERLINK("http://evil.example","author")')
        self.assertEqual(row["outlet"], "'@SUM(1+1)")
        self.assertEqual(row["source_url"], "")

    def test_export_applies_the_page_filters(self):
        _, body = self.download(
            "entities:statements-csv", speaker="jane-roe", country="china", q="talk"
        )
        rows = list(csv.DictReader(io.StringIO(body)))
        self.assertEqual([row["statement"] for row in rows], ["Russia and China talk"])
        _, body = self.download("entities:statements-csv", about="russia", speaker="john-doe")
        self.assertEqual(list(csv.DictReader(io.StringIO(body))), [])

    def test_json_is_an_array_of_records_with_unescaped_text(self):
        response, body = self.download("entities:statements-json", about="russia")
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        self.assertIn('filename="statements-russia.json"', response["Content-Disposition"])
        records = json.loads(body)
        self.assertEqual(len(records), 2)
        self.assertEqual(records[0]["statement"], '=HYPERLINK("http://evil.example","click")')
        self.assertEqual(records[1]["countries"], ["Russia", "China"])
        self.assertEqual(records[1]["kind"], "direct")

    def test_empty_json_export_is_an_empty_array(self):
        _, body = self.download("entities:statements-json", speaker="nobody")
        self.assertEqual(json.loads(body), [])

    def test_hostile_slugs_do_not_reach_the_filename(self):
        response, _ = self.download("entities:statements-csv", speaker='x"; filename=evil.exe')
        self.assertEqual(
            response["Content-Disposition"],
            'attachment; filename="statements-x-filenameevilexe.csv"',
        )
