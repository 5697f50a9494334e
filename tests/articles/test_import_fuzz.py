"""Property: no file aborts an import (issue 13), fuzzed for every reader.

For each reader, hypothesis generates files and mutates valid samples (flipped, inserted
and deleted bytes, truncation, wrong encodings, and hostile tokens: lone surrogates, NUL,
control characters, deep nesting, huge numbers, DTDs and entities, character references to
no character). Each file goes through the real import service with the real pipeline, beside
a good file written after it. Whatever the file, the import does not raise; the file ends
as stored (imported, or updated or unchanged when it matches an earlier example), or as a
failure with a reason; progress counts every file once; the good file is imported.

NEWSBROWSER_FUZZ_EXAMPLES sets the examples per reader (500 by default; see
docs/testing.md for the longer run). Examples are derandomized: every run, in CI too, tries
the same files, and a failure is reproducible.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from articles.models import Article
from articles.services import articles_import, source_total

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.slow,
    # Fuzzed archives repeat member names; feedparser warns about its own fallbacks.
    pytest.mark.filterwarnings("ignore:Duplicate name:UserWarning"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning:feedparser"),
]

EXAMPLES = int(os.environ.get("NEWSBROWSER_FUZZ_EXAMPLES", "500"))
GOOD_INPUTS = Path(__file__).parent / "good_inputs"

fuzz_settings = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    # The pipeline fixture is session-scoped; the temporary folders are made per example.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

TEXT_SAMPLE = (
    b"Ports reopen after strike\n\nBy Ann Lee\n\n10 April 2024\n\n"
    b"Dock workers in Rotterdam ended their strike on Friday, officials said.\n\n"
    b'"We have a deal," union leader Jan de Vries said.\n'
)
SAMPLES = {
    "text": TEXT_SAMPLE,
    "html": (GOOD_INPUTS / "kishida.html").read_bytes(),
    "json": (GOOD_INPUTS / "wire.json").read_bytes(),
    "jsonl": (GOOD_INPUTS / "wire.jsonl").read_bytes(),
    "rss": (GOOD_INPUTS / "feed.xml").read_bytes(),
    "atom": (GOOD_INPUTS / "pacific.atom").read_bytes(),
}
SUFFIXES = {
    "text": ".txt",
    "html": ".html",
    "json": ".json",
    "jsonl": ".jsonl",
    "rss": ".rss",
    "atom": ".atom",
}

# Bytes that broke readers or databases somewhere, or that readers must refuse.
COMMON_TOKENS = [
    b"\x00",
    b"\x01\x08\x0b\x1b\x7f",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xef\xbb\xbf",
    b"\xed\xa0\x80",  # a surrogate encoded as UTF-8: invalid UTF-8
    b"\xc3",  # a truncated sequence
    b"\xe2\x80\xae",  # right-to-left override
    b"\xe2\x80\x8b",  # zero-width space
    b"\r",
    b"\n\n",
    "Zürich café «».".encode("latin-1"),
]
JSON_TOKENS = [
    b"\\ud800",
    b"\\udfff\\ud800",
    b"\\u0000",
    b"[" * 300,
    b'{"a":' * 100,
    b"9" * 400,
    b"1e999",
    b"-1e-999",
    b"NaN",
    b"-Infinity",
    b'"',
    b"\\",
    b",",
    b"}",
    b"]",
    b'"body": ',
    b'"title": 1, ',
    b'"published_at": "9999-12-31", ',
    b'"author": {"name": [[[]]]}, ',
]
MARKUP_TOKENS = [
    b"&#xD800;",
    b"&#55296;",
    b"&#0;",
    b"&#x110000;",
    b"&#99999999999;",
    b"&#x1b;",
    b"&amp;",
    b"&lol;",
    b"&",
    b"<",
    b">",
    b"<![CDATA[",
    b"]]>",
    b"<!--",
    b"<b>" * 60,
    b"<script>alert(1)</script>",
    b"<p>",
    b"</p>",
]
XML_TOKENS = [
    *MARKUP_TOKENS,
    b'<!DOCTYPE rss [<!ENTITY lol "lol">]>',
    b'<!ENTITY xxe SYSTEM "file:///etc/passwd">',
    b"<!DOCTYPE feed>",
    b'<?xml version="1.0" encoding="utf-16"?>',
    b'<?xml version="1.0" encoding="latin-1"?>',
    b'<?xml version="1.0" encoding="nonsense"?>',
    b"<item>",
    b"</item>",
    b"<entry>",
    b"</entry>",
    b"<title>",
    b"</title>",
    b"<description>",
    b"<pubDate>Sat, 31 Dec 9999 23:59:59 GMT</pubDate>",
    b"<updated>0001-01-01T00:00:00Z</updated>",
]
HTML_TOKENS = [
    *MARKUP_TOKENS,
    b'<meta charset="utf-16">',
    b'<meta http-equiv="Content-Type" content="text/html; charset=shift_jis">',
    b"<title>",
    b"</title>",
    b"<article>",
    b'<link rel="canonical" href="javascript:alert(1)">',
    b'<meta property="article:published_time" content="99999-01-01">',
    b"<html>",
]
TOKENS = {
    "text": COMMON_TOKENS,
    "html": COMMON_TOKENS + HTML_TOKENS,
    "json": COMMON_TOKENS + JSON_TOKENS,
    "jsonl": COMMON_TOKENS + JSON_TOKENS + [b"\n", b"\n\n\n"],
    "rss": COMMON_TOKENS + XML_TOKENS,
    "atom": COMMON_TOKENS + XML_TOKENS,
}
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252"]

# Text of any code point: surrogates, controls, unassigned ones included.
hostile_text = st.text(st.characters(exclude_categories=()), max_size=60)
prose = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
words = st.sampled_from(
    ["Talks", "resumed", "in", "Geneva", "on", "Monday,", "officials", "said.", '"We', 'agree,"']
)
sentence = st.lists(words, min_size=1, max_size=12).map(" ".join)
some_text = st.one_of(sentence, prose, hostile_text)


@st.composite
def mutated(draw: st.DrawFn, reader: str) -> bytes:
    """A valid sample of the reader's format, perhaps re-encoded, then damaged a few times."""
    sample = SAMPLES[reader]
    encoding = draw(st.sampled_from(ENCODINGS))
    data = bytearray(sample.decode("utf-8-sig").encode(encoding, errors="replace"))
    for _ in range(draw(st.integers(1, 4))):
        operation = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "token"]))
        at = draw(st.integers(0, len(data)))
        if operation == "flip" and data:
            data[min(at, len(data) - 1)] ^= draw(st.integers(1, 255))
        elif operation == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif operation == "delete":
            del data[at : at + draw(st.integers(1, 32))]
        elif operation == "truncate":
            del data[at:]
        else:
            data[at:at] = draw(st.sampled_from(TOKENS[reader]))
    return bytes(data)


