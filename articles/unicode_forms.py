"""The Unicode form text is stored and shown in: no invisible characters, names in NFKC.

Imported text is hostile. Invisible format characters (Unicode category Cf) change what
a string is without changing what it looks like: a zero-width space inside "Joe Bi\u200bden"
made a second, look-alike person; a right-to-left override (U+202E) turned a title's
letters around on the page. They are removed from everything an import stores, once, as
a record is read (``articles.readers``), before any key, hash or offset is computed:

- the zero-width space, non-joiner and joiner (U+200B-U+200D), the word joiner (U+2060)
  and the byte-order mark used as a zero-width no-break space (U+FEFF);
- the bidi marks (U+200E, U+200F), embeddings and overrides (U+202A-U+202E) and isolates
  (U+2066-U+2069);
- the rest of category Cf: soft hyphens, invisible operators, tag characters and the like.

Names, titles, authors, outlets and captions are one line of text and are also brought to
NFKC (compatibility forms folded: fullwidth letters, ligatures, non-breaking spaces) with
whitespace runs as one space. Article bodies are not: NFKC would rewrite what the article
says ("½" becomes three characters), and bodies keep their line breaks. Statement and
mention offsets are computed on the body as stored, after this cleaning, so they hold.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache


@cache
def _invisible_characters() -> re.Pattern[str]:
    """One character of Unicode category Cf, as a class of ranges (fast on 5 MB bodies)."""
    ranges: list[list[int]] = []
    for code in range(sys.maxunicode + 1):
        if unicodedata.category(chr(code)) != "Cf":
            continue
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in ranges) + "]")


def without_invisible_characters(text: str) -> str:
    """``text`` without invisible format characters (zero-width, bidi controls: category Cf)."""
    return _invisible_characters().sub("", text)


def normal_line(text: str) -> str:
    """A name or title as stored and shown: NFKC, no invisible characters, spaced once."""
    return " ".join(without_invisible_characters(unicodedata.normalize("NFKC", text)).split())
