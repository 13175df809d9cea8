"""Profile the reruns of one page with cProfile (the script thread, not the test harness).

Usage::

    python bench/profile_page.py pages/overview.py [--db PATH | --national] [--scenario page]
        [--reruns 5] [--top 30] [--query dataset=demo] [--callers FUNCTION]

The page is opened and warmed as in ``bench/run.py``; then ``--reruns`` widget changes are
profiled. The script runs in AppTest's runner thread, so the runner's ``exec`` is wrapped
with a profiler (cProfile only sees the thread it is enabled in).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# AppTest runs log a warning per rerun ("missing ScriptRunContext"); keep the table readable.
os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")

from apptiming import patch_navigation, time_reruns  # noqa: E402

PROFILE = cProfile.Profile()
_ACTIVE = {"on": False}


def _install() -> None:
    import builtins

    from streamlit.runtime.scriptrunner import script_runner

    def profiled_exec(code, globs=None, locs=None):
        if not _ACTIVE["on"]:
            return builtins.exec(code, globs, locs)
        PROFILE.enable()
        try:
            return builtins.exec(code, globs, locs)
        finally:
            PROFILE.disable()

    script_runner.exec = profiled_exec  # module global shadows the builtin inside the runner


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("page")
    p.add_argument("--db")
    p.add_argument("--national", action="store_true", help="build the 10 000-unit database")
    p.add_argument("--scenario", choices=["sidebar", "page"], default="sidebar")
    p.add_argument("--reruns", type=int, default=5)
    p.add_argument("--top", type=int, default=30)
    p.add_argument("--query", action="append", default=["dataset=demo"])
    p.add_argument("--callers", action="append", default=[], help="print who calls FUNCTION")
    args = p.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="par-profile-"))
    if args.db:
        db = Path(args.db)
    elif args.national:
        from national import build_national

        db = tmp / "national.duckdb"
        build_national(db)
    else:
        from analysis.warehouse.build import build

        db = build(tmp / "par_index.duckdb")
    patch_navigation()
    _install()
    query = dict(q.split("=", 1) for q in args.query)
    # Warm caches first (unprofiled), then profile the timed reruns only.
    time_reruns(args.page, db=db, scenario=args.scenario, reruns=2, query=query)
    timing = time_reruns(
        args.page,
        db=db,
        scenario=args.scenario,
        reruns=args.reruns,
        query=query,
        on_timed=lambda on: _ACTIVE.update(on=on),
    )
    print(timing.as_dict())
    out = io.StringIO()
    stats = pstats.Stats(PROFILE, stream=out)
    stats.sort_stats("cumulative").print_stats(args.top)
    for name in args.callers:
        stats.print_callers(name)
    print(out.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
