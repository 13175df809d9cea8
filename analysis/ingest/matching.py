"""Match a read table's unit names and column headers to the codebook, and validate its figures.

:func:`validate_table` turns a :class:`~analysis.ingest.reader.RawTable` into observation records
(the shape of ``seeds/observations.csv``) and a list of precise problems. It is
all-or-nothing: ``records`` is empty unless there is no error. Units are matched by
their normalised names only (NFC, casefold, no diacritics, no type prefix such as
"Quận" or "TX."); a fuzzy match only ever produces a suggestion ("did you mean Ứng
Hòa?"), never a silent acceptance.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

import pandas as pd
from rapidfuzz import fuzz, process

from analysis.codes import COMPONENTS
from analysis.ingest.headers import (
    BLOCK_TYPES,
    UNIT_PREFIX,
    ColumnMatch,
    block_of,
    classify_header,
    match_column,
    unit_type_hint,
)
from analysis.ingest.phrase import Phrase, cut, phrase
from analysis.ingest.reader import Problem, RawTable
from analysis.ingest.text import fold_text, parse_number, shorten
from analysis.ingest.text import words as _words
from analysis.ingest.years import FIRST_YEAR, column_year, year_clues, year_column
from analysis.warehouse.seeds import REQUIRED_COLUMNS

__all__ = [
    "OBSERVATION_COLUMNS",
    "ImportResult",
    "Match",
    "match_unit",
    "normalise_unit",
    "validate_table",
]

# Column names join up to three header rows: quoted longer than a cell, never whole.
_HEADER_QUOTE = 120

OBSERVATION_COLUMNS: tuple[str, ...] = REQUIRED_COLUMNS["observations.csv"]
_FIGURE_COLUMNS = (*OBSERVATION_COLUMNS, "row", "column", "unit_text")

# --------------------------------------------------------------------------- units


def normalise_unit(text: str) -> str:
    """A unit name for comparison: folded, punctuation as spaces, type prefix dropped.

    Examples
    --------
    >>> normalise_unit("QUẬN  HAI BÀ TRƯNG"), normalise_unit("TX.Sơn Tây"), normalise_unit("H. Ứng Hoà")
    ('hai ba trung', 'son tay', 'ung hoa')
    >>> normalise_unit("UBND phường Ba Đình"), normalise_unit("X. Thuỵ Lâm")
    ('ba dinh', 'thuy lam')
    """
    words = _words(str(text).replace("_", " "))
    stripped = UNIT_PREFIX.sub("", words, count=1)
    return stripped if stripped else words


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _tone_last(token: str) -> str:
    """A syllable with its tone mark moved to the end: "hoà" and "hòa" are the same word."""
    decomposed = unicodedata.normalize("NFD", token)
    tones = [ch for ch in decomposed if ch in _TONES]
    base = "".join(ch for ch in decomposed if ch not in _TONES)
    return unicodedata.normalize("NFC", base) + "".join(tones)


def _exact(text: str) -> str:
    """Case-, space- and tone-placement-insensitive but diacritic-sensitive form (after the
    type prefix)."""
    t = unicodedata.normalize("NFC", str(text)).casefold()
    tokens = [_tone_last(w) for w in re.sub(r"[^\w]+", " ", t).split()]
    drop = len(_words(str(text)).split()) - len(normalise_unit(text).split())
    return " ".join(tokens[drop:]) if 0 <= drop < len(tokens) else " ".join(tokens)


@dataclass(frozen=True)
class Match:
    """Result of :func:`match_unit`: ``unit_id`` is None unless the name matched exactly.

    ``suggestion`` ("did you mean Ứng Hòa?") names ``suggested``, the units as written in it.
    """

    text: str
    unit_id: str | None
    score: float
    suggestion: str | None = None
    candidates: tuple[str, ...] = ()
    suggested: tuple[str, ...] = ()

    @property
    def hint(self) -> Phrase | None:
        """The suggestion as a phrase, or None."""
        if self.suggestion is None:
            return None
        return phrase("unit.did_you_mean", self.suggestion, names=self.suggested)

    @property
    def ok(self) -> bool:
        """True when the text names a unit (after normalisation)."""
        return self.unit_id is not None


class _Unit(NamedTuple):
    unit_id: str
    name_vi: str
    unit_type: str
    level: str
    first: int | None
    last: int | None
    ends_after_year: bool  # still valid on 31 December of its last year


def _covers_year(unit: _Unit, year: int | None) -> bool:
    if year is None:
        return True
    return (unit.first is None or unit.first <= year) and (unit.last is None or year <= unit.last)


def _valid_at_end(unit: _Unit, year: int | None) -> bool:
    """Valid on 31 December of ``year``: a 2025 table names the units that exist then."""
    if year is None or not _covers_year(unit, year):
        return False
    return unit.last is None or year < unit.last or unit.ends_after_year


class _UnitIndex:
    def __init__(self, units: list[_Unit], keys: list[tuple[str, str]]):
        self.units = {u.unit_id: u for u in units}
        self.names = {u.unit_id: u.name_vi for u in units}
        self.keys: dict[str, set[str]] = defaultdict(set)
        self.exact: dict[str, set[str]] = defaultdict(set)
        for uid, name in keys:
            if name.strip():
                self.keys[normalise_unit(name)].add(uid)
        for u in units:
            self.exact[_exact(u.name_vi)].add(u.unit_id)
        self.choices = {key: sorted(ids) for key, ids in self.keys.items() if key}
        self.rank_sizes: dict[tuple[int, str, str | None], int] = {}

    def label(self, uid: str, year: int | None = None) -> str:
        """ "phường Ba Đình" — the type says which of two units of one name is meant."""
        u = self.units[uid]
        name = u.name_vi
        same = self.keys.get(normalise_unit(name), set())
        if len([i for i in same if _covers_year(self.units[i], year)]) < 2:
            return name
        if u.unit_type and not fold_text(name).startswith(fold_text(u.unit_type)):
            name = f"{u.unit_type} {name}"
        return name

    def _narrow(
        self, ids: set[str], text: str, year: int | None, types: frozenset[str] | None
    ) -> list[str]:
        """The candidates the prefix, the block and the year allow, best first."""
        pool = sorted(ids)
        hint = unit_type_hint(text)
        if hint:
            pool = [i for i in pool if self.units[i].unit_type == hint] or pool
        if types:
            pool = [i for i in pool if self.units[i].unit_type in types] or pool
        if len(pool) > 1:
            exact = self.exact.get(_exact(text), set())
            pool = [i for i in pool if i in exact] or pool
        if len(pool) > 1 and year is not None:
            pool = [i for i in pool if _covers_year(self.units[i], year)] or pool
        if len(pool) > 1 and year is not None:
            pool = [i for i in pool if _valid_at_end(self.units[i], year)] or pool
        return pool

    def match(
        self, text: str, year: int | None = None, types: frozenset[str] | None = None
    ) -> Match:
        key = normalise_unit(text)
        if not key:
            return Match(text, None, 0.0)
        ids = self.keys.get(key, set())
        if ids:
            pool = self._narrow(ids, text, year, types)
            if len(pool) == 1:
                return Match(text, pool[0], 100.0)
            labels = tuple(f"{self.label(i)} ({i})" for i in pool)
            names = " or ".join(labels)
            return Match(text, None, 100.0, f"did you mean {names}?", tuple(pool), labels)
        valid = {
            key: [i for i in ids if _covers_year(self.units[i], year)]
            for key, ids in self.choices.items()
        }
        choices = {k: v for k, v in valid.items() if v} or self.choices
        found = process.extract(key, list(choices), scorer=fuzz.ratio, limit=4, score_cutoff=60)
        if not found:
            return Match(text, None, 0.0)
        best = found[0][1]
        ids_near: list[str] = []
        for choice, score, _ in found:
            if score >= best - 1:
                ids_near += [i for i in choices[choice] if i not in ids_near]
        shown = ids_near[:3]
        plain = [self.names[i] for i in shown]
        labels = plain if len(set(plain)) == len(plain) else [self.label(i) for i in shown]
        names = " or ".join(labels)
        return Match(
            text, None, float(best), f"did you mean {names}?", tuple(ids_near), tuple(labels)
        )


_MATCHED_LEVELS = ("district", "commune")


@functools.lru_cache(maxsize=64)
def _index_for(key: tuple[tuple[str, ...], ...]) -> _UnitIndex:
    units = []
    keys = []
    for uid, name_vi, name_en, unit_type, level, start, end in key:
        last = _year_of(end)
        ends_after = bool(end) and str(end)[5:10] == "12-31"
        units.append(_Unit(uid, name_vi, unit_type, level, _year_of(start), last, ends_after))
        keys += [(uid, name_vi), (uid, name_en), (uid, uid)]
    return _UnitIndex(units, keys)


def _column(units: pd.DataFrame, name: str) -> list[str]:
    if name not in units:
        return [""] * len(units)
    return ["" if pd.isna(v) else str(v)[:10] for v in units[name]]


def _index(units: pd.DataFrame) -> _UnitIndex:
    if "level" in units:
        units = units[units["level"].astype(str).isin(_MATCHED_LEVELS)]
    key = tuple(
        zip(
            units["unit_id"].astype(str),
            units["name_vi"].astype(str),
            _column(units, "name_en"),
            _column(units, "unit_type"),
            _column(units, "level"),
            _column(units, "valid_from"),
            _column(units, "valid_to"),
            strict=True,
        )
    )
    return _index_for(key)


def match_unit(
    text: str, units: pd.DataFrame, year: int | None = None, block: str | None = None
) -> Match:
    """Match a unit cell ("Q. Ba Đình", "HUYỆN ỨNG HÒA", "Ung Hoa") to a unit in ``units``.

    Exact match after normalisation (:func:`normalise_unit`: case, diacritics, tone
    placement and type prefixes such as "P.", "X.", "Q.", "H.", "TX", "UBND phường" do not
    matter) against ``name_vi``, ``name_en`` and ``unit_id`` of district- and commune-level
    units; otherwise a rapidfuzz suggestion only. Where one name belongs to several units
    (phường Ba Đình since 2025, quận Ba Đình before), the prefix, the ``block``
    ("phường", "xã", "quận", "huyện") and the ``year`` decide; if they do not, there is no
    match and the suggestion names every candidate.

    Examples
    --------
    >>> units = pd.DataFrame({"unit_id": ["ung_hoa", "ba_dinh"], "name_vi": ["Ứng Hòa", "Ba Đình"],
    ...                       "name_en": ["Ung Hoa", "Ba Dinh"]})
    >>> match_unit("HUYỆN ỨNG HOÀ", units).unit_id
    'ung_hoa'
    >>> m = match_unit("Ung Hoa x", units)
    >>> m.unit_id, m.suggestion
    (None, 'did you mean Ứng Hòa?')
    """
    types = BLOCK_TYPES.get(block) if block else None
    return _index(units).match(str(text), year, types)


# --------------------------------------------------------------------------- validation


@dataclass
class ImportResult:
    """Outcome of :func:`validate_table`.

    Attributes
    ----------
    raw : RawTable
        The table as read.
    year : int
        The year evaluated.
    records : DataFrame
        Observation records (columns of ``seeds/observations.csv``; ``source_id`` empty):
        empty unless :attr:`ok`.
    problems : list of Problem
        Errors and warnings, table-level first, then by row.
    figures : DataFrame
        Every figure that could be read, even when there are errors (records' columns
        plus ``row``, ``column`` and ``unit_text``), for previews.
    columns : dict
        Header → :class:`ColumnMatch` (None for a column that is not used).
    units : dict
        Row number → :class:`Match` of its unit cell.
    unit_column : str or None
        Header of the column read as unit names.
    years : list of int
        Years of the figures read.
    year_column : str or None
        Header of the column read as years (long tables).
    """

    raw: RawTable
    year: int | None
    records: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    figures: pd.DataFrame = field(default_factory=pd.DataFrame)
    columns: dict[str, ColumnMatch | None] = field(default_factory=dict)
    units: dict[int, Match] = field(default_factory=dict)
    unit_column: str | None = None
    years: list[int] = field(default_factory=list)
    year_column: str | None = None

    @property
    def errors(self) -> list[Problem]:
        """Problems that block the import."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Problems worth reading that do not block the import."""
        return [p for p in self.problems if p.severity != "error"]

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors


