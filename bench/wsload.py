"""Load run with real websocket clients: N sessions speaking Streamlit's own protocol.

A browser session costs the *server* one websocket on which it receives ``BackMsg`` protobufs
(rerun requests with widget values) and sends ``ForwardMsg`` protobufs (page elements, then
``script_finished``). This client does exactly that, without a browser's rendering, so that
twenty sessions on a 2-core machine measure the server and not twenty Chromium renderers
competing with it for the same two cores (``load.py`` keeps the browser variant).

Each session connects to ``/_stcore/stream`` on 127.0.0.1, opens a page of the demo panel
(``?dataset=demo``), then for ``duration`` seconds repeatedly, with a pause of 0.2–0.8 s:

* switches to another page (a rerun with that page's script hash, as a navigation link does);
* moves the sidebar year slider (widget key ``years``) by one year, away from its ends;
* moves a slider of the page (the first other slider or select slider), when there is one.

The settle time of an action is from sending the request to receiving ``script_finished``:
every element of the page has been sent by then. Errors: exception elements, a script that
did not finish successfully, a dropped connection, no ``script_finished`` within 30 s.
"""

from __future__ import annotations

import asyncio
import dataclasses
import random
import time
from dataclasses import dataclass, field

__all__ = ["ws_load", "memory_and_ws_load"]

SETTLE_TIMEOUT_S = 30.0


@dataclass
class _Page:
    hash: str
    url: str


@dataclass
class _Widget:
    id: str
    kind: str  # "range" (two-thumb slider), "slider" (one value), "select" (select slider)
    value: list[float]
    lo: float
    hi: float
    step: float
    options: tuple[str, ...] = ()  # select slider: the formatted options


@dataclass
class _Run:
    exceptions: list[str] = field(default_factory=list)
    widgets: list[_Widget] = field(default_factory=list)
    pages: list[_Page] = field(default_factory=list)
    status: str = ""
    alerts: list[tuple[str, str]] = field(default_factory=list)  # (format, body)
    uploaders: list[str] = field(default_factory=list)  # file uploader widget ids


class _Session:
    """One websocket session and what the last run showed."""

    def __init__(self, ws, query: str = "dataset=demo"):
        self.ws = ws
        self.query = query
        self.session_id = ""
        self.pages: list[_Page] = []
        self.current = ""
        self.widgets: list[_Widget] = []

    async def rerun(
        self, *, page_hash: str = "", page_name: str = "", widget=None, states=()
    ) -> _Run:
        """Ask for a rerun (a page, a moved widget, or ready-made ``WidgetState`` protos)."""
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_script_hash = page_hash
        state.page_name = page_name
        if widget is not None:
            ws = state.widget_states.widgets.add()
            ws.id = widget.id
            if widget.kind == "range":
                ws.double_array_value.data.extend(widget.value)
            elif widget.kind == "slider":
                ws.double_array_value.data.extend(widget.value)
            else:  # a select slider sends its formatted options
                ws.string_array_value.data.extend(widget.options[int(v)] for v in widget.value)
        for given in states:
            state.widget_states.widgets.add().CopyFrom(given)
        await self.ws.send(msg.SerializeToString())
        return await self._collect()

    async def _collect(self) -> _Run:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        run = _Run()
        deadline = time.monotonic() + SETTLE_TIMEOUT_S
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no script_finished within 30 s")
            raw = await asyncio.wait_for(self.ws.recv(), timeout=left)
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                self.session_id = fwd.new_session.initialize.session_id
            elif kind == "navigation":
                run.pages = [
                    _Page(p.page_script_hash, p.url_pathname) for p in fwd.navigation.app_pages
                ]
                self.pages = run.pages
                self.current = fwd.navigation.page_script_hash
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                _read_element(fwd.delta.new_element, run)
            elif kind == "script_finished":
                name = fwd.ScriptFinishedStatus.Name(fwd.script_finished)
                if name == "FINISHED_EARLY_FOR_RERUN":
                    continue  # our own request superseded a run; its successor follows
                run.status = name
                self.widgets = run.widgets
                return run


