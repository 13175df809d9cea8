"""Import an uploaded PAR Index table: preview it against the seeds, write it, rebuild.

Two uses:

* **In the app, per session** — :func:`check_upload` reads and validates the bytes of an
  upload and returns an :class:`ImportReport` whose ``frame`` is the table in the shape of
  the ``observations`` view (dataset ``"upload"``); nothing is written to disk.
* **Curating** — :func:`import_file` (``python -m analysis import FILE --year 2023``)
  writes the records to ``seeds/imported/<year>_<sha8>.csv``, adds a row to
  ``seeds/sources.csv`` and an entry to ``seeds/metadata.toml``, then validates the seeds
  and rebuilds the database. It is all-or-nothing, even when killed: the files are staged,
  validated and built beside the seeds, then committed with a journal and renamed into
  place (:mod:`analysis.warehouse.journal`); the next run completes or rolls back a change
  that was interrupted.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import hashlib
import io
import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

import pandas as pd

from analysis.codes import OBSERVATION_VIEW_COLUMNS
from analysis.ingest.matching import OBSERVATION_COLUMNS, ImportResult, validate_table
from analysis.ingest.phrase import phrase
from analysis.ingest.reader import (
    DEFAULT_MAX_BYTES,
    Problem,
    RawTable,
    TableError,
    read_table,
    too_large,
)
from analysis.paths import SEEDS_DIR, default_db_path
from analysis.warehouse.journal import apply_seed_changes, recover, seeds_lock
from analysis.warehouse.seeds import (
    IMPORTED_DIR,
    SeedProblems,
    agree,
    is_primary,
    published_decimals,
    read_seeds,
)

__all__ = [
    "PREVIEW_COLUMNS",
    "SheetProblem",
    "cli_json",
    "import_files",
    "SESSION_COLUMNS",
    "ImportReport",
    "check_upload",
    "cli_import",
    "import_file",
    "preview",
    "published_from_seeds",
    "reference_frames",
    "to_session_frame",
]

PREVIEW_COLUMNS = (
    "row",
    "column",
    "unit_text",
    "unit_id",
    "year",
    "indicator_id",
    "measure",
    "value",
    "value_as_published",
    "out_of",
    "locator",
    "status",
    "published_value",
    "published_as_published",
    "published_source_id",
    "derived_from",
    "sheet",
)
SESSION_COLUMNS = OBSERVATION_VIEW_COLUMNS
PUBLISHER = "Imported by user"


# --------------------------------------------------------------------------- reference data


def reference_frames(seeds_dir: Path = SEEDS_DIR) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``units`` and ``indicators`` from the seeds, as strings (what :func:`validate_table` needs).

    Examples
    --------
    >>> units, indicators = reference_frames()
    >>> int((units.level == "district").sum()), "total" in set(indicators.indicator_id)
    (31, True)
    """
    seeds_dir = Path(seeds_dir)
    units = pd.read_csv(seeds_dir / "units.csv", dtype=str, keep_default_na=False)
    indicators = pd.read_csv(seeds_dir / "indicators.csv", dtype=str, keep_default_na=False)
    return units, indicators


def published_from_seeds(seeds_dir: Path = SEEDS_DIR) -> pd.DataFrame:
    """Every observation record in the seeds (observations.csv and imported/*.csv).

    Columns: the observation columns plus ``decimals`` (the printed precision).

    Examples
    --------
    >>> pub = published_from_seeds()
    >>> {"unit_id", "value", "decimals"} <= set(pub.columns)
    True
    """
    rows = read_seeds(Path(seeds_dir)).tables.get("observations.csv", [])
    frame = pd.DataFrame(rows, columns=[*OBSERVATION_COLUMNS, "_file", "_line"]).fillna("")
    frame["decimals"] = [
        published_decimals(v, p, m)
        for v, p, m in zip(
            frame["value"], frame["value_as_published"], frame["measure"], strict=True
        )
    ]
    return frame


# --------------------------------------------------------------------------- preview


def _year(value: object) -> int | None:
    try:
        return int(float(str(value)))
    except (TypeError, ValueError):
        return None


def _float(value: object) -> float | None:
    try:
        out = float(str(value))
    except (TypeError, ValueError):
        return None
    return None if out != out else out