_DTYPES = {"year": "int64", "value": "float64", "row": "int64"}


def _frame(figures: list[dict[str, object]], columns: tuple[str, ...]) -> pd.DataFrame:
    """Figures as a frame with fixed dtypes (strings as objects, out_of nullable Int64)."""
    data: dict[str, object] = {}
    for c in columns:
        values = [f[c] for f in figures]
        if c == "out_of":
            data[c] = pd.array([None if v is None else int(v) for v in values], dtype="Int64")
        else:
            data[c] = pd.Series(values, dtype=_DTYPES.get(c, object))
    return pd.DataFrame(data)


def _year_of(value: object) -> int | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "year"):
        return int(value.year)  # type: ignore[union-attr]
    text = str(value).strip()
    return int(text[:4]) if re.match(r"\d{4}", text) else None


def _date_text(value: object, missing: str) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
        return missing
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")  # type: ignore[union-attr]
    return str(value)


def _covers(row: dict, year: int) -> bool:
    start, end = _year_of(row.get("valid_from")), _year_of(row.get("valid_to"))
    return (start is None or start <= year) and (end is None or year <= end)


def _decimals(text: str) -> int:
    m = re.search(r"\d+(?:[.,](\d+))?", text)
    return len(m.group(1)) if m and m.group(1) and not re.search(r"\d[.,]\d{3}[.,]", text) else 0


