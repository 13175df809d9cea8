"""What a column header names: the header vocabulary of the official PAR Index tables.

A header (joined over the header rows) is classified as the numbering column, the unit
column or an indicator column; for an indicator it gives the indicator, the measure
(``score_pct``, ``points``, ``rank``) and the maximum points written in it. Used by the
reader to find the header row and by the matching to map columns. Pure, no I/O.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

import pandas as pd

from analysis.codes import COMPONENTS
from analysis.ingest.text import fold_text
from analysis.ingest.text import words as _words

__all__ = [
    "BLOCK_TYPES",
    "ColumnMatch",
    "UNIT_PREFIX",
    "YEAR",
    "block_of",
    "classify_header",
    "match_column",
    "unit_type_hint",
]

_TABLE_INDICATORS = ("total", *COMPONENTS, "appraisal", "survey")

# --------------------------------------------------------------------------- vocabulary
# Patterns run on folded words (no diacritics, lower case, punctuation as spaces).
_INDICATOR_PATTERNS: tuple[tuple[str, str], ...] = (
    ("direction", r"chi dao|dieu hanh|direction|leadership"),
    ("institutions", r"the che|qppl|quy pham phap luat|van ban|institution(?:s|al)?"),
    ("procedures", r"thu tuc|tthc|mot cua|procedures?|one stop"),
    ("organisation", r"to chuc bo may|bo may|organi[sz]ation|apparatus"),
    ("civil_service", r"che do cong vu|cong vu|cong chuc|civil service"),
    ("public_finance", r"tai chinh cong|tai chinh|public finance|finance"),
    (
        "digital_government",
        r"chinh quyen dien tu|chinh quyen so|chuyen doi so|dien tu|e government|digital",
    ),
    (
        "socioeconomic_impact",
        r"tac dong|kt xh|kinh te xa hoi|phat trien kinh te|socio ?economic|impact",
    ),
    ("appraisal", r"tham dinh|appraisal|appraised"),
    ("survey", r"dieu tra|xhh|xa hoi hoc|survey"),
)
_COMPILED = tuple((ind, re.compile(rf"\b(?:{pat})\b")) for ind, pat in _INDICATOR_PATTERNS)
_COMPILED_BY_ID = dict(_COMPILED)
_TOTAL = re.compile(
    r"\b(?:tong diem|tong so diem|tong|chi so cai cach hanh chinh|chi so cchc|cchc|par index|par"
    r"|total|diem|ket qua|ty le|chi so|score|index|percent)\b|%"
)
_RANK = re.compile(r"\b(?:xep hang|thu hang|hang|rank|ranking|ranked)\b")
_PCT = re.compile(r"%|\b(?:ty le|phan tram|percent|pct)\b")
_PTS = re.compile(r"\b(?:diem|points?|pts)\b")
_MAX_BRACKET = re.compile(
    r"\(\s*(?:(?:toi da|max(?:imum)?|thang diem)\s*:?\s*)?(\d+(?:[.,]\d+)?)\s*"
    r"(?:diem|d|points?|pts)\s*\)"
)
_MAX_WORDS = re.compile(r"\b(?:toi da|max(?:imum)?|thang diem)\s*:?\s*(\d+(?:[.,]\d+)?)")
# A bare number in brackets after a component's name is its maximum ("Cải cách thể chế
# (8,00)"); the reader never writes such a bracket itself (duplicate names get "[2]").
_MAX_BARE = re.compile(r"\(\s*(\d{1,3}(?:[.,]\d+)?)\s*\)")
_NOT_FIGURE = re.compile(
    r"\b(?:tang giam|tang hoac giam|so voi|chenh lech|thay doi|bien dong|tang hang|giam hang"
    r"|tang bac|giam bac|change|delta|xep loai|ghi chu|note|notes|muc tieu|target"
    r"|don vi tinh)\b|\+ ?/ ?-"
)
_STT = {"stt", "tt", "so tt", "so thu tu", "thu tu", "no", "#", "number", "s tt"}
_UNIT_HEADER = re.compile(
    r"^(?:ten )?(?:don vi|dia phuong|co quan|quan huyen|quan|huyen|thi xa)\b"
    r"|\bquan huyen\b|^(?:unit|units|district|districts|name|unit name|district name)$"
)
UNIT_PREFIX = re.compile(
    r"^(?:ubnd\s+)?(?:quan|q|huyen|h|thi xa|tx|txa|thanh pho|tp|phuong|p|xa|x|thi tran|tt)\s+"
)
_PREFIX_TYPE = {
    "quan": "quận",
    "q": "quận",
    "huyen": "huyện",
    "h": "huyện",
    "thi xa": "thị xã",
    "tx": "thị xã",
    "txa": "thị xã",
    "phuong": "phường",
    "p": "phường",
    "xa": "xã",
    "x": "xã",
    "thi tran": "thị trấn",
    "tt": "thị trấn",
}
_YEAR_HEADER = re.compile(r"^(?:nam|year|nam danh gia|nam xep hang|ky danh gia|nam cong bo)$")
#: Unit types each kind of block row ("I. KHỐI PHƯỜNG", "Khối huyện, thị xã") ranks together.
BLOCK_TYPES: dict[str, frozenset[str]] = {
    "phường": frozenset({"phường"}),
    "xã": frozenset({"xã", "thị trấn"}),
    "quận": frozenset({"quận"}),
    "huyện": frozenset({"huyện", "thị xã"}),
}
_BLOCK_ROW = re.compile(
    r"^(?:(?:[ivx]+|[a-d]|\d{1,2})\s+)?(?:khoi|nhom|cac)\s+"
    r"(phuong|xa|quan|huyen|thi xa)\b"
)
YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


class ColumnMatch(NamedTuple):
    """What a column holds: ``indicator_id``, ``measure`` and ``out_of`` (max points or None)."""

    indicator_id: str
    measure: str
    out_of: float | None = None


@functools.lru_cache(maxsize=4096)
def classify_header(text: str) -> str | None:
    """``"stt"``, ``"unit"``, ``"indicator"`` or None (not a column this importer knows).

    Examples
    --------
    >>> [classify_header(h) for h in ["STT", "Tên đơn vị", "Xếp hạng", "Ghi chú", "Foo"]]
    ['stt', 'unit', 'indicator', None, None]
    """
    raw = str(text).strip()
    words = _words(raw)
    if raw == "#" or words in _STT:
        return "stt"
    if not words:
        return None
    if _YEAR_HEADER.match(words):
        return "year"
    if _UNIT_HEADER.search(words) and "don vi tinh" not in words and not _RANK.search(words):
        if not any(p.search(words) for _, p in _COMPILED):
            return "unit"
    return "indicator" if _match_column(raw) is not None else None


def _number(text: str) -> float:
    return float(text.replace(",", "."))


@functools.lru_cache(maxsize=4096)
def _match_column(header: str) -> ColumnMatch | None:
    folded = fold_text(header)
    words = _words(header)
    if not words or words in _STT or _NOT_FIGURE.search(words):
        return None
    comp = None
    comp_at = -1
    for ind, pattern in _COMPILED:
        for m in pattern.finditer(words):
            if m.start() > comp_at:
                comp, comp_at = ind, m.start()
    # Measure cues are located in the folded text (brackets kept); the cue nearest the end
    # of the header wins, as the lowest header row is the most specific.
    rank = [m.end() for m in _RANK.finditer(folded)]
    pct = [m.end() for m in _PCT.finditer(folded)]
    pts = [m.end() for m in _PTS.finditer(folded)]
    maxima = [(m.end(), m.group(1)) for m in _MAX_BRACKET.finditer(folded)]
    maxima += [(m.end(), m.group(1)) for m in _MAX_WORDS.finditer(folded)]
    if comp is not None:
        # The name of a component under a group header ("Điểm thẩm định (70 điểm)" over
        # "Cải cách thể chế (8,00)"): only a maximum written after its own name is its own.
        own = max((m.start() for _, p in _COMPILED for m in p.finditer(folded)), default=-1)
        named = [m.start() for m in _COMPILED_BY_ID[comp].finditer(folded)]
        start = named[-1] if named else own
        maxima += [(m.end(), m.group(1)) for m in _MAX_BARE.finditer(folded)]
        maxima = [(pos, text) for pos, text in maxima if pos > start]
    maxima.sort()
    if comp is None:
        # A percent sign alone ("A%", "%") names no indicator: the total needs a word.
        if not (_TOTAL.search(words.replace("%", " ")) or rank):
            return None
        if _UNIT_HEADER.search(words) and not rank and not pct and not pts:
            return None
    if comp is None and not rank and re.search(r"\b(?:thanh phan|linh vuc|components?)\b", words):
        return None  # a group header over the components ("Điểm các lĩnh vực thành phần")
    indicator = comp or "total"
    cues = [(rank[-1] if rank else -1, "rank"), (pct[-1] if pct else -1, "pct")]
    cues.append((maxima[-1][0] if maxima else -1, "max"))
    cues.append((pts[-1] if pts else -1, "pts"))
    pos, cue = max(cues)
    out_of = _number(maxima[-1][1]) if maxima else None
    if (
        cue == "pct"
        and rank
        and comp is None
        and not _TOTAL.search(_RANK.sub(" ", words).replace("%", " "))
    ):
        # "Thứ hạng %": a rank with a percent sign after it names no score; reading its
        # ranks as the index would be silently wrong.
        return None
    if pos < 0 or cue == "pct":
        return ColumnMatch(indicator, "score_pct", None)
    if cue == "rank":
        return ColumnMatch(indicator, "rank", None)
    if indicator == "total" and (out_of is None or out_of == 100):
        return ColumnMatch(indicator, "score_pct", None)  # points of 100 are a percentage
    if out_of is not None and out_of <= 0:
        return None
    return ColumnMatch(indicator, "points", out_of)


def match_column(header: str, indicators: pd.DataFrame | None = None) -> ColumnMatch | None:
    """The indicator and measure a column header names, or None.

    Vietnamese with or without diacritics and English names are understood; the most
    specific part of a joined multi-row header wins ("Chỉ số CCHC Xếp hạng" is the rank
    of the total). Measures: "Xếp hạng"/"Thứ hạng"/"Rank" → ``rank``; "%"/"Tỷ lệ" →
    ``score_pct``; maximum points in brackets ("Cải cách thể chế (8 điểm)") → ``points``
    with ``out_of`` 8; "điểm" without a maximum → ``points`` (the total's points are out
    of 100, so ``score_pct``); a plain name → ``score_pct``. Columns of changes
    ("Tăng/giảm", "So với năm 2022"), ratings ("Xếp loại") and notes give None.

    Parameters
    ----------
    header : str
        The column header (joined over header rows).
    indicators : DataFrame, optional
        The codebook (indicator_id, name_vi, name_en); names in it are matched exactly
        (folded) when no pattern fits.

    Examples
    --------
    >>> match_column("Cải cách thể chế (8 điểm)")
    ColumnMatch(indicator_id='institutions', measure='points', out_of=8.0)
    >>> match_column("TONG DIEM"), match_column("Thứ hạng")
    (ColumnMatch(indicator_id='total', measure='score_pct', out_of=None), ColumnMatch(indicator_id='total', measure='rank', out_of=None))
    >>> match_column("Xây dựng chính quyền điện tử, chính quyền số (%)")
    ColumnMatch(indicator_id='digital_government', measure='score_pct', out_of=None)
    >>> match_column("Tăng/giảm so với năm 2022") is None
    True
    """
    found = _match_column(str(header))
    if found is not None or indicators is None or classify_header(str(header)) is not None:
        return found
    key = _words(str(header))
    for row in indicators.itertuples(index=False):
        if row.indicator_id in _TABLE_INDICATORS and key in {
            _words(str(row.name_vi)),
            _words(str(row.name_en)),
            _words(str(row.indicator_id)),
        }:
            return ColumnMatch(row.indicator_id, "score_pct", None)
    return None


def unit_type_hint(text: str) -> str | None:
    """The unit type a name's prefix states ("P. Ba Đình" → phường), or None.

    Examples
    --------
    >>> unit_type_hint("P. Ba Đình"), unit_type_hint("UBND huyện Ba Vì"), unit_type_hint("Ba Vì")
    ('phường', 'huyện', None)
    """
    m = UNIT_PREFIX.match(_words(str(text).replace("_", " ")))
    if not m:
        return None
    key = re.sub(r"^ubnd\s+", "", m.group(0)).strip()
    return _PREFIX_TYPE.get(key)


def block_of(text: str) -> str | None:
    """The block a section row opens ("II. KHỐI XÃ" → ``"xã"``), or None.

    The key is one of :data:`BLOCK_TYPES`; "Khối huyện, thị xã" is the ``"huyện"`` block.

    Examples
    --------
    >>> block_of("I. KHỐI PHƯỜNG"), block_of("Khối huyện, thị xã"), block_of("Ba Đình")
    ('phường', 'huyện', None)
    """
    m = _BLOCK_ROW.match(_words(text))
    if not m:
        return None
    kind = m.group(1)
    return {"phuong": "phường", "xa": "xã", "quan": "quận", "huyen": "huyện"}.get(kind, "huyện")
