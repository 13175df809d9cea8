"""The codebook's downloads on the data page (Excel, Markdown, CSV), made only when clicked.

The codebook describes the database file (its views' comments), so it is read from the
file's store even while the session looks at an upload.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from analysis.reports.codebook import (
    codebook_csv,
    codebook_markdown,
    codebook_tables,
    codebook_xlsx,
)
from ui import queries
from ui.i18n import t

__all__ = ["FILES", "download_row", "maker"]

#: format → (text key of the button, file name, MIME type, icon)
FILES: dict[str, tuple[str, str, str, str]] = {
    "xlsx": (
        "dt_codebook_xlsx",
        "par-index_codebook.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ":material/table:",
    ),
    "md": ("dt_codebook_md", "par-index_codebook.md", "text/markdown", ":material/description:"),
    "csv": ("dt_codebook_csv", "par-index_codebook.csv", "text/csv", ":material/download:"),
}


def maker(store, fmt: str) -> Callable[[], bytes]:
    """What a button calls on a click: the codebook in ``fmt`` ("xlsx", "md" or "csv")."""

    def make() -> bytes:
        tables = codebook_tables(store)
        if fmt == "xlsx":
            return codebook_xlsx(tables)
        if fmt == "md":
            return codebook_markdown(tables).encode("utf-8")
        return codebook_csv(tables)

    return make


def download_row() -> None:
    """The three codebook buttons in one row."""
    base, _ = queries.database()
    store = queries.store_for(base)
    row = st.container(horizontal=True, gap="small")
    for fmt, (label, name, mime, icon) in FILES.items():
        row.download_button(
            t(label),
            data=maker(store, fmt),
            file_name=name,
            mime=mime,
            key=f"dt_codebook_{fmt}",
            on_click="ignore",
            icon=icon,
        )