def _fmt(value: float, decimals: int, comma: bool) -> str:
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if comma else text


def _fmt_max(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}".replace(".", ",")


def _where(row: int | None, column: str | None) -> Phrase:
    if row is not None and column is not None:
        name = cut(column, _HEADER_QUOTE)
        return phrase("where.row_column", f"row {row}, column '{name}'", row=row, column=name)
    if row is not None:
        return phrase("where.row", f"row {row}", row=row)
    name = cut(column or "", _HEADER_QUOTE)
    return phrase("where.column", f"column '{name}'", column=name)


def _at(row: int | None, column: str | None, reason: Phrase) -> Phrase:
    """``reason`` said of a cell: "row 9, column 'Tổng điểm': 104,2 is outside 0–100"."""
    where = _where(row, column)
    return phrase("cell.problem", f"{where}: {reason}", where=where, reason=reason)


def _locator(raw: RawTable, row: int, column: str) -> str:
    base = f"row {row}, column '{column}'"
    return f"sheet '{raw.sheet}', {base}" if raw.sheet else base


def _unit_column(raw: RawTable, used: set[int]) -> int | None:
    for j, name in enumerate(raw.header):
        if classify_header(name) == "unit":
            return j
    for j, _name in enumerate(raw.header):
        if j in used:
            continue
        cells = [r[j] for r in raw.rows if r[j]]
        texts = [c for c in cells if _parse_or_none(c) is None]
        if cells and len(texts) >= 0.8 * len(cells):
            return j
    return None


def _parse_or_none(text: str) -> float | None:
    try:
        return parse_number(text)
    except ValueError:
        return None


_TOTAL_POINTS = re.compile(r"\b(?:tong|dat duoc|total)\b")


def _points_cue(header: str) -> bool:
    """The header names points ("Tổng điểm đạt được") rather than a percentage."""
    words = _words(header)
    return bool(re.search(r"\b(?:diem|points?|pts)\b", words)) and "%" not in fold_text(header)


def _columns(
    raw: RawTable, indicators: pd.DataFrame, problems: list[Problem]
) -> dict[int, ColumnMatch]:
    known = set(indicators["indicator_id"].astype(str)) if "indicator_id" in indicators else set()
    mapping: dict[int, ColumnMatch] = {}
    for j, name in enumerate(raw.header):
        kind = classify_header(name)
        if kind in {"stt", "unit", "year"}:
            continue
        filled = any(r[j] for r in raw.rows)
        if not name:
            if filled:
                col = raw.source_columns[j] if j < len(raw.source_columns) else j + 1
                problems.append(
                    Problem.of(
                        None,
                        f"#{col}",
                        phrase(
                            "column.no_header",
                            f"column {col} has no header (ignored)",
                            column=col,
                        ),
                        "warning",
                    )
                )
            continue
        found = match_column(name, indicators)
        if found is None:
            problems.append(
                Problem.of(
                    None,
                    name,
                    phrase(
                        "column.unknown",
                        f"column '{shorten(name, _HEADER_QUOTE)}' is not a known indicator "
                        "(ignored)",
                        column=cut(name, _HEADER_QUOTE),
                    ),
                    "warning",
                )
            )
            continue
        if known and found.indicator_id not in known:
            problems.append(
                Problem.of(
                    None,
                    name,
                    phrase(
                        "column.not_in_codebook",
                        f"column '{shorten(name, _HEADER_QUOTE)}': indicator "
                        f"'{found.indicator_id}' is not in the codebook (ignored)",
                        column=cut(name, _HEADER_QUOTE),
                        indicator=found.indicator_id,
                    ),
                    "warning",
                )
            )
            continue
        mapping[j] = found
    # Points and percent of one indicator side by side ("Tổng điểm đạt được" and "Chỉ số
    # CCHC (%)"): the column naming points keeps the points (out of 100 unless its header
    # says otherwise: every method period scores the total out of 100).
    by_key: dict[tuple[str, str, int | None], list[int]] = defaultdict(list)
    for j, col in mapping.items():
        by_key[(col.indicator_id, col.measure, column_year(raw.header[j]))].append(j)
    for (indicator, measure, _), cols in by_key.items():
        if measure != "score_pct" or len(cols) < 2:
            continue
        points = [
            j
            for j in cols
            if _points_cue(raw.header[j])
            and (indicator != "total" or _TOTAL_POINTS.search(_words(raw.header[j])))
        ]
        if len(points) == 1 and len(cols) == 2:
            j = points[0]
            out_of = mapping[j].out_of or 100.0
            mapping[j] = ColumnMatch(indicator, "points", out_of)
    first: dict[tuple[str, str, int | None], int] = {}
    for j in sorted(mapping):
        col = mapping[j]
        key = (col.indicator_id, col.measure, column_year(raw.header[j]))
        if key in first:
            other, name = raw.header[first[key]], raw.header[j]
            problems.append(
                Problem.of(
                    None,
                    name,
                    phrase(
                        "column.duplicate",
                        f"columns '{shorten(other, _HEADER_QUOTE)}' and "
                        f"'{shorten(name, _HEADER_QUOTE)}' both give {col.indicator_id} "
                        f"{col.measure}; rename or delete one",
                        first=cut(other, _HEADER_QUOTE),
                        second=cut(name, _HEADER_QUOTE),
                        indicator=col.indicator_id,
                        measure=_measure(col.measure),
                    ),
                )
            )
            del mapping[j]
            continue
        first[key] = j
    return mapping


