"""The analysts' files in static/data: contents, labels, safety, atomic writes, who writes them."""

from __future__ import annotations

import hashlib
import io
import json
import logging
from pathlib import Path

import pandas as pd
import pytest

from analysis.warehouse import build as build_module
from analysis.warehouse import publish
from analysis.warehouse.build import build
from analysis.warehouse.export import SIMULATED_LABEL
from analysis.warehouse.publish import (
    SIMULATED_STEM,
    VIEW_FILES,
    write_files,
    write_static_data,
)
from tests.conftest import SEEDS_DIR, replace_text


@pytest.fixture(scope="module")
def static_dir(built_db, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("static") / "data"
    write_static_data(built_db, out)
    return out


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, encoding="utf-8-sig", keep_default_na=True)


def test_every_public_view_is_written_as_csv_and_parquet(static_dir):
    names = {p.name for p in static_dir.iterdir()}
    for stem in [*VIEW_FILES, SIMULATED_STEM]:
        assert {f"{stem}.csv", f"{stem}.parquet"} <= names, stem
    assert "manifest.json" in names
    assert not [n for n in names if n.startswith(".")]  # no temporary file left


def test_observations_csv_holds_exactly_the_published_figures(static_dir, store):
    frame = _csv(static_dir / "observations.csv")
    expected = store.observations("published")
    assert set(frame["dataset"]) == {"published"} and len(frame) == len(expected)
    key = ["unit_id", "year", "indicator_id", "measure"]
    got = frame.sort_values(key).reset_index(drop=True)
    want = expected.sort_values(key).reset_index(drop=True)
    pd.testing.assert_series_equal(got["value"], want["value"].astype(float), check_names=False)
    assert got["unit_id"].tolist() == want["unit_id"].tolist()
    # the Bắc Từ Liêm total as the issue quotes it
    btl = got[(got.unit_id == "bac_tu_liem") & (got.year == 2023) & (got.indicator_id == "total")]
    assert btl.set_index("measure").at["score_pct", "value"] == 94.27


def test_parquet_keeps_the_types(static_dir, store):
    frame = pd.read_parquet(static_dir / "observations.parquet")
    assert pd.api.types.is_integer_dtype(frame["year"])
    assert pd.api.types.is_float_dtype(frame["value"])
    assert len(frame) == len(store.observations("published"))
    units = pd.read_parquet(static_dir / "units.parquet")
    assert "Bắc Từ Liêm" in set(units["name_vi"])


def test_simulated_figures_stay_in_files_named_simulated(static_dir, store):
    for path in static_dir.glob("*.csv"):
        text = path.read_text(encoding="utf-8-sig")
        # sources.csv describes the simulated panel's source id, so the file can be read
        if SIMULATED_STEM in path.name or path.name == "sources.csv":
            continue
        assert "sim_demo_panel" not in text, path.name
        assert "demo_score" not in text, path.name
    demo = _csv(static_dir / f"{SIMULATED_STEM}.csv")
    assert demo.columns[0] == "data_status"
    assert set(demo["data_status"]) == {SIMULATED_LABEL} and set(demo["dataset"]) == {"demo"}
    assert len(demo) == len(store.observations("demo"))


def test_csv_files_open_in_excel_with_vietnamese_text(static_dir):
    raw = (static_dir / "units.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    assert "Ứng Hòa" in raw.decode("utf-8-sig")


def test_manifest_lists_each_file_with_its_hash_and_rows(static_dir, built_db):
    manifest = json.loads((static_dir / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["seeds_digest"]) == 64
    for entry in manifest["files"]:
        data = (static_dir / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["file"]
        assert entry["simulated"] == (SIMULATED_STEM in entry["file"])
        if entry["file"].endswith(".parquet"):
            assert len(pd.read_parquet(io.BytesIO(data))) == entry["rows"]


def test_a_text_cell_that_would_run_as_a_formula_is_neutralised(seeds_copy, tmp_path):
    line = replace_text(
        seeds_copy / "observations.csv",
        "(xếp thứ 10/30 quận, huyện, thị xã)",
        "=HYPERLINK(x)",
    )
    assert line > 1
    db = build(tmp_path / "f.duckdb", seeds_copy)
    out = tmp_path / "data"
    write_static_data(db, out, simulated=False)
    text = (out / "observations.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(x)" in text and ",=HYPERLINK" not in text
    assert not (out / f"{SIMULATED_STEM}.csv").exists()


# --- atomic writes ---------------------------------------------------------------------------
def test_write_files_writes_all_or_nothing(tmp_path):
    (tmp_path / "a.csv").write_bytes(b"old a")
    with pytest.raises(TypeError):
        write_files(tmp_path, {"a.csv": b"new a", "b.csv": 42})  # the second cannot be written
    assert (tmp_path / "a.csv").read_bytes() == b"old a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]


@pytest.mark.parametrize("name", ["../x.csv", ".hidden", "sub/x.csv"])
def test_write_files_refuses_names_outside_the_folder(tmp_path, name):
    with pytest.raises(ValueError, match="plain file name"):
        write_files(tmp_path / "out", {name: b"x"})
    assert not list((tmp_path / "out").iterdir())


def test_written_files_are_readable_by_others(static_dir):
    assert (static_dir / "observations.csv").stat().st_mode & 0o044 == 0o044


# --- who writes them -------------------------------------------------------------------------
def test_a_build_elsewhere_never_touches_the_served_folder(tmp_path, monkeypatch):
    served = tmp_path / "served"
    monkeypatch.setattr(publish, "STATIC_DATA_DIR", served)
    build(tmp_path / "other.duckdb", SEEDS_DIR)
    assert not served.exists()


def test_building_the_projects_database_refreshes_the_served_folder(tmp_path, monkeypatch):
    served = tmp_path / "served"
    target = tmp_path / "par_index.duckdb"
    monkeypatch.setattr(publish, "STATIC_DATA_DIR", served)
    monkeypatch.setattr(build_module, "DEFAULT_DB", target)
    build(target, SEEDS_DIR)
    assert (served / "observations.csv").exists()


def test_an_unwritable_served_folder_is_logged_not_fatal(tmp_path, monkeypatch, caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    target = tmp_path / "par_index.duckdb"
    monkeypatch.setattr(publish, "STATIC_DATA_DIR", blocker / "data")
    monkeypatch.setattr(build_module, "DEFAULT_DB", target)
    with caplog.at_level(logging.WARNING):
        assert build(target, SEEDS_DIR).exists()
    assert "could not write the analysts' files" in caplog.text


def test_an_explicit_static_dir_is_written_and_its_errors_raised(tmp_path):
    out = tmp_path / "explicit"
    build(tmp_path / "x.duckdb", SEEDS_DIR, out)
    assert (out / "units.parquet").exists()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(OSError):
        build(tmp_path / "y.duckdb", SEEDS_DIR, blocker / "data")
