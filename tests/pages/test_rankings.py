"""AppTest of the rankings and trends page: table, default units, trends, rank stability."""

from __future__ import annotations

import duckdb
import pytest
from scipy import stats
from streamlit.testing.v1 import AppTest

from analysis.stats.trend import citywide_direction, citywide_trend
from analysis.warehouse.store import Store
from tests.pages.conftest import open_linked, texts

PAGE = "pages/rankings.py"


@pytest.fixture
def app(page_db):
    """open(**query) -> AppTest on the rankings page, as a link with that query would open it."""

    def make(page: str = PAGE, **query: str) -> AppTest:
        return open_linked(page, **query)

    return make


def _query(db, sql: str, params: list):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params).df()
    finally:
        con.close()


def _ranks(db, dataset: str, year: int):
    """unit_id -> total rank in one year, straight from the database."""
    frame = _query(
        db,
        """SELECT o.unit_id, o.value FROM observations o JOIN units u USING (unit_id)
           WHERE o.dataset = ? AND u.level = 'district' AND o.indicator_id = 'total'
             AND o.measure = 'rank' AND o.year = ?""",
        [dataset, year],
    )
    return dict(zip(frame["unit_id"], frame["value"], strict=True))


def _ranking(at):
    frames = [d.value for d in at.dataframe if "history" in d.value.columns]
    assert frames, "the ranking table is not on the page"
    return frames[0]


def test_demo_ranking_table_has_every_unit_with_movement_and_sparkline(app, page_db):
    at = app(dataset="demo")
    assert not at.exception
    table = _ranking(at)
    assert len(table) == 30
    assert table["rank"].tolist() == [float(r) for r in range(1, 31)]
    # Published ranks kept by the demo panel: Long Biên 12th in 2023, 1st in 2024.
    row = table[table["unit"] == "Long Biên"].iloc[0]
    assert row["rank"] == 1 and row["move"] == "▲ 11"
    assert all(m[0] in "▲▼=" for m in table["move"])
    assert all(len(h) == 6 for h in table["history"])  # 2019–2024
    # Every movement equals the database's 2023 rank minus its 2024 rank.
    r23, r24 = _ranks(page_db, "demo", 2023), _ranks(page_db, "demo", 2024)
    names = _query(page_db, "SELECT unit_id, name_vi FROM units WHERE level = 'district'", [])
    by_name = dict(zip(names["name_vi"], names["unit_id"], strict=True))
    for unit, move in zip(table["unit"], table["move"], strict=True):
        u = by_name[unit]
        change = int(r23[u] - r24[u])
        expected = f"▲ {change}" if change > 0 else f"▼ {-change}" if change < 0 else "= 0"
        assert move == expected, unit
    shown = texts(at)
    assert "Năm 2024: 30/30 đơn vị có điểm, 30/30 có thứ hạng" in shown
    assert "4 đơn vị cao nhất và 4 thấp nhất năm 2024" in shown
    assert "gần như không có khả năng" in shown  # per-unit tests have almost no power
    assert "kiểm định xu hướng Page" in shown
    assert "thuộc 3 giai đoạn phương pháp" in shown


def test_demo_rank_stability_matches_scipy(app, page_db):
    at = app(dataset="demo")
    assert (at.selectbox(key="rk_a").value, at.selectbox(key="rk_b").value) == (2019, 2024)
    r19, r24 = _ranks(page_db, "demo", 2019), _ranks(page_db, "demo", 2024)
    units = sorted(r19)
    # scipy.stats.kendalltau(ranks 2019, ranks 2024, variant="b") over the 30 demo districts
    tau = stats.kendalltau([r19[u] for u in units], [r24[u] for u in units], variant="b").statistic
    rho = stats.spearmanr([r19[u] for u in units], [r24[u] for u in units]).statistic
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Kendall tau-b"] == f"{tau:.2f}".replace(".", ",")
    assert metrics["Spearman rho"] == f"{rho:.2f}".replace(".", ",")
    assert "So sánh giữa hai giai đoạn phương pháp khác nhau" in texts(at)
    improved = [d.value for d in at.dataframe if "places" in d.value.columns][0]
    assert improved["places"].str.startswith("▲").all()


def test_chosen_units_are_all_shown(app):
    at = app(dataset="demo", units="ba_dinh,cau_giay,soc_son")
    assert not at.exception
    assert "Đang hiển thị 3 đơn vị bạn đã chọn" in texts(at)
    assert len(_ranking(at)) == 3


def test_unit_type_filter_keeps_citywide_ranks(app, page_db):
    at = app(dataset="demo", types="thị xã")
    assert not at.exception
    table = _ranking(at)
    assert table["unit"].tolist() == ["Sơn Tây"]
    assert table["rank"].iloc[0] == _ranks(page_db, "demo", 2024)["son_tay"]


def test_stability_years_from_url_same_method_period(app):
    at = app(dataset="demo", rk_a="2021", rk_b="2023")
    assert not at.exception
    assert (at.selectbox(key="rk_a").value, at.selectbox(key="rk_b").value) == (2021, 2023)
    assert "So sánh giữa hai giai đoạn" not in texts(at)
    assert at.query_params["rk_a"] in ("2021", ["2021"])