def preview(result: ImportResult, published: pd.DataFrame) -> pd.DataFrame:
    """What the table would add, figure by figure, compared with figures already held.

    ``status`` is ``"new"`` (nothing published for that unit, year, indicator and
    measure), ``"matches"`` (equal at the coarser of the two printed precisions, as
    :func:`analysis.warehouse.seeds.agree`), ``"differs"`` (then ``published_value``,
    ``published_as_published`` and ``published_source_id`` give the other figure) or
    ``"unknown unit"``. Figures are listed even when the table has errors.

    Parameters
    ----------
    result : ImportResult
        From :func:`analysis.ingest.matching.validate_table`.
    published : DataFrame
        unit_id, year, indicator_id, measure, value and optionally value_as_published,
        source_id and decimals — e.g. :func:`published_from_seeds` or the
        ``published_figures`` view.

    Returns
    -------
    DataFrame
        Columns :data:`PREVIEW_COLUMNS`.

    Examples
    --------
    >>> from analysis.ingest.reader import read_table
    >>> from analysis.ingest.matching import validate_table
    >>> units, indicators = reference_frames()
    >>> raw = read_table("Đơn vị;Tổng điểm\\nĐống Đa;96,30\\nCầu Giấy;95,30\\nBa Vì;90,00\\n"
    ...                  .encode(), "t.csv")
    >>> p = preview(validate_table(raw, 2023, units, indicators), published_from_seeds())
    >>> p[["unit_id", "status", "published_value"]].values.tolist()
    [['dong_da', 'matches', 96.3], ['cau_giay', 'differs', 95.22], ['ba_vi', 'new', nan]]
    """
    figures = result.figures
    known: dict[tuple[str, int, str, str], list[tuple[float, int, str, str]]] = {}
    if len(published):
        has = set(published.columns)
        for row in published.to_dict("records"):
            year = _year(row.get("year"))
            value = _float(row.get("value"))
            if year is None or value is None:
                continue
            shown = str(row.get("value_as_published") or "")
            if shown == "nan":
                shown = ""
            measure = str(row["measure"])
            if "decimals" in has and _year(row.get("decimals")) is not None:
                decimals = int(float(row["decimals"]))
            else:
                decimals = published_decimals(str(row.get("value")), shown, measure)
            key = (str(row["unit_id"]), year, str(row["indicator_id"]), measure)
            known.setdefault(key, []).append(
                (value, decimals, shown, str(row.get("source_id", "")))
            )
    out = []
    for fig in figures.to_dict("records"):
        entry = {c: fig.get(c) for c in PREVIEW_COLUMNS if c in fig}
        entry["sheet"] = result.raw.sheet
        entry.update(status="new", published_value=None, published_as_published=None)
        entry["published_source_id"] = None
        if not fig["unit_id"]:
            entry["status"] = "unknown unit"
            out.append(entry)
            continue
        key = (fig["unit_id"], int(fig["year"]), fig["indicator_id"], fig["measure"])
        others = known.get(key, [])
        mine = published_decimals(str(fig["value"]), fig["value_as_published"], fig["measure"])
        if others:
            differ = [o for o in others if not agree(fig["value"], mine, o[0], o[1])]
            # A primary source it differs from is named first (that is an error to import).
            differ.sort(key=lambda o: not is_primary(o[3]))
            shown = differ[0] if differ else others[0]
            entry["status"] = "differs" if differ else "matches"
            entry["published_value"] = shown[0]
            entry["published_as_published"] = shown[2]
            entry["published_source_id"] = shown[3]
        out.append(entry)
    frame = pd.DataFrame(out, columns=list(PREVIEW_COLUMNS))
    frame["published_value"] = frame["published_value"].astype("float64")
    if len(frame):
        frame["row"] = frame["row"].astype("int64")
        frame["year"] = frame["year"].astype("int64")
        frame["out_of"] = frame["out_of"].astype("Int64")
    return frame


def _is_difference(problem: Problem) -> bool:
    return problem.severity == "warning" and "two primary tables disagree" in problem.message


def _is_tie(problem: Problem) -> bool:
    return problem.severity == "warning" and "is shared by rows" in problem.message


def _rank_conflicts(
    result: ImportResult, published: pd.DataFrame, units: pd.DataFrame
) -> list[Problem]:
    """Ranks of the table already published for another district-level unit (the seeds
    refuse two district-level units with the same rank for one indicator and year)."""
    figures = result.figures
    ranks = figures[(figures["measure"] == "rank") & (figures["unit_id"] != "")]
    if ranks.empty or published.empty:
        return []
    districts = units[units["level"].astype(str) == "district"]
    names = dict(
        zip(districts["unit_id"].astype(str), districts["name_vi"].astype(str), strict=True)
    )
    held: dict[tuple[int, str, float], list[tuple[str, str]]] = {}
    for row in published.to_dict("records"):
        if str(row.get("measure")) != "rank" or str(row.get("unit_id")) not in names:
            continue
        if not is_primary(str(row.get("source_id", ""))):
            continue  # a report's rank is kept beside the official one, not checked against it
        year, value = _year(row.get("year")), _float(row.get("value"))
        if year is not None and value is not None:
            key = (year, str(row["indicator_id"]), value)
            held.setdefault(key, []).append((str(row["unit_id"]), str(row.get("source_id", ""))))
    out = []
    in_table = set(ranks["unit_id"])
    for r in ranks.to_dict("records"):
        for unit, source in held.get((int(r["year"]), r["indicator_id"], r["value"]), []):
            if unit != r["unit_id"] and unit not in in_table:
                out.append(
                    Problem.of(
                        int(r["row"]),
                        str(r["column"]),
                        phrase(
                            "rank.already_published",
                            f"row {r['row']}, column '{r['column']}': rank "
                            f"{r['value_as_published']} is already published for {names[unit]} "
                            f"({source}); the seeds do not accept two district-level units with "
                            "the same rank",
                            row=r["row"],
                            column=r["column"],
                            rank=r["value_as_published"],
                            unit=names[unit],
                            source=source,
                        ),
                    )
                )
    return out


def _difference_problems(frame: pd.DataFrame, severity: str) -> list[Problem]:
    """One problem per figure that differs from one already held.

    ``severity`` applies to differences from a report; a difference from another primary
    source (an imported official table) is an error whenever ``severity`` is "error".
    """
    out = []
    for r in frame[frame["status"] == "differs"].to_dict("records"):
        where = phrase(
            "where.row_column",
            f"row {r['row']}, column '{r['column']}'",
            row=r["row"],
            column=r["column"],
        )
        if r.get("sheet"):
            where = phrase(
                "where.sheet", f"sheet '{r['sheet']}', {where}", sheet=r["sheet"], where=where
            )
        shown = r["published_as_published"] or r["published_value"]
        other = f"'{shown}'"
        values = {
            "where": where,
            "value": r["value_as_published"],
            "other": shown,
            "source": r["published_source_id"],
            "unit": r["unit_id"],
            "year": r["year"],
        }
        if is_primary(str(r["published_source_id"])):
            said = phrase(
                "figure.differs_official",
                f"{where}: {r['value_as_published']} differs from {other} in another official "
                f"table ({r['published_source_id']}) for {r['unit_id']} {r['year']}; two primary "
                "tables disagree",
                **values,
            )
            level = severity
        else:
            said = phrase(
                "figure.differs_report",
                f"{where}: {r['value_as_published']} differs from the figure already published "
                f"for {r['unit_id']} {r['year']} ({r['published_source_id']}: {other}); the "
                "official table is the primary source: both are kept and the difference is listed",
                **values,
            )
            level = "warning"
        out.append(Problem.of(int(r["row"]), str(r["column"]), said, level))
    return out


