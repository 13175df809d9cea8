"""The app's own exports read back: the tidy long table of
:mod:`analysis.warehouse.export` (CSV or XLSX), from the published data or a workspace.

Such a file names its units and indicators by id, so nothing is matched by name; every
row is still checked (unit, indicator, measure, year, validity, number) and a problem
names its row and column. An export of the SIMULATED demo panel is refused whole.
"""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

from analysis.ingest.headers import ColumnMatch
from analysis.ingest.matching import (
    _FIGURE_COLUMNS,
    OBSERVATION_COLUMNS,
    ImportResult,
    _frame,
    _year_of,
)
from analysis.ingest.phrase import Phrase, phrase
from analysis.ingest.reader import Problem, RawTable, TableError, first_sheet_grid
from analysis.warehouse.build import MEASURES
from analysis.warehouse.export import FORMULA_PREFIXES

__all__ = ["EXPORT_KEY_COLUMNS", "is_app_export", "read_app_export"]

#: Columns every export of the ``observations`` view has.
EXPORT_KEY_COLUMNS = ("unit_id", "year", "indicator_id", "measure", "value")
_SIMULATED = re.compile(r"simulated|sim_demo_panel", re.IGNORECASE)
_ZIP = b"PK\x03\x04"
# An export of every figure the app holds (both levels, all datasets) stays far below this.
_MAX_EXPORT_ROWS = 200_000


def _unescape(text: str) -> str:
    """Undo the export's formula guard: "'=x" was written for "=x"."""
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def _grid(
    data: bytes, filename: str, header_only: bool = False
) -> tuple[list[list[str]], str | None]:
    if data.startswith(_ZIP):
        # The reader's bounds (parts, merged ranges, cells, rows) before any cell is read:
        # a hostile workbook costs no more here than in read_table.
        return first_sheet_grid(data, filename, max_rows=_MAX_EXPORT_ROWS, header_only=header_only)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError(
            phrase("file.not_utf8", f"{filename} is not UTF-8 text", file=filename)
        ) from exc
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)], None


def _header(row: list[str]) -> list[str]:
    return [str(c).strip().lstrip("\ufeff") for c in row]


def is_app_export(data: bytes, filename: str = "") -> bool:
    """True when the file's first row is the header of an export of the observations.

    Examples
    --------
    >>> is_app_export(b"data_status,dataset,unit_id,year,indicator_id,measure,value\\r\\n")
    True
    >>> is_app_export("Đơn vị;Tổng điểm\\n".encode())
    False
    """
    try:
        if data.startswith(_ZIP):
            rows, _ = _grid(data, filename, header_only=True)
            head = _header(rows[0]) if rows else []
        else:
            line = data[:4000].decode("utf-8-sig", errors="replace").splitlines()
            head = _header(re.split(r"[;,]", line[0])) if line else []
    except (TableError, IndexError, KeyError):
        return False
    return set(EXPORT_KEY_COLUMNS) <= set(head)