def _measure(measure: str) -> Phrase:
    """A measure id as a message value: the app names it ("điểm (%)"), the English keeps the id."""
    return phrase(f"measure.{measure}", measure)


def _table_year(
    raw: RawTable,
    year: int | None,
    mapping: dict[int, ColumnMatch],
    year_col: int | None,
    problems: list[Problem],
) -> int | None:
    """The year of the whole table (None when rows or columns carry their own years)."""
    clues = year_clues(raw)
    said = {c.year for c in clues}
    if len(said) > 1:
        each = tuple(
            phrase("year.clue", f"{c.where} says {c.year}", where=c.where, year=c.year)
            for c in clues
        )
        shown = "; ".join(map(str, each))
        if year is None:
            problems.append(
                Problem.of(
                    None,
                    None,
                    phrase(
                        "year.two_in_file",
                        f"{raw.filename}: the file names two years: {shown}",
                        file=raw.filename,
                        clues=each,
                    ),
                )
            )
            return None
    if year is not None:
        for clue in clues:
            if clue.year != year:
                problems.append(
                    Problem.of(
                        None,
                        None,
                        phrase(
                            "year.given_differs",
                            f"{raw.filename}: the year given is {year} but the {clue.where} says "
                            f"{clue.year}",
                            file=raw.filename,
                            year=year,
                            where=clue.where,
                            said=clue.year,
                        ),
                    )
                )
        column_years = {column_year(raw.header[j]) for j in mapping} - {None}
        if column_years and year not in column_years:
            for j in sorted(mapping):
                cy = column_year(raw.header[j])
                if cy is not None and cy != year:
                    name = raw.header[j]
                    problems.append(
                        Problem.of(
                            None,
                            name,
                            phrase(
                                "year.column_differs",
                                f"column '{name}' is for {cy} but the year given is {year}",
                                column=name,
                                said=cy,
                                year=year,
                            ),
                        )
                    )
        return year
    if said:
        return clues[0].year
    return None


def _check_year(y: int, where: Phrase) -> Phrase | None:
    last = date.today().year
    if not FIRST_YEAR <= y <= last:
        return phrase(
            "year.out_of_range",
            f"{where}: year {y} is outside {FIRST_YEAR}–{last} (the years of the index)",
            where=where,
            year=y,
            first=FIRST_YEAR,
            last=last,
        )
    return None


