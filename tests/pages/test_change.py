"""AppTest of the year-over-year change page: verdict, tests table, band, URL state, sparse data."""

from __future__ import annotations

import duckdb
import pytest
from scipy import stats
from streamlit.testing.v1 import AppTest

from tests.pages.conftest import open_linked, texts

PAGE = "pages/change.py"


@pytest.fixture
def app(page_db):
    """open(**query) -> AppTest on the change page, as a link with that query would open it."""

    def make(page: str = PAGE, **query: str) -> AppTest:
        return open_linked(page, **query)

    return make


def _tests_table(at):
    """The primary tests table the page shows (with its hidden full-precision columns)."""
    frames = [d.value for d in at.dataframe if "pvalue_value" in d.value.columns]
    assert frames, "the paired-tests table is not on the page"
    return frames[0]


def _demo_pairs(db, year_a: int, year_b: int, indicator: str = "total"):
    """Scores of every district in both years, read straight from the database (not the app)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        frame = con.execute(
            """SELECT o.unit_id, o.year, o.value FROM observations o JOIN units u USING (unit_id)
               WHERE o.dataset = 'demo' AND u.level = 'district' AND o.indicator_id = ?
                 AND o.measure = 'score_pct' AND o.year IN (?, ?)""",
            [indicator, year_a, year_b],
        ).df()
    finally:
        con.close()
    wide = frame.pivot(index="unit_id", columns="year", values="value").dropna()
    return wide[year_a].to_numpy(float), wide[year_b].to_numpy(float)


def test_demo_2022_2023_total_matches_scipy_and_published_change(app, page_db):
    at = app(PAGE, dataset="demo", years="2019-2023")
    assert not at.exception
    assert at.selectbox(key="chg_a").value == 2022 and at.selectbox(key="chg_b").value == 2023
    table = _tests_table(at)
    total = table[table["indicator"].str.startswith("Tổng")].iloc[0]
    before, after = _demo_pairs(page_db, 2022, 2023)
    assert len(before) == 30
    independent = stats.ttest_rel(after, before)
    # (after - before).mean() over the 30 demo districts, 2022 -> 2023 total, read with duckdb
    assert total["estimate_value"] == pytest.approx((after - before).mean(), abs=1e-9)
    # scipy.stats.ttest_rel(after, before).pvalue on the same 30 pairs
    assert total["pvalue_value"] == pytest.approx(independent.pvalue, rel=1e-9)
    # The published block-average change 2022 -> 2023 is +1.26 points (the demo panel keeps it).
    assert round(total["estimate_value"], 2) == 1.26
    assert total["change"] == "+1,26"
    assert int(total["n"]) == 30
    shown = texts(at)
    assert "Điểm trung bình tăng 1,26 điểm" in shown  # the verdict sentence
    # the new verdict: estimate with its interval, the named primary test, what chance means
    assert "khoảng tin cậy 95%: từ 0,71 đến 1,81" in shown
    assert "Kiểm định chính (kiểm định t ghép cặp)" in shown
    assert "toàn bộ các đơn vị chứ không phải một mẫu" in shown
    assert "khó có thể do ngẫu nhiên" not in shown
    assert "khác thường" in shown and "không phải kiểm định riêng từng đơn vị" in shown
    # the band says how many units it flags by construction (10% of 30 = 3), from the
    # year pairs of the 2021-2023 method period
    assert "khoảng 3,0 trong 30" in shown
    assert "2021→2022, 2022→2023" in shown
    assert "So sánh giữa hai giai đoạn" not in shown  # 2022 and 2023: one method period


def test_tests_table_lists_total_and_eight_areas_with_holm(app):
    at = app(PAGE, dataset="demo", years="2019-2023")
    table = _tests_table(at)
    assert len(table) == 9
    # Holm never lowers a p-value.
    assert (table["p_adjusted_value"] >= table["pvalue_value"] - 1e-12).all()
    counts = table["counts"].iloc[0]
    assert "▲" in counts and "▼" in counts
    second = [d.value for d in at.dataframe if "p_w" in d.value.columns][0]
    assert {"p_w", "rb", "p_s", "boot"} <= set(second.columns)


def _in_english(at):
    # Switch language after opening the page: starting with ?lang=en and then switching page
    # trips AppTest, which formats the dataset radio's options in the test thread (in vi).
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    return at


def test_english_verdict_and_method_warning_across_2023_2024(app):
    at = _in_english(app(PAGE, dataset="demo", chg_a="2023", chg_b="2024"))
    shown = texts(at)
    assert "Comparing two method periods" in shown
    # the verdict leads with the change of method and does not call the change rare or real
    assert "The two years were scored under different methods" in shown
    assert "The mean score fell by 1.71 points" in shown
    assert "would be rare" not in shown and "unlikely to be chance" not in shown


def test_method_warning_across_2020_2021(app):
    at = app(PAGE, dataset="demo", chg_a="2020", chg_b="2021", chg_ind="procedures")
    assert not at.exception
    assert at.selectbox(key="chg_ind").value == "procedures"
    assert "So sánh giữa hai giai đoạn phương pháp khác nhau" in texts(at)


def test_published_2022_2023_is_insufficient_and_says_how_many_units(app):
    at = app(PAGE, chg_a="2022", chg_b="2023")
    assert not at.exception
    shown = texts(at)
    # Published total scores exist in both 2022 and 2023 for Bắc Từ Liêm and Hoàn Kiếm only.
    assert "chỉ 2 đơn vị có điểm" in shown and "cần ít nhất 6" in shown
    assert "Không vẽ dải dao động thông thường" in shown
    assert "phần lớn các phép so sánh giữa hai năm" in shown


def test_published_default_years_have_no_pairs(app):
    at = app(PAGE)
    assert not at.exception
    assert at.selectbox(key="chg_a").value == 2023 and at.selectbox(key="chg_b").value == 2024
    shown = texts(at)
    assert "không đơn vị nào có điểm" in shown
    none = [d.value for d in at.dataframe if list(d.value.columns) == ["indicator", "n", "note"]]
    assert none and (none[0]["n"] == 0).all()


def test_url_round_trip_and_hostile_values(app):
    at = app(PAGE, dataset="demo", chg_a="2021", chg_b="2023", chg_ind="digital_government")
    assert not at.exception
    assert at.selectbox(key="chg_ind").value == "digital_government"
    assert at.query_params["chg_a"] in ("2021", ["2021"])
    assert at.query_params["chg_ind"] in ("digital_government", ["digital_government"])
    bad = app(
        PAGE, dataset="demo", chg_a="1900", chg_b="x';--", chg_ind="total'; DROP TABLE units; --"
    )
    assert not bad.exception
    assert bad.selectbox(key="chg_ind").value == "total"
    assert (bad.selectbox(key="chg_a").value, bad.selectbox(key="chg_b").value) == (2023, 2024)


def test_reversed_years_are_compared_in_order(app):
    at = app(PAGE, dataset="demo", chg_a="2023", chg_b="2022")
    assert not at.exception
    assert "trang so sánh 2022 → 2023" in texts(at)
    total = _tests_table(at).iloc[0]
    assert round(total["estimate_value"], 2) == 1.26


def test_same_year_asks_for_two_years(app):
    at = app(PAGE, dataset="demo", chg_a="2022", chg_b="2022")
    assert not at.exception
    assert "Hãy chọn hai năm khác nhau" in texts(at)
