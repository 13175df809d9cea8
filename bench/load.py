"""Memory and load runs: Playwright browser contexts against a real ``streamlit run`` server.

Everything stays on 127.0.0.1; one headless Chromium holds every session (one browser
context per session). The run is bounded: each session stops when its time is up, every
wait has a timeout, and the whole run is cancelled after ``duration + sessions + 210`` s.

A session opens a page (timed apart: ``open_ms``), then for ``duration`` seconds repeatedly
does one of: switch page (a sidebar navigation link, as a person
clicks it), move the sidebar year slider, or move the first slider on the page (arrow
keys on the slider thumb). After each action it measures the time until the page has
settled: the app's script state (``data-test-script-state`` on ``stApp``, the attribute
Streamlit's own end-to-end tests wait on) is back to ``notRunning`` and no status widget
(``stStatusWidget``) shows, and both stayed so for ``QUIET_MS``. (The status widget alone is
not enough: with ``toolbarMode = "minimal"`` it does not show for runs of a few seconds.) Errors: ``stException`` elements, page errors (uncaught
JavaScript), failed navigations and timeouts.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from server import cpu_seconds, machine_busy, streamlit_server, tree_rss_mb

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
]
QUIET_MS = 250  # the status widget must stay away this long to call the page settled
START_MS = 10_000  # how long to wait for a rerun to show up at all (a busy machine is slow)
SETTLE_TIMEOUT_MS = 30_000
OPEN_TIMEOUT_MS = 90_000  # opening a page: the first visit loads the whole frontend

__all__ = ["memory_and_load", "LoadResult"]

# Runs in the page: remembers when the script was last seen running (a MutationObserver
# catches short runs that polling would miss).
_BUSY = """(() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return (app && app.getAttribute('data-test-script-state') === 'running')
    || !!document.querySelector('[data-testid="stStatusWidget"]');
})()"""
_OBSERVER = """() => {
  if (window.__bench) return;
  window.__bench = {lastBusy: -1};
  const check = () => {
    if (BUSY) { window.__bench.lastBusy = performance.now(); }
  };
  new MutationObserver(check).observe(document.documentElement,
    {subtree: true, childList: true, attributes: true});
  setInterval(check, 25);
}""".replace("BUSY", _BUSY)

_SETTLED = """([t0, quiet, start]) => {
  const now = performance.now();
  const busy = BUSY;
  if (busy) { window.__bench.lastBusy = now; return false; }
  const last = window.__bench.lastBusy;
  if (last < t0) { return now - t0 > start; }  // never went busy: a no-op or very fast rerun
  return now - last > quiet;
}""".replace("BUSY", _BUSY)


@dataclass
class LoadResult:
    """What the load run saw."""

    sessions: int
    duration_s: float
    actions: int = 0
    noop_actions: int = 0
    settle_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(
        default_factory=lambda: {"exception": 0, "pageerror": 0, "timeout": 0, "navigation": 0}
    )
    error_samples: list[str] = field(default_factory=list)
    rss_samples_mb: list[float] = field(default_factory=list)
    rss_idle_mb: float | None = None
    rss_one_session_mb: float | None = None
    rss_all_sessions_mb: float | None = None
    open_ms: list[float] = field(default_factory=list)
    # Where the CPU went during the sessions: the server process vs the whole machine
    # (server + Chromium + anything else), in cores used on average.
    server_cores: float | None = None
    machine_cores: float | None = None

    def error(self, kind: str, text: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1
        if len(self.error_samples) < 10:
            self.error_samples.append(f"{kind}: {text[:300]}")

    def as_dict(self) -> dict:
        s = sorted(self.settle_ms)

        def pct(p: float) -> float | None:
            if not s:
                return None
            k = min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))
            return round(s[k], 1)

        return {
            "sessions": self.sessions,
            "duration_s": self.duration_s,
            "actions": self.actions,
            "noop_actions": self.noop_actions,
            "reruns_timed": len(self.settle_ms),
            "settle_p50_ms": pct(50),
            "settle_p95_ms": pct(95),
            "settle_max_ms": round(s[-1], 1) if s else None,
            "settle_mean_ms": round(statistics.fmean(s), 1) if s else None,
            "open_p50_ms": round(statistics.median(self.open_ms), 1) if self.open_ms else None,
            "errors": dict(self.errors),
            "error_total": sum(self.errors.values()),
            "error_samples": self.error_samples,
            "rss_idle_mb": _r(self.rss_idle_mb),
            "rss_one_session_mb": _r(self.rss_one_session_mb),
            "rss_all_sessions_mb": _r(self.rss_all_sessions_mb),
            "rss_peak_mb": _r(max(self.rss_samples_mb) if self.rss_samples_mb else None),
            "server_cores_used": _r(self.server_cores),
            "machine_cores_used": _r(self.machine_cores),
        }


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 1)


async def _settle(page, t0: float) -> float | None:
    """Milliseconds from t0 (page clock) until the page has settled; None if no rerun ran."""
    await page.wait_for_function(
        _SETTLED, arg=[t0, QUIET_MS, START_MS], polling=25, timeout=SETTLE_TIMEOUT_MS
    )
    last = await page.evaluate("window.__bench.lastBusy")
    now = await page.evaluate("performance.now()")
    if last < t0:
        # Never saw the script running. Actions are chosen to change something, so the
        # caller counts this as an error, not as a settle time.
        return None
    return max(0.0, min(now, last) - t0)


async def _open(page, url: str, result: LoadResult) -> bool:
    start = time.perf_counter()
    try:
        # "commit", not "load": twenty renderers parsing the frontend bundle at once on two
        # cores take longer than a page's load event budget; the app is ready when it shows
        # its title, whatever the load event says.
        await page.goto(url, timeout=OPEN_TIMEOUT_MS, wait_until="commit")
        await page.wait_for_selector("[data-testid='stMain'] h1", timeout=OPEN_TIMEOUT_MS)
        await page.evaluate(_OBSERVER)
        t0 = await page.evaluate("performance.now()")
        await _settle(page, t0)
    except Exception as exc:  # Playwright raises its own TimeoutError and Error types
        result.error("navigation", f"{url}: {exc}")
        return False
    result.open_ms.append((time.perf_counter() - start) * 1000)
    return True


async def _check_exceptions(page, result: LoadResult, what: str) -> None:
    n = await page.locator("[data-testid='stException']").count()
    if n:
        text = await page.locator("[data-testid='stException']").first.inner_text()
        result.error("exception", f"{what}: {text}")


async def _act(page, rng: random.Random, result: LoadResult) -> None:
    choice = rng.random()
    # Every action changes something (no link to the page already shown, no arrow key
    # against the end of a slider), so every action must cause a rerun.
    if choice < 0.4:
        links = page.locator("[data-testid='stSidebarNav'] a")
        hrefs = await links.evaluate_all(
            "els => els.map(e => new URL(e.href, location.href).pathname)"
        )
        here = await page.evaluate("location.pathname")
        others = [i for i, h in enumerate(hrefs) if h.rstrip("/") != here.rstrip("/")]
        if not others:
            return
        target = links.nth(rng.choice(others))
        what = f"switch to {await target.get_attribute('href')}"
        action = target.click
    else:
        where = "stSidebar" if choice < 0.7 else "stMain"
        thumbs = page.locator(f"[data-testid='{where}'] [data-testid='stSlider'] input[type=range]")
        n = await thumbs.count()
        if not n:
            return
        thumb = thumbs.nth(rng.randrange(n))
        try:
            value, lo, hi = await thumb.evaluate(
                "e => [Number(e.value), Number(e.min), Number(e.max)]", timeout=15_000
            )
        except Exception as exc:  # the slider was replaced by a rerun in between
            result.error("timeout", f"{where} slider: {exc}")
            return
        if lo == hi:
            return
        key = "ArrowLeft" if value >= hi else "ArrowRight" if value <= lo else None
        key = key or rng.choice(["ArrowLeft", "ArrowRight"])
        what = f"{where} slider {key}"

        async def action():
            await thumb.focus(timeout=15_000)
            await thumb.press(key, timeout=15_000)

    t0 = await page.evaluate("performance.now()")
    try:
        await action()
        ms = await _settle(page, t0)
    except Exception as exc:  # Playwright's TimeoutError or a detached element
        result.error("timeout", f"{what}: {exc}")
        return
    result.actions += 1
    if ms is None:
        # Nothing ran within START_MS although the action changed a widget or the page.
        result.noop_actions += 1
        result.error("timeout", f"{what}: no rerun within {START_MS} ms")
    else:
        result.settle_ms.append(ms)
    await _check_exceptions(page, result, what)


async def _session(
    browser, url: str, paths: list[str], duration: float, seed: int, result, delay: float
):
    rng = random.Random(seed)
    await asyncio.sleep(delay)  # people arrive one after another, not in the same millisecond
    ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = await ctx.new_page()
        page.on("pageerror", lambda exc: result.error("pageerror", str(exc)))
        path = paths[seed % len(paths)]
        if not await _open(page, f"{url}/{path}?dataset=demo", result):
            return ctx
        await _check_exceptions(page, result, f"open /{path}")
        # Each session works for ``duration`` once its page is open (opening is timed apart).
        until = time.monotonic() + duration
        while time.monotonic() < until:
            await _act(page, rng, result)
            await asyncio.sleep(rng.uniform(0.2, 0.8))  # a person reads a little
    except Exception as exc:  # keep the run going: one broken session is an error, not a crash
        result.error("navigation", f"session {seed}: {type(exc).__name__}: {exc}")
    return ctx


async def _sample_rss(pid: int, result: LoadResult, stop: asyncio.Event) -> None:
    while not stop.is_set():
        value = tree_rss_mb(pid)
        if value is not None:
            result.rss_samples_mb.append(value)
        try:
            await asyncio.wait_for(stop.wait(), timeout=0.5)
        except TimeoutError:
            pass


async def _run(url: str, pid: int, paths: list[str], sessions: int, duration: float):
    from playwright.async_api import async_playwright

    result = LoadResult(sessions=sessions, duration_s=duration)
    stop = asyncio.Event()
    sampler = asyncio.create_task(_sample_rss(pid, result, stop))
    await asyncio.sleep(1.0)
    result.rss_idle_mb = tree_rss_mb(pid)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            # One session first: memory with one open page.
            ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
            page = await ctx.new_page()
            await _open(page, f"{url}/?dataset=demo", result)
            await asyncio.sleep(1.0)
            result.rss_one_session_mb = tree_rss_mb(pid)
            await ctx.close()
            # Then every session, one every ``stagger`` seconds, each opening a page and then
            # working for ``duration`` seconds.
            stagger = min(1.0, duration / (4 * sessions))
            tasks = [
                asyncio.create_task(
                    _session(browser, url, paths, duration, seed, result, seed * stagger)
                )
                for seed in range(sessions)
            ]
            opened_by = time.monotonic() + sessions * stagger + OPEN_TIMEOUT_MS / 1000

            async def all_open():
                while len(result.open_ms) < sessions + 1 and time.monotonic() < opened_by:
                    await asyncio.sleep(0.25)
                result.rss_all_sessions_mb = tree_rss_mb(pid)

            watcher = asyncio.create_task(all_open())
            cpu0, busy0, wall0 = cpu_seconds(pid), machine_busy(), time.monotonic()
            contexts = await asyncio.gather(*tasks)
            cpu1, busy1, wall = cpu_seconds(pid), machine_busy(), time.monotonic() - wall0
            if cpu0 is not None and cpu1 is not None and wall > 0:
                result.server_cores = (cpu1 - cpu0) / wall
                share = (busy1[0] - busy0[0]) / max(1.0, busy1[1] - busy0[1])
                result.machine_cores = share * (os.cpu_count() or 1)
            await watcher
            for c in contexts:
                await c.close()
        finally:
            await browser.close()
            stop.set()
            await sampler
    return result


def memory_and_load(
    db: Path, paths: list[str], *, sessions: int, duration: float, log: Path
) -> dict:
    """Start a server on ``db``; measure RSS idle, with 1 and ``sessions`` sessions; load it."""
    if not Path(CHROMIUM).exists():
        return {"skipped": f"{CHROMIUM} is not installed"}
    with streamlit_server(db, log=log) as (url, pid):
        coro = _run(url, pid, paths, sessions, duration)
        limit = duration + sessions + OPEN_TIMEOUT_MS / 1000 + 120
        result = asyncio.run(asyncio.wait_for(coro, timeout=limit))
    out = result.as_dict()
    out["server_log"] = str(log)
    return out