def validate_table(
    raw: RawTable, year: int | None, units: pd.DataFrame, indicators: pd.DataFrame
) -> ImportResult:
    """Check a read table and turn it into observation records.

    The year of each figure comes from a year column ("Năm"), else from the column's
    header ("Tổng điểm năm 2023"), else from the sheet name or a title line ("KẾT QUẢ …
    NĂM 2023"), else from ``year``. A ``year`` that contradicts what the file says is an
    error naming where the file says otherwise; no year anywhere is an error too.

    Errors (each names its row and/or column): unknown units (with a suggestion), a name
    close to two units (both named), a unit named twice for one year, a unit that did not
    exist in the year, a cell that is not a number, scores outside 0–100, points outside
    0–max, ranks that are not whole numbers in 1–N (N = units of the row's level, or of its
    block, valid in the year), points and percent of one indicator that disagree (percent
    = points / max × 100), a total that disagrees with the sum of its components, cells
    the reader could not read faithfully. Warnings: columns that are not known
    indicators, empty cells, units missing from the table, ties and ranks out of score
    order.

    Block rows ("I. KHỐI PHƯỜNG", "Khối huyện") set the block of the rows below: names are
    matched among the unit types of the block, and ranks may restart per block. A
    component's points with its maximum in the header also give its percent, marked as
    derived (``derived_from``).

    Parameters
    ----------
    raw : RawTable
        From :func:`analysis.ingest.reader.read_table`.
    year : int or None
        Year evaluated (results are announced the following year); None to read it from
        the file.
    units : DataFrame
        ``seeds/units.csv`` (or the ``units`` view): unit_id, name_vi, name_en, unit_type,
        level, valid_from, valid_to. District- and commune-level rows are matched.
    indicators : DataFrame
        ``seeds/indicators.csv`` (or the ``indicators`` view).

    Examples
    --------
    >>> from analysis.ingest.reader import read_table
    >>> units = pd.DataFrame({"unit_id": ["ba_dinh"], "name_vi": ["Ba Đình"], "name_en": ["Ba Dinh"],
    ...     "level": ["district"], "valid_from": ["2008-08-01"], "valid_to": ["2025-06-30"]})
    >>> inds = pd.DataFrame({"indicator_id": ["total"], "name_vi": ["Chỉ số"], "name_en": ["Total"]})
    >>> raw = read_table("Đơn vị;Tổng điểm;Xếp hạng\\nQuận Ba Đình;95,10;1\\n".encode(), "t.csv")
    >>> r = validate_table(raw, 2023, units, inds)
    >>> r.ok, r.records[["unit_id", "measure", "value", "out_of"]].values.tolist()
    (True, [['ba_dinh', 'score_pct', 95.1, <NA>], ['ba_dinh', 'rank', 1.0, 1]])
    >>> bad = read_table("Đơn vị;Tổng điểm\\nUng Hoa;104,2\\n".encode(), "t.csv")
    >>> [p.message for p in validate_table(bad, 2023, units, inds).errors]
    ["row 2: unknown unit 'Ung Hoa'", "row 2, column 'Tổng điểm': 104,2 is outside 0–100"]
    """
    problems: list[Problem] = []
    read_problems = list(raw.problems)
    index = _index(units)
    mapping = _columns(raw, indicators, problems)
    year_col = year_column(raw)
    unit_col = _unit_column(raw, set(mapping) | ({year_col} if year_col is not None else set()))
    if unit_col is None:
        problems.append(
            Problem.of(
                None,
                None,
                phrase(
                    "unit.no_column",
                    f"{raw.filename}: no column with unit names (expected a header such as "
                    "'Đơn vị' or 'Quận, huyện, thị xã')",
                    file=raw.filename,
                ),
            )
        )
    elif classify_header(raw.header[unit_col]) != "unit":
        problems.append(
            Problem.of(
                None,
                raw.header[unit_col],
                phrase(
                    "unit.column_guessed",
                    f"column '{raw.header[unit_col]}' taken as the unit names",
                    column=raw.header[unit_col],
                ),
                "warning",
            )
        )
    mapping.pop(unit_col, None)
    table_year = _table_year(raw, year, mapping, year_col, problems)
    if not mapping:
        problems.append(
            Problem.of(
                None,
                None,
                phrase(
                    "indicator.no_column",
                    f"{raw.filename}: no column is a known indicator (expected headers such as "
                    "'Tổng điểm', 'Xếp hạng' or the names of the eight component areas)",
                    file=raw.filename,
                ),
            )
        )
    elif (
        table_year is None
        and year_col is None
        and any(column_year(raw.header[j]) is None for j in mapping)
    ):
        problems.append(
            Problem.of(
                None,
                None,
                phrase(
                    "year.missing",
                    f"{raw.filename}: the file does not say its year (no year column, sheet "
                    "name, title line or column header names one); choose its year on the "
                    "upload page (or give --year on the command line)",
                    file=raw.filename,
                ),
            )
        )
    if table_year is not None:
        where = phrase("where.file_year", f"{raw.filename}: the year", file=raw.filename)
        message = _check_year(table_year, where)
        if message:
            problems.append(Problem.of(None, None, message))
    figures: list[dict[str, object]] = []
    matches: dict[int, Match] = {}
    row_problems: list[Problem] = []
    years: set[int] = set()
    if unit_col is not None and mapping and not any(p.severity == "error" for p in problems):
        _check_rows(
            raw,
            _Context(table_year, year, year_col, unit_col, mapping, index, units),
            figures,
            matches,
            row_problems,
        )
        years = {int(f["year"]) for f in figures}
    row_errors = any(p.severity == "error" for p in row_problems)
    if unit_col is not None and mapping and not figures and not row_errors and not problems:
        what = "no data rows" if not raw.rows else "no figures"
        code = "table.no_rows" if not raw.rows else "table.no_figures"
        problems.append(
            Problem.of(
                None,
                None,
                phrase(code, f"{raw.filename} has a header but {what}", file=raw.filename),
            )
        )
    read_by_row = sorted(read_problems, key=lambda p: p.row or 0)
    all_problems = problems + sorted(
        row_problems + read_by_row, key=lambda p: (p.row is None, p.row or 0)
    )
    all_problems = list(dict.fromkeys(all_problems))
    figures_frame = _frame(figures, _FIGURE_COLUMNS)
    shown_year = table_year if table_year is not None else (min(years) if years else year)
    result = ImportResult(
        raw=raw,
        year=shown_year,
        records=_frame([], OBSERVATION_COLUMNS),
        problems=all_problems,
        figures=figures_frame,
        columns={raw.header[j]: mapping.get(j) for j in range(len(raw.header))},
        units=matches,
        unit_column=raw.header[unit_col] if unit_col is not None else None,
        years=sorted(years),
        year_column=raw.header[year_col] if year_col is not None else None,
    )
    if result.ok and len(figures_frame):
        result.records = figures_frame[list(OBSERVATION_COLUMNS)].reset_index(drop=True)
    return result


@dataclass
class _Context:
    table_year: int | None
    given_year: int | None
    year_col: int | None
    unit_col: int
    mapping: dict[int, ColumnMatch]
    index: _UnitIndex
    units: pd.DataFrame


def _row_year(
    raw: RawTable, ctx: _Context, cells: list[str], number: int, problems: list[Problem]
) -> tuple[int | None, bool]:
    """The row's year and whether it could be read."""
    if ctx.year_col is None:
        return ctx.table_year, True
    name = raw.header[ctx.year_col]
    text = cells[ctx.year_col]
    m = re.fullmatch(r"\s*(?:năm|nam|year)?\s*(\d{4})\s*", text, re.IGNORECASE)
    if not m:
        reason = phrase("year.invalid", f"'{text}' is not a year", text=text)
        problems.append(Problem.of(number, name, _at(number, name, reason)))
        return None, False
    y = int(m.group(1))
    if ctx.given_year is not None and y != ctx.given_year:
        reason = phrase(
            "year.cell_differs",
            f"the file says {y} but the year given is {ctx.given_year}",
            said=y,
            year=ctx.given_year,
        )
        problems.append(Problem.of(number, name, _at(number, name, reason)))
        return None, False
    message = _check_year(y, _where(number, name))
    if message:
        problems.append(Problem.of(number, name, message))
        return None, False
    return y, True


