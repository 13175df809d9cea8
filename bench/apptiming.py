"""Server-side rerun times of every page with ``streamlit.testing.v1.AppTest``.

Pages are discovered from the router (the ``st.Page("pages/….py", …)`` calls of
``streamlit_app.py``, read with ``ast``), else from ``pages/*.py``; nothing here knows what a
page contains. Two widget changes are timed on every page:

* ``sidebar``: the shared year slider (``years``) alternates between two ranges;
* ``page``: the first keyed widget in the page's main area (select box, select slider,
  slider, radio, toggle …) moves to another option, when the page has one.

AppTest note: AppTest resets ``PagesManager.uses_pages_directory`` before every run, so with a
``pages/`` folder next to the router a rerun after the first is executed as a version-1
multipage app: the page file runs *without* the router (no sidebar, stale filters). A real
``streamlit run`` server sets the flag once, on the first ``st.navigation`` call, and keeps it.
:func:`patch_navigation` restores the server's behaviour for the benchmark.

AppTest also makes a new ``ScriptCache`` for every run, so every rerun re-reads the router and
the page and recompiles them (with Streamlit's "magic" AST pass: about 100 ms for a 400-line
page). A server keeps one ``ScriptCache`` for its lifetime (without a file watcher, as this
app is configured, it is never cleared). :func:`patch_navigation` shares one cache across
AppTest runs too, so that the times are those of a server's rerun.

Last, AppTest waits for a run by polling every millisecond from the test's thread. Every poll
wants the GIL, and the script thread gives it up at every call into Arrow or DuckDB; on this
2-core VM each hand-over waits for a thread to be woken, so the wall time of a rerun was 1.3–2x
its CPU time and varied run to run (a floor of 12–37 ms). A server's event loop sleeps until
a message is sent. :func:`patch_navigation` makes the wait a blocking join of the script
thread (same timeout and error); the script runs exactly as before.
"""

from __future__ import annotations

import ast
import os
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUTER = ROOT / "streamlit_app.py"
SIDEBAR_KEYS = ("lang", "dataset", "years", "types", "units", "meeting")
YEAR_CYCLE = ((2019, 2024), (2020, 2024))

__all__ = [
    "discover_pages",
    "page_widgets",
    "time_same_widget_floor",
    "patch_navigation",
    "summarise",
    "time_reruns",
    "PageTiming",
    "SIDEBAR_KEYS",
]


