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

import pandas as pd
from rapidfuzz import fuzz, process

from analysis.codes import COMPONENTS
from analysis.ingest.headers import UNIT_PREFIX, YEAR, ColumnMatch, classify_header, match_column
from analysis.ingest.reader import Problem, RawTable
from analysis.ingest.text import parse_number, shorten
from analysis.ingest.text import words as _words
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
    """
    words = _words(str(text).replace("_", " "))
    stripped = UNIT_PREFIX.sub("", words, count=1)
    return stripped if stripped else words


def _exact(text: str) -> str:
    """Case- and space-insensitive but diacritic-sensitive form (after the type prefix)."""
    t = unicodedata.normalize("NFC", str(text)).casefold()
    tokens = re.sub(r"[^\w]+", " ", t).split()
    drop = len(_words(str(text)).split()) - len(normalise_unit(text).split())
    return " ".join(tokens[drop:]) if 0 <= drop < len(tokens) else " ".join(tokens)


@dataclass(frozen=True)
class Match:
    """Result of :func:`match_unit`: ``unit_id`` is None unless the name matched exactly."""

    text: str
    unit_id: str | None
    score: float
    suggestion: str | None = None
    candidates: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the text names a unit (after normalisation)."""
        return self.unit_id is not None


class _UnitIndex:
    def __init__(self, units: pd.DataFrame):
        self.names: dict[str, str] = {}
        self.keys: dict[str, set[str]] = defaultdict(set)
        self.exact: dict[str, str] = {}
        for row in units.itertuples(index=False):
            uid = str(row.unit_id)
            self.names[uid] = str(row.name_vi)
            for name in (row.name_vi, getattr(row, "name_en", ""), uid):
                if isinstance(name, str) and name.strip():
                    self.keys[normalise_unit(name)].add(uid)
            self.exact[_exact(str(row.name_vi))] = uid
        self.choices = {key: sorted(ids) for key, ids in self.keys.items() if key}

    def match(self, text: str) -> Match:
        key = normalise_unit(text)
        if not key:
            return Match(text, None, 0.0)
        ids = self.keys.get(key, set())
        if len(ids) == 1:
            return Match(text, next(iter(ids)), 100.0)
        if len(ids) > 1:
            uid = self.exact.get(_exact(text))
            if uid in ids:
                return Match(text, uid, 100.0)
            names = " or ".join(sorted(self.names[i] for i in ids))
            return Match(text, None, 100.0, f"did you mean {names}?", tuple(sorted(ids)))
        found = process.extract(
            key, list(self.choices), scorer=fuzz.ratio, limit=4, score_cutoff=60
        )
        if not found:
            return Match(text, None, 0.0)
        best = found[0][1]
        ids_near: list[str] = []
        for choice, score, _ in found:
            if score >= best - 1:
                ids_near += [i for i in self.choices[choice] if i not in ids_near]
        names = " or ".join(self.names[i] for i in ids_near[:3])
        return Match(text, None, float(best), f"did you mean {names}?", tuple(ids_near))


@functools.lru_cache(maxsize=64)
def _index_for(key: tuple[tuple[str, str, str], ...]) -> _UnitIndex:
    return _UnitIndex(pd.DataFrame(list(key), columns=["unit_id", "name_vi", "name_en"]))


def _index(units: pd.DataFrame) -> _UnitIndex:
    en = units["name_en"] if "name_en" in units else pd.Series([""] * len(units))
    key = tuple(
        zip(
            units["unit_id"].astype(str),
            units["name_vi"].astype(str),
            en.fillna("").astype(str),
            strict=True,
        )
    )
    return _index_for(key)


def match_unit(text: str, units: pd.DataFrame) -> Match:
    """Match a unit cell ("Q. Ba Đình", "HUYỆN ỨNG HÒA", "Ung Hoa") to a unit in ``units``.

    Exact match after normalisation (:func:`normalise_unit`) against ``name_vi``,
    ``name_en`` and ``unit_id``; otherwise a rapidfuzz suggestion only.

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
    return _index(units).match(str(text))


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
    """

    raw: RawTable
    year: int
    records: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    figures: pd.DataFrame = field(default_factory=pd.DataFrame)
    columns: dict[str, ColumnMatch | None] = field(default_factory=dict)
    units: dict[int, Match] = field(default_factory=dict)
    unit_column: str | None = None

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


def _where(row: int | None, column: str | None) -> str:
    if row is not None and column is not None:
        return f"row {row}, column '{shorten(column, _HEADER_QUOTE)}'"
    if row is not None:
        return f"row {row}"
    return f"column '{shorten(column or '', _HEADER_QUOTE)}'"


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