def _rank_size(index: _UnitIndex, year: int, level: str, block: str | None) -> int:
    """How many units a rank is out of: those of the block (or level) valid in ``year``."""
    key = (year, level, block)
    if key not in index.rank_sizes:
        types = BLOCK_TYPES.get(block) if block else None
        pool = [
            u
            for u in index.units.values()
            if (u.unit_type in types if types else u.level == level)
            and (types is None or u.level in _MATCHED_LEVELS)
        ]
        at_end = [u for u in pool if _valid_at_end(u, year)]
        index.rank_sizes[key] = len(at_end) or sum(1 for u in pool if _covers_year(u, year))
    return index.rank_sizes[key]


def _check_rows(
    raw: RawTable,
    ctx: _Context,
    figures: list[dict[str, object]],
    matches: dict[int, Match],
    problems: list[Problem],
) -> None:
    index, mapping = ctx.index, ctx.mapping
    seen: dict[tuple[str, int | None], int] = {}
    empty: dict[str, list[int]] = defaultdict(list)
    per_row: dict[tuple[int, int], dict[tuple[str, str], tuple[float, str, ColumnMatch, str]]] = {}
    ranks: dict[tuple[str, int, str], list[tuple[float, int]]] = defaultdict(list)
    present: dict[tuple[int, str], set[str]] = defaultdict(set)
    blocks = raw.blocks or [""] * len(raw.rows)
    col_years = {j: column_year(raw.header[j]) for j in mapping}
    for cells, number, block_text in zip(raw.rows, raw.row_numbers, blocks, strict=True):
        unit_text = cells[ctx.unit_col]
        values = {j: cells[j] for j in mapping if cells[j]}
        if not unit_text:
            if values:
                problems.append(
                    Problem.of(
                        number,
                        None,
                        phrase("unit.missing", f"row {number}: no unit name", row=number),
                    )
                )
            continue
        row_year, readable = _row_year(raw, ctx, cells, number, problems)
        if not readable:
            continue
        block = block_of(block_text) if block_text else None
        match_year = row_year
        if match_year is None:
            own = {y for j, y in col_years.items() if j in values and y is not None}
            match_year = max(own) if own else None
        m = index.match(unit_text, match_year, BLOCK_TYPES.get(block) if block else None)
        matches[number] = m
        unit = index.units.get(m.unit_id) if m.unit_id else None
        if m.unit_id is None:
            quoted = cut(unit_text)
            if not values:
                problems.append(
                    Problem.of(
                        number,
                        None,
                        phrase(
                            "unit.not_a_unit",
                            f"row {number}: '{quoted}' is not a unit and has no figures (ignored)",
                            row=number,
                            unit=quoted,
                        ),
                        "warning",
                    )
                )
                continue
            if len(m.candidates) > 1 and m.score >= 100:
                problems.append(
                    Problem.of(
                        number,
                        None,
                        phrase(
                            "unit.ambiguous",
                            f"row {number}: '{quoted}' could be several units — {m.suggestion} "
                            "(write the type, e.g. 'phường' or 'quận', or put the row in its "
                            "block)",
                            row=number,
                            unit=quoted,
                            hint=m.hint,
                        ),
                    )
                )
            elif m.hint is not None:
                problems.append(
                    Problem.of(
                        number,
                        None,
                        phrase(
                            "unit.unknown_near",
                            f"row {number}: unknown unit '{quoted}' — {m.suggestion}",
                            row=number,
                            unit=quoted,
                            hint=m.hint,
                        ),
                    )
                )
            else:
                problems.append(
                    Problem.of(
                        number,
                        None,
                        phrase(
                            "unit.unknown",
                            f"row {number}: unknown unit '{quoted}'",
                            row=number,
                            unit=quoted,
                        ),
                    )
                )
        elif unit is not None:
            uid = m.unit_id
            label = index.label(uid, row_year)
            key = (uid, row_year)
            if key in seen:
                problems.append(
                    Problem.of(
                        number,
                        None,
                        phrase(
                            "unit.twice",
                            f"row {number}: {label} appears twice (rows {seen[key]} and {number})",
                            row=number,
                            unit=label,
                            rows=(seen[key], number),
                        ),
                    )
                )
            else:
                seen[key] = number
            if block and unit.unit_type not in BLOCK_TYPES[block]:
                problems.append(
                    Problem.of(
                        number,
                        None,
                        phrase(
                            "unit.wrong_block",
                            f"row {number}: {label} is a {unit.unit_type} but is listed under "
                            f"'{block_text}'",
                            row=number,
                            unit=label,
                            type=unit.unit_type,
                            block=block_text,
                        ),
                    )
                )
        row_values: dict[tuple[int, str, str], tuple[float, str, ColumnMatch, str]] = {}
        for j, col in mapping.items():
            name = raw.header[j]
            text = cells[j]
            fig_year = col_years[j] if col_years[j] is not None else row_year
            if fig_year is None:
                continue
            if not text:
                empty[name].append(number)
                continue
            kind = "integer" if col.measure == "rank" else "decimal"
            try:
                value = parse_number(text, kind)
            except ValueError as exc:
                said = exc.args[0] if exc.args else ""
                reason = said if isinstance(said, Phrase) else phrase("", str(exc))
                if col.measure == "rank" and reason.code == "number.not_whole":
                    quoted = cut(text)
                    reason = phrase(
                        "rank.not_whole", f"rank {quoted} is not a whole number", text=quoted
                    )
                problems.append(Problem.of(number, name, _at(number, name, reason)))
                continue
            if value is None:
                empty[name].append(number)
                continue
            if unit is not None and not _covers_year(unit, fig_year):
                where = None if fig_year == match_year else name
                validity = _validity(ctx.units, unit.unit_id)
                problem = Problem.of(
                    number,
                    where,
                    phrase(
                        "unit.not_in_year",
                        f"row {number}: {index.label(unit.unit_id)} did not exist in {fig_year} "
                        f"(valid {validity})",
                        row=number,
                        unit=index.label(unit.unit_id),
                        year=fig_year,
                        valid=validity,
                    ),
                )
                if problem not in problems:
                    problems.append(problem)
            n_ranked = _rank_size(index, fig_year, unit.level if unit else "district", block)
            message = _range_problem(text, value, col, n_ranked)
            if message and (unit is None or _covers_year(unit, fig_year)):
                problems.append(Problem.of(number, name, _at(number, name, message)))
            out_of: float | None = None
            if col.measure == "rank":
                out_of = n_ranked
                ranks[(col.indicator_id, fig_year, block or "")].append((value, number))
            elif col.measure == "points" and col.out_of is not None and col.out_of.is_integer():
                out_of = col.out_of
            row_values[(fig_year, col.indicator_id, col.measure)] = (value, text, col, name)
            note = f"block: {block_text}" if block_text else ""
            figures.append(
                _figure(m, fig_year, col, value, text, out_of, raw, number, name, unit_text, note)
            )
            if unit is not None:
                present[(fig_year, unit.level)].add(unit.unit_id)
        for fig_year in sorted({k[0] for k in row_values}):
            values_y = {(i, ms): v for (y, i, ms), v in row_values.items() if y == fig_year}
            per_row[(number, fig_year)] = values_y
            problems.extend(_sum_problems(number, values_y))
            problems.extend(_percent_problems(number, values_y))
            figures.extend(
                _derived_percents(m, fig_year, values_y, raw, number, unit_text, block_text)
            )
    unreadable = {(p.row, p.column) for p in raw.problems}
    for name, all_rows in empty.items():
        rows = [n for n in all_rows if (n, name) not in unreadable]
        if not rows:
            continue
        shown = ", ".join(map(str, rows[:12])) + (" …" if len(rows) > 12 else "")
        problems.append(
            Problem.of(
                None,
                name,
                phrase(
                    "column.empty_cells",
                    f"column '{shorten(name, _HEADER_QUOTE)}': no figure in row(s) {shown} "
                    "(left out)",
                    column=cut(name, _HEADER_QUOTE),
                    rows=shown,  # row numbers, pre-joined
                ),
                "warning",
            )
        )
    for (fig_year, level), ids in sorted(present.items()):
        expected = [
            u for u in index.units.values() if u.level == level and _valid_at_end(u, fig_year)
        ]
        missing = [u.name_vi for u in expected if u.unit_id not in ids]
        if missing:
            shown = ", ".join(missing[:8]) + (" …" if len(missing) > 8 else "")
            problems.append(
                Problem.of(
                    None,
                    None,
                    phrase(
                        "units.missing",
                        f"{len(ids)} of the {len(expected)} {level}-level units valid in "
                        f"{fig_year} are in the table; missing: {shown}",
                        found=len(ids),
                        expected=len(expected),
                        level=phrase(f"level.{level}", level),
                        year=fig_year,
                        missing=shown,  # unit names, pre-joined
                    ),
                    "warning",
                )
            )
    problems.extend(_rank_warnings(mapping, raw, per_row, ranks))


