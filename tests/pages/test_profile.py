"""AppTest of the unit-profile page: report card, components vs city, initiatives, sources."""

from __future__ import annotations

import pytest

from analysis.warehouse.store import Store
from tests.pages.conftest import open_tables, texts
from tests.pages.test_components import chart_data, in_english, open_page, url_state

PAGE = "pages/profile.py"


def frame_with(at, *columns: str):
    """The first data table on the page that has all ``columns`` (tables opened first)."""
    return next(
        d.value for d in open_tables(at).dataframe if all(c in d.value.columns for c in columns)
    )


def test_published_ba_dinh_rank_history_and_sources(app):
    at = open_page(app, PAGE)
    assert not at.exception
    assert at.selectbox(key="unit").value == "ba_dinh"
    shown = texts(at)
    # published ranks 10 (2021), 8 (2022), 6 (2023): the last change is two places up
    assert "Năm 2023 Ba Đình xếp thứ 6/30; năm 2022 xếp thứ 8: tăng 2 bậc" in shown
    assert "Thứ hạng 2023 6/30" in shown
    # every figure with its locator, so an analyst can find it in the source
    figures = frame_with(at, "Vị trí trong nguồn")
    assert "đến năm 2023 xếp thứ 6/30 quận, huyện" in set(figures["Vị trí trong nguồn"])
    assert set(figures["source_id"]) == {"seed000_ba_dinh_2023"}
    # initiatives from the seeds, with kind and status in words
    assert "Mã QR tra cứu" in shown and "sáng kiến · đang áp dụng · 2023" in shown
    # nobody else has Ba Đình's published areas in 2023: no mock comparison, said in words
    assert "Năm 2023, chỉ Ba Đình có điểm công bố ở các lĩnh vực này" in shown
    # no published total in 2019–2024: the rank chart alone, and the page says why
    assert "Không có tổng điểm nào trong khoảng năm này" in shown
    assert len(at.get("vega_lite_chart")) == 1


def test_demo_components_against_city_mean_and_best(app, page_db):
    at = open_page(app, PAGE, dataset="demo", years="2019-2023", unit="cau_giay")
    assert not at.exception
    panel = Store(page_db).panel("demo", years=(2023, 2023))
    proc = panel[panel.indicator_id == "procedures"].set_index("unit_id").value
    table = frame_with(at, "Trung bình", "indicator_id").set_index("indicator_id")
    assert table.loc["procedures", "Trung bình"] == pytest.approx(round(proc.mean(), 2))
    assert table.loc["procedures", "Cao nhất"] == pytest.approx(proc.max())
    assert table.loc["procedures", "Điểm của đơn vị"] == pytest.approx(proc["cau_giay"])
    assert table.loc["procedures", "Số đơn vị có điểm (n)"] == 30
    # the chart plots the same three numbers per area
    dots = chart_data(at, 3, "series")  # after the score, rank and peer charts
    assert len(dots) == 24  # 8 areas × (unit, mean, best)


def test_demo_marks_simulated_and_published_equal_figures(app, page_db):
    at = open_page(app, PAGE, dataset="demo", unit="ba_dinh")
    assert not at.exception
    hist = chart_data(at, 1, "rank_text").set_index("year")
    # Ba Đình's 2023 rank 6 is published: on the demo panel it is SIMULATED = published
    assert hist.loc[2023, "status"] == "MÔ PHỎNG = số đã công bố"
    assert hist.loc[2019, "status"] == "MÔ PHỎNG"
    demo = Store(page_db).unit_sources("ba_dinh", "demo")
    equal = int(demo.locator.str.contains("equals the published figure").sum())
    assert f"{equal} con số trùng với số liệu đã công bố" in texts(at)
    assert f"{len(demo) - equal} con số còn lại là MÔ PHỎNG" in texts(at)


