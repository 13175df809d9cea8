"""AppTest of the what-if page: sliders move the total by weight / Σweights, ranks, targets."""

from __future__ import annotations

import pytest

from analysis.warehouse.store import Store
from tests.pages.conftest import open_tables, texts
from tests.pages.test_components import in_english, open_page, url_state

PAGE = "pages/whatif.py"


def metric(at, label: str) -> str:
    """The value of the metric whose label starts with ``label``."""
    return next(m.value for m in at.metric if m.label.startswith(label))


def vi_number(text: str) -> float:
    """'94,56%' → 94.56."""
    return float(text.rstrip("%").replace(".", "").replace(",", "."))


def demo_year(page_db, year: int):
    panel = Store(page_db).panel("demo", years=(year, year))
    return panel.pivot(index="unit_id", columns="indicator_id", values="value")


def test_slider_moves_total_by_weight_share(app, page_db):
    at = open_page(app, PAGE, dataset="demo", years="2023-2023")
    assert not at.exception
    assert at.selectbox(key="wi_unit").value == "chuong_my"  # default: the unit with a target
    wide = demo_year(page_db, 2023)
    now = wide.loc["chuong_my"]
    assert vi_number(metric(at, "Tổng điểm mô phỏng")) == pytest.approx(now["total"])

    key = "wi_s_chuong_my_2023_institutions"
    at.slider(key=key).set_value(round(now["institutions"] + 5, 2)).run()
    assert not at.exception
    # Hand-worked: weights are institutions 8 (published) and 92/7 for each of the other seven
    # (assumed), Σ = 8 + 7 × 92/7 = 100. Moving institutions by +5 points moves the total by
    # 5 × 8 / 100 = +0.40 points.
    assert vi_number(metric(at, "Tổng điểm mô phỏng")) == pytest.approx(
        now["total"] + 0.40, abs=0.006
    )

    key = "wi_s_chuong_my_2023_procedures"
    at.slider(key=key).set_value(round(now["procedures"] + 7, 2)).run()
    # Hand-worked: procedures weighs 92/7 = 13.142857 of Σ = 100, so +7 points add
    # 7 × 13.142857 / 100 = 0.92; with the +0.40 above the total is now +1.32.
    total = vi_number(metric(at, "Tổng điểm mô phỏng"))
    assert total == pytest.approx(now["total"] + 1.32, abs=0.006)
    # The simulated rank: one plus the number of other units strictly above the new total.
    others = wide["total"].drop(index="chuong_my")
    expected_rank = 1 + int((others > now["total"] + 1.32).sum())
    assert metric(at, "Thứ hạng mô phỏng") == f"{expected_rank}/30"


def test_changed_weight_changes_the_share(app, page_db):
    at = open_page(app, PAGE, dataset="demo", years="2023-2023", wi_unit="ba_dinh")
    now = demo_year(page_db, 2023).loc["ba_dinh"]
    at.number_input(key="wi_w_institutions").set_value(20.0).run()
    at.slider(key="wi_s_ba_dinh_2023_institutions").set_value(
        round(now["institutions"] + 5, 2)
    ).run()
    assert not at.exception
    # Hand-worked: Σ = 20 + 92 = 112, so +5 points move the total by 5 × 20 / 112 = 0.892857.
    assert vi_number(metric(at, "Tổng điểm mô phỏng")) == pytest.approx(
        now["total"] + 100 / 112, abs=0.006
    )
    assert "Bạn đã sửa trọng số" in texts(at)


def test_target_rank_default_and_required_changes(app, page_db):
    at = open_page(app, PAGE, dataset="demo", years="2023-2023")
    assert not at.exception
    wide = demo_year(page_db, 2023)
    others = wide["total"].drop(index="chuong_my").sort_values(ascending=False)
    now_rank = 1 + int((others > wide.loc["chuong_my", "total"]).sum())
    target = max(1, now_rank - 6)  # 6 places up: the low end of the published 6–8 target
    assert at.number_input(key="wi_target").value == target
    shown = texts(at)
    assert "Mục tiêu đã công bố của Chương Mỹ cho năm 2024: tăng 6–8 bậc" in shown
    needed = others.iloc[target - 1] - wide.loc["chuong_my", "total"]
    tables = open_tables(at).dataframe
    table = next(d.value for d in tables if "total_points_needed" in d.value.columns)
    row = table.set_index("indicator_id").loc["civil_service"]
    # one area alone: change = needed × Σweights / weight = needed × 100 / (92/7)
    change = needed * 100 / (92 / 7)
    if wide.loc["chuong_my", "civil_service"] + change <= 100:
        assert row["Mức tăng (điểm)"] == pytest.approx(round(change, 2))
        assert row["Đạt được?"] == "có"
    else:
        assert row["Đạt được?"] == "không"
    at.number_input(key="wi_target").set_value(1).run()
    assert not at.exception
    assert url_state(at, "wi_")["wi_target"] == "1"


def test_published_opens_on_the_one_unit_year_it_can_simulate(app):
    at = open_page(app, PAGE)
    assert not at.exception
    # Chương Mỹ (the default with a target) has no component scores: Bắc Từ Liêm 2023 has.
    assert at.selectbox(key="wi_unit").value == "bac_tu_liem"
    assert at.selectbox(key="wi_year").value == 2023
    assert "Không mô phỏng được" not in texts(at)
    assert [s.key for s in at.slider if s.key.startswith("wi_s_bac_tu_liem_2023")]


def test_published_needs_component_scores(app):
    at = open_page(app, PAGE, wi_unit="chuong_my")
    assert not at.exception
    shown = texts(at)
    assert "Không mô phỏng được Chương Mỹ" in shown
    assert "Bắc Từ Liêm (2023)" in shown  # the only unit-year that can be simulated
    assert "Mục tiêu đã công bố của Chương Mỹ" in shown
    at = open_page(app, PAGE, wi_unit="bac_tu_liem")
    assert not at.exception
    assert at.selectbox(key="wi_year").value == 2023
    shown = texts(at)
    assert "trong số 7 đơn vị có tổng điểm công bố năm 2023" in shown
    assert "Thứ hạng chính thức đã công bố của Bắc Từ Liêm: 10/30" in shown
    sliders = [s.key for s in at.slider if s.key.startswith("wi_s_")]
    assert len(sliders) == 3  # direction, institutions, civil service are published


def test_english_and_empty_range(app):
    at = in_english(open_page(app, PAGE, dataset="demo", wi_unit="hoan_kiem"))
    assert not at.exception
    shown = texts(at)
    assert "How it works." in shown and "**assumes** equal shares" in shown
    assert "Simulated total" in shown
    at = open_page(app, PAGE, years="2017-2018")
    assert not at.exception
    assert "Không có năm nào có số liệu" in texts(at)


def test_hostile_parameters_and_link_round_trip(app):
    at = open_page(app, PAGE, dataset="demo", wi_unit="<img src=x>", wi_year="20x3", wi_target="-4")
    assert not at.exception
    assert at.selectbox(key="wi_unit").value == "chuong_my"
    assert at.selectbox(key="wi_year").value == 2024
    at = open_page(app, PAGE, dataset="demo", wi_unit="dong_anh", wi_year="2022", wi_target="3")
    assert not at.exception
    assert at.selectbox(key="wi_unit").value == "dong_anh"
    assert at.selectbox(key="wi_year").value == 2022
    assert at.number_input(key="wi_target").value == 3
    at.selectbox(key="wi_year").set_value(2021).run()
    assert not at.exception
    state = url_state(at, "wi_")
    assert state["wi_unit"] == "dong_anh" and state["wi_year"] == "2021"
