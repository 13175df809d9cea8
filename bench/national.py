"""A simulated national-scale database for the benchmark (never written into seeds/ or data/).

The real build (``analysis.warehouse.build.build``) writes the documented views over staging tables
(``stg_units``, ``stg_demo`` …); views bind at query time, so this module builds the real
database into a temporary path, then adds synthetic district-level units to ``stg_units`` and
replaces ``stg_demo`` with a synthetic panel of ``n_units`` units × ``years`` × the total and
eight components (score and rank). The published dataset and ``build_info`` (seeds digest)
stay as built, so ``ensure_database`` accepts the file as current and never rebuilds it over
the synthetic data. Every view the Store reads (units, indicators, sources, method_periods,
initiatives, corrections, observations, coverage, seed_files, build_info) is the real one.
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from analysis.paths import DATA_DIR, SEEDS_DIR
from analysis.warehouse.build import build
from analysis.warehouse.store import SCORE_INDICATORS

__all__ = ["build_national", "NATIONAL_UNITS", "NATIONAL_YEARS"]

NATIONAL_UNITS = 10_000
NATIONAL_YEARS = tuple(range(2015, 2025))  # 10 years
_TYPES = ("quận", "huyện", "thị xã")


def _refuse_project_paths(path: Path) -> None:
    resolved = path.resolve()
    for forbidden in (SEEDS_DIR.resolve(), DATA_DIR.resolve()):
        if resolved == forbidden or forbidden in resolved.parents:
            raise ValueError(f"the national benchmark database must not be written to {forbidden}")


def _synthetic_units(existing: list[str], n_units: int) -> pd.DataFrame:
    extra = n_units - len(existing)
    ids = [f"nx{i:05d}" for i in range(extra)]
    return pd.DataFrame(
        {
            "unit_id": ids,
            "name_vi": [f"Đơn vị mô phỏng {i}" for i in range(extra)],
            "name_en": [f"Simulated unit {i}" for i in range(extra)],
            "unit_type": [_TYPES[i % 3] for i in range(extra)],
            "level": "district",
            "parent_id": "ha_noi",
            "valid_from": pd.Timestamp("2008-08-01"),
            "valid_to": pd.Timestamp("2025-06-30"),
            "geo_code": [f"NX{i:05d}" for i in range(extra)],
            "note": "SIMULATED national-scale benchmark unit",
            "valid_from_text": "2008-08-01",
            "valid_to_text": "2025-06-30",
            "_file": "bench/national.py",
            "_line": 0,
        }
    )


def _synthetic_panel(units: list[str], years: tuple[int, ...], seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n_u, n_y, n_i = len(units), len(years), len(SCORE_INDICATORS)
    base = rng.normal(85.0, 4.0, n_u)[:, None, None]
    slope = rng.normal(0.6, 0.5, n_u)[:, None, None]
    t = (np.arange(n_y) - n_y / 2)[None, :, None]
    comp = rng.normal(0.0, 2.0, (n_u, 1, n_i))
    values = np.clip(base + slope * t + comp + rng.normal(0, 1.2, (n_u, n_y, n_i)), 0, 100)
    values = np.round(values, 2)
    # Rank within (year, indicator): 1 = highest score.
    order = np.argsort(-values, axis=0, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, n_u + 1)[:, None, None], axis=0)
    uu, yy, ii = np.meshgrid(np.arange(n_u), np.arange(n_y), np.arange(n_i), indexing="ij")
    unit_col = np.asarray(units, dtype=object)[uu.ravel()]
    year_col = np.asarray(years)[yy.ravel()]
    ind_col = np.asarray(SCORE_INDICATORS, dtype=object)[ii.ravel()]
    frames = []
    for measure, vals, out_of in (
        ("score_pct", values.ravel(), None),
        ("rank", ranks.ravel().astype(float), n_u),
    ):
        frames.append(
            pd.DataFrame(
                {
                    "dataset": "demo",
                    "unit_id": unit_col,
                    "year": year_col.astype("int64"),
                    "indicator_id": ind_col,
                    "measure": measure,
                    "value": vals,
                    "source_id": "sim_demo_panel",
                    "locator": "SIMULATED (national-scale benchmark)",
                    "out_of": pd.array([out_of] * len(vals), dtype="Int64"),
                    "note": "SIMULATED national-scale benchmark panel (bench/national.py)",
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def build_national(
    path: Path,
    n_units: int = NATIONAL_UNITS,
    years: tuple[int, ...] = NATIONAL_YEARS,
    seed: int = 20240101,
) -> dict[str, float | int]:
    """Build the national-scale database at ``path``; returns sizes and timings."""
    path = Path(path)
    _refuse_project_paths(path)
    start = time.perf_counter()
    build(path)
    t_build = time.perf_counter() - start
    con = duckdb.connect(str(path))
    try:
        existing = [
            r[0]
            for r in con.execute(
                "SELECT unit_id FROM stg_units WHERE level = 'district' ORDER BY unit_id"
            ).fetchall()
        ]
        extra = _synthetic_units(existing, n_units)
        con.register("_units", extra)
        con.execute("INSERT INTO stg_units BY NAME SELECT * FROM _units")
        con.unregister("_units")
        all_units = existing + extra.unit_id.tolist()
        panel = _synthetic_panel(all_units, years, seed)
        con.register("_demo", panel)
        con.execute(
            "CREATE OR REPLACE TABLE stg_demo AS SELECT * FROM _demo "
            "ORDER BY unit_id, year, indicator_id, measure"
        )
        con.unregister("_demo")
        con.execute("CHECKPOINT")
        rows = con.execute("SELECT count(*) FROM observations WHERE dataset = 'demo'").fetchone()[0]
        districts = con.execute("SELECT count(*) FROM units WHERE level = 'district'").fetchone()[0]
    finally:
        con.close()
    return {
        "units": int(districts),
        "years": len(years),
        "indicators": len(SCORE_INDICATORS),
        "demo_rows": int(rows),
        "file_mb": round(path.stat().st_size / 2**20, 1),
        "seconds": round(time.perf_counter() - start, 2),
        "base_build_seconds": round(t_build, 2),
    }