def read_app_export(
    data: bytes, filename: str, units: pd.DataFrame, indicators: pd.DataFrame, sha256: str = ""
) -> ImportResult:
    """Read an export of the app back as an :class:`ImportResult` (records when no error).

    Examples
    --------
    >>> units = pd.DataFrame({"unit_id": ["ba_vi"], "valid_from": ["2008-08-01"], "valid_to": [""]})
    >>> inds = pd.DataFrame({"indicator_id": ["total"]})
    >>> csv_ = "dataset,unit_id,year,indicator_id,measure,value,source_id\\npublished,ba_vi,2023,total,rank,5,s\\n"
    >>> r = read_app_export(csv_.encode(), "e.csv", units, inds)
    >>> r.ok, r.records[["unit_id", "measure", "value", "source_id"]].values.tolist()
    (True, [['ba_vi', 'rank', 5.0, 's']])
    """
    rows, sheet = _grid(data, filename)
    header = _header(rows[0]) if rows else []
    body = rows[1:]
    raw = RawTable(
        filename=filename,
        header=header,
        rows=[list(r[: len(header)]) + [""] * (len(header) - len(r)) for r in body],
        row_numbers=list(range(2, len(body) + 2)),
        sheet=sheet,
        header_rows=[1],
        format="xlsx" if sheet else "csv",
        sha256=sha256,
        notes=[f"{filename} is an export of this app; units and indicators are read by id"],
    )
    col = {name: j for j, name in enumerate(header)}
    problems: list[Problem] = []
    unit_ids = set(units["unit_id"].astype(str))
    validity = {
        str(r["unit_id"]): (_year_of(r.get("valid_from")), _year_of(r.get("valid_to")))
        for r in units.to_dict("records")
    }
    known_indicators = set(indicators["indicator_id"].astype(str))
    figures: list[dict[str, object]] = []
    where_sheet = f"sheet '{sheet}', " if sheet else ""

    def cell(cells: list[str], name: str) -> str:
        j = col.get(name)
        return _unescape(str(cells[j]).strip()) if j is not None and j < len(cells) else ""

    for cells, number in zip(raw.rows, raw.row_numbers, strict=True):
        if not any(str(c).strip() for c in cells):
            continue
        status = " ".join(cell(cells, c) for c in ("data_status", "dataset", "source_id"))
        if _SIMULATED.search(status) or cell(cells, "dataset") == "demo":
            return _refused(
                raw,
                Problem.of(
                    number,
                    "data_status" if "data_status" in col else "dataset",
                    phrase(
                        "export.simulated",
                        f"{filename}: row {number} is from the SIMULATED demo panel; an export "
                        "of simulated figures is never imported",
                        file=filename,
                        row=number,
                    ),
                ),
            )
        before = len(problems)
        uid, ind, measure = (
            cell(cells, "unit_id"),
            cell(cells, "indicator_id"),
            cell(cells, "measure"),
        )
        year_text, value_text = cell(cells, "year"), cell(cells, "value")

        def bad(column: str, reason: Phrase, number: int = number) -> None:
            where = phrase(
                "where.row_column", f"row {number}, column '{column}'", row=number, column=column
            )
            said = phrase("cell.problem", f"{where}: {reason}", where=where, reason=reason)
            problems.append(Problem.of(number, column, said))

        if uid not in unit_ids:
            bad("unit_id", phrase("unit.unknown_id", f"unknown unit '{uid}'", text=uid))
        if ind not in known_indicators:
            bad("indicator_id", phrase("indicator.unknown", f"unknown indicator '{ind}'", text=ind))
        if measure not in MEASURES:
            bad("measure", phrase("measure.unknown", f"unknown measure '{measure}'", text=measure))
        year = int(year_text) if re.fullmatch(r"\d{4}", year_text) else None
        if year is None:
            bad("year", phrase("year.invalid", f"'{year_text}' is not a year", text=year_text))
        try:
            value = float(value_text)
        except ValueError:
            value = float("nan")
        if value != value:
            bad("value", _not_a_number(value_text))
        if len(problems) > before or year is None:
            continue
        first, last = validity.get(uid, (None, None))
        if (first is not None and year < first) or (last is not None and year > last):
            problems.append(
                Problem.of(
                    number,
                    "year",
                    phrase(
                        "unit.id_not_in_year",
                        f"row {number}: {uid} did not exist in {year}",
                        row=number,
                        unit=uid,
                        year=year,
                    ),
                )
            )
            continue
        out_of_text = cell(cells, "out_of")
        try:
            out_of = float(out_of_text) if out_of_text else None
        except ValueError:
            bad("out_of", _not_a_number(out_of_text))
            continue
        figures.append(
            {
                "unit_id": uid,
                "year": year,
                "indicator_id": ind,
                "measure": measure,
                "value": value,
                "value_as_published": cell(cells, "value_as_published"),
                "out_of": out_of,
                "source_id": cell(cells, "source_id"),
                "locator": cell(cells, "locator") or f"{where_sheet}row {number}",
                "derived_from": cell(cells, "derived_from"),
                "note": cell(cells, "note"),
                "row": number,
                "column": "value",
                "unit_text": uid,
            }
        )
    if not figures and not problems:
        problems.append(
            Problem.of(
                None,
                None,
                phrase(
                    "table.no_figures", f"{filename} has a header but no figures", file=filename
                ),
            )
        )
    frame = _frame(figures, _FIGURE_COLUMNS)
    years = sorted({int(y) for y in frame["year"]}) if len(frame) else []
    result = ImportResult(
        raw=raw,
        year=years[0] if len(years) == 1 else (min(years) if years else None),
        records=_frame([], OBSERVATION_COLUMNS),
        problems=problems,
        figures=frame,
        columns={h: ColumnMatch("*", "value") if h == "value" else None for h in raw.header},
        unit_column="unit_id",
        years=years,
        year_column="year",
    )
    if result.ok and len(frame):
        result.records = frame[list(OBSERVATION_COLUMNS)].reset_index(drop=True)
    return result


def _not_a_number(text: str) -> Phrase:
    return phrase("number.invalid", f"'{text}' is not a number", text=text)


def _refused(raw: RawTable, problem: Problem) -> ImportResult:
    return ImportResult(
        raw=raw,
        year=None,
        records=_frame([], OBSERVATION_COLUMNS),
        problems=[problem],
        figures=_frame([], _FIGURE_COLUMNS),
    )