# --------------------------------------------------------------------------- session frame


def _year_label(result: ImportResult) -> str:
    """ "2018", or "2016-2018" for a table over several years."""
    years = result.years or ([result.year] if result.year is not None else [])
    if not years:
        return "unknown"
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}-{years[-1]}"


def to_session_frame(result: ImportResult, dataset: str = "upload") -> pd.DataFrame:
    """The validated table in the shape of the ``observations`` view, for one app session.

    Empty (with the columns) unless ``result.ok``. ``source_id`` is
    ``upload_<year>_<sha8>`` and nothing is written anywhere.

    Returns
    -------
    DataFrame
        Columns :data:`SESSION_COLUMNS`.

    Examples
    --------
    >>> from analysis.ingest.reader import read_table
    >>> from analysis.ingest.matching import validate_table
    >>> units, indicators = reference_frames()
    >>> raw = read_table("Đơn vị;Tổng điểm\\nBa Vì;90,00\\n".encode(), "t.csv")
    >>> f = to_session_frame(validate_table(raw, 2018, units, indicators))
    >>> f[["dataset", "unit_id", "value", "source_id"]].values.tolist()
    [['upload', 'ba_vi', 90.0, 'upload_2018_863bc7fc']]
    """
    records = result.records
    frame = pd.DataFrame(
        {
            "dataset": pd.Series([dataset] * len(records), dtype=object),
            "unit_id": records["unit_id"].astype(object),
            "year": records["year"].astype("int64"),
            "indicator_id": records["indicator_id"].astype(object),
            "measure": records["measure"].astype(object),
            "value": records["value"].astype("float64"),
            "source_id": pd.Series(
                [
                    s_id or f"{dataset}_{_year_label(result)}_{result.raw.sha256[:8]}"
                    for s_id in records["source_id"].fillna("").astype(str)
                ],
                dtype=object,
            ),
            "locator": records["locator"].astype(object),
            "out_of": records["out_of"].astype("Int64"),
            "value_as_published": records["value_as_published"].replace("", None).astype(object),
            "derived_from": records["derived_from"].replace("", None).astype(object),
            "note": records["note"].replace("", None).astype(object),
            # An official table is printed as stored: no confidence qualifier.
            "confidence": pd.Series([None] * len(records), dtype=object),
        }
    )
    return frame[list(SESSION_COLUMNS)].reset_index(drop=True)


# --------------------------------------------------------------------------- report