def _read_element(element, run: _Run) -> None:
    kind = element.WhichOneof("type")
    if kind == "exception":
        run.exceptions.append(f"{element.exception.type}: {element.exception.message}"[:300])
    elif kind == "alert":
        fmt = element.alert.Format.Name(element.alert.format)
        run.alerts.append((fmt, element.alert.body))
    elif kind == "file_uploader":
        run.uploaders.append(element.file_uploader.id)
    elif kind == "slider":
        s = element.slider
        value = list(s.value) if s.set_value else list(s.default)
        if s.type == s.Type.SELECT_SLIDER:
            hi = float(len(s.options) - 1)
            run.widgets.append(_Widget(s.id, "select", value, 0.0, hi, 1.0, tuple(s.options)))
        else:
            kind = "range" if len(value) == 2 else "slider"
            run.widgets.append(_Widget(s.id, kind, value, s.min, s.max, s.step or 1.0))


def _moved(widget: _Widget, rng: random.Random) -> _Widget | None:
    """The widget with one thumb moved one step, away from the ends (always a change)."""
    if widget.hi <= widget.lo or not widget.value:
        return None
    value = list(widget.value)
    i = rng.randrange(len(value))
    step = widget.step
    if value[i] + step > widget.hi:
        step = -step
    elif value[i] - step >= widget.lo and rng.random() < 0.5:
        step = -step
    value[i] += step
    if widget.kind == "range" and value[0] > value[1]:
        value = [value[1], value[0]]
    if value == widget.value:
        return None
    return dataclasses.replace(widget, value=value)