def _columns(
    raw: RawTable, year: int, indicators: pd.DataFrame, problems: list[Problem]
) -> dict[int, ColumnMatch]:
    known = set(indicators["indicator_id"].astype(str)) if "indicator_id" in indicators else set()
    mapping: dict[int, ColumnMatch] = {}
    first: dict[tuple[str, str], int] = {}
    for j, name in enumerate(raw.header):
        kind = classify_header(name)
        if kind in {"stt", "unit"}:
            continue
        filled = any(r[j] for r in raw.rows)
        if not name:
            if filled:
                col = raw.source_columns[j] if j < len(raw.source_columns) else j + 1
                problems.append(
                    Problem(None, f"#{col}", f"column {col} has no header (ignored)", "warning")
                )
            continue
        found = match_column(name, indicators)
        if found is None:
            problems.append(
                Problem(
                    None,
                    name,
                    f"column '{shorten(name, _HEADER_QUOTE)}' is not a known indicator (ignored)",
                    "warning",
                )
            )
            continue
        years = {int(y) for y in YEAR.findall(name)}
        if years and year not in years:
            shown = ", ".join(str(y) for y in sorted(years))
            problems.append(
                Problem(
                    None,
                    name,
                    f"column '{shorten(name, _HEADER_QUOTE)}' is for {shown}, not {year} (ignored)",
                    "warning",
                )
            )
            continue
        if known and found.indicator_id not in known:
            problems.append(
                Problem(
                    None,
                    name,
                    f"column '{shorten(name, _HEADER_QUOTE)}': indicator '{found.indicator_id}' is not in the codebook "
                    "(ignored)",
                    "warning",
                )
            )
            continue
        key = (found.indicator_id, found.measure)
        if key in first:
            other = raw.header[first[key]]
            problems.append(
                Problem(
                    None,
                    name,
                    f"columns '{shorten(other, _HEADER_QUOTE)}' and '{shorten(name, _HEADER_QUOTE)}' both give {found.indicator_id} "
                    f"{found.measure}; rename or delete one",
                )
            )
            continue
        first[key] = j
        mapping[j] = found
    return mapping