def test_unit_without_published_figures_is_not_an_error(app):
    at = open_page(app, PAGE, unit="chuong_my")
    assert not at.exception
    shown = texts(at)
    assert "Chương Mỹ chưa có số liệu công bố" in shown
    assert "Bảng mô phỏng (demo)" in shown  # offered
    # its initiatives, including those of its communes, are still listed
    assert "tại Thị trấn Chúc Sơn" in shown and "Xã Hoàng Diệu" in shown
    at = open_page(app, PAGE, unit="ba_vi")
    assert not at.exception
    assert "Chưa có mô hình, sáng kiến nào của Ba Vì" in texts(at)


def test_english_profile(app):
    at = in_english(open_page(app, PAGE, dataset="demo", unit="hoan_kiem"))
    assert not at.exception
    shown = texts(at)
    assert "Report card" in shown and "Component areas in 2024" in shown
    assert "Phiếu kết quả" not in shown


def test_default_is_first_chosen_unit_and_filters_can_leave_nothing(app):
    at = open_page(app, PAGE, units="dong_da,cau_giay")
    assert not at.exception
    assert at.selectbox(key="unit").value == "dong_da"
    at = open_page(app, PAGE, units="ba_dinh", types="huyện")
    assert not at.exception
    assert "Bộ lọc ở thanh bên không còn đơn vị nào" in texts(at)


def test_hostile_unit_falls_back_and_link_round_trip(app):
    at = open_page(app, PAGE, unit="ba_dinh'; DROP TABLE units; --")
    assert not at.exception
    assert at.selectbox(key="unit").value == "ba_dinh"
    # a unit outside the type filter falls back to the first unit that is shown
    at = open_page(app, PAGE, unit="ba_dinh", types="thị xã")
    assert at.selectbox(key="unit").value == "son_tay"
    at = open_page(app, PAGE, dataset="demo", unit="long_bien")
    assert at.selectbox(key="unit").value == "long_bien"
    assert url_state(at, "unit").get("unit") == "long_bien"
    at.selectbox(key="unit").set_value("thanh_xuan").run()
    assert not at.exception
    assert url_state(at, "unit").get("unit") == "thanh_xuan"
    assert "Thanh Xuân" in texts(at)


def _peer_sentence(at) -> str:
    return next(m.value for m in at.markdown if "trong toàn khối" in m.value)


def test_demo_peers_place_and_mean_match_the_panel(app, page_db):
    at = open_page(app, PAGE, dataset="demo", unit="ba_dinh")
    assert not at.exception
    store = Store(page_db)
    panel = store.panel("demo", years=(2024, 2024), indicator_ids=["total"]).set_index("unit_id")
    units = store.units().set_index("unit_id")
    quan = panel[units.loc[panel.index, "unit_type"] == "quận"]
    own = panel.loc["ba_dinh"]
    # Independent: the quận ranked better than Ba Đình (by the panel's ranks), and their mean.
    place = int((quan["rank"] < own["rank"]).sum()) + 1
    sentence = _peer_sentence(at)
    assert f"hạng {place}/{len(quan)} trong các quận" in sentence
    assert f"hạng {int(own['rank'])}/30 trong toàn khối" in sentence
    mean = f"{quan['value'].mean():.2f}".replace(".", ",")
    assert f"trung bình {mean}% của các quận" in sentence
    assert "So với các đơn vị cùng loại năm 2024" in texts(at)


def test_published_peers_say_their_place_is_among_those_published(app):
    at = open_page(app, PAGE, unit="bac_tu_liem")
    assert not at.exception
    sentence = _peer_sentence(at)
    # Bắc Từ Liêm's published rank 2023 is 10/30; few quận have a published rank that year.
    assert "hạng 10/30 trong toàn khối" in sentence
    assert "có số liệu (cả nhóm có 12 đơn vị)" in sentence


def test_peers_of_a_unit_alone_in_its_group_and_of_a_unit_without_figures(app):
    at = open_page(app, PAGE, dataset="demo", unit="son_tay")
    assert "chưa đủ để so sánh với nhóm" in texts(at)
    at = open_page(app, PAGE, unit="chuong_my")
    assert not at.exception
    assert "Chương Mỹ chưa có tổng điểm hay thứ hạng nào" in texts(at)
