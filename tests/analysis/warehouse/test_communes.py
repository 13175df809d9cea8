"""The commune-level units of 2025 in the seeds and the build: counts, codes, points, crosswalk."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.warehouse.build import build
from analysis.warehouse.seeds import SeedProblems
from tests.conftest import SEEDS_DIR, error_reported, replace_text


def _seed(name: str, root: Path = SEEDS_DIR) -> pd.DataFrame:
    # dtype=str keeps codes such as "00004" as written.
    return pd.read_csv(root / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def communes() -> pd.DataFrame:
    units = _seed("units.csv")
    return units[(units.level == "commune") & (units.valid_from == "2025-07-01")]


@pytest.fixture(scope="module")
def crosswalk() -> pd.DataFrame:
    frame = _seed("unit_crosswalk.csv")
    frame["area_share"] = frame["area_share"].astype(float)
    return frame


# --- the seeds themselves --------------------------------------------------------------------
def test_51_phuong_and_75_xa_are_valid_from_2025_07_01(communes):
    assert communes.unit_type.value_counts().to_dict() == {"xã": 75, "phường": 51}
    assert (communes.valid_to == "").all() and (communes.parent_id == "ha_noi").all()


def test_official_codes_are_unique_five_digit_text(communes):
    assert communes.geo_code.str.fullmatch(r"\d{5}").all()
    assert communes.geo_code.is_unique
    assert "00004" in set(communes.geo_code)  # leading zeros kept


@pytest.mark.parametrize(("unit_type", "prefix"), [("phường", "p_"), ("xã", "x_")])
def test_unit_ids_are_a_prefix_and_an_ascii_slug(communes, unit_type, prefix):
    ids = communes[communes.unit_type == unit_type].unit_id
    assert ids.str.startswith(prefix).all()
    assert ids.str.fullmatch(r"[a-z0-9_]+").all()
    slugs = (
        communes[communes.unit_type == unit_type]
        .name_en.str.lower()
        .str.replace(r"[^a-z0-9]+", "_", regex=True)
    )
    assert (ids == prefix + slugs).all()


def test_every_commune_has_exactly_one_point(communes):
    points = _seed("unit_points.csv")
    assert points.unit_id.is_unique
    assert set(points.unit_id) == set(communes.unit_id)


def test_crosswalk_shares_of_each_unit_sum_to_its_covered_share(crosswalk):
    points = _seed("unit_points.csv").set_index("unit_id")["covered_share"].astype(float)
    sums = crosswalk.groupby("unit_id")["area_share"].sum()
    # Independent of the build's SQL: pandas groupby over the seed file.
    gap = (sums - points.reindex(sums.index)).abs()
    assert set(sums.index) == set(points.index)
    assert gap.max() <= 0.001 + 1e-9


def test_every_former_district_maps_to_at_least_two_units(crosswalk):
    units = _seed("units.csv")
    districts = set(units[(units.level == "district") & (units.valid_to == "2025-06-30")].unit_id)
    counts = crosswalk.groupby("former_unit_id")["unit_id"].nunique()
    assert set(counts.index) == districts
    assert counts.min() >= 2


def test_crosswalk_keys_are_unique_and_shares_in_0_1(crosswalk):
    assert not crosswalk.duplicated(["unit_id", "former_unit_id"]).any()
    assert crosswalk.area_share.between(0, 1, inclusive="right").all()


# --- the build's data tests fail loudly, naming file and line ---------------------------------
def test_a_share_that_breaks_the_sum_is_reported_at_the_units_point_line(seeds_copy, tmp_path):
    replace_text(
        seeds_copy / "unit_crosswalk.csv", "p_ba_dinh,ba_dinh,0.993", "p_ba_dinh,ba_dinh,0.900"
    )
    with pytest.raises(SeedProblems) as info:
        build(tmp_path / "x.duckdb", seeds_copy)
    line = 1 + _seed("unit_points.csv", seeds_copy).unit_id.tolist().index("p_ba_dinh") + 1
    assert error_reported(
        info.value.errors, "unit_points.csv", line, "crosswalk shares of 'p_ba_dinh' sum to 0.9"
    )


def test_a_district_with_fewer_than_two_units_is_reported_at_its_line(seeds_copy, tmp_path):
    path = seeds_copy / "unit_crosswalk.csv"
    rows = path.read_text("utf-8").splitlines()
    kept = [r for r in rows if ",hoan_kiem," not in r or r.startswith("p_hoan_kiem,")]
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    with pytest.raises(SeedProblems) as info:
        build(tmp_path / "x.duckdb", seeds_copy)
    line = 1 + _seed("units.csv", seeds_copy).unit_id.tolist().index("hoan_kiem") + 1
    assert error_reported(
        info.value.errors, "units.csv", line, "former district 'hoan_kiem' maps to 1"
    )


def test_a_missing_phuong_is_reported_with_the_counts(seeds_copy, tmp_path):
    path = seeds_copy / "units.csv"
    rows = path.read_text("utf-8").splitlines()
    path.write_text("\n".join(r for r in rows if not r.startswith("p_ngoc_ha,")) + "\n", "utf-8")
    with pytest.raises(SeedProblems) as info:
        build(tmp_path / "x.duckdb", seeds_copy)
    assert error_reported(
        info.value.errors,
        "units.csv",
        1,
        "expected 51 phường and 75 xã valid from 2025-07-01, found 50 phường",
    )
    assert any(
        e.file == "unit_points.csv" and "unknown unit 'p_ngoc_ha'" in e.message
        for e in info.value.errors
    )


# --- the views --------------------------------------------------------------------------------
def test_units_view_gives_the_block_of_each_level(built_con):
    frame = built_con.execute(
        "SELECT level, block, count(*) AS n FROM units WHERE block IS NOT NULL GROUP BY ALL"
    ).df()
    got = {(r.level, r.block): r.n for r in frame.itertuples()}
    # 31 district-level units in all: the 30 of 2014–2025 and Từ Liêm (2008–2014).
    assert got == {("district", "district"): 31, ("commune", "phường"): 51, ("commune", "xã"): 75}


def test_unit_crosswalk_view_has_one_main_former_district_per_unit(built_con):
    frame = built_con.execute("SELECT * FROM unit_crosswalk").df()
    assert list(frame.columns[:4]) == ["unit_id", "former_unit_id", "area_share", "covered_share"]
    assert frame.groupby("unit_id").is_main.sum().eq(1).all()
    assert frame.unit_id.nunique() == 126
    hong_ha = frame[frame.unit_id == "p_hong_ha"].set_index("former_unit_id")
    assert hong_ha.loc["tay_ho", "area_share"] == pytest.approx(0.485)
    assert bool(hong_ha.loc["tay_ho", "is_main"])


def test_unit_points_view_names_the_main_former_district(built_con):
    frame = built_con.execute("SELECT * FROM unit_points ORDER BY unit_id").df()
    assert len(frame) == 126 and frame.point_lon.between(105.2, 106.1).all()
    row = frame.set_index("unit_id").loc["p_ba_dinh"]
    assert (row.main_former_unit_id, row.main_former_share) == ("ba_dinh", pytest.approx(0.993))


def test_geo_code_keeps_leading_zeros_in_the_database(built_con):
    code = built_con.execute("SELECT geo_code FROM units WHERE unit_id = 'p_ba_dinh'").fetchone()[0]
    assert code == "00004"
