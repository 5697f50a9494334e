"""Turn the bytes of an uploaded or scraped file into text, or say plainly why not."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from articles.readers.record import UnreadableArticle

# Checked before anything else so that an image or archive uploaded by mistake
# is named as such instead of being reported as "not valid UTF-8".
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
)

# UTF-32 marks come first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BYTE_ORDER_MARKS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

# Real text, even in a legacy encoding, has next to no control characters;
# random binary decoded as Latin-1 is about a quarter control characters.
_MAX_CONTROL_SHARE = 0.05
# Unicode category Cc (C0 and C1 controls, DEL) but for tab, newline, form feed, return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# charset-normalizer "chaos" scores this close count as a tie.
_CHAOS_TIE = 0.01


def text_from_bytes(data: bytes, *, max_chars: int | None = None) -> str:
    """Decode a text file (UTF-8, UTF-16/32 with BOM, or a legacy code page) with "\\n" newlines.

    A text longer than ``max_chars`` is refused as soon as it is decoded.
    """
    kind = _binary_kind(data)
    if kind:
        raise UnreadableArticle(f"binary file ({kind}), not text")
    text = _decoded(data)
    if max_chars is not None and len(text) > max_chars:
        raise UnreadableArticle(text_too_long(len(text), max_chars))
    if not text.strip():
        raise UnreadableArticle("empty file")
    if not _mostly_printable(text):
        raise UnreadableArticle("binary file (mostly control characters), not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _binary_kind(data: bytes) -> str | None:
    for signature, kind in _BINARY_SIGNATURES:
        if data.startswith(signature):
            return kind
    return None


def _decoded(data: bytes) -> str:
    for mark, codec, name in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                return data[len(mark) :].decode(codec)
            except UnicodeDecodeError as error:
                raise UnreadableArticle(
                    f"not valid {name} text, although it starts with a {name} byte-order mark"
                ) from error
    # Only UTF-16/32 text legitimately holds NUL bytes, and that has a mark.
    if b"\x00" in data:
        raise UnreadableArticle("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        fallback = _legacy_text(data)
        if fallback is None:
            raise UnreadableArticle(
                f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}) "
                "and not readable in any other text encoding either"
            ) from error
        return fallback


def _legacy_text(data: bytes) -> str | None:
    """Read text in a legacy code page, as detected by charset-normalizer.

    Short texts fit several single-byte code pages equally well; among the
    best-scoring ones Windows-1252, the commonest for English news, wins.
    """
    matches = list(charset_normalizer.from_bytes(data))
    western = _western_text(data)
    if matches:
        least_chaos = min(match.chaos for match in matches)
        best = [match for match in matches if match.chaos <= least_chaos + _CHAOS_TIE]
        if western is not None and any(str(match) == western for match in best):
            return western
        text = str(best[0])
        return text if _mostly_printable(text) else None
    return western


def _western_text(data: bytes) -> str | None:
    """Read Windows-1252; Latin-1 covers the five bytes Windows-1252 leaves undefined."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return text if _mostly_printable(text) else None


def text_too_long(length: int, max_chars: int) -> str:
    """Why a text of ``length`` characters is refused before it is parsed."""
    return (
        f"text is {length:,} characters, over the {max_chars:,}-character limit "
        "(NEWSBROWSER_MAX_TEXT_CHARS)"
    )


def _mostly_printable(text: str) -> bool:
    return len(_CONTROL.findall(text)) <= _MAX_CONTROL_SHARE * len(text)
