"""The one-page report's download on the profile page: a year to choose and a PDF button.

The PDF (analysis.reports.pdf) is drawn only when the button is clicked: the button gets a
callable, and everything the callable needs is read here, in the page's run, because
Streamlit calls it later from the server, outside the script.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from analysis.reports.pdf import unit_report_pdf
from analysis.warehouse.export import export_filename
from ui import queries
from ui.i18n import lang, t

__all__ = ["download", "file_name", "pdf_maker"]


def file_name(dataset: str, unit_id: str, year: int) -> str:
    """``par-index_<dataset>_bao-cao-mot-trang_<unit>_<year>.pdf``; SIMULATED says so."""
    return export_filename(dataset, f"bao-cao-mot-trang_{unit_id}", (year,), "pdf")


def pdf_maker(store, unit_id: str, year: int, dataset: str, language: str) -> Callable[[], bytes]:
    """What the button calls on a click: the PDF of ``unit_id`` in ``year``, nothing before."""

    def make() -> bytes:
        return unit_report_pdf(store, unit_id, int(year), dataset, language)

    return make


def download(f, unit_id: str, years: list[int]) -> None:
    """A year picker (years with a figure, latest first) and the PDF download button."""
    if not years:
        return
    options = sorted(set(years), reverse=True)
    row = st.container(horizontal=True, gap="small", vertical_alignment="bottom")
    year = row.selectbox(
        t("pf_pdf_year"), options, index=0, key=f"pf_pdf_year_{unit_id}", width=160
    )
    row.download_button(
        t("pf_pdf_button"),
        data=pdf_maker(queries.store_for(f.key), unit_id, int(year), f.dataset, lang()),
        file_name=file_name(f.dataset, unit_id, int(year)),
        mime="application/pdf",
        key="pf_pdf",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        help=t("pf_pdf_help"),
    )
