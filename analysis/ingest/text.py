"""Text of table cells as people type it: folding for comparisons, and numbers as printed.

Shared by the table reader and the header and unit matching, so both compare text the
same way. Pure functions, no I/O.
"""

from __future__ import annotations

import re
import unicodedata

from analysis.ingest.phrase import cut, phrase

__all__ = ["clean_cell", "fold_text", "parse_number", "shorten", "words"]

_DECIMAL_KINDS = {"decimal", "score_pct", "points", "rate_pct", "index", "delta_pct"}
_INTEGER_KINDS = {"integer", "rank", "count"}

# Zero-width and direction marks, soft hyphen, BOM: invisible characters pasted with text.
_FORMAT_CHARS = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def shorten(text: str, limit: int = 40) -> str:
    """At most ``limit`` characters of a cell for a message; "…" and the length mark a cut.

    A message quotes what it is about, never a whole cell: one cell can hold megabytes.

    Examples
    --------
    >>> shorten("Ba Đình")
    'Ba Đình'
    >>> shorten("x" * 100_000, 5)
    'xxxxx… (100,000 characters)'
    """
    return str(cut(text, limit))


def fold_text(text: str) -> str:
    """Text for comparisons: NFKC, no diacritics (đ → d), casefolded, single spaces.

    Punctuation is kept; zero-width characters are dropped.

    Examples
    --------
    >>> fold_text("  ỨNG  Hoà ")
    'ung hoa'
    >>> fold_text("Q.Đống Đa")
    'q.dong da'
    """
    t = str(text)
    if t.isascii():
        return " ".join(t.casefold().split())
    t = _FORMAT_CHARS.sub("", unicodedata.normalize("NFKC", t))
    t = t.replace("đ", "d").replace("Đ", "D")
    t = unicodedata.normalize("NFD", t)
    t = "".join(ch for ch in t if not unicodedata.combining(ch))
    return " ".join(t.casefold().split())


def words(text: str) -> str:
    """Folded text with punctuation turned into spaces (keeps %)."""
    return " ".join(re.sub(r"[^0-9a-z%]+", " ", fold_text(text)).split())


def clean_cell(text: str) -> str:
    if text.isascii():
        return text.strip()
    t = _FORMAT_CHARS.sub("", unicodedata.normalize("NFC", text))
    return t.replace("\u00a0", " ").replace("\u202f", " ").strip()


_SUFFIX = re.compile(r"\s*(%|phần trăm|percent|pct|điểm|đ|points?|pts)\.?$", re.IGNORECASE)
_RANK_OF = re.compile(r"^(?:thứ|hạng|rank|no\.?)\s*(\d+)\s*(?:/\s*\d+)?$|^(\d+)\s*/\s*\d+$", re.I)


def parse_number(text: str, kind: str = "decimal") -> float | None:
    """Read a number as printed in a Vietnamese table; None for a blank or a dash.

    ``kind`` is ``"decimal"`` (scores and points; also the measures ``score_pct`` and
    ``points``) or ``"integer"`` (ranks and counts; also ``rank`` and ``count``).

    * Decimal: ``"94,27"``, ``"94.27"``, ``"94,27%"``, ``"94,27 điểm"`` and ``"94,27 %"``
      (any space, incl. non-breaking) are 94.27. A single ``.`` or ``,`` is the decimal
      mark, so for scores ``"1.416"`` is 1.416; with both marks (``"1.234,5"``) the last
      is the decimal mark and the other groups thousands.
    * Integer: ``"1.416"``, ``"1,416"`` and ``"1 416"`` are 1416 (thousands separators);
      ``"10,0"`` is 10; ranks may be written ``"10/30"`` or ``"thứ 10"``.

    Raises ``ValueError`` with a short reason (``"'abc' is not a number"``,
    ``"'2,5' is not a whole number"``) otherwise; its argument is that reason as a
    :class:`~analysis.ingest.phrase.Phrase` (code ``number.invalid`` or ``number.not_whole``).

    Examples
    --------
    >>> parse_number("94,27%"), parse_number("94.27"), parse_number("\\u00a094,27 ")
    (94.27, 94.27, 94.27)
    >>> parse_number("1.416", "count"), parse_number("1,416", "integer")
    (1416.0, 1416.0)
    >>> parse_number("10/30", "rank"), parse_number("-") is None
    (10.0, True)
    >>> parse_number("2,5", "rank")
    Traceback (most recent call last):
    ...
    ValueError: '2,5' is not a whole number
    """
    if kind in _DECIMAL_KINDS:
        integer = False
    elif kind in _INTEGER_KINDS:
        integer = True
    else:
        raise ValueError(f"unknown kind {kind!r}: use 'decimal' or 'integer'")
    original = str(text)
    t = original if original.isascii() else unicodedata.normalize("NFKC", original)
    t = _FORMAT_CHARS.sub("", t).strip()
    if t in {"", "-", "–", "—", "…", "..."}:
        return None
    quoted = cut(original.strip())
    bad = ValueError(phrase("number.invalid", f"'{quoted}' is not a number", text=quoted))
    if integer:
        m = _RANK_OF.match(t)
        if m:
            t = m.group(1) or m.group(2)
    t = _SUFFIX.sub("", t).strip()
    sign = 1.0
    if t[:1] in {"-", "−", "+"}:
        sign = -1.0 if t[0] != "+" else 1.0
        t = t[1:].strip()
    if re.fullmatch(r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?", t):
        t = t.replace(" ", "")
    if not t or not re.fullmatch(r"[\d.,]+", t) or not re.search(r"\d", t):
        raise bad
    if re.fullmatch(r"\d+", t):
        return sign * float(t)
    if integer:
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", t) or re.fullmatch(r"\d{1,3}(?:,\d{3})+", t):
            return sign * float(re.sub(r"[.,]", "", t))
        m = re.fullmatch(r"(\d+)[.,](\d+)", t)
        if m and set(m.group(2)) == {"0"}:
            return sign * float(m.group(1))
        if m:
            raise ValueError(
                phrase("number.not_whole", f"'{quoted}' is not a whole number", text=quoted)
            )
        raise bad
    if re.fullmatch(r"\d*[.,]\d+", t):
        return sign * float(t.replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", t):
        return sign * float(t.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", t):
        return sign * float(t.replace(",", ""))
    raise bad
