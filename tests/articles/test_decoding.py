"""text_from_bytes: what counts as a readable text file, and how it is normalised."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from articles.readers.decoding import text_from_bytes
from articles.readers.record import UnreadableArticle

SEEDS = Path(__file__).parents[2] / "seeds"


def _png_bytes() -> bytes:
    """A real 1x1 PNG, as someone might upload by mistake."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_plain_utf8_is_returned_unchanged() -> None:
    assert (
        text_from_bytes("Zażółć \u2013 \u201cquoted\u201d\n".encode())
        == "Zażółć \u2013 \u201cquoted\u201d\n"
    )


def test_utf8_byte_order_mark_is_stripped() -> None:
    assert text_from_bytes(b"\xef\xbb\xbfTitle\n\nBody.") == "Title\n\nBody."


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_byte_order_mark_is_decoded(codec: str) -> None:
    data = "Title\n\nBody with \u201cquotes\u201d.".encode(codec)
    if codec != "utf-16":  # the plain codec writes its own mark
        data = ("\ufeff" + "Title\n\nBody with \u201cquotes\u201d.").encode(codec)

    assert text_from_bytes(data) == "Title\n\nBody with \u201cquotes\u201d."


def test_crlf_and_lone_cr_become_newlines() -> None:
    assert text_from_bytes(b"Title\r\n\r\nOne.\rTwo.\r\n") == "Title\n\nOne.\nTwo.\n"


def test_windows_1252_text_is_accepted_when_not_utf8() -> None:
    data = "Café owners said \u201cno\u201d \u2013 again.".encode("cp1252")

    assert text_from_bytes(data) == "Café owners said \u201cno\u201d \u2013 again."


def test_latin1_text_is_accepted_when_not_utf8() -> None:
    data = "Ærø, Zürich and São Paulo.\n".encode("latin-1")

    assert text_from_bytes(data) == "Ærø, Zürich and São Paulo.\n"


def test_the_seed_file_decodes_with_its_no_break_spaces() -> None:
    text = text_from_bytes((SEEDS / "000_6f93beee98eeb8e4.txt").read_bytes())

    assert text.startswith("NewsChina's indirect aid")
    assert "\u00a0" in text


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (_png_bytes(), "PNG image"),
        (b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "GIF image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "ZIP archive"),
    ],
)
def test_known_binary_formats_are_named(data: bytes, kind: str) -> None:
    with pytest.raises(UnreadableArticle, match=rf"^binary file \({kind}\), not text$"):
        text_from_bytes(data)


def test_nul_bytes_mean_binary() -> None:
    with pytest.raises(UnreadableArticle, match="binary file"):
        text_from_bytes(b"Title\x00\x00\x01\x02 body")


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t ", b"\xef\xbb\xbf", b"\xff\xfe \x00"])
def test_empty_or_whitespace_only_file_is_unreadable(data: bytes) -> None:
    with pytest.raises(UnreadableArticle, match=r"^empty file$"):
        text_from_bytes(data)


def test_undecodable_bytes_are_unreadable_with_the_offending_byte() -> None:
    data = bytes(range(1, 256)) * 4  # no NULs, but mostly control characters in any 8-bit code

    with pytest.raises(UnreadableArticle, match=r"not valid UTF-8 \(byte 0x80 at offset 127\)"):
        text_from_bytes(data)


def test_broken_utf16_after_its_mark_is_unreadable() -> None:
    with pytest.raises(UnreadableArticle, match="not valid UTF-16"):
        text_from_bytes(b"\xff\xfeT\x00i\x00\x00\xd8")  # lone surrogate
