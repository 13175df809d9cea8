"""AppTest of the profile page's one-page report download (made only when clicked)."""

from __future__ import annotations

import pytest

import ui.profile.report_pdf as report_pdf
from tests.pages.test_components import in_english, open_page

PAGE = "pages/profile.py"


def _pdf_button(at):
    return [e for e in at.get("download_button") if e.proto.id.endswith("-pf_pdf")]


@pytest.fixture
def calls(monkeypatch):
    """Every PDF the page asks for; a page run must ask for none."""
    made: list[tuple] = []

    def record(*args):
        made.append(args)
        return b"%PDF-"

    monkeypatch.setattr(report_pdf, "unit_report_pdf", record)
    return made


def test_button_offers_the_units_years_and_builds_nothing_until_clicked(app, calls):
    at = open_page(app, PAGE, unit="bac_tu_liem")
    assert not at.exception
    (button,) = _pdf_button(at)
    assert button.proto.label == "Báo cáo một trang (PDF)"
    assert button.proto.deferred_file_id  # a callable, run by the server on a click
    year = at.selectbox(key="pf_pdf_year_bac_tu_liem")
    # Bắc Từ Liêm has a published total or rank in 2022 and 2023 only: latest first
    assert year.label == "Năm của báo cáo" and year.options == ["2023", "2022"]
    assert year.value == 2023
    assert calls == []


def test_demo_unit_has_the_button_in_english(app, calls):
    at = in_english(open_page(app, PAGE, dataset="demo", unit="ung_hoa"))
    assert not at.exception
    (button,) = _pdf_button(at)
    assert button.proto.label == "One-page report (PDF)"
    year = at.selectbox(key="pf_pdf_year_ung_hoa")
    assert year.label == "Report year" and year.value == max(int(y) for y in year.options)
    assert calls == []


def test_a_unit_without_figures_gets_no_button(app, calls):
    # Chương Mỹ: no published total or rank in 2019–2024, so no report year to offer
    at = open_page(app, PAGE, unit="chuong_my", years="2019-2020")
    assert not at.exception
    assert not _pdf_button(at)