def encoded(text: str) -> bytes:
    """Text as a file holds it: UTF-8, lone surrogates and all (invalid UTF-8 then)."""
    return text.encode("utf-8", errors="surrogatepass")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | some_text,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(some_text, children, max_size=3)
    ),
    max_leaves=12,
)


@st.composite
def json_articles(draw: st.DrawFn) -> dict[str, object]:
    article: dict[str, object] = {}
    for field in ("title", "body", "url", "author", "published_at", "publisher"):
        if draw(st.booleans()):
            article[field] = draw(st.one_of(some_text, json_values))
    article.update(draw(st.dictionaries(some_text, json_values, max_size=3)))
    return article


@st.composite
def generated_json(draw: st.DrawFn) -> bytes:
    document = draw(st.one_of(json_articles(), st.lists(json_articles(), max_size=3), json_values))
    return json.dumps(document, ensure_ascii=draw(st.booleans())).encode(
        "utf-8", errors="surrogatepass"
    )


@st.composite
def generated_jsonl(draw: st.DrawFn) -> bytes:
    lines = draw(st.lists(st.one_of(json_articles(), json_values), min_size=1, max_size=4))
    return b"\n".join(encoded(json.dumps(line)) for line in lines)


@st.composite
def markup_text(draw: st.DrawFn) -> str:
    """Text for an element: escaped, raw, or holding references to no character."""
    text = draw(some_text)
    style = draw(st.sampled_from(["escaped", "raw", "references"]))
    if style == "escaped":
        return escape(text)
    if style == "raw":
        return text
    return "".join(f"&#{ord(ch)};" for ch in text)


@st.composite
def generated_rss(draw: st.DrawFn) -> bytes:
    items = "".join(
        f"<item><title>{draw(markup_text())}</title>"
        f"<link>{draw(markup_text())}</link>"
        f"<pubDate>{draw(markup_text())}</pubDate>"
        f"<description>{draw(markup_text())}</description></item>"
        for _ in range(draw(st.integers(0, 3)))
    )
    declaration = draw(st.sampled_from(["", '<?xml version="1.0" encoding="utf-8"?>\n']))
    return encoded(
        f'{declaration}<rss version="2.0"><channel><title>{draw(markup_text())}</title>'
        f"{items}</channel></rss>"
    )


