"""AppTest of the data & sources page: every figure with its source, coverage, empty states."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.warehouse.store import Store
from tests.pages.conftest import open_linked, texts

PAGE = "pages/data.py"


def open_page(app, **query: str):
    """The page opened from a link carrying ``query`` (``app`` builds the test database)."""
    at = open_linked(PAGE, **query)
    assert not at.exception, [e.message for e in at.exception]
    return at


def _figures(at) -> pd.DataFrame:
    return at.dataframe[0].value


def test_published_figures_are_listed_with_their_sources(app, page_db):
    at = open_page(app)
    shown = _figures(at)
    store = Store(page_db)
    try:
        published = store.observations("published", years=(2019, 2024))
    finally:
        store.close()
    assert len(shown) == len(published) > 0
    assert shown["source_id"].notna().all()  # every stored value carries its source
    # Units by name and measures in words; numbers stay numbers (they sort as numbers).
    assert "Ba Đình" in set(shown["unit"]) and "thứ hạng" in set(shown["measure"])
    assert shown["value"].dtype.kind == "f"
    assert "MÔ PHỎNG" not in texts(at).split("Dữ liệu & nguồn")[1][:300]


def test_demo_figures_are_labelled_simulated(app):
    at = open_page(app, dataset="demo")
    assert "BẢNG MÔ PHỎNG" in texts(at)
    assert any("MÔ PHỎNG" in str(c.value) for c in at.caption)


def test_indicator_filter_from_the_url_narrows_the_figures(app):
    at = open_page(app, dt_ind="total")
    shown = _figures(at)
    # Names, not codes: the total's Vietnamese name, and no id columns shown.
    assert set(shown["indicator"]) == {"Chỉ số cải cách hành chính (tổng)"}
    assert "indicator_id" not in shown.columns and "unit_id" not in shown.columns
    assert at.selectbox(key="dt_ind").value == "total"


@pytest.mark.parametrize("hostile", ["total' OR 1=1 --", "x" * 5000, "\u202etotal", "*;DROP"])
def test_hostile_indicator_in_the_url_falls_back_to_all(app, hostile):
    at = open_page(app, dt_ind=hostile)
    assert at.selectbox(key="dt_ind").value == "*"


def test_a_unit_without_published_figures_says_what_is_missing(app):
    at = open_page(app, units="dan_phuong")  # no per-district figure was published for it
    assert "Không có số liệu nào khớp bộ lọc" in texts(at)


def test_coverage_says_which_cells_are_published_and_which_missing(app):
    at = open_page(app)
    summary = [str(c.value) for c in at.caption if "ô" in str(c.value)]
    assert summary, texts(at)[:2000]
    charts = at.get("vega_lite_chart")
    assert charts and any("published" in e.proto.spec or "rect" in e.proto.spec for e in charts)


def test_a_long_table_shows_its_first_rows_and_says_so(app, monkeypatch):
    import ui.layout

    monkeypatch.setattr(ui.layout, "TABLE_ROW_CAP", 10)
    at = open_page(app, dataset="demo")
    assert len(_figures(at)) == 10
    assert "10 dòng đầu" in texts(at)


# English on this page is covered by tests/browser (every page x both languages): AppTest
# cannot switch pages in an English session (see bench/README.md, AppTest notes).


def test_sources_and_method_tables_are_built_when_their_tab_is_opened(app, page_db):
    at = open_page(app, dt_ind="total")
    assert not any("figures" in d.value.columns for d in at.dataframe)  # closed tabs: not built
    at.session_state["dt_tab"] = "Nguồn"
    at.run()
    assert not at.exception
    sources = next(d.value for d in at.dataframe if "figures" in d.value.columns)
    store = Store(page_db)
    try:
        published = store.observations("published")
    finally:
        store.close()
    # every published figure is counted under its source
    assert sources["figures"].sum() == len(published) and sources["url"].notna().all()
    at.session_state["dt_tab"] = "Phương pháp & bản dựng"
    at.run()
    assert not at.exception
    assert any("reason" in d.value.columns for d in at.dataframe)  # the hand corrections
    # the figures tab keeps its filter (and the link its parameter) while another tab is open
    assert at.selectbox(key="dt_ind").value == "total"
    assert at.query_params["dt_ind"] == "total"