def test_published_shows_what_exists_and_says_what_cannot_be_computed(app, page_db):
    at = app()
    assert not at.exception
    table = _ranking(at)
    assert len(table) == 30 and table["rank"].notna().sum() == 1  # only Long Biên is ranked in 2024
    shown = texts(at)
    assert "Năm 2024: 1/30 đơn vị có điểm, 1/30 có thứ hạng, 29 đơn vị chưa có số liệu" in shown
    assert "Chưa tính được kiểm định xu hướng Page" in shown
    assert "Chưa tính được hệ số ổn định thứ hạng: chỉ 1 đơn vị" in shown
    # Theil–Sen slopes only for units with at least 3 published total scores in 2019–2024.
    counts = _query(
        page_db,
        """SELECT o.unit_id, count(*) AS n FROM observations o JOIN units u USING (unit_id)
           WHERE o.dataset = 'published' AND u.level = 'district' AND o.indicator_id = 'total'
             AND o.measure = 'score_pct' AND o.year BETWEEN 2019 AND 2024 GROUP BY 1""",
        [],
    )
    k = int((counts["n"] >= 3).sum())
    assert f"của {k} đơn vị có ít nhất 3 năm điểm" in shown
    assert f"{30 - k} đơn vị có dưới 3 năm điểm" in shown


def test_single_year_range_and_empty_range(app):
    at = app(dataset="demo", years="2023-2023")
    assert not at.exception
    assert texts(at).count("diễn biến cần ít nhất hai năm") == 2  # the charts and the stability
    assert "Hãy chọn hai năm khác nhau" not in texts(at)
    empty = app(years="2017-2018")
    assert not empty.exception
    assert "Không có năm nào có số liệu" in texts(empty)


def test_english(app):
    at = app(dataset="demo")
    at.session_state["lang"] = "en"  # after opening: see test_change._in_english
    at.run()
    assert not at.exception
    shown = texts(at)
    assert "Ranking 2024" in shown and "almost no power" in shown
    assert "Page's trend test" in shown
    # the effect size is the mean rank correlation with the year, not Kendall's W
    assert "mean rank correlation with the year" in shown and "Kendall's W" not in shown


def test_citywide_sentence_takes_its_direction_from_page_test(app, page_db):
    at = app(dataset="demo")
    assert not at.exception
    shown = texts(at)
    panel = Store(page_db).panel("demo", indicator_ids=["total"])
    res = citywide_trend(panel, "total", 2019, 2024)
    found = citywide_direction(res)
    # analysis.stats.trend.citywide_direction: Page's L against its expectation, only when
    # the median Theil-Sen slope agrees; the page says exactly that
    expected = {"rise": "xu hướng **tăng**", "fall": "xu hướng **giảm**", None: None}[found]
    if expected is None:
        assert "xu hướng **tăng**" not in shown and "xu hướng **giảm**" not in shown
    else:
        assert expected.replace("**", "") in shown.replace("**", "")


UPLOAD = """Đơn vị;Chỉ số CCHC;Xếp hạng
Quận Đống Đa;96,30;1
Quận Nam Từ Liêm;95,70;2
Quận Hoàn Kiếm;95,70;3
Cầu Giấy;95,22;4
Huyện Thanh Trì;95,21;5
Huyện Phú Xuyên;91,61;30
""".encode()


def _analyse_upload(app):
    at = app("pages/upload.py")
    at.selectbox(key="up_year").set_value("2023").run()
    at.file_uploader(key="up_file").upload("bang_2023.csv", UPLOAD, "text/csv").run()
    next(b for b in at.button if "Phân tích" in b.label).click().run()
    assert not at.exception and at.sidebar.radio(key="dataset").value == "upload"
    return at


def test_uploaded_single_year_table(app):
    at = _analyse_upload(app)
    at.switch_page(PAGE).run()
    assert not at.exception
    table = _ranking(at)
    assert table["rank"].dropna().tolist() == [1.0, 2.0, 3.0, 4.0, 5.0, 30.0]
    assert texts(at).count("diễn biến cần ít nhất hai năm") == 2
    at.switch_page("pages/change.py").run()
    assert not at.exception
    assert "cần ít nhất hai năm có số liệu" in texts(at)


@pytest.mark.parametrize("page", ["pages/rankings.py", "pages/change.py"])
def test_meeting_mode_draws_the_charts_larger(app, page):
    import json

    def title_sizes(**query):
        at = open_linked(page, dataset="demo", **query)
        assert not at.exception
        specs = [json.loads(e.proto.spec) for e in at.get("vega_lite_chart")]
        return [s.get("title", {}).get("fontSize") for s in specs]

    normal, meeting = title_sizes(), title_sizes(meeting="1")
    assert normal and len(normal) == len(meeting)
    # the charts come from cached sections: meeting mode must be part of their key
    assert all(m > n for m, n in zip(meeting, normal, strict=True)), (normal, meeting)