@st.composite
def generated_atom(draw: st.DrawFn) -> bytes:
    entries = "".join(
        f"<entry><title>{draw(markup_text())}</title><id>urn:{n}</id>"
        f"<updated>{draw(markup_text())}</updated>"
        f'<content type="{draw(st.sampled_from(["html", "text", "xhtml"]))}">'
        f"{draw(markup_text())}</content></entry>"
        for n in range(draw(st.integers(0, 3)))
    )
    return encoded(
        '<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{draw(markup_text())}</title>{entries}</feed>"
    )


@st.composite
def generated_html(draw: st.DrawFn) -> bytes:
    tags = st.sampled_from(["p", "div", "h1", "article", "span", "b", "li", "script", "title"])
    parts = [
        f"<{draw(tags)}>{draw(markup_text())}" + (f"</{draw(tags)}>" if draw(st.booleans()) else "")
        for _ in range(draw(st.integers(1, 8)))
    ]
    return encoded(
        f"<!doctype html><html><head><title>{draw(markup_text())}</title></head>"
        f"<body>{''.join(parts)}</body></html>"
    )


@st.composite
def generated_text(draw: st.DrawFn) -> bytes:
    lines = draw(st.lists(some_text, min_size=1, max_size=8))
    return encoded("\n".join(lines))


GENERATED = {
    "text": generated_text(),
    "html": generated_html(),
    "json": generated_json(),
    "jsonl": generated_jsonl(),
    "rss": generated_rss(),
    "atom": generated_atom(),
}


def files_of(reader: str) -> st.SearchStrategy[bytes]:
    return st.one_of(GENERATED[reader], mutated(reader))


@st.composite
def zip_archives(draw: st.DrawFn) -> bytes:
    """A ZIP of a few fuzzed files of any format; its bytes perhaps damaged after writing."""
    buffer = io.BytesIO()
    compression = draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for number in range(draw(st.integers(1, 3))):
            reader = draw(st.sampled_from(sorted(SAMPLES)))
            name = draw(
                st.sampled_from([f"m{number}{SUFFIXES[reader]}", f"../m{number}.txt", "x/.h.txt"])
            )
            archive.writestr(name, draw(files_of(reader)))
    data = bytearray(buffer.getvalue())
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data) - 1))
        data[at] ^= draw(st.integers(1, 255))
    if draw(st.booleans()):
        del data[draw(st.integers(0, len(data))) :]
    return bytes(data)


_good_numbers = itertools.count(1)


def assert_import_holds(data: bytes, suffix: str, nlp: Language) -> None:
    """Import the fuzzed file beside a good one; the import must hold (see module docstring)."""
    with tempfile.TemporaryDirectory() as folder:
        hostile = Path(folder) / f"a-fuzzed{suffix}"
        hostile.write_bytes(data)
        number = next(_good_numbers)
        good = Path(folder) / "z-good.json"
        title = f"Talks resume, round {number}"
        good.write_text(json.dumps({"title": title, "body": "Talks resumed in Geneva."}))
        total = source_total(paths=[Path(folder)])

        outcomes = list(articles_import(paths=[Path(folder)], nlp=nlp))

    assert sum(outcome.files_done for outcome in outcomes) == total
    *fuzzed, last = outcomes
    assert (last.source, last.status) == (str(good), "imported")
    for outcome in fuzzed:
        assert outcome.source.startswith(str(hostile))
        assert outcome.status in ("imported", "updated", "unchanged", "failed")
        if outcome.status == "failed":
            assert outcome.detail.strip()
        elif outcome.article_id is not None:  # None: the same as a record stored just before
            assert Article.objects.filter(pk=outcome.article_id).exists()
    assert Article.objects.filter(title=title).exists()
    # Shown by --hypothesis-show-statistics: how the fuzzed files ended.
    event("fuzzed file ended " + " and ".join(sorted({o.status for o in fuzzed})))


@pytest.mark.parametrize("reader", sorted(SAMPLES))
@fuzz_settings
@given(files=st.data())
def test_no_file_of_any_format_aborts_an_import(reader, files, nlp):
    assert_import_holds(files.draw(files_of(reader), label="file"), SUFFIXES[reader], nlp)


@fuzz_settings
@given(data=zip_archives())
def test_no_zip_archive_aborts_an_import(data, nlp):
    assert_import_holds(data, ".zip", nlp)
