"""The profile page's PDF callable and file name (without Streamlit's server)."""

from __future__ import annotations

import io

from pypdf import PdfReader

from ui.profile.report_pdf import file_name, pdf_maker


def test_the_callable_makes_the_chosen_units_report(store):
    make = pdf_maker(store, "ung_hoa", 2023, "demo", "vi")
    text = PdfReader(io.BytesIO(make())).pages[0].extract_text()
    assert "Huyện Ứng Hòa" in text and "MÔ PHỎNG" in text


def test_file_names_say_simulated_for_the_demo_panel():
    assert file_name("demo", "ung_hoa", 2023) == (
        "par-index_SIMULATED-demo_bao-cao-mot-trang_ung_hoa_2023.pdf"
    )
    assert file_name("published", "bac_tu_liem", 2023) == (
        "par-index_published_bao-cao-mot-trang_bac_tu_liem_2023.pdf"
    )
