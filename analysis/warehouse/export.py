"""Exports that spreadsheets open safely: formula-proof cells, UTF-8 with BOM, safe file names."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable

import pandas as pd

__all__ = [
    "FORMULA_PREFIXES",
    "safe_cell",
    "safe_frame",
    "to_csv_bytes",
    "to_excel_bytes",
    "to_parquet_bytes",
    "safe_filename",
    "export_filename",
    "label_dataset",
    "SIMULATED_LABEL",
]

# A cell starting with one of these is read as a formula by Excel, LibreOffice or Sheets
# (OWASP "CSV injection"); tab and carriage return too.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")
_NUMBER = re.compile(r"^[-+]?[0-9]+([.,][0-9]+)?([eE][-+]?[0-9]+)?%?$")


def safe_cell(value: object) -> object:
    """Neutralise a text cell that a spreadsheet would run as a formula.

    Plain numbers written as text (``-1.26``) are left alone: they are not formulas.

    Examples
    --------
    >>> print(safe_cell('=HYPERLINK("http://x")'))
    '=HYPERLINK("http://x")
    >>> safe_cell("-1,26"), safe_cell(-1.26), safe_cell("Ứng Hòa")
    ('-1,26', -1.26, 'Ứng Hòa')
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        # The value as written: "\t-1" is not a plain number (the tab starts a formula).
        if _NUMBER.match(value):
            return value
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells and column names are formula-safe.

    Examples
    --------
    >>> safe_frame(pd.DataFrame({"@x": ["+cmd", "ok"]})).to_dict("list")
    {"'@x": ["'+cmd", 'ok']}
    """
    out = frame.copy()
    out.columns = [safe_cell(str(c)) for c in out.columns]
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(safe_cell)
    return out


def to_csv_bytes(frame: pd.DataFrame, *, decimal: str = ".") -> bytes:
    """CSV in UTF-8 with a BOM, so that Excel shows Vietnamese text correctly.

    Examples
    --------
    >>> to_csv_bytes(pd.DataFrame({"a": ["=1+1"]}))[:3] == b"\\xef\\xbb\\xbf"
    True
    """
    buf = io.StringIO()
    # CRLF line ends make the writer quote any cell holding a bare CR, which would otherwise
    # start a new row whose first cell could be a formula.
    safe_frame(frame).to_csv(
        buf, index=False, decimal=decimal, sep="," if decimal == "." else ";", lineterminator="\r\n"
    )
    return buf.getvalue().encode("utf-8-sig")


def to_excel_bytes(sheets: pd.DataFrame | dict[str, pd.DataFrame]) -> bytes:
    """An .xlsx workbook; strings are written as text, never as formulas.

    Examples
    --------
    >>> to_excel_bytes(pd.DataFrame({"a": [1]}))[:2]
    b'PK'
    """
    if isinstance(sheets, pd.DataFrame):
        sheets = {"data": sheets}
    buf = io.BytesIO()
    with pd.ExcelWriter(
        buf,
        engine="xlsxwriter",
        engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}},
    ) as writer:
        for name, frame in sheets.items():
            sheet = re.sub(r"[\[\]:*?/\\]", "_", name)[:31] or "data"
            safe_frame(frame).to_excel(writer, sheet_name=sheet, index=False)
    return buf.getvalue()


def to_parquet_bytes(frame: pd.DataFrame) -> bytes:
    """Parquet bytes (types kept; no formula risk, but the same cleaning for consistency)."""
    buf = io.BytesIO()
    frame.to_parquet(buf, index=False)
    return buf.getvalue()


def safe_filename(text: str, max_length: int = 120) -> str:
    """ASCII letters, digits, dot, dash and underscore only; never empty, never hidden.

    Examples
    --------
    >>> safe_filename("../Ứng Hòa; rm -rf /.csv")
    'Ung_Hoa_rm_-rf_.csv'
    """
    ascii_text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = ascii_text.encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_text)
    cleaned = re.sub(r"_+", "_", cleaned).strip("._")
    cleaned = re.sub(r"\.{2,}", ".", cleaned)
    return (cleaned or "export")[: max(max_length, 1)]


def export_filename(dataset: str, page: str, years: Iterable[int] | None, ext: str) -> str:
    """File name that says dataset, page and years; SIMULATED data say so in the name.

    Examples
    --------
    >>> export_filename("demo", "overview", [2019, 2024], "csv")
    'par-index_SIMULATED-demo_overview_2019-2024.csv'
    >>> export_filename("published", "data", [2023], "xlsx")
    'par-index_published_data_2023.xlsx'
    """
    label = "SIMULATED-demo" if dataset == "demo" else dataset
    ys = sorted(set(years or []))
    span = (
        "" if not ys else (f"_{ys[0]}" if len(ys) == 1 or ys[0] == ys[-1] else f"_{ys[0]}-{ys[-1]}")
    )
    return safe_filename(f"par-index_{label}_{page}{span}") + "." + safe_filename(ext)


SIMULATED_LABEL = "SIMULATED (demo panel, not published figures)"


def label_dataset(frame: pd.DataFrame, dataset: str) -> pd.DataFrame:
    """Put a first column ``data_status`` saying whether rows are published or SIMULATED.

    Examples
    --------
    >>> label_dataset(pd.DataFrame({"v": [1]}), "demo").columns.tolist()
    ['data_status', 'v']
    >>> label_dataset(pd.DataFrame({"v": [1]}), "demo").data_status[0]
    'SIMULATED (demo panel, not published figures)'
    """
    out = frame.copy()
    if "data_status" in out:
        out = out.drop(columns="data_status")
    status = {
        "demo": SIMULATED_LABEL,
        "published": "published",
        "upload": "uploaded by the user (not verified)",
        "workspace": "workspace: uploaded by users (not verified)",
    }.get(dataset, dataset)
    out.insert(0, "data_status", status)
    return out