def _validity(units: pd.DataFrame, uid: str) -> str | Phrase:
    rows = units[units["unit_id"].astype(str) == uid] if "unit_id" in units else units.iloc[:0]
    if rows.empty:
        return ""
    r = rows.iloc[0]
    start = _date_text(r.get("valid_from"), "?")
    end = _date_text(r.get("valid_to"), "")
    if not end:
        return phrase("valid.from", f"{start} to now", start=start)
    return phrase("valid.between", f"{start} to {end}", start=start, end=end)


def _figure(
    m: Match,
    year: int,
    col: ColumnMatch,
    value: float,
    text: str,
    out_of: float | None,
    raw: RawTable,
    number: int,
    name: str,
    unit_text: str,
    note: str,
) -> dict[str, object]:
    return {
        "unit_id": m.unit_id or "",
        "year": year,
        "indicator_id": col.indicator_id,
        "measure": col.measure,
        "value": value,
        "value_as_published": text,
        "out_of": out_of,
        "source_id": "",
        "locator": _locator(raw, number, name),
        "derived_from": "",
        "note": note,
        "row": number,
        "column": name,
        "unit_text": unit_text,
    }


def _percent_problems(
    number: int, values: dict[tuple[str, str], tuple[float, str, ColumnMatch, str]]
) -> list[Problem]:
    """Points and percent of one indicator must agree: percent = points / max × 100."""
    out = []
    for (indicator, measure), (pts, pts_text, col, pts_name) in values.items():
        pct = values.get((indicator, "score_pct"))
        if measure != "points" or col.out_of is None or pct is None:
            continue
        expected = pts / col.out_of * 100
        tolerance = _tolerance([pct[1]]) + _tolerance([pts_text]) * 100 / col.out_of
        if abs(expected - pct[0]) > tolerance:
            shown = _fmt(expected, max(_decimals(pct[1]), 1), "," in pct[1])
            out.append(
                Problem.of(
                    number,
                    pct[3],
                    phrase(
                        "percent.disagrees",
                        f"row {number}, column '{pct[3]}': {pct[1]} % disagrees with the points "
                        f"{pts_text} of {_fmt_max(col.out_of)} in column '{pts_name}' "
                        f"(= {shown} %)",
                        row=number,
                        column=pct[3],
                        percent=pct[1],
                        points=pts_text,
                        max=_fmt_max(col.out_of),
                        points_column=pts_name,
                        expected=shown,
                    ),
                )
            )
    return out