def validate_table(
    raw: RawTable, year: int, units: pd.DataFrame, indicators: pd.DataFrame
) -> ImportResult:
    """Check a read table and turn it into observation records for ``year``.

    Errors (each names its row and/or column): unknown units (with a suggestion), a unit
    named twice, a unit that did not exist in ``year``, a cell that is not a number,
    scores outside 0–100, points outside 0–max, ranks that are not whole numbers in
    1–N (N = district-level units valid in ``year``), a total that disagrees with the
    sum of its components (only when every component's max points are in the header),
    cells the reader could not read faithfully. Warnings: columns that are not known
    indicators, empty cells, district-level units missing from the table, ties and
    ranks out of score order, a title naming another year.

    Parameters
    ----------
    raw : RawTable
        From :func:`analysis.ingest.reader.read_table`.
    year : int
        Year evaluated (results are announced the following year).
    units : DataFrame
        ``seeds/units.csv`` (or the ``units`` view): unit_id, name_vi, name_en, level,
        valid_from, valid_to. Only ``level == "district"`` rows are matched.
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
    districts = units[units["level"].astype(str) == "district"] if "level" in units else units
    district_rows = districts.to_dict("records")
    valid = districts[[_covers(r, year) for r in district_rows]]
    index = _index(districts)
    names = dict(
        zip(districts["unit_id"].astype(str), districts["name_vi"].astype(str), strict=True)
    )
    validity = {
        str(r["unit_id"]): f"{_date_text(r.get('valid_from'), '?')} to "
        f"{_date_text(r.get('valid_to'), 'now')}"
        for r in district_rows
    }

    if raw.title:
        mentioned = {int(y) for t in raw.title for y in YEAR.findall(t)}
        if mentioned and year not in mentioned:
            shown = ", ".join(str(y) for y in sorted(mentioned))
            problems.append(
                Problem(
                    None,
                    None,
                    f"the title mentions {shown} but the year given is {year} (the index of a "
                    "year is announced in the following year)",
                    "warning",
                )
            )
    mapping = _columns(raw, year, indicators, problems)
    unit_col = _unit_column(raw, set(mapping))
    if unit_col is None:
        problems.append(
            Problem(
                None,
                None,
                f"{raw.filename}: no column with unit names (expected a header such as 'Đơn vị' "
                "or 'Quận, huyện, thị xã')",
            )
        )
    elif classify_header(raw.header[unit_col]) != "unit":
        problems.append(
            Problem(
                None,
                raw.header[unit_col],
                f"column '{raw.header[unit_col]}' taken as the unit names",
                "warning",
            )
        )
    mapping.pop(unit_col, None)
    if not mapping:
        problems.append(
            Problem(
                None,
                None,
                f"{raw.filename}: no column is a known indicator (expected headers such as "
                "'Tổng điểm', 'Xếp hạng' or the names of the eight component areas)",
            )
        )
    figures: list[dict[str, object]] = []
    matches: dict[int, Match] = {}
    row_problems: list[Problem] = []
    if unit_col is not None and mapping:
        _check_rows(
            raw,
            year,
            mapping,
            unit_col,
            index,
            names,
            validity,
            valid,
            figures,
            matches,
            row_problems,
        )
    row_errors = any(p.severity == "error" for p in row_problems)
    if unit_col is not None and mapping and not figures and not row_errors:
        what = "no data rows" if not raw.rows else "no figures"
        problems.append(Problem(None, None, f"{raw.filename} has a header but {what}"))
    read_by_row = sorted(read_problems, key=lambda p: p.row or 0)
    all_problems = problems + sorted(
        row_problems + read_by_row, key=lambda p: (p.row is None, p.row or 0)
    )
    all_problems = list(dict.fromkeys(all_problems))
    figures_frame = _frame(figures, _FIGURE_COLUMNS)
    result = ImportResult(
        raw=raw,
        year=year,
        records=_frame([], OBSERVATION_COLUMNS),
        problems=all_problems,
        figures=figures_frame,
        columns={raw.header[j]: mapping.get(j) for j in range(len(raw.header))},
        units=matches,
        unit_column=raw.header[unit_col] if unit_col is not None else None,
    )
    if result.ok and len(figures_frame):
        result.records = figures_frame[list(OBSERVATION_COLUMNS)].reset_index(drop=True)
    return result


def _check_rows(
    raw: RawTable,
    year: int,
    mapping: dict[int, ColumnMatch],
    unit_col: int,
    index: _UnitIndex,
    names: dict[str, str],
    validity: dict[str, str],
    valid: pd.DataFrame,
    figures: list[dict[str, object]],
    matches: dict[int, Match],
    problems: list[Problem],
) -> None:
    seen: dict[str, int] = {}
    valid_ids = set(valid["unit_id"].astype(str))
    n_ranked = len(valid)
    empty: dict[str, list[int]] = defaultdict(list)
    per_row: dict[int, dict[tuple[str, str], tuple[float, str, ColumnMatch, str]]] = {}
    ranks: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for cells, number in zip(raw.rows, raw.row_numbers, strict=True):
        unit_text = cells[unit_col]
        values = {j: cells[j] for j in mapping if cells[j]}
        if not unit_text:
            if values:
                problems.append(Problem(number, None, f"row {number}: no unit name"))
            continue
        m = index.match(unit_text)
        matches[number] = m
        if m.unit_id is None:
            if not values:
                problems.append(
                    Problem(
                        number,
                        None,
                        f"row {number}: '{shorten(unit_text)}' is not a unit and has no figures "
                        "(ignored)",
                        "warning",
                    )
                )
                continue
            hint = f" — {m.suggestion}" if m.suggestion else ""
            problems.append(
                Problem(number, None, f"row {number}: unknown unit '{shorten(unit_text)}'{hint}")
            )
        else:
            uid = m.unit_id
            if uid in seen:
                problems.append(
                    Problem(
                        number,
                        None,
                        f"row {number}: {names[uid]} appears twice (rows {seen[uid]} and {number})",
                    )
                )
            else:
                seen[uid] = number
            if uid not in valid_ids:
                problems.append(
                    Problem(
                        number,
                        None,
                        f"row {number}: {names[uid]} did not exist in {year} (valid {validity[uid]})",
                    )
                )
        row_values: dict[tuple[str, str], tuple[float, str, ColumnMatch, str]] = {}
        for j, col in mapping.items():
            name = raw.header[j]
            text = cells[j]
            if not text:
                empty[name].append(number)
                continue
            kind = "integer" if col.measure == "rank" else "decimal"
            try:
                value = parse_number(text, kind)
            except ValueError as exc:
                reason = str(exc)
                if col.measure == "rank" and "whole" in reason:
                    reason = f"rank {shorten(text)} is not a whole number"
                problems.append(Problem(number, name, f"{_where(number, name)}: {reason}"))
                continue
            if value is None:
                empty[name].append(number)
                continue
            message = _range_problem(text, value, col, n_ranked)
            if message:
                problems.append(Problem(number, name, f"{_where(number, name)}: {message}"))
            out_of: float | None = None
            if col.measure == "rank":
                out_of = n_ranked
                ranks[col.indicator_id].append((value, number))
            elif col.measure == "points" and col.out_of is not None and col.out_of.is_integer():
                out_of = col.out_of
            row_values[(col.indicator_id, col.measure)] = (value, text, col, name)
            figures.append(
                {
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
                    "note": "",
                    "row": number,
                    "column": name,
                    "unit_text": unit_text,
                }
            )
        per_row[number] = row_values
        problems.extend(_sum_problems(number, row_values))
    unreadable = {(p.row, p.column) for p in raw.problems}
    for name, all_rows in empty.items():
        rows = [n for n in all_rows if (n, name) not in unreadable]
        if not rows:
            continue
        shown = ", ".join(map(str, rows[:12])) + (" …" if len(rows) > 12 else "")
        problems.append(
            Problem(
                None,
                name,
                f"column '{shorten(name, _HEADER_QUOTE)}': no figure in row(s) {shown} (left out)",
                "warning",
            )
        )
    missing = [names[u] for u in valid["unit_id"].astype(str) if u not in seen]
    if seen and missing:
        shown = ", ".join(missing[:8]) + (" …" if len(missing) > 8 else "")
        problems.append(
            Problem(
                None,
                None,
                f"{len(seen)} of the {n_ranked} district-level units valid in {year} are in the "
                f"table; missing: {shown}",
                "warning",
            )
        )
    problems.extend(_rank_warnings(mapping, raw, per_row, ranks))


def _range_problem(text: str, value: float, col: ColumnMatch, n_ranked: int) -> str | None:
    if col.measure == "score_pct" and not 0 <= value <= 100:
        return f"{text} is outside 0–100"
    if col.measure == "points":
        if col.out_of is not None and not 0 <= value <= col.out_of:
            return f"{text} is outside 0–{_fmt_max(col.out_of)}"
        if value < 0:
            return f"{text} is below 0"
    if col.measure == "rank" and not 1 <= value <= n_ranked:
        return f"rank {text} is outside 1–{n_ranked}"
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
                    Problem(
                        number,
                        None,
                        f"row {number}: the total {t_text} disagrees with the sum of its "
                        f"components {shown} (max points known)",
                    )
                )
    a, s_ = values.get(("appraisal", "points")), values.get(("survey", "points"))
    if a is not None and s_ is not None and t_col.measure == "score_pct":
        maxima = [a[2].out_of, s_[2].out_of]
        if None in maxima or sum(m for m in maxima if m is not None) == 100:
            if abs(a[0] + s_[0] - t_value) > _tolerance([a[1], s_[1], t_text]):
                shown = _fmt(a[0] + s_[0], max(_decimals(a[1]), _decimals(s_[1])), comma)
                out.append(
                    Problem(
                        number,
                        None,
                        f"row {number}: the total {t_text} disagrees with appraisal + survey "
                        f"{shown}",
                    )
                )
    return out


def _rank_warnings(
    mapping: dict[int, ColumnMatch],
    raw: RawTable,
    per_row: dict[int, dict[tuple[str, str], tuple[float, str, ColumnMatch, str]]],
    ranks: dict[str, list[tuple[float, int]]],
) -> list[Problem]:
    out: list[Problem] = []
    rank_cols = {c.indicator_id: raw.header[j] for j, c in mapping.items() if c.measure == "rank"}
    for indicator, items in ranks.items():
        name = rank_cols[indicator]
        by_rank: dict[float, list[int]] = defaultdict(list)
        for value, number in items:
            by_rank[value].append(number)
        for value, rows in sorted(by_rank.items()):
            if len(rows) > 1:
                joined = " and ".join(map(str, rows))
                out.append(
                    Problem(
                        None,
                        name,
                        f"column '{shorten(name, _HEADER_QUOTE)}': rank {value:g} is shared by rows {joined} (a tie?)",
                        "warning",
                    )
                )
        scored = []
        for value, number in sorted(items):
            entry = per_row.get(number, {}).get((indicator, "score_pct")) or per_row.get(
                number, {}
            ).get((indicator, "points"))
            if entry is not None:
                scored.append((value, number, entry[0], entry[1]))
        for (r1, n1, v1, t1), (r2, n2, v2, t2) in zip(scored, scored[1:], strict=False):
            if r1 < r2 and v1 < v2:
                out.append(
                    Problem(
                        n2,
                        name,
                        f"row {n2}: ranked {r2:g} with {t2} but row {n1} is ranked {r1:g} with "
                        f"only {t1}",
                        "warning",
                    )
                )
                break
    return out
