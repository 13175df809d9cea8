"""The level switch: districts (to 2024) and the 126 phường and xã (from 2025), in blocks."""

from __future__ import annotations

import json

import duckdb
import pytest

from tests.pages.conftest import open_exact, texts

PAGES = ["overview", "rankings", "components", "change", "profile", "whatif", "data", "upload"]


def _units(db, block: str) -> dict[str, str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT unit_id, name_vi FROM units WHERE level = 'commune' AND block = ?", [block]
        ).fetchall()
    finally:
        con.close()
    return dict(rows)


@pytest.mark.parametrize(
    ("dataset", "level"),
    [("published", "district"), ("demo", "commune")],
    ids=["published-has-no-2025-figures", "demo-has-2025"],
)
def test_a_link_without_level_opens_on_the_level_of_the_latest_year(page_db, dataset, level):
    at = open_exact("overview", dataset=dataset)
    assert not at.exception
    assert at.session_state["level"] == level
    shown = texts(at)
    assert ("Cấp phường, xã" in shown) == (level == "commune")
    assert ("Cấp quận, huyện" in shown) == (level == "district")


def test_a_link_whose_years_are_district_years_opens_districts(page_db):
    at = open_exact("overview", dataset="demo", years="2019-2024")
    assert at.session_state["level"] == "district"