@dataclass
class WsResult:
    sessions: int
    duration_s: float
    actions: int = 0
    settle_ms: list[float] = field(default_factory=list)
    open_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(
        default_factory=lambda: {"exception": 0, "script": 0, "timeout": 0, "connection": 0}
    )
    samples: list[str] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)

    def error(self, kind: str, text: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1
        if len(self.samples) < 8:
            self.samples.append(f"{kind}: {text}"[:400])


def _check(run: _Run, result: WsResult, what: str) -> None:
    for text in run.exceptions:
        result.error("exception", f"{what}: {text}")
    if run.status != "FINISHED_SUCCESSFULLY":
        result.error("script", f"{what}: {run.status}")


async def _session(url: str, paths: list[str], duration: float, seed: int, delay: float, result):
    import websockets

    rng = random.Random(seed)
    await asyncio.sleep(delay)
    path = paths[seed % len(paths)]
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    try:
        async with websockets.connect(
            ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=60
        ) as ws:
            session = _Session(ws)
            start = time.perf_counter()
            try:
                run = await session.rerun(page_name=path)
            except (TimeoutError, OSError) as exc:
                result.error("timeout", f"open /{path}: {exc}")
                return
            result.open_ms.append((time.perf_counter() - start) * 1000)
            _check(run, result, f"open /{path}")
            until = time.monotonic() + duration
            while time.monotonic() < until:
                await asyncio.sleep(rng.uniform(0.2, 0.8))  # a person reads a little
                await _act(session, rng, result)
    except Exception as exc:  # the connection itself failed or dropped
        result.error("connection", f"{type(exc).__name__}: {exc}")


async def _act(session: _Session, rng: random.Random, result: WsResult) -> None:
    choice = rng.random()
    others = [p for p in session.pages if p.hash != session.current]
    if choice < 0.4 and others:
        target = rng.choice(others)
        what, kwargs = f"switch to /{target.url}", {"page_hash": target.hash}
        kind = "switch"
    else:
        sliders = session.widgets
        years = [w for w in sliders if w.id.endswith("-years")]
        page = [w for w in sliders if not w.id.endswith("-years")]
        pool = years if (choice < 0.7 or not page) else page
        if not pool:
            return
        moved = _moved(pool[0], rng)
        if moved is None:
            return
        what = f"slider {moved.id.rsplit('-', 1)[-1]} -> {moved.value}"
        kwargs = {"page_hash": session.current, "widget": moved}
        kind = "year slider" if pool is years else "page slider"
    start = time.perf_counter()
    try:
        run = await session.rerun(**kwargs)
    except TimeoutError as exc:
        result.error("timeout", f"{what}: {exc}")
        return
    result.settle_ms.append((time.perf_counter() - start) * 1000)
    result.actions += 1
    result.kinds[kind] = result.kinds.get(kind, 0) + 1
    _check(run, result, what)


async def _run(url: str, paths: list[str], sessions: int, duration: float) -> WsResult:
    result = WsResult(sessions=sessions, duration_s=duration)
    stagger = min(1.0, duration / (4 * sessions))
    await asyncio.gather(
        *[_session(url, paths, duration, s, s * stagger, result) for s in range(sessions)]
    )
    return result


def ws_load(url: str, paths: list[str], *, sessions: int, duration: float) -> WsResult:
    """Run ``sessions`` websocket sessions against a running server at ``url``."""
    limit = duration + sessions + 120
    return asyncio.run(asyncio.wait_for(_run(url, paths, sessions, duration), timeout=limit))


async def _one_open_session(url: str, path: str, hold: asyncio.Event) -> None:
    import websockets

    async with websockets.connect(
        url.replace("http://", "ws://") + "/_stcore/stream",
        subprotocols=["streamlit"],
        max_size=None,
    ) as ws:
        await _Session(ws).rerun(page_name=path)
        await hold.wait()


async def _memory(url: str, pid: int, path: str) -> float | None:
    """RSS with one session open on ``path`` (then closed)."""
    from server import tree_rss_mb

    hold = asyncio.Event()
    task = asyncio.create_task(_one_open_session(url, path, hold))
    await asyncio.sleep(0)
    while not task.done():
        await asyncio.sleep(0.5)
        if tree_rss_mb(pid) is not None and not hold.is_set():
            await asyncio.sleep(1.0)
            value = tree_rss_mb(pid)
            hold.set()
            await task
            return value
    return None


def memory_and_ws_load(db, paths: list[str], *, sessions: int, duration: float, log) -> dict:
    """Start a server on ``db``; RSS idle, with 1 and with ``sessions`` sessions; the load run."""
    import os
    import statistics
    import threading

    from server import cpu_seconds, machine_busy, streamlit_server, tree_rss_mb

    with streamlit_server(db, log=log) as (url, pid):
        time.sleep(1.0)
        idle = tree_rss_mb(pid)
        one = asyncio.run(asyncio.wait_for(_memory(url, pid, paths[0]), timeout=120))
        samples: list[float] = []
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                value = tree_rss_mb(pid)
                if value is not None:
                    samples.append(value)
                stop.wait(0.5)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        cpu0, busy0, wall0 = cpu_seconds(pid), machine_busy(), time.monotonic()
        try:
            result = ws_load(url, paths, sessions=sessions, duration=duration)
        finally:
            stop.set()
            sampler.join()
        cpu1, busy1, wall = cpu_seconds(pid), machine_busy(), time.monotonic() - wall0
        all_sessions = samples[-1] if samples else None  # every session was still open

    s = sorted(result.settle_ms)

    def pct(q: float) -> float | None:
        if not s:
            return None
        return round(s[min(len(s) - 1, max(0, round(q / 100 * (len(s) - 1))))], 1)

    def r(x: float | None) -> float | None:
        return None if x is None else round(x, 1)

    server_cores = machine_cores = None
    if cpu0 is not None and cpu1 is not None and wall > 0:
        server_cores = (cpu1 - cpu0) / wall
        share = (busy1[0] - busy0[0]) / max(1.0, busy1[1] - busy0[1])
        machine_cores = share * (os.cpu_count() or 1)
    return {
        "client": "websocket",
        "sessions": sessions,
        "duration_s": duration,
        "actions": result.actions,
        "action_kinds": result.kinds,
        "reruns_timed": len(s),
        "settle_p50_ms": pct(50),
        "settle_p95_ms": pct(95),
        "settle_max_ms": r(s[-1]) if s else None,
        "settle_mean_ms": r(statistics.fmean(s)) if s else None,
        "open_p50_ms": r(statistics.median(result.open_ms)) if result.open_ms else None,
        "errors": dict(result.errors),
        "error_total": sum(result.errors.values()),
        "error_samples": result.samples,
        "rss_idle_mb": r(idle),
        "rss_one_session_mb": r(one),
        "rss_all_sessions_mb": r(all_sessions),
        "rss_peak_mb": r(max(samples) if samples else None),
        "server_cores_used": r(server_cores),
        "machine_cores_used": r(machine_cores),
        "server_log": str(log),
    }