@dataclass
class ImportReport:
    """What happened to an upload or import.

    Attributes
    ----------
    filename : str
        Name of the file.
    year : int
        Year evaluated.
    ok : bool
        True when the table has no error (and, for :func:`import_file` without
        ``dry_run``, was written and the database rebuilt).
    problems : list of Problem
        Errors and warnings (reading, validation, comparison with the seeds, seed checks).
    result : ImportResult or None
        The validation result (None when the file could not be read).
    preview : DataFrame
        :func:`preview` of the figures.
    sha256, source_id : str
        The file's hash and the source id its records get.
    seed_file : str
        ``imported/<year>_<sha8>.csv`` once written, else "".
    written : list of str
        Seed files written (relative to the seeds folder).
    db_path : str or None
        Database rebuilt.
    dry_run, unreadable, restored : bool
        Dry run; the file could not be read (exit code 2); a failed import was rolled back.
    frame : DataFrame or None
        :func:`to_session_frame` of the table (set by :func:`check_upload` when ok).
    notes : list of str
        What the reader dropped or assumed.
    results : list of ImportResult
        One per sheet read (``result`` is the first).
    """

    filename: str
    year: int | None
    ok: bool = False
    problems: list[Problem] = field(default_factory=list)
    result: ImportResult | None = None
    results: list[ImportResult] = field(default_factory=list)
    preview: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PREVIEW_COLUMNS))
    sha256: str = ""
    source_id: str = ""
    seed_file: str = ""
    written: list[str] = field(default_factory=list)
    db_path: str | None = None
    dry_run: bool = False
    unreadable: bool = False
    restored: bool = False
    frame: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """Problems that block the import."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def years(self) -> list[int]:
        """Years of the figures read, over every sheet."""
        return sorted({y for r in self.results for y in r.years})

    @property
    def records(self) -> pd.DataFrame:
        """The observation records of every sheet (empty unless ok)."""
        frames = [r.records for r in self.results if len(r.records)]
        if not frames:
            return self.result.records if self.result is not None else pd.DataFrame()
        return pd.concat(frames, ignore_index=True)

    def figures(self, units: pd.DataFrame | None = None) -> list[dict[str, object]]:
        """Figures in the command line's JSON vocabulary (see :func:`cli_import`)."""
        names = {}
        if units is not None and len(units):
            names = dict(
                zip(units["unit_id"].astype(str), units["name_vi"].astype(str), strict=True)
            )
        out = []
        for r in self.preview.to_dict("records"):
            out.append(
                {
                    "unit_id": r["unit_id"] or None,
                    "unit_name": names.get(str(r["unit_id"])) or r.get("unit_text"),
                    "year": _json_int(r["year"]),
                    "indicator_id": r["indicator_id"],
                    "measure": r["measure"],
                    "value": None if pd.isna(r["value"]) else float(r["value"]),
                    "out_of": None if pd.isna(r["out_of"]) else int(r["out_of"]),
                    "sheet": r.get("sheet") or None,
                    "row": _json_int(r["row"]),
                    "column": r["column"],
                    "status": r["status"],
                    "derived": bool(r.get("derived_from")),
                }
            )
        return out

    def problem_dicts(self) -> list[dict[str, object]]:
        """Problems as ``{severity, sheet, row, column, message, code}``."""
        return [
            {
                "severity": p.severity,
                "sheet": getattr(p, "sheet", None),
                "row": p.row,
                "column": p.column,
                "message": p.message,
                "code": p.code,
            }
            for p in self.problems
        ]

    @property
    def exit_code(self) -> int:
        """0 ok, 1 problems, 2 unreadable file."""
        return 2 if self.unreadable else (0 if self.ok else 1)

    def rows(self) -> list[dict[str, object]]:
        """The parsed data rows: row number, unit as written, unit_id matched and cell texts."""
        if self.result is None:
            return []
        raw = self.result.raw
        out = []
        for cells, number in zip(raw.rows, raw.row_numbers, strict=True):
            match = self.result.units.get(number)
            out.append(
                {
                    "row": number,
                    "unit": match.text if match else None,
                    "unit_id": match.unit_id if match else None,
                    "cells": dict(zip(raw.header, cells, strict=True)),
                }
            )
        return out

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready summary: ok, rows, problems, preview and where things were written."""
        prev = self.preview.astype(object).where(self.preview.notna(), None)
        return {
            "ok": self.ok,
            "file": self.filename,
            "year": self.year,
            "dry_run": self.dry_run,
            "sha256": self.sha256,
            "source_id": self.source_id or None,
            "imported_as": f"seeds/{self.seed_file}" if self.seed_file else None,
            "db": self.db_path,
            "restored": self.restored,
            "notes": self.notes,
            "rows": self.rows(),
            "problems": [p.as_dict() for p in self.problems],
            "preview": prev.to_dict("records"),
        }


@dataclass(frozen=True)
class SheetProblem(Problem):
    """A :class:`Problem` that also names the sheet of a workbook it is in."""

    sheet: str | None = None

    def in_sheet(self, sheet: str | None) -> SheetProblem:
        """The same problem, naming ``sheet``."""
        return dataclasses.replace(self, sheet=sheet)


def _with_sheet(problems: list[Problem], sheet: str | None, prefix: bool) -> list[Problem]:
    if sheet is None:
        return problems
    out: list[Problem] = []
    for p in problems:
        said = p.phrase
        if prefix and not said.text.startswith("sheet "):
            # The inner problem is an argument: both are worded in the reader's language.
            said = phrase("sheet.problem", f"sheet '{sheet}': {said}", sheet=sheet, problem=said)
        out.append(SheetProblem.of(p.row, p.column, said, p.severity).in_sheet(sheet))
    return out


def _read_tables(
    data: bytes, filename: str, max_bytes: int, sheet: str | None
) -> tuple[list[RawTable], list[str]]:
    """Every sheet of a workbook with a table (one per year, often), or the one CSV table."""
    first = read_table(data, filename, max_bytes=max_bytes, sheet=sheet)
    if first.format != "xlsx" or sheet is not None:
        return [first], []
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, keep_links=False)
    try:
        # Hidden sheets are drafts or lookups: never read one that was not named.
        titles = [
            title
            for title in wb.sheetnames
            if getattr(wb[title], "sheet_state", "visible") == "visible" or title == first.sheet
        ]
    finally:
        wb.close()
    tables, notes = [first], []
    for title in titles:
        if title == first.sheet or titles.index(title) < titles.index(first.sheet or title):
            continue
        try:
            tables.append(read_table(data, filename, max_bytes=max_bytes, sheet=title))
        except TableError:
            notes.append(f"sheet '{title}' has no table (skipped)")
    if len(tables) > 1:
        for t in tables:
            t.notes = [n for n in t.notes if "other sheets ignored" not in n]
    return tables, notes


def check_upload(
    data: bytes,
    filename: str,
    year: int | None = None,
    units: pd.DataFrame | None = None,
    indicators: pd.DataFrame | None = None,
    published: pd.DataFrame | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    sheet: str | None = None,
) -> ImportReport:
    """Read and validate an upload for in-app use; never raises for a bad file, writes nothing.

    Every sheet of a workbook that holds a table is read (a workbook with one sheet per
    year); the app's own exports are read by id (:mod:`analysis.ingest.roundtrip`).
    ``year`` is optional: the file's year column, sheet names, title or headers give it,
    and a ``year`` they contradict is an error. Figures that differ from ``published``
    ones are warnings here (the session shows both).

    Returns
    -------
    ImportReport
        ``ok``, ``problems``, ``preview`` and, when ok, ``frame`` (:func:`to_session_frame`).

    Examples
    --------
    >>> units, indicators = reference_frames()
    >>> r = check_upload("Đơn vị,Tổng điểm\\nBa Vì,\\"90,00\\"\\n".encode(), "t.csv", 2018,
    ...                  units, indicators)
    >>> r.ok, r.frame[["unit_id", "value"]].values.tolist()
    (True, [['ba_vi', 90.0]])
    >>> check_upload(b"%PDF-1.7", "t.pdf", 2018, units, indicators).problems[0].message
    't.pdf is a PDF, not a table; export the table to XLSX or CSV'
    """
    from analysis.ingest.roundtrip import is_app_export, read_app_export

    if units is None or indicators is None:
        units, indicators = reference_frames()
    report = ImportReport(filename=filename, year=year)
    results: list[ImportResult] = []
    try:
        if len(data) <= max_bytes and is_app_export(data, filename):
            result = read_app_export(
                data, filename, units, indicators, hashlib.sha256(data).hexdigest()
            )
            if year is not None and result.years and result.years != [year]:
                shown = ", ".join(map(str, result.years))
                result.problems.insert(
                    0,
                    Problem.of(
                        None,
                        "year",
                        phrase(
                            "year.export_differs",
                            f"{filename}: the year given is {year} but its column 'year' holds "
                            f"{shown}",
                            file=filename,
                            year=year,
                            years=shown,  # years, pre-joined
                        ),
                    ),
                )
                result.records = result.records.iloc[:0]
            results = [result]
            notes: list[str] = []
        else:
            tables, notes = _read_tables(data, filename, max_bytes, sheet)
            results = [validate_table(raw, year, units, indicators) for raw in tables]
    except TableError as exc:
        report.unreadable = True
        report.problems = [Problem.of(exc.row, exc.column, exc.phrase)]
        return report
    several = len(results) > 1
    report.results = results
    report.result = results[0]
    report.sha256 = results[0].raw.sha256
    report.notes = [*notes, *(n for r in results for n in r.raw.notes)]
    published = published if published is not None else pd.DataFrame()
    previews = [preview(r, published) for r in results]
    report.preview = pd.concat(previews, ignore_index=True) if several else previews[0]
    report.problems = [
        q for r in results for q in _with_sheet(list(r.problems), r.raw.sheet, several)
    ]
    report.problems += _with_sheet(_difference_problems(report.preview, "warning"), None, False)
    report.problems += _cross_sheet_duplicates(results)
    report.ok = not report.errors
    if report.year is None and report.years:
        report.year = report.years[0] if len(report.years) == 1 else None
    if report.ok:
        frames = [to_session_frame(r) for r in results]
        report.frame = pd.concat(frames, ignore_index=True) if several else frames[0]
    return report


def _cross_sheet_duplicates(results: list[ImportResult]) -> list[Problem]:
    """The same figure in two sheets of one workbook (a sheet copied under two years?)."""
    seen: dict[tuple, tuple[str | None, int]] = {}
    out: list[Problem] = []
    for r in results:
        for f in r.figures.to_dict("records"):
            if not f["unit_id"]:
                continue
            key = (f["unit_id"], int(f["year"]), f["indicator_id"], f["measure"])
            if key in seen and seen[key][0] != r.raw.sheet:
                sheet, row = seen[key]
                said = phrase(
                    "figure.in_two_sheets",
                    f"sheet '{r.raw.sheet}', row {f['row']}: {f['unit_id']} {f['year']} "
                    f"{f['indicator_id']} {f['measure']} is also in sheet '{sheet}', row {row}",
                    sheet=r.raw.sheet,
                    row=f["row"],
                    unit=f["unit_id"],
                    year=f["year"],
                    indicator=f["indicator_id"],
                    measure=phrase(f"measure.{f['measure']}", str(f["measure"])),
                    other_sheet=sheet,
                    other_row=row,
                )
                out.append(
                    SheetProblem.of(int(f["row"]), str(f["column"]), said).in_sheet(r.raw.sheet)
                )
            else:
                seen.setdefault(key, (r.raw.sheet, int(f["row"])))
    return out


def _json_int(value: object) -> int | None:
    try:
        return None if value is None or pd.isna(value) else int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


# --------------------------------------------------------------------------- writing seeds


def _value_text(value: float, shown: str, measure: str) -> str:
    if measure in {"rank", "count"}:
        return str(int(round(value)))
    decimals = published_decimals(repr(value), shown, measure)
    return f"{value:.{decimals}f}"


def _records_csv(records: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(OBSERVATION_COLUMNS)
    for r in records.to_dict("records"):
        out_of = "" if pd.isna(r["out_of"]) else str(int(r["out_of"]))
        writer.writerow(
            [
                r["unit_id"],
                str(int(r["year"])),
                r["indicator_id"],
                r["measure"],
                _value_text(float(r["value"]), r["value_as_published"], r["measure"]),
                r["value_as_published"],
                out_of,
                r["source_id"],
                r["locator"],
                r["derived_from"],
                r["note"],
            ]
        )
    return buf.getvalue().encode("utf-8")


def _csv_line(values: list[str], line_end: str) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator=line_end).writerow(values)
    return buf.getvalue().encode("utf-8")


def _toml_str(text: str) -> str:
    out = []
    for ch in text:
        if ch in {'"', "\\"}:
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _with_newline(data: bytes) -> bytes:
    return data if not data or data.endswith(b"\n") else data + b"\n"


def _already_imported(seeds_dir: Path, sha256: str) -> str | None:
    folder = seeds_dir / IMPORTED_DIR
    if folder.is_dir():
        for path in sorted(folder.glob(f"*_{sha256[:8]}.csv")):
            return f"{IMPORTED_DIR}/{path.name} (source import_{path.stem})"
    sources = seeds_dir / "sources.csv"
    if sources.exists():
        with open(sources, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                if sha256 in (row.get("note") or ""):
                    return f"source {row.get('source_id')}"
    return None


def _seed_problems(exc: BaseException, rel: str, result: ImportResult) -> list[Problem]:
    if not isinstance(exc, SeedProblems):
        # The checks' and the build's own words are kept as they are (``detail``).
        said = phrase(
            "seeds.failed", f"the seeds could not be validated or built: {exc}", detail=str(exc)
        )
        return [Problem.of(None, None, said)]
    figures = result.records.reset_index(drop=True)
    origin = result.figures.reset_index(drop=True)
    out = []
    for err in exc.errors:
        idx = err.line - 2
        if err.file == rel and 0 <= idx < len(figures):
            row, column = int(origin.loc[idx, "row"]), str(origin.loc[idx, "column"])
            said = phrase(
                "seeds.check",
                f"row {row}, column '{column}': {err.message} (seed check)",
                row=row,
                column=column,
                detail=err.message,
            )
            out.append(Problem.of(row, column, said))
        else:
            out.append(Problem.of(None, None, phrase("seeds.problem", str(err), detail=str(err))))
    return out


def import_file(
    path: Path | str,
    year: int | None = None,
    seeds_dir: Path | str = SEEDS_DIR,
    db_path: Path | str | None = None,
    source_title: str | None = None,
    source_url: str | None = None,
    dry_run: bool = False,
    *,
    published_on: str | None = None,
    sheet: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    today: date | None = None,
) -> ImportReport:
    """Import a table file into the seeds and rebuild the database — all or nothing.

    On success writes ``seeds/imported/<year>_<sha8>.csv`` (source_id
    ``import_<year>_<sha8>``), appends the source to ``seeds/sources.csv`` (publisher
    "Imported by user", url ``source_url`` or ``file:<name>``, accessed today, the
    original name and sha256 in the note) and an entry to ``seeds/metadata.toml``, then
    runs :func:`analysis.warehouse.build.validate` and :func:`analysis.warehouse.build.build`. If either
    fails, the touched seed files are restored byte for byte (the database build is
    atomic and leaves the old file). Refused before writing: an unreadable file, a
    table with errors, figures that differ from ones already in the seeds, and a file
    imported before.

    Parameters
    ----------
    path : path
        The CSV/XLSX file.
    year : int
        Year evaluated.
    seeds_dir, db_path : path
        Seeds folder and database (default: ``seeds/`` and ``PAR_DB`` or
        ``data/par_index.duckdb``).
    source_title, source_url, published_on : str, optional
        Source metadata (title defaults to "Imported table: NAME").
    dry_run : bool
        Check and preview only.

    Returns
    -------
    ImportReport

    Examples
    --------
    >>> import tempfile, shutil, pathlib
    >>> from analysis.paths import SEEDS_DIR
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> seeds = shutil.copytree(SEEDS_DIR, tmp / "seeds")
    >>> _ = (tmp / "t.csv").write_text("Đơn vị;Tổng điểm\\nBa Vì;90,00\\n", encoding="utf-8")
    >>> r = import_file(tmp / "t.csv", 2018, seeds, tmp / "t.duckdb")
    >>> r.ok, r.seed_file, r.source_id
    (True, 'imported/2018_863bc7fc.csv', 'import_2018_863bc7fc')
    >>> import_file(tmp / "t.csv", 2018, seeds, tmp / "t.duckdb").problems[0].message
    't.csv was already imported as imported/2018_863bc7fc.csv (source import_2018_863bc7fc)'
    """
    from analysis.warehouse.build import build, validate

    path = Path(path)
    seeds_dir = Path(seeds_dir)
    db = Path(db_path) if db_path is not None else default_db_path()
    today = today or date.today()
    report = ImportReport(filename=path.name, year=year, dry_run=dry_run, db_path=str(db))
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise TableError(too_large(path.name, size, max_bytes))
        data = path.read_bytes()
    except FileNotFoundError:
        report.unreadable = True
        said = phrase("file.missing", f"{path}: no such file", path=str(path))
        report.problems = [Problem.of(None, None, said)]
        return report
    except IsADirectoryError:
        report.unreadable = True
        said = phrase("file.folder", f"{path} is a folder, not a file", path=str(path))
        report.problems = [Problem.of(None, None, said)]
        return report
    except TableError as exc:
        report.unreadable = True
        report.problems = [Problem.of(None, None, exc.phrase)]
        return report
    if published_on and not re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", published_on):
        said = phrase(
            "import.bad_date",
            f"published_on '{published_on}' is not a date (YYYY[-MM[-DD]])",
            date=published_on,
        )
        report.problems = [Problem.of(None, None, said)]
        return report
    try:
        units, indicators = reference_frames(seeds_dir)
        published = published_from_seeds(seeds_dir)
    except (OSError, ValueError, KeyError) as exc:
        said = phrase(
            "seeds.unreadable_in",
            f"cannot read the seeds in {seeds_dir}: {exc}",
            folder=str(seeds_dir),
            detail=str(exc),
        )
        report.problems = [Problem.of(None, None, said)]
        return report
    checked = check_upload(
        data,
        path.name,
        year,
        units,
        indicators,
        published,
        max_bytes=max_bytes,
        sheet=sheet,
    )
    checked.frame = None
    checked.dry_run, checked.db_path = dry_run, str(db)
    report = checked
    if report.unreadable or report.result is None:
        return report
    sha8 = report.sha256[:8]
    label = _years_label(report.years) if report.years else str(year)
    report.source_id = f"import_{label}_{sha8}"
    # Figures that differ from another official table would fail the seeds' agreement
    # check, and tied ranks their rank check: refuse them before writing anything. (A
    # difference from a news report stays a warning: the official table is primary.)
    report.problems = [
        Problem.of(p.row, p.column, p.phrase, "error") if _is_difference(p) else p
        for p in report.problems
    ]
    report.problems = [
        Problem.of(
            p.row,
            p.column,
            phrase(
                "rank.tie_refused",
                f"{p.message}; the seeds do not accept two district-level units with the same rank",
                problem=p.phrase,
            ),
            "error",
        )
        if _is_tie(p)
        else p
        for p in report.problems
    ]
    for one in report.results:
        report.problems += _rank_conflicts(one, published, units)
    previous = _already_imported(seeds_dir, report.sha256)
    if previous:
        said = phrase(
            "file.imported_before",
            f"{path.name} was already imported as {previous}",
            file=path.name,
            previous=previous,
        )
        report.problems.insert(0, Problem.of(None, None, said))
    report.ok = not report.errors
    if not report.ok or dry_run:
        return report
    rel = f"{IMPORTED_DIR}/{label}_{sha8}.csv"
    records = report.records.copy()
    if _is_app_export(report):
        # The app's own export: only figures not held yet are new; the rest match.
        held = report.preview[report.preview["status"] != "new"]
        keys = set(zip(held.unit_id, held.year, held.indicator_id, held.measure, strict=True))
        mask = [
            (u, y, i, m) not in keys
            for u, y, i, m in zip(
                records.unit_id, records.year, records.indicator_id, records.measure, strict=True
            )
        ]
        records = records[mask].reset_index(drop=True)
        if records.empty:
            report.notes.append("every figure of the export is already held; nothing written")
            return report
    records["source_id"] = report.source_id
    title = " ".join((source_title or "").split()) or f"Imported table: {path.name}"
    source_url = " ".join((source_url or "").split()) or None
    note = f"original file {path.name}, sha256 {report.sha256}, imported {today.isoformat()}"
    source_row = [
        report.source_id,
        title,
        PUBLISHER,
        published_on or "",
        source_url or f"file:{path.name}",
        "",
        today.isoformat(),
        note,
    ]
    units_n = records["unit_id"].nunique()
    entry = "\n".join(
        [
            "",
            f'[files."{rel}"]',
            f"title = {_toml_str(f'{title} ({label})')}",
            "description = "
            + _toml_str(
                f"{len(records)} figures for {units_n} units, year(s) {label}, imported with "
                f"`python -m analysis import` from {path.name} (sha256 {report.sha256}). Each "
                "record's locator gives the sheet, row and column of the original file; "
                "value_as_published keeps the cell text."
            ),
            f"sources = [{_toml_str(report.source_id)}]",
            f'date_published = "{today.isoformat()}"',
            "",
        ]
    )
    with seeds_lock(seeds_dir):
        recover(seeds_dir)  # an import killed earlier is completed (or undone) first
        if _already_imported(seeds_dir, report.sha256):  # another import won the race
            report.ok = False
            said = phrase(
                "file.imported_meanwhile", f"{path.name} was already imported", file=path.name
            )
            report.problems.insert(0, Problem.of(None, None, said))
            return report
        _transaction(seeds_dir, db, rel, records, source_row, entry, report, validate, build)
    return report


def _years_label(years: list[int]) -> str:
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}-{years[-1]}"


def _is_app_export(report: ImportReport) -> bool:
    return report.result is not None and any(
        "is an export of this app" in n for n in report.result.raw.notes
    )


def _transaction(
    seeds_dir: Path,
    db: Path,
    rel: str,
    records: pd.DataFrame,
    source_row: list[str],
    entry: str,
    report: ImportReport,
    validate: Callable[[Path], object],
    build: Callable[[Path, Path], object],
) -> None:
    """Write the three seed files and rebuild as one unit (staged, journalled, renamed)."""
    sources, metadata = seeds_dir / "sources.csv", seeds_dir / "metadata.toml"
    try:
        originals = {sources: sources.read_bytes(), metadata: metadata.read_bytes()}
    except OSError as exc:
        report.ok = False
        said = phrase("seeds.unreadable", f"cannot read the seeds: {exc}", detail=str(exc))
        report.problems.insert(0, Problem.of(None, None, said))
        return
    line_end = "\r\n" if b"\r\n" in originals[sources] else "\n"
    changes = {
        rel: _records_csv(records),
        "sources.csv": _with_newline(originals[sources]) + _csv_line(source_row, line_end),
        "metadata.toml": _with_newline(originals[metadata]) + entry.encode("utf-8"),
    }
    try:
        written = apply_seed_changes(seeds_dir, db, changes, validate=validate, build=build)
    except BaseException as exc:
        # Nothing was committed: the seeds and the database are as they were.
        report.ok = False
        report.restored = True
        problems = [
            Problem.of(
                None,
                None,
                phrase(
                    "import.rolled_back",
                    "the import was rolled back: the seeds did not pass their checks or the "
                    "database could not be built with it; nothing was imported",
                ),
            )
        ]
        if report.result is not None:
            problems += _seed_problems(exc, rel, report.result)
        report.problems = problems + report.problems
        if not isinstance(exc, Exception):
            raise
        return
    report.written = written
    report.seed_file = rel
    report.ok = True


# --------------------------------------------------------------------------- command line


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m analysis import",
        description="Check a PAR Index table (CSV or XLSX) and import it into seeds/imported/, "
        "then rebuild the database. Exit code 0 ok, 1 problems, 2 unreadable file.",
    )
    p.add_argument("files", type=Path, nargs="+", metavar="FILE", help="CSV or XLSX file(s)")
    p.add_argument(
        "--year",
        type=int,
        default=None,
        help="year evaluated (announced a year later); by default read from the file (a year "
        "column, the sheet names, the title or the headers)",
    )
    p.add_argument("--source-title", help="title of the document the table comes from")
    p.add_argument("--source-url", help="address of the document (default file:NAME)")
    p.add_argument("--published-on", help="date the document was published (YYYY[-MM[-DD]])")
    p.add_argument(
        "--sheet", help="sheet to read from a workbook (default: the first with a table)"
    )
    p.add_argument("--dry-run", action="store_true", help="check and preview; write nothing")
    p.add_argument("--json", action="store_true", help="print a JSON object instead of text")
    p.add_argument("--seeds", type=Path, default=SEEDS_DIR, help="seeds folder")
    p.add_argument("--db", type=Path, default=None, help="database to rebuild")
    return p


def _print_text(report: ImportReport, out: TextIO) -> None:
    result = report.result
    years = _years_label(report.years) if report.years else (report.year or "not known")
    print(f"{report.filename} — year {years}", file=out)
    if result is not None:
        raw = result.raw
        how = (
            f"sheet '{raw.sheet}'" if raw.sheet else f"{raw.encoding}, separator {raw.delimiter!r}"
        )
        print(f"read as {raw.format} ({how}); header row(s) {raw.header_rows}", file=out)
        for note in raw.notes:
            print(f"  note: {note}", file=out)
        print("columns:", file=out)
        for name, col in result.columns.items():
            if name == result.unit_column:
                print(f"  '{name}' → unit names", file=out)
            elif col is None:
                print(f"  '{name}' → not used", file=out)
            else:
                extra = f" (out of {col.out_of:g})" if col.out_of else ""
                print(f"  '{name}' → {col.indicator_id} {col.measure}{extra}", file=out)
        print(f"rows ({len(raw.rows)}):", file=out)
        for row in report.rows():
            cells = "; ".join(f"{k}={v}" for k, v in row["cells"].items() if v)
            print(
                f"  row {row['row']}: {row['unit']!s} → {row['unit_id'] or '?'} | {cells}", file=out
            )
    if len(report.preview):
        counts = report.preview["status"].value_counts().to_dict()
        shown = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        print(f"figures: {len(report.preview)} ({shown})", file=out)
    for p in report.problems:
        print(f"{p.severity}: {p.message}", file=out)
    if report.ok and report.seed_file:
        print(
            f"imported as seeds/{report.seed_file} (source {report.source_id}); "
            f"database rebuilt: {report.db_path}",
            file=out,
        )
    elif report.ok and report.dry_run:
        print("dry run: the table can be imported; nothing was written", file=out)
    elif report.restored:
        print("nothing imported; the seeds were restored", file=out)
    else:
        print("nothing imported", file=out)


def import_files(
    paths: list[Path | str],
    year: int | None = None,
    seeds_dir: Path | str = SEEDS_DIR,
    db_path: Path | str | None = None,
    *,
    dry_run: bool = False,
    **options: object,
) -> list[ImportReport]:
    """Import several files: all are checked first (also against each other); only when
    every one can be imported is each written (:func:`import_file`, one transaction each).

    Two files giving one figure differently are both refused (two primary tables
    disagree). Options are those of :func:`import_file`.
    """
    checked = [
        import_file(p, year, seeds_dir, db_path, dry_run=True, **options)  # type: ignore[arg-type]
        for p in paths
    ]
    _cross_file_conflicts(checked)
    if dry_run or not all(r.ok for r in checked):
        for r in checked:
            r.dry_run = dry_run
            if not dry_run and r.ok:
                r.ok = False
                r.problems.append(
                    Problem.of(
                        None,
                        None,
                        phrase(
                            "import.other_refused",
                            "not imported: another file of this import was refused",
                        ),
                    )
                )
        return checked
    return [
        import_file(p, year, seeds_dir, db_path, dry_run=False, **options)  # type: ignore[arg-type]
        for p in paths
    ]


def _cross_file_conflicts(reports: list[ImportReport]) -> None:
    held: dict[tuple, tuple[ImportReport, dict]] = {}
    for report in reports:
        for f in report.preview.to_dict("records"):
            if not f["unit_id"] or f.get("derived_from"):
                continue
            key = (f["unit_id"], int(f["year"]), f["indicator_id"], f["measure"])
            if key not in held:
                held[key] = (report, f)
                continue
            other, g = held[key]
            if other is report:
                continue
            d1 = published_decimals(str(f["value"]), f["value_as_published"], f["measure"])
            d2 = published_decimals(str(g["value"]), g["value_as_published"], g["measure"])
            if not agree(float(f["value"]), d1, float(g["value"]), d2):
                report.problems.append(
                    Problem.of(
                        int(f["row"]),
                        str(f["column"]),
                        phrase(
                            "figure.differs_file",
                            f"row {f['row']}, column '{f['column']}': {f['value_as_published']} "
                            f"for {f['unit_id']} {f['year']} differs from "
                            f"{g['value_as_published']} in {other.filename} (row {g['row']}); "
                            "two primary tables disagree",
                            row=f["row"],
                            column=f["column"],
                            value=f["value_as_published"],
                            unit=f["unit_id"],
                            year=f["year"],
                            other=g["value_as_published"],
                            file=other.filename,
                            other_row=g["row"],
                        ),
                    )
                )
                report.ok = False


def cli_import(argv: list[str] | None = None) -> int:
    """``python -m analysis import FILE [FILE ...] [--year Y] [--dry-run] [--json]``.

    Prints the parsed rows and every problem, or with ``--json`` one JSON object:
    ``ok`` (bool), ``figures`` (``unit_id``, ``unit_name``, ``year``, ``indicator_id``,
    ``measure``, ``value``, ``out_of``, ``sheet``, ``row``, ``column``, ``status`` = new /
    matches / differs, plus ``file`` and ``derived``), ``problems`` (``severity``,
    ``sheet``, ``row``, ``column``, ``message``, ``code``, plus ``file``) and ``files`` (what was
    read and written). Exit code 0 importable (or imported), 1 refused, 2 unreadable.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = f.write_text("Đơn vị;Tổng điểm\\nBa Vì;104,2\\n", encoding="utf-8")
    >>> cli_import([str(f), "--year", "2018", "--dry-run"])  # doctest: +ELLIPSIS
    t.csv — year 2018
    ...
    error: row 2, column 'Tổng điểm': 104,2 is outside 0–100
    ...
    1
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    reports = import_files(
        args.files,
        args.year,
        args.seeds,
        args.db,
        dry_run=args.dry_run,
        source_title=args.source_title,
        source_url=args.source_url,
        published_on=args.published_on,
        sheet=args.sheet,
    )
    code = 2 if any(r.unreadable for r in reports) else max(r.exit_code for r in reports)
    try:
        if args.json:
            try:
                units, _ = reference_frames(args.seeds)
            except (OSError, ValueError):
                units = None
            json.dump(
                cli_json(reports, units), sys.stdout, ensure_ascii=False, indent=1, default=str
            )
            sys.stdout.write("\n")
        else:
            for report in reports:
                _print_text(report, sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:
        # Piped into `head` and closed early: not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return code


def cli_json(reports: list[ImportReport], units: pd.DataFrame | None = None) -> dict[str, object]:
    """The ``--json`` object of :func:`cli_import` for these reports."""
    figures: list[dict[str, object]] = []
    problems: list[dict[str, object]] = []
    files = []
    for r in reports:
        figures += [{**f, "file": r.filename} for f in r.figures(units)]
        problems += [{**p, "file": r.filename} for p in r.problem_dicts()]
        files.append(
            {
                "file": r.filename,
                "sha256": r.sha256,
                "years": r.years,
                "ok": r.ok,
                "source_id": r.source_id or None,
                "imported_as": f"seeds/{r.seed_file}" if r.seed_file else None,
                "notes": r.notes,
            }
        )
    return {
        "ok": bool(reports) and all(r.ok for r in reports),
        "dry_run": bool(reports) and reports[0].dry_run,
        "figures": figures,
        "problems": problems,
        "files": files,
    }