@pytest.mark.parametrize("dataset", ["published", "demo"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_at_the_commune_level(page_db, page, dataset):
    at = open_exact(page, dataset=dataset, level="commune")
    assert not at.exception, at.exception
    assert "Cấp phường, xã" in texts(at)


@pytest.mark.parametrize("page", ["overview", "rankings", "profile", "data"])
def test_commune_pages_in_english(page_db, page):
    at = open_exact(page, dataset="demo", level="commune")
    at.session_state["lang"] = "en"  # after opening: AppTest keeps a radio's first labels
    at.run()
    assert not at.exception
    assert "Ward and commune level" in texts(at)


@pytest.mark.parametrize(("block", "n"), [("phường", 51), ("xã", 75)])
def test_rankings_run_within_the_chosen_block(page_db, block, n):
    at = open_exact("rankings", dataset="demo", level="commune", types=block)
    assert not at.exception
    table = next(d.value for d in at.dataframe if "history" in d.value.columns)
    assert len(table) == n
    # Ranks are the block's own, 1..n: a pooled ranking would run to 126.
    assert sorted(table["rank"].astype(int)) == list(range(1, n + 1))
    names = set(_units(page_db, block).values())
    assert set(table["unit"]) <= names


def test_changing_the_block_rewrites_the_link(page_db):
    at = open_exact("rankings", dataset="demo", level="commune")
    assert at.session_state["types"] == ["phường"]
    at.session_state["_block"] = "xã"
    at.run()
    assert not at.exception
    assert at.query_params["types"] == "xã"
    assert at.query_params["level"] == "commune"


def test_switching_level_resets_years_types_and_units(page_db):
    at = open_exact("rankings", dataset="demo", level="district", years="2019-2024", types="quận")
    at.session_state["level"] = "commune"
    at.run()
    assert not at.exception
    assert at.session_state["years"] == (2025, 2025)
    assert at.session_state["types"] == ["phường"]


@pytest.mark.parametrize("bad", ["province", "", "commune'--", "x" * 3000])
def test_a_hostile_level_falls_back(page_db, bad):
    at = open_exact("overview", level=bad)
    assert not at.exception
    assert at.session_state["level"] in ("district", "commune")


def test_the_commune_map_draws_a_symbol_per_unit_of_the_block(page_db):
    at = open_exact("overview", dataset="demo", level="commune", types="xã")
    assert not at.exception
    spec = next(e.proto.spec for e in at.get("vega_lite_chart") if "geoshape" in e.proto.spec)
    assert '"longitude"' in spec and '"point_lon"' in spec
    assert "Hollow grey ring" not in texts(at)  # Vietnamese page
    assert "Vòng rỗng màu xám" in texts(at)


def test_a_commune_profile_names_its_predecessors_and_opens_one(page_db):
    at = open_exact("profile", dataset="demo", level="commune", unit="p_hong_ha")
    assert not at.exception
    shown = texts(at)
    assert "Đơn vị tiền thân" in shown and "không phải cùng một đơn vị" in shown
    table = next(d.value for d in at.dataframe if "Quận, huyện cũ" in d.value.columns)
    assert table.iloc[0]["Quận, huyện cũ"] == "Tây Hồ"  # 48.5 % of Hồng Hà's area
    button = next(b for b in at.button if b.key == "pf_pred_tay_ho")
    button.click().run()
    assert not at.exception
    assert at.session_state["level"] == "district"
    assert at.session_state["unit"] == "tay_ho"


def test_the_data_page_offers_the_crosswalk(page_db):
    at = open_exact("data", level="commune")
    at.session_state["dt_tab"] = at.tabs[4].label
    at.run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if "Quận, huyện cũ" in d.value.columns)
    assert table["unit_id"].nunique() == 126
    assert table["former_unit_id"].nunique() == 30


@pytest.mark.parametrize(
    ("level", "unit", "total"),
    [("commune", "p_hong_ha", 51), ("commune", None, 75), ("district", "ba_dinh", 30)],
    ids=["phường", "xã", "district"],
)
def test_a_rank_is_out_of_the_units_ranked_with_it(page_db, level, unit, total):
    # A commune's rank is its place in its block (51 phường or 75 xã), never "of 30".
    unit = unit or sorted(_units(page_db, "xã"))[0]
    years = "2025-2025" if level == "commune" else "2019-2024"
    types = "xã" if total == 75 else "phường" if level == "commune" else "quận,huyện,thị xã"
    at = open_exact("profile", dataset="demo", level=level, unit=unit, years=years, types=types)
    assert not at.exception
    rank = next(m.value for m in at.metric if m.label.startswith("Thứ hạng"))
    assert rank.endswith(f"/{total}"), rank
    assert f"/{total}" in texts(at) and ("/30" in texts(at)) == (total == 30)


@pytest.mark.parametrize(("block", "total"), [("phường", 51), ("xã", 75)])
def test_the_rank_column_says_how_many_are_ranked_together(page_db, block, total):
    at = open_exact("rankings", dataset="demo", level="commune", types=block)
    table = next(d for d in at.dataframe if "history" in d.value.columns)
    help_text = json.loads(table.proto.columns)["rank"]["help"]
    assert help_text.startswith(f"Thứ hạng trong {total} đơn vị"), help_text


@pytest.mark.parametrize(("block", "total"), [("phường", 51), ("xã", 75)])
def test_the_what_if_ranks_a_commune_within_its_block(page_db, block, total):
    # It ranked a phường among all 126 units ("hạng 55/126"); the index ranks the blocks apart.
    at = open_exact("whatif", dataset="demo", level="commune", types=block)
    assert not at.exception
    rank = next(m.value for m in at.metric if m.label.startswith("Thứ hạng mô phỏng"))
    assert rank.endswith(f"/{total}"), rank
    unit = at.session_state["wi_unit"]
    assert unit in _units(page_db, block)
    # The simulated rank before any slider moves is the unit's rank in its block.
    con = duckdb.connect(str(page_db), read_only=True)
    try:
        published = con.execute(
            "SELECT value, out_of FROM observations WHERE dataset = 'demo' AND unit_id = ?"
            " AND year = 2025 AND indicator_id = 'total' AND measure = 'rank'",
            [unit],
        ).fetchone()
    finally:
        con.close()
    assert published is not None and published[1] in (None, total)
    assert rank == f"{int(published[0])}/{total}"


def test_a_commune_is_placed_in_its_block_never_across_both(page_db):
    # The published ranks are places within a block: "hạng 5/126 trong toàn khối" was false.
    at = open_exact("profile", dataset="demo", level="commune", unit="p_hong_ha", types="phường")
    assert not at.exception
    shown = texts(at)
    # Simulated ranks are not published ones.
    assert "trong khối phường (theo thứ hạng mô phỏng)" in shown
    titles = " ".join(
        json.dumps(json.loads(e.proto.spec).get("title"), ensure_ascii=False)
        for e in at.get("vega_lite_chart")
    )
    assert "trung bình và đơn vị tốt nhất của khối phường" in titles, titles
    assert "/126" not in shown and "toàn khối" not in shown
    assert "cả hai khối (126 phường, xã)" in shown


def test_a_district_is_still_placed_in_its_group_and_the_whole_block(page_db):
    at = open_exact("profile", dataset="demo", level="district", unit="ba_dinh", years="2019-2024")
    assert not at.exception
    assert "trong toàn khối" in texts(at) and "/30" in texts(at)


def test_a_single_year_ranking_has_no_empty_trend_column(page_db):
    at = open_exact("rankings", dataset="demo", level="commune", types="xã")
    table = next(d for d in at.dataframe if "history" in d.value.columns)
    config = json.loads(table.proto.columns)
    assert config["history"].get("hidden") is True, config["history"]
    assert config["move"].get("hidden") is True


def test_the_first_commune_year_has_no_slider_and_no_improvement_count(page_db):
    at = open_exact("overview", dataset="demo", level="commune")
    assert not at.exception
    assert not at.select_slider  # one year: said, not a slider with one stop
    assert "**Năm đánh giá:** 2025" in [m.value for m in at.markdown]
    improved = next(m for m in at.metric if m.label.startswith("Số đơn vị tăng điểm"))
    assert improved.value == "—" and "1/7/2025" in improved.proto.help


def test_published_ranks_are_called_published_and_the_district_scope_the_city(page_db):
    at = open_exact("profile", unit="bac_tu_liem", years="2019-2024")
    assert not at.exception
    shown = texts(at)
    assert "(theo thứ hạng công bố)" in shown and "mô phỏng" not in shown