def discover_pages(router: Path = ROUTER) -> list[tuple[str, str]]:
    """(page file relative to the router, url path) of every page the router registers."""
    found: list[tuple[str, str]] = []
    try:
        tree = ast.parse(router.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        tree = None
    for node in ast.walk(tree) if tree else ():
        if not isinstance(node, ast.Call):
            continue
        fn = node.func
        name = fn.attr if isinstance(fn, ast.Attribute) else getattr(fn, "id", "")
        if name != "Page" or not node.args:
            continue
        first = node.args[0]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            continue
        url = Path(first.value).stem
        for kw in node.keywords:
            if kw.arg == "url_path" and isinstance(kw.value, ast.Constant):
                url = str(kw.value.value)
        found.append((first.value, url))
    if not found:
        found = [
            (f"pages/{p.name}", p.stem) for p in sorted((router.parent / "pages").glob("*.py"))
        ]
    return [(p, u) for p, u in found if (router.parent / p).is_file()]


_PATCHED = False


def patch_navigation() -> None:
    """Make AppTest reruns behave like a server's: v2 navigation kept, one script cache."""
    global _PATCHED
    if _PATCHED:
        return
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init

    # One ScriptCache per process, as a server has one per runtime (see module doc).
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    app_test.ScriptCache = lambda: shared
    local_script_runner.ScriptCache = lambda: shared
    local_script_runner.require_widgets_deltas = _wait_for_run
    _PATCHED = True


def _wait_for_run(runner, timeout: float = 3) -> None:
    """AppTest's wait for a run, blocking instead of polling (see module doc)."""
    thread = runner._script_thread
    if thread is not None:
        thread.join(timeout)
    if runner.script_stopped():
        return
    runner.request_stop()
    runner.join()
    raise RuntimeError(f"AppTest script run timed out after {timeout}(s)")


def summarise(samples: list[float]) -> dict[str, float | int | None]:
    """Median, quartiles, min and max of a list of seconds (as milliseconds)."""
    if not samples:
        return {"n": 0, "median_ms": None, "q1_ms": None, "q3_ms": None}
    ms = sorted(s * 1000 for s in samples)
    if len(ms) >= 4:
        q1, _, q3 = statistics.quantiles(ms, n=4, method="inclusive")
    else:
        q1, q3 = ms[0], ms[-1]
    return {
        "n": len(ms),
        "median_ms": round(statistics.median(ms), 1),
        "q1_ms": round(q1, 1),
        "q3_ms": round(q3, 1),
        "min_ms": round(ms[0], 1),
        "max_ms": round(ms[-1], 1),
    }


# --- widget changes ---------------------------------------------------------------------------
def _walk(node) -> Iterator:
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield child
            yield from _walk(child)


def _options(widget) -> list:
    return list(getattr(widget, "options", []) or [])


_CHOSEN: dict[type, type] = {}


def _choose_label(widget, label: str) -> None:
    """Select ``label`` in a select box or radio the way the browser does (by its label).

    AppTest's ``select_index`` stores the *label* as the value and then formats it again
    with the app's ``format_func``, which fails for any widget whose labels are translated
    (``format_func=lambda i: t(...)``). The frontend sends the label in ``string_value``;
    this sends exactly that.
    """
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    base = type(widget)
    if base not in _CHOSEN:

        class Chosen(base):  # type: ignore[misc, valid-type]
            @property
            def _widget_state(self):
                ws = WidgetState()
                ws.id = self.id
                ws.string_value = self._bench_label
                return ws

        _CHOSEN[base] = Chosen
    widget.__class__ = _CHOSEN[base]
    widget._bench_label = label


def _current_label(widget) -> str | None:
    try:
        index = widget.index
    except (ValueError, KeyError, TypeError, AssertionError):
        return None
    return None if index is None else _options(widget)[index]


def _changer(widget) -> Callable[[int], None] | None:
    """A function moving ``widget`` to its i-th alternative value, or None if not supported."""
    kind = type(widget).__name__
    if kind in ("Selectbox", "Radio") and len(_options(widget)) >= 2:
        labels = _options(widget)
        current = _current_label(widget) or labels[0]
        other = next(lab for lab in labels if lab != current)
        cycle = [other, current]
        return lambda i: _choose_label(widget, cycle[i % 2])
    if kind == "SelectSlider" and len(_options(widget)) >= 2:
        current = widget.value
        if isinstance(current, list | tuple):
            return None
        raw = _options(widget)
        typed = [type(current)(o) if isinstance(current, int | float) else o for o in raw]
        others = [v for v in typed if v != current]
        if not others:
            return None
        cycle = [others[-1], current]
        return lambda i: widget.set_value(cycle[i % 2])
    if kind == "Slider":
        current = widget.value
        if isinstance(current, list | tuple) and len(current) == 2:
            lo, hi = current
            if isinstance(hi, int) and hi > lo:
                cycle = [(lo, hi - 1), (lo, hi)]
                return lambda i: widget.set_value(cycle[i % 2])
            return None
        if isinstance(current, int):
            lo, hi = widget.min, widget.max
            alt = current - 1 if current > lo else current + 1
            if lo <= alt <= hi and alt != current:
                return lambda i: widget.set_value([alt, current][i % 2])
        return None
    if kind in ("Toggle", "Checkbox"):
        current = bool(widget.value)
        return lambda i: widget.set_value((not current) if i % 2 == 0 else current)
    return None


def _user_key(node) -> str | None:
    key = getattr(node, "key", None)
    if key and key != "None":
        return str(key)
    # Keyed containers (lazy expanders) carry the key at the end of their element id.
    ident = getattr(getattr(node, "proto", None), "id", "") or ""
    return ident.split("-", 2)[-1] if ident.startswith("$$ID-") else None


def _plain(value):
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value if value is None or isinstance(value, bool | int | float | str) else str(value)


def page_widgets(at) -> list[dict]:
    """The widgets of the page's main area, in order, as the same-widget floor draws them.

    Each entry has ``kind``, ``key`` (the page's key, so the floor's session state has the
    same entries) and what the widget needs to be drawn the same: options, bounds, value.
    """
    out: list[dict] = []
    for i, node in enumerate(_walk(at.main)):
        kind = type(node).__name__
        key = _user_key(node) or f"floor_{i}"
        if kind in ("Selectbox", "Radio", "SelectSlider", "ButtonGroup", "Multiselect"):
            labels = [str(o) for o in _options(node)]
            current = _current_label(node) if kind in ("Selectbox", "Radio") else None
            entry = {"options": labels, "index": labels.index(current) if current in labels else 0}
            if kind == "SelectSlider":
                entry["value"] = _plain(node.value)
        elif kind in ("Slider", "NumberInput"):
            value = _plain(node.value)
            cast = type(value[0] if isinstance(value, list) else value)
            cast = cast if cast in (int, float) else float
            entry = {
                "min": cast(node.min),
                "max": cast(node.max),
                "step": cast(node.step),
                "value": value,
            }
        elif kind in ("Toggle", "Checkbox"):
            entry = {"value": bool(node.value)}
        elif kind in ("Button", "DownloadButton", "FileUploader"):
            entry = {}
        elif kind == "Expander" and _user_key(node):
            entry = {}
        elif kind == "Tab":
            entry = {"label": str(node.label)}
        else:
            continue
        out.append({"kind": kind, "key": key, **entry})
    return out


def _page_widget(at) -> tuple[str, str, Callable[[int], None]] | None:
    for el in _walk(at.main):
        key = getattr(el, "key", None)
        if not key or key in SIDEBAR_KEYS or key.startswith(("dl_", "mt_", "FormSubmitter")):
            continue
        change = _changer(el)
        if change is not None:
            return type(el).__name__, key, change
    return None


def _sidebar_widget(at) -> tuple[str, str, Callable[[int], None]] | None:
    try:
        slider = at.sidebar.slider(key="years")
    except KeyError:
        return None
    return "Slider", "years", lambda i: slider.set_value(YEAR_CYCLE[(i + 1) % 2])


@dataclass
class PageTiming:
    """Rerun timings of one page and one kind of widget change."""

    page: str
    scenario: str
    widget: str | None = None
    first_run_ms: float | None = None
    cold_change_ms: float | None = None
    samples: list[float] = field(default_factory=list)
    cpu_samples: list[float] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    note: str | None = None

    def as_dict(self) -> dict:
        return {
            "page": self.page,
            "scenario": self.scenario,
            "widget": self.widget,
            "first_run_ms": self.first_run_ms,
            "cold_change_ms": self.cold_change_ms,
            **summarise(self.samples),
            # CPU seconds of this process per rerun: robust against other load on the machine.
            "cpu_median_ms": summarise(self.cpu_samples)["median_ms"],
            "exceptions": self.exceptions[:3],
            "note": self.note,
        }


def _exceptions(at) -> list[str]:
    return [str(getattr(e, "message", e))[:300] for e in at.exception]


def quiet_streamlit() -> None:
    """AppTest logs a warning per rerun ("missing ScriptRunContext"); keep output readable."""
    from streamlit import logger

    logger.set_log_level("error")


def _new_app(script: Path, page: str | None, query: dict[str, str], timeout: float):
    """Open ``page`` directly (its url path is its file name), else via the default page."""
    from streamlit.testing.v1 import AppTest

    quiet_streamlit()
    at = AppTest.from_file(str(script), default_timeout=timeout)
    for k, v in query.items():
        at.query_params[k] = v
    start = time.perf_counter()
    if page:
        try:
            at.switch_page(page)
        except ValueError:
            at.run()
            at.switch_page(page)
    at.run()
    return at, time.perf_counter() - start


def time_reruns(
    page: str | None,
    *,
    db: Path | None,
    scenario: str,
    reruns: int,
    query: dict[str, str] | None = None,
    script: Path = ROUTER,
    timeout: float = 300,
    warm: int = 2,
    budget_s: float | None = None,
    on_timed: Callable[[bool], None] | None = None,
) -> PageTiming:
    """Open ``page`` once, make ``warm`` untimed widget changes, then time ``reruns`` more.

    With ``budget_s``, stop early (after at least one timed rerun) once that much time passed.
    ``on_timed(True/False)`` is called around each timed rerun (the profiler uses it).
    """
    patch_navigation()
    if db is not None:
        os.environ["PAR_DB"] = str(db)
    result = PageTiming(page or script.name, scenario)
    try:
        at, first = _new_app(script, page, dict(query or {}), timeout)
    except Exception as exc:  # a crash of the harness, not of the page: report it
        result.note = f"could not open: {type(exc).__name__}: {exc}"[:300]
        return result
    result.first_run_ms = round(first * 1000, 1)
    result.exceptions += _exceptions(at)
    picked = _sidebar_widget(at) if scenario == "sidebar" else _page_widget(at)
    if picked is None:
        result.note = "no widget to change" if scenario == "page" else "no sidebar year slider"
        return result
    kind, key, change = picked
    result.widget = f"{kind}:{key}"
    began = time.perf_counter()
    for i in range(warm + reruns):
        if budget_s is not None and result.samples and time.perf_counter() - began > budget_s:
            result.note = f"stopped after {len(result.samples)} reruns (time budget {budget_s} s)"
            break
        try:
            change(i)
        except Exception as exc:  # the widget went away or refused the value: stop here
            result.note = f"widget change failed at step {i}: {type(exc).__name__}: {exc}"[:300]
            break
        if on_timed and i >= warm:
            on_timed(True)
        start, cpu = time.perf_counter(), time.process_time()
        try:
            at.run()
        except Exception as exc:  # AppTest could not send the widget state: stop here
            result.note = f"rerun failed at step {i}: {type(exc).__name__}: {exc}"[:300]
            break
        finally:
            if on_timed:
                on_timed(False)
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu
        result.exceptions += _exceptions(at)
        if i == 0:
            result.cold_change_ms = round(elapsed * 1000, 1)
        if i >= warm:
            result.samples.append(elapsed)
            result.cpu_samples.append(cpu)
        # Re-find the widget: a rerun builds new element objects.
        picked = _sidebar_widget(at) if scenario == "sidebar" else _page_widget(at)
        if picked is None or picked[1] != key:
            result.note = "the widget disappeared after a rerun"
            break
        change = picked[2]
    return result


FLOOR = Path(__file__).resolve().parent / "floor_app.py"


def time_same_widget_floor(
    page: str, *, db: Path, scenario: str, reruns: int, query: dict[str, str] | None = None
) -> PageTiming:
    """Time the floor drawing exactly ``page``'s widgets (see ``floor_app.py``)."""
    import json
    import tempfile

    patch_navigation()
    os.environ["PAR_DB"] = str(db)
    result = PageTiming(f"floor of {page}", scenario)
    try:
        at, _ = _new_app(ROUTER, page, dict(query or {}), 300)
    except Exception as exc:
        result.note = f"could not open the page: {type(exc).__name__}: {exc}"[:300]
        return result
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
        json.dump(page_widgets(at), fh, ensure_ascii=False)
    os.environ["PAR_FLOOR_WIDGETS"] = fh.name
    try:
        timing = time_reruns(
            None, db=db, scenario=scenario, reruns=reruns, script=FLOOR, query=query
        )
    finally:
        os.environ.pop("PAR_FLOOR_WIDGETS", None)
        Path(fh.name).unlink(missing_ok=True)
    timing.page = result.page
    return timing


def time_in_subprocess(
    page: str,
    *,
    db: Path,
    scenario: str,
    reruns: int,
    warm: int,
    budget_s: float,
    timeout_s: float,
    query: dict[str, str],
    patches: str = "",
) -> dict:
    """:func:`time_reruns` in a child process that is killed after ``timeout_s``.

    A script run that AppTest gives up on keeps running in its thread until it reaches a
    Streamlit call; in a child process it cannot slow down the next measurement.
    """
    import json
    import subprocess
    import sys

    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        page,
        "--db",
        str(db),
        "--scenario",
        scenario,
        "--reruns",
        str(reruns),
        "--warm",
        str(warm),
        "--budget",
        str(budget_s),
        "--query",
        json.dumps(query),
        "--patches",
        patches,
    ]
    try:
        run = subprocess.run(
            cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout_s, check=False
        )
    except subprocess.TimeoutExpired:
        out = PageTiming(page, scenario)
        out.note = f"timed out: more than {timeout_s:.0f} s to open the page and rerun it"
        return out.as_dict()
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    if run.returncode != 0 or not lines:
        out = PageTiming(page, scenario)
        out.note = f"child failed ({run.returncode}): {run.stderr.strip()[-300:]}"
        return out.as_dict()
    return json.loads(lines[-1])


def _main(argv: list[str] | None = None) -> int:
    import argparse
    import json
    import sys

    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    p = argparse.ArgumentParser(description="time one page's reruns (used by bench/run.py)")
    p.add_argument("page")
    p.add_argument("--db", required=True)
    p.add_argument("--scenario", default="sidebar")
    p.add_argument("--reruns", type=int, default=5)
    p.add_argument("--warm", type=int, default=1)
    p.add_argument("--budget", type=float, default=60)
    p.add_argument("--query", default="{}")
    p.add_argument("--patches", default="", help="comma list of bench/experiments.py patches")
    args = p.parse_args(argv)
    os.chdir(ROOT)
    if args.patches:
        import experiments

        experiments.apply_patches(args.patches.split(","))
    timing = time_reruns(
        args.page,
        db=Path(args.db),
        scenario=args.scenario,
        reruns=args.reruns,
        warm=args.warm,
        budget_s=args.budget,
        query=json.loads(args.query),
        timeout=3600,
    )
    print(json.dumps(timing.as_dict()))
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())