def _derived_percents(
    m: Match,
    year: int,
    values: dict[tuple[str, str], tuple[float, str, ColumnMatch, str]],
    raw: RawTable,
    number: int,
    unit_text: str,
    block_text: str,
) -> list[dict[str, object]]:
    """A component's percent from its points and the maximum its header gives (derived)."""
    out = []
    for (indicator, measure), (pts, text, col, name) in values.items():
        if measure != "points" or indicator == "total" or col.out_of is None:
            continue
        if (indicator, "score_pct") in values or not 0 <= pts <= col.out_of:
            continue
        out.append(
            {
                "unit_id": m.unit_id or "",
                "year": year,
                "indicator_id": indicator,
                "measure": "score_pct",
                "value": round(pts / col.out_of * 100, 10),
                "value_as_published": "",
                "out_of": None,
                "source_id": "",
                "locator": _locator(raw, number, name),
                "derived_from": f"points {text} / {_fmt_max(col.out_of)} × 100 (derived, "
                "not printed)",
                "note": f"block: {block_text}" if block_text else "",
                "row": number,
                "column": name,
                "unit_text": unit_text,
            }
        )
    return out


def _range_problem(text: str, value: float, col: ColumnMatch, n_ranked: int) -> Phrase | None:
    # Figures are quoted as written (numbers of the file, not of the message).
    if col.measure == "score_pct" and not 0 <= value <= 100:
        return phrase("value.out_of_range", f"{text} is outside 0–100", text=text, max="100")
    if col.measure == "points":
        if col.out_of is not None and not 0 <= value <= col.out_of:
            top = _fmt_max(col.out_of)
            return phrase("value.out_of_range", f"{text} is outside 0–{top}", text=text, max=top)
        if value < 0:
            return phrase("value.negative", f"{text} is below 0", text=text)
    if col.measure == "rank" and not 1 <= value <= n_ranked:
        return phrase(
            "rank.out_of_range", f"rank {text} is outside 1–{n_ranked}", text=text, units=n_ranked
        )
    return None


def _tolerance(texts: list[str]) -> float:
    return sum(0.5 * 10 ** (-_decimals(t)) for t in texts) + 1e-9


def _sum_problems(
    number: int, values: dict[tuple[str, str], tuple[float, str, ColumnMatch, str]]
) -> list[Problem]:
    total = values.get(("total", "score_pct")) or values.get(("total", "points"))
    if total is None:
        return []
    t_value, t_text, t_col, _ = total
    comma = "," in t_text
    out: list[Problem] = []
    parts = [values.get((c, "points")) for c in COMPONENTS]
    if all(p is not None and p[2].out_of is not None for p in parts):
        maximum = sum(p[2].out_of for p in parts if p is not None)
        total_max = 100.0 if t_col.measure == "score_pct" else t_col.out_of
        if total_max is not None and abs(maximum - total_max) < 1e-9:
            texts = [p[1] for p in parts if p is not None]
            s = sum(p[0] for p in parts if p is not None)
            if abs(s - t_value) > _tolerance([*texts, t_text]):
                shown = _fmt(s, max(_decimals(t) for t in texts), comma)
                out.append(
                    Problem.of(
                        number,
                        None,
                        phrase(
                            "total.disagrees_components",
                            f"row {number}: the total {t_text} disagrees with the sum of its "
                            f"components {shown} (max points known)",
                            row=number,
                            total=t_text,
                            sum=shown,
                        ),
                    )
                )
    a, s_ = values.get(("appraisal", "points")), values.get(("survey", "points"))
    if a is not None and s_ is not None and t_col.measure == "score_pct":
        maxima = [a[2].out_of, s_[2].out_of]
        if None in maxima or sum(m for m in maxima if m is not None) == 100:
            if abs(a[0] + s_[0] - t_value) > _tolerance([a[1], s_[1], t_text]):
                shown = _fmt(a[0] + s_[0], max(_decimals(a[1]), _decimals(s_[1])), comma)
                out.append(
                    Problem.of(
                        number,
                        None,
                        phrase(
                            "total.disagrees_parts",
                            f"row {number}: the total {t_text} disagrees with appraisal + survey "
                            f"{shown}",
                            row=number,
                            total=t_text,
                            sum=shown,
                        ),
                    )
                )
    return out


def _rank_warnings(
    mapping: dict[int, ColumnMatch],
    raw: RawTable,
    per_row: dict[tuple[int, int], dict[tuple[str, str], tuple[float, str, ColumnMatch, str]]],
    ranks: dict[tuple[str, int, str], list[tuple[float, int]]],
) -> list[Problem]:
    """Ties and ranks out of score order, within each indicator, year and block."""
    out: list[Problem] = []
    for (indicator, year, _block), items in ranks.items():
        name = next(
            raw.header[j]
            for j, c in mapping.items()
            if c.indicator_id == indicator
            and c.measure == "rank"
            and column_year(raw.header[j]) in {year, None}
        )
        by_rank: dict[float, list[int]] = defaultdict(list)
        for value, number in items:
            by_rank[value].append(number)
        for value, rows in sorted(by_rank.items()):
            if len(rows) > 1:
                joined = " and ".join(map(str, rows))
                out.append(
                    Problem.of(
                        None,
                        name,
                        phrase(
                            "rank.tie",
                            f"column '{shorten(name, _HEADER_QUOTE)}': rank {value:g} is shared "
                            f"by rows {joined} (a tie?)",
                            column=cut(name, _HEADER_QUOTE),
                            rank=value,
                            rows=tuple(rows),
                        ),
                        "warning",
                    )
                )
        scored = []
        for value, number in sorted(items):
            row = per_row.get((number, year), {})
            entry = row.get((indicator, "score_pct")) or row.get((indicator, "points"))
            if entry is not None:
                scored.append((value, number, entry[0], entry[1]))
        for (r1, n1, v1, t1), (r2, n2, v2, t2) in zip(scored, scored[1:], strict=False):
            if r1 < r2 and v1 < v2:
                out.append(
                    Problem.of(
                        n2,
                        name,
                        phrase(
                            "rank.order",
                            f"row {n2}: ranked {r2:g} with {t2} but row {n1} is ranked {r1:g} "
                            f"with only {t1}",
                            row=n2,
                            rank=r2,
                            score=t2,
                            other_row=n1,
                            other_rank=r1,
                            other_score=t1,
                        ),
                        "warning",
                    )
                )
                break
    return out
