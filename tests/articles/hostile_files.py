"""Builders of hostile source files: each once aborted a whole import (issue 13).

Each builder returns (file name, bytes). The names carry the suffix that picks the reader.
"""

from __future__ import annotations

import io
import json
import zipfile

# A short news text the pipeline reads in well under a second.
GOOD_BODY = (
    '"We will not accept any attack on Japan," Fumio Kishida said in Tokyo on Monday, '
    "speaking to reporters after a meeting with allies."
)

HostileFile = tuple[str, bytes]


def deeply_nested_json(depth: int = 100_000) -> HostileFile:
    """An article whose body is an array nested ``depth`` deep (a RecursionError once)."""
    nested = "[" * depth + '"x"' + "]" * depth
    return "nested.json", ('{"title": "Nested", "body": ' + nested + "}").encode()


def huge_number_json(digits: int = 5_000) -> HostileFile:
    """An article with a metadata number of ``digits`` digits (Python refuses over 4,300)."""
    text = '{"title": "Budget", "body": "The budget passed.", "count": ' + "9" * digits + "}"
    return "number.json", text.encode()


def lone_surrogate_json() -> HostileFile:
    """An article whose title, body and metadata hold a lone surrogate as a JSON escape."""
    text = (
        '{"title": "Talks \\ud800 resume", "body": "Talks resumed in Geneva \\ud800 on '
        'Monday, officials said.", "note": "\\udfff"}'
    )
    return "surrogate.json", text.encode()


def lone_surrogate_feed() -> HostileFile:
    """An RSS item whose title and content hold ``&#xD800;``, a character reference to a
    lone surrogate (UnicodeEncodeError in the content hash once)."""
    text = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0"><channel><title>Wire &#xD800;</title>'
        "<item><title>Summit &#xD800; opens</title>"
        "<link>https://wire.example.org/summit</link>"
        "<description>Leaders met in Oslo &#xD800; on Tuesday, officials said.</description>"
        "</item></channel></rss>"
    )
    return "surrogate.rss", text.encode()


def control_characters_html() -> HostileFile:
    """A news page with C0 control characters in its title and text (lxml ValueError once)."""
    controls = "".join(chr(code) for code in (1, 8, 11, 27, 31))
    text = (
        f"<!doctype html><html><head><title>Port strike\x02 ends</title></head><body>"
        f"<article><h1>Port strike ends</h1><p>Dock workers in Rotterdam{controls} ended their "
        "strike on Friday after unions and employers agreed on pay, officials said.</p>"
        "<p>The agreement runs for two years and covers every terminal in the port, the "
        "union said in a statement, and talks on pensions begin in the autumn.</p>"
        "</article></body></html>"
    )
    return "controls.html", text.encode()


def misdeclared_atom() -> HostileFile:
    """An Atom feed that declares UTF-16 but is written in UTF-8 (a crash once)."""
    text = (
        '<?xml version="1.0" encoding="utf-16"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:w</id>'
        "<updated>2024-04-14T00:00:00Z</updated><entry><title>Café talks</title>"
        "<id>urn:w:1</id><updated>2024-04-14T07:00:00Z</updated>"
        '<content type="html">&lt;p&gt;Ministers met at a café in Zürich on Sunday.&lt;/p&gt;'
        "</content></entry></feed>"
    )
    return "misdeclared.atom", text.encode("utf-8")


def entity_expansion_feed(levels: int = 10) -> HostileFile:
    """A feed declaring nested entities that expand tenfold per level (billion laughs)."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, levels)
    ]
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n'
        + "\n".join(entities)
        + "\n]>\n"
        + '<rss version="2.0"><channel><title>Laughs</title><item><title>Laughs</title>'
        + f"<description>&lol{levels - 1};</description></item></channel></rss>"
    )
    return "laughs.rss", text.encode()


def too_many_elements_html(count: int = 30_000) -> HostileFile:
    """A page of ``count`` empty elements around a real paragraph."""
    text = (
        "<!doctype html><html><head><title>Many</title></head><body>"
        + "<b></b>" * count
        + f"<article><p>{GOOD_BODY}</p></article></body></html>"
    )
    return "elements.html", text.encode()


def corrupt_deflate_zip() -> HostileFile:
    """A ZIP of three articles whose middle member's deflate stream is damaged."""
    buffer = io.BytesIO()
    body = "Officials met in Vienna on Thursday and agreed on a plan, the ministry said. "
    members = {
        "a-first.txt": f"First meeting\n\n{body}",
        "b-broken.txt": "Broken meeting\n\n" + body * 40,
        "c-last.txt": f"Last meeting\n\n{body} Talks go on.",
    }
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    data = bytearray(buffer.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("b-broken.txt")
    # The member's data starts after its 30-byte local header, name and extra field.
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for offset in range(start + 2, start + info.compress_size - 2, 3):
        data[offset] ^= 0x5A
    return "corrupt.zip", bytes(data)


def overlong_text(chars: int = 1_000_001) -> HostileFile:
    """A plain-text article one character over spaCy's max_length (E088 once, after minutes)."""
    sentence = "The council met again on Monday and talked for hours. "
    body = (sentence * (chars // len(sentence) + 1))[: chars - len("Long meeting\n\n")]
    return "long.txt", ("Long meeting\n\n" + body).encode()


def overlong_html(chars: int = 4 * 2**20) -> HostileFile:
    """A page of ``chars`` characters of text in one paragraph: trafilatura takes seconds a
    megabyte to extract it, only for the text limit to refuse it afterwards."""
    sentence = "The council met again on Monday and talked for hours. "
    text = (sentence * (chars // len(sentence) + 1))[:chars]
    page = f"<html><head><title>Long</title></head><body><article><p>{text}</p></article>"
    return "long.html", page.encode()


def many_long_members_zip(members: int = 40, member_bytes: int = 4 * 2**20) -> HostileFile:
    """A small ZIP of ``members`` plain-text articles of ``member_bytes`` each: inside the
    file and archive limits, each member four times spaCy's max_length."""
    sentence = b"The council met again on Monday and talked for hours. "
    text = b"Long meeting\n\n" + sentence * (member_bytes // len(sentence))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for number in range(members):
            archive.writestr(f"long-{number:02}.txt", text[:member_bytes])
    return "long-members.zip", buffer.getvalue()


def hidden_only_zip() -> HostileFile:
    """A ZIP holding only hidden members (found by the fuzzer: it yielded no outcome at all)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("x/.hidden.txt", f"Hidden\n\n{GOOD_BODY}")
        archive.writestr("__MACOSX/._a.txt", b"\x00\x05\x16\x07")
    return "hidden.zip", buffer.getvalue()


def good_json() -> HostileFile:
    """The article that must import beside every hostile file."""
    article = {"title": "Kishida warns Russia", "body": GOOD_BODY}
    return "good.json", json.dumps(article).encode()
