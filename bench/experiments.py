"""Before/after numbers for the fixes the benchmark proposes, measured without editing the app.

Usage::

    python bench/experiments.py [--reruns 10] [--out bench/results/experiments.json]

Each experiment patches the running process only (never a file of the project) and times
the same thing before and after:

* ``unit_name``: ``ui.i18n.unit_name`` filters the units frame on every call (O(units) per
  name; pages call it once per unit and row). After: a dict built once per frame.
* ``map_spec``: ``ui.charts.choropleth`` inlines the GeoJSON as Python objects, which Altair
  copies and walks point by point every time ``st.altair_chart`` converts the chart. After: the
  chart's Vega-Lite spec converted once and drawn with ``st.vega_lite_chart`` (a one-chart app
  run by AppTest; the same spec renders the same map in Chromium). A JSON *string* as inline
  data would avoid the walk too, but Streamlit moves inline data into Arrow datasets and
  fails on a string (``StreamlitDataframeConversionError``), so that is not a fix.
* ``observations_view``: the ``observations`` view ends with ``ORDER BY``, so every query
  sorts all matching rows of the union first. After: the same view without the final sort
  (the Store's queries order their own results), on a copy of the national database.
* ``theil_sen``: per-unit ``scipy.stats.theilslopes`` (what ``analysis.stats.trend`` does) against
  the same median of pairwise slopes computed for all units at once with numpy.
* ``altair_chart``: what Streamlit's conversion of one small Altair chart costs, for scale.
* ``sidebar``: ``ui/sidebar.py`` resolves the chosen units with
  ``[u for u in ids if u in set(allowed.unit_id)]``, building the set again for every unit
  (O(units²)). After: the set built once. Timed on its own and, with the other patches, on
  every page at national scale (in child processes killed at a time limit).

``apply_patches`` is also used by ``bench/apptiming.py --patches`` (child processes).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
import weakref
from pathlib import Path

HERE = Path(__file__).resolve().parent
# AppTest runs log a warning per rerun ("missing ScriptRunContext"); keep the table readable.
os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from apptiming import discover_pages, summarise, time_reruns  # noqa: E402


def _ms(fn, repeats: int = 5) -> dict:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return summarise(samples)


# --- patches ----------------------------------------------------------------------------------
def _fast_unit_name():
    import ui.i18n as i18n

    original = i18n.unit_name
    maps: dict[int, tuple[weakref.ref, dict]] = {}

    def unit_name(units, unit_id: str) -> str:
        hit = maps.get(id(units))
        if hit is None or hit[0]() is not units:
            names = {
                "vi": dict(zip(units.unit_id, units.name_vi, strict=False)),
                "en": dict(zip(units.unit_id, units.name_en, strict=False)),
            }
            if len(maps) > 64:
                maps.clear()
            maps[id(units)] = hit = (weakref.ref(units), names)
        name = hit[1]["vi" if i18n.lang() == "vi" else "en"].get(unit_id)
        return unit_id if name is None else str(name)

    return original, unit_name


def _swap(name: str, old, new) -> None:
    """Replace ``old`` by ``new`` wherever a loaded ui/pages module bound it by name."""
    for mod_name, mod in list(sys.modules.items()):
        if mod_name.startswith(("ui", "pages")) and getattr(mod, name, None) is old:
            setattr(mod, name, new)


_SIDEBAR_SLOW = "if u in set(allowed.unit_id)]"


def _patch_sidebar() -> bool:
    """Recompile ui.sidebar.sidebar with the unit set built once; False if the line changed."""
    import inspect
    import textwrap

    import ui.sidebar as sidebar_module

    source = textwrap.dedent(inspect.getsource(sidebar_module.sidebar))
    if _SIDEBAR_SLOW not in source:
        return False
    fixed = source.replace(_SIDEBAR_SLOW, "if u in _allowed_ids]")
    fixed = fixed.replace(
        "    resolved = [", "    _allowed_ids = set(allowed.unit_id)\n    resolved = [", 1
    )
    namespace = vars(sidebar_module)
    exec(compile(fixed, sidebar_module.__file__, "exec"), namespace)  # noqa: S102
    return True


def apply_patches(names: list[str]) -> dict[str, bool]:
    """Apply the named in-process fixes (sidebar, unit_name); say which took."""
    done: dict[str, bool] = {}
    for name in [n.strip() for n in names if n.strip()]:
        if name == "sidebar":
            done[name] = _patch_sidebar()
        elif name == "unit_name":
            import ui.i18n as i18n

            old, new = _fast_unit_name()
            _swap("unit_name", old, new)
            i18n.unit_name = new
            done[name] = True
        else:
            raise ValueError(f"unknown patch {name!r}")
    return done


def experiment_sidebar_resolution(national: Path) -> dict:
    from analysis.warehouse.store import Store

    store = Store(national)
    try:
        allowed = store.units()
    finally:
        store.close()
    ids = allowed.unit_id.tolist()
    sample = ids[:500]
    start = time.perf_counter()
    slow = [u for u in sample if u in set(allowed.unit_id)]
    per_unit = (time.perf_counter() - start) / len(sample)
    start = time.perf_counter()
    allowed_ids = set(allowed.unit_id)
    fast = [u for u in ids if u in allowed_ids]
    fast_s = time.perf_counter() - start
    assert fast[: len(slow)] == slow
    return {
        "units": len(ids),
        "as_written_ms_estimated": round(per_unit * len(ids) * 1000, 1),
        "set_built_once_ms": round(fast_s * 1000, 2),
    }


def experiment_national_pages(national: Path, patches: str, timeout_s: float) -> dict:
    from apptiming import time_in_subprocess

    out = {}
    for page, url in discover_pages():
        out[url] = time_in_subprocess(
            page,
            db=national,
            scenario="sidebar",
            reruns=3,
            warm=1,
            budget_s=30,
            timeout_s=timeout_s,
            query={"dataset": "demo"},
            patches=patches,
        )
        print(f"national {url} with {patches}: {out[url]['median_ms']} ms", file=sys.stderr)
    return out


def _pages_timing(db: Path, urls: list[str], reruns: int, scenario: str = "sidebar") -> dict:
    pages = dict((u, p) for p, u in discover_pages())
    return {
        u: time_reruns(
            pages[u], db=db, scenario=scenario, reruns=reruns, query={"dataset": "demo"}
        ).as_dict()
        for u in urls
        if u in pages
    }


def experiment_unit_name(db: Path, reruns: int) -> dict:
    import ui.i18n  # noqa: F401 - loaded before patching

    urls = [u for _, u in discover_pages()]
    before = _pages_timing(db, urls, reruns)
    old, new = _fast_unit_name()
    _swap("unit_name", old, new)
    import ui.i18n as i18n

    i18n.unit_name = new
    try:
        after = _pages_timing(db, urls, reruns)
    finally:
        i18n.unit_name = old
        _swap("unit_name", new, old)
    return _before_after(before, after)


def _map_app(mode: str) -> None:
    """One map, drawn as the overview draws it (altair) or from a spec converted once."""
    import time as _time

    import pandas as pd
    import streamlit as st

    from ui import charts

    codes = [f["properties"]["ADM2_PCODE"] for f in charts.geo_features()]
    frame = pd.DataFrame({"geo_code": codes, "name": codes, "value": range(len(codes))})
    frame["rank"], frame["status"] = 1, "x"

    def chart():
        return charts.choropleth(
            frame, title="t", note="SIMULATED", value_title="v", missing_label="m"
        )

    @st.cache_resource
    def spec_once():
        return chart().to_dict()

    start = _time.perf_counter()
    if mode == "altair":
        st.altair_chart(chart(), width="stretch")
    else:
        st.vega_lite_chart(spec_once(), width="stretch")
    st.session_state.setdefault("_t", []).append(_time.perf_counter() - start)


def experiment_map_spec(reruns: int) -> dict:
    from streamlit.testing.v1 import AppTest

    out = {}
    for mode in ("altair", "cached_spec"):
        at = AppTest.from_function(_map_app, args=(mode,), default_timeout=120)
        for _ in range(reruns + 1):
            at.run()
        assert not at.exception, [e.message[:200] for e in at.exception]
        out[mode] = summarise(at.session_state["_t"][1:])
    return {
        "map_draw_ms_before": out["altair"]["median_ms"],
        "map_draw_ms_after": out["cached_spec"]["median_ms"],
        "detail": out,
    }


def _before_after(before: dict, after: dict) -> dict:
    return {
        u: {
            "before_ms": before[u]["median_ms"],
            "after_ms": after[u]["median_ms"],
            "before_cpu_ms": before[u].get("cpu_median_ms"),
            "after_cpu_ms": after[u].get("cpu_median_ms"),
        }
        for u in before
    }


def experiment_observations_view(national: Path, tmp: Path) -> dict:
    import duckdb

    from analysis.warehouse.store import Store

    cases = {"2019-2024": (2019, 2024), "2022-2023": (2022, 2023), "2023": (2023, 2023)}

    def timings(path: Path) -> dict:
        store = Store(path)
        try:
            out = {k: _ms(lambda y=y: store.panel("demo", years=y), 3) for k, y in cases.items()}
            out["observations 2019-2024"] = _ms(
                lambda: store.observations("demo", years=(2019, 2024)), 3
            )
        finally:
            store.close()
        return {k: v["median_ms"] for k, v in out.items()}

    before = timings(national)
    copy = tmp / "national_unsorted.duckdb"
    shutil.copyfile(national, copy)
    con = duckdb.connect(str(copy))
    try:
        sql = con.execute(
            "SELECT sql FROM duckdb_views() WHERE view_name = 'observations' AND NOT internal"
        ).fetchone()[0]
        body = re.sub(r"^CREATE VIEW observations AS ", "", sql.strip().rstrip(";"), flags=re.I)
        unsorted = re.sub(r"\s+ORDER BY\s+dataset,\s*unit_id[^)]*$", "", body, flags=re.I)
        if unsorted == body:
            return {"skipped": "the observations view has no final ORDER BY any more"}
        con.execute(f"CREATE OR REPLACE VIEW observations AS {unsorted}")
    finally:
        con.close()
    after = timings(copy)
    return {k: {"before_ms": before[k], "after_ms": after[k]} for k in before}


def experiment_theil_sen(units: int = 10_000, years: int = 6) -> dict:
    import numpy as np
    from scipy import stats

    rng = np.random.default_rng(1)
    x = np.arange(2019, 2019 + years, dtype=float)
    y = 85 + rng.normal(0, 1, (units, years)).cumsum(axis=1)
    sample = 500
    start = time.perf_counter()
    loop = [stats.theilslopes(row, x).slope for row in y[:sample]]
    per_unit = (time.perf_counter() - start) / sample
    start = time.perf_counter()
    i, j = np.triu_indices(years, 1)
    slopes = (y[:, j] - y[:, i]) / (x[j] - x[i])
    vectorised = np.median(slopes, axis=1)
    seconds = time.perf_counter() - start
    assert np.allclose(vectorised[:sample], loop)
    return {
        "units": units,
        "scipy_loop_ms_estimated": round(per_unit * units * 1000, 1),
        "numpy_all_units_ms": round(seconds * 1000, 1),
        "same_slopes": True,
    }


def experiment_altair_chart(repeats: int = 20) -> dict:
    import altair as alt
    import numpy as np
    import pandas as pd
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

    frame = pd.DataFrame(
        {
            "unit": np.repeat([f"u{i}" for i in range(30)], 6),
            "year": np.tile(np.arange(2019, 2025), 30),
            "value": np.random.default_rng(0).normal(90, 3, 180),
        }
    )
    chart = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(x="year:O", y="value:Q", color="unit:N", tooltip=["unit", "value"])
        .properties(title="t", width="container")
    )
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        _convert_altair_to_vega_lite_spec(chart)
        samples.append(time.perf_counter() - start)
    return {"line_chart_180_points": summarise(samples)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--reruns", type=int, default=10)
    p.add_argument("--out", default=str(HERE / "results" / "experiments.json"))
    p.add_argument("--skip-national", action="store_true")
    args = p.parse_args(argv)
    os.chdir(ROOT)
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from analysis.warehouse.build import build

    tmp = Path(tempfile.mkdtemp(prefix="par-experiments-"))
    results: dict = {"loadavg_start": list(os.getloadavg())}
    try:
        db = build(tmp / "par_index.duckdb")
        results["altair_chart"] = experiment_altair_chart()
        results["theil_sen"] = experiment_theil_sen()
        results["unit_name"] = experiment_unit_name(db, args.reruns)
        print(json.dumps(results["unit_name"]), file=sys.stderr)
        results["map_spec"] = experiment_map_spec(args.reruns)
        print(json.dumps(results["map_spec"]), file=sys.stderr)
        if not args.skip_national:
            from national import build_national

            national = tmp / "national.duckdb"
            build_national(national)
            results["observations_view"] = experiment_observations_view(national, tmp)
            results["sidebar"] = experiment_sidebar_resolution(national)
            results["national_pages_patched"] = experiment_national_pages(
                national, "sidebar,unit_name", timeout_s=240
            )
    finally:
        results["loadavg_end"] = list(os.getloadavg())
        shutil.rmtree(tmp, ignore_errors=True)
    text = json.dumps(results, indent=1, ensure_ascii=False)
    print(text)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
