"""The report's figures: group and block comparisons against plain pandas, change, sources."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.codes import SCORE_INDICATORS
from analysis.reports.pdf import ReportError, resolve_unit, unit_page
from analysis.reports.pdf.content import block_and_group
from analysis.stats.change import ordinary_variation_band
from analysis.stats.periods import periods_from_frame


@pytest.fixture(scope="module")
def demo_2023(store) -> pd.DataFrame:
    return store.panel("demo", years=(2022, 2023))


def test_group_and_block_means_match_pandas_on_the_demo_panel(store, demo_2023):
    page = unit_page(store, "ung_hoa", 2023, "demo")
    units = store.units()
    huyen = set(units.loc[units.unit_type == "huyện", "unit_id"])
    year = demo_2023[demo_2023.year == 2023]
    assert page.group_type == "huyện" and page.group_size == len(huyen) == 17
    block_avg = store.block_averages("demo").set_index(["year", "indicator_id"])
    for row in page.components:
        values = year[year.indicator_id == row.indicator_id].set_index("unit_id")["value"]
        group = values[values.index.isin(huyen)]
        # independent: pandas mean/min/max over the 17 huyện and the 30 units
        assert row.group_mean == pytest.approx(group.mean())
        assert (row.group_min, row.group_max) == (group.min(), group.max())
        assert row.group_n == group.size
        own = values["ung_hoa"]
        assert row.value == own
        assert row.group_position == 1 + int((group > own).sum())
        published = block_avg.loc[(2023, row.indicator_id), "published_average"]
        expected = published if pd.notna(published) else values.mean()
        assert row.block_mean == pytest.approx(expected)
        assert row.block_published == pd.notna(published)
        assert row.block_n == 30


def test_published_means_are_over_the_units_that_have_a_figure(store):
    page = unit_page(store, "bac_tu_liem", 2023)
    panel = store.panel("published", years=(2023, 2023))
    quan = set(store.units().query("unit_type == 'quận'").unit_id)
    total = panel[(panel.indicator_id == "total") & panel.unit_id.isin(quan)].dropna(
        subset=["value"]
    )
    row = page.components[0]
    assert row.indicator_id == "total" and row.value == 94.27 and row.rank == 10
    assert row.group_n == len(total) and row.group_mean == pytest.approx(total.value.mean())
    # the block column shows the published block average of 2023 (94.01 %), not our mean
    assert row.block_published and row.block_mean == 94.01
    missing = {"organisation", "public_finance", "procedures"}
    assert missing <= set(page.missing_components)
    assert all(c.value is None for c in page.components if c.indicator_id in missing)


def test_change_reads_the_published_delta_and_the_derived_previous_score(store):
    change = unit_page(store, "bac_tu_liem", 2023).change
    assert (change.before, change.after) == (93.63, 94.27)
    assert change.delta == pytest.approx(0.64) and change.delta_published == 0.64
    assert change.rank_before is None and change.places_up is None
    assert change.warning is None  # 2022 and 2023 share the 2021–2025 framework
    assert change.band_low is None and change.band_n < change.band_min_n


def test_change_band_is_the_stats_band_of_the_units_level(store):
    change = unit_page(store, "ung_hoa", 2023, "demo").change
    # The band pools every year pair of the method period (2021-2023), as the change page does.
    panel = store.panel("demo", indicator_ids=["total"])
    periods = periods_from_frame(store.method_periods())
    band = ordinary_variation_band(panel, 2022, 2023, periods=periods)
    assert change.band_low == pytest.approx(band.band_low.iloc[0])
    assert change.band_high == pytest.approx(band.band_high.iloc[0])
    mine = band.set_index("unit_id").loc["ung_hoa"]
    assert change.delta == pytest.approx(mine.change)
    assert change.unusual == mine.direction
    assert change.places_up == change.rank_before - change.rank_after


def test_change_across_a_method_change_carries_the_warning(store):
    change = unit_page(store, "son_tay", 2024, "demo").change
    assert change.warning and "different methods" in change.warning
    assert change.period_before.period_id == "p2021"
    assert change.period_after.period_id == "p2024"


def test_sources_cover_the_units_figures_first_then_the_peers(store):
    page = unit_page(store, "bac_tu_liem", 2023)
    roles = [s.role for s in page.sources]
    assert roles[0] == "unit" and roles == sorted(roles, key=["unit", "peers"].index)
    assert [s.number for s in page.sources] == list(range(1, len(page.sources) + 1))
    assert "seed001_bac_tu_liem_2023" in page.source_numbers


def test_demo_sources_name_the_simulation_and_the_published_figures_it_keeps(store):
    page = unit_page(store, "ung_hoa", 2023, "demo")
    assert page.simulated and page.sources[0].source_id == "sim_demo_panel"
    kept = set(store.unit_sources("ung_hoa", "published").source_id)
    assert kept <= {s.source_id for s in page.sources}


def test_a_type_with_one_unit_has_no_group():
    units = pd.DataFrame(
        {
            "unit_id": ["a", "b", "c", "d"],
            "unit_type": ["quận", "quận", "thị xã", "quận"],
            "level": "district",
            "valid_from": ["2008-08-01", "2008-08-01", "2008-08-01", "2014-01-01"],
            "valid_to": [None, None, None, None],
        }
    )
    assert block_and_group(units, "c", 2023) == (["a", "b", "c", "d"], ["c"], None)
    # d did not exist yet in 2010: neither in the block nor in the group
    assert block_and_group(units, "a", 2010) == (["a", "b", "c"], ["a", "b"], "quận")


@pytest.mark.parametrize(("unit", "block", "size"), [("p_hong_ha", "phường", 51)])
def test_a_commune_is_compared_with_its_block_only(store, unit, block, size):
    # The wards that ended on 2025-06-30 (8 of them, no block) are not in the 2025 block.
    page = unit_page(store, unit, 2025, "demo")
    assert (page.block_type, page.block_size, page.group_type) == (block, size, None)
    assert page.new_since == "2025-07-01"
    total = page.components[0]
    assert total.block_n == size and total.group_n == 0


def test_history_spans_the_datasets_years_and_keeps_gaps(store):
    page = unit_page(store, "bac_tu_liem", 2023)
    assert [h.year for h in page.history] == store.years("published")
    by_year = {h.year: h for h in page.history}
    assert by_year[2023].score == 94.27 and by_year[2023].rank == 10
    assert by_year[2022].score == 93.63 and by_year[2022].score_derived
    assert by_year[2019].score is None and by_year[2024].score is None
    assert page.period_breaks == (2021, 2024)


@pytest.mark.parametrize(
    ("unit", "year", "dataset", "message"),
    [
        ("nowhere", 2023, "published", "unknown unit 'nowhere'"),
        ("bac_tu_liem", 2030, "published", "no score or rank for 2030"),
        ("bac_tu_liem", 2023, "mystery", "unknown dataset 'mystery'"),
    ],
)
def test_bad_requests_are_refused_with_a_clear_message(store, unit, year, dataset, message):
    with pytest.raises(ReportError, match=message):
        unit_page(store, unit, year, dataset)


# --- finding a unit by name -----------------------------------------------------------------
def test_resolve_unit_names_close_matches(store):
    with pytest.raises(ReportError, match=r"did you mean Bắc Từ Liêm \(bac_tu_liem\)"):
        resolve_unit(store.units(None), "Bắc Tu Lem")
    with pytest.raises(ReportError, match="no unit"):
        resolve_unit(store.units(None), "  ")


def _strip_marks(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_resolve_unit_finds_every_district_however_its_name_is_written(store, data):
    units = store.units(None)
    districts = units[units.level == "district"]
    row = districts.iloc[data.draw(st.integers(0, len(districts) - 1))]
    name = row.name_vi
    if data.draw(st.booleans()):
        name = f"{row.unit_type} {name}"
    if data.draw(st.booleans()):
        name = _strip_marks(name)
    casing = data.draw(st.sampled_from([str.lower, str.upper, str.title, str]))
    spaces = data.draw(st.sampled_from(["", " ", "  "]))
    written = spaces + casing(name).replace(" ", " " + spaces) + spaces
    # decomposed (NFD) input, as some keyboards send it, means the same name
    if data.draw(st.booleans()):
        written = unicodedata.normalize("NFD", written)
    assert resolve_unit(units, written) == row.unit_id


def test_every_score_indicator_has_a_row(store):
    page = unit_page(store, "ung_hoa", 2023, "demo")
    assert [c.indicator_id for c in page.components] == list(SCORE_INDICATORS)
