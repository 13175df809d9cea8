"""Uploads through Streamlit's own protocol, for the hostile-file check and the memory run.

A browser uploads a file in three steps, and so does :class:`Uploader`:

1. it asks the server for upload addresses (``BackMsg.file_urls_request`` on the websocket;
   the answer is ``ForwardMsg.file_urls_response``);
2. it sends the bytes with an HTTP ``PUT`` of a multipart form to that address, with the XSRF
   cookie the server set (``/_stcore/health`` sets it) echoed in ``X-Xsrftoken``;
3. it reruns the page with the uploader's widget state naming the uploaded files.

The time of an upload (:attr:`Answer.seconds`) runs from step 2 to ``script_finished`` of
the rerun: what a person waits for between dropping a file and reading the page's answer.

Two runs use it (``bench/run.py --only uploads``; the hostile check is also
``tests/reliability/test_hostile_uploads.py``):

* :func:`hostile_check`: each hostile file of ``tests/fixtures/hostile.py`` is uploaded by one
  session while a second session moves the year slider of the overview over and over; it
  reports the time to the answer, the answer, the other session's rerun times meanwhile and
  the server's peak memory above idle.
* :func:`memory_run`: N sessions each upload a different table of about 5 MB and stay open;
  then all close; the server's memory is sampled until it is back within the budget of idle
  (or a minute has passed).
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from wsload import _moved, _Session

__all__ = ["Answer", "Uploader", "hostile_check", "memory_run", "big_table"]

UPLOAD_PAGE = "upload"
OTHER_PAGE = "overview"


@dataclass
class Answer:
    """What the page showed after an upload, and how long it took."""

    seconds: float
    status: str
    alerts: list[tuple[str, str]] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        """The first error (else warning, else any) alert's text."""
        for wanted in ("ERROR", "WARNING"):
            for fmt, body in self.alerts:
                if fmt == wanted:
                    return body
        return self.alerts[0][1] if self.alerts else ""


class Uploader:
    """One websocket session that can upload files to the upload page."""

    def __init__(self, url: str, query: str = "dataset=published&level=district"):
        self.url = url
        self.query = query
        self._ws = None
        self.session: _Session | None = None
        self.uploader_id = ""
        self._cookie = ""

    async def __aenter__(self) -> Uploader:
        import websockets

        self._cookie = await asyncio.to_thread(_xsrf_cookie, self.url)
        ws_url = self.url.replace("http://", "ws://") + "/_stcore/stream"
        self._ws = await websockets.connect(
            ws_url,
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=60,
            additional_headers={"Cookie": f"_streamlit_xsrf={self._cookie}"},
        )
        self.session = _Session(self._ws, query=self.query)
        run = await self.session.rerun(page_name=UPLOAD_PAGE)
        if not run.uploaders:
            raise RuntimeError(f"the {UPLOAD_PAGE} page showed no file uploader ({run.status})")
        self.uploader_id = run.uploaders[0]
        return self

    async def __aexit__(self, *exc) -> None:
        if self._ws is not None:
            await self._ws.close()

    async def upload(self, files: list[tuple[str, bytes]]) -> Answer:
        """Upload ``files`` (name, bytes) at once, as a drop of several files does."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        assert self.session is not None and self._ws is not None
        msg = BackMsg()
        request_id = uuid.uuid4().hex
        msg.file_urls_request.request_id = request_id
        msg.file_urls_request.session_id = self.session.session_id
        msg.file_urls_request.file_names.extend(name for name, _ in files)
        await self._ws.send(msg.SerializeToString())
        urls = await self._file_urls(request_id)
        start = time.perf_counter()
        state = WidgetState(id=self.uploader_id)
        for (name, data), file_urls in zip(files, urls, strict=True):
            await asyncio.to_thread(_put, self.url + file_urls.upload_url, name, data, self._cookie)
            info = state.file_uploader_state_value.uploaded_file_info.add()
            info.file_id, info.name, info.size = file_urls.file_id, name, len(data)
            info.file_urls.CopyFrom(file_urls)
        run = await self.session.rerun(page_hash=self.session.current, states=[state])
        return Answer(time.perf_counter() - start, run.status, run.alerts, run.exceptions)

    async def _file_urls(self, request_id: str):
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        while True:
            raw = await asyncio.wait_for(self._ws.recv(), timeout=30)
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            if fwd.WhichOneof("type") == "file_urls_response":
                response = fwd.file_urls_response
                if response.response_id == request_id:
                    if response.error_msg:
                        raise RuntimeError(response.error_msg)
                    return list(response.file_urls)


def _xsrf_cookie(url: str) -> str:
    """The XSRF cookie the server sets (on its health endpoint, as on every page)."""
    with urllib.request.urlopen(url + "/_stcore/health", timeout=30) as response:
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            if name.strip() == "_streamlit_xsrf":
                return rest.split(";", 1)[0]
    return ""


def _put(url: str, name: str, data: bytes, cookie: str) -> None:
    """PUT one file as the browser does: a multipart form with one file field."""
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    body = head + data + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(
        url,
        data=body,
        method="PUT",
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Cookie": f"_streamlit_xsrf={cookie}",
            "X-Xsrftoken": cookie,
        },
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        if response.status not in (200, 204):
            raise RuntimeError(f"upload of {name} answered {response.status}")


# --------------------------------------------------------------------------- memory sampling


class _Sampler:
    """The server's RSS (with its children: the upload workers) every 0.1 s, in a thread."""

    def __init__(self, pid: int, rss: Callable[[int], float | None]):
        self.pid, self._rss = pid, rss
        self.values: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            value = self._rss(self.pid)
            if value is not None:
                self.values.append(value)
            self._stop.wait(0.1)

    def __enter__(self) -> _Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak(self) -> float | None:
        return max(self.values) if self.values else None


# --------------------------------------------------------------------------- hostile files


async def _other_session(url: str, stop: asyncio.Event, times: list[float]) -> None:
    """A second person on the overview, moving the year slider while an upload is checked."""
    import websockets

    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None) as ws:
        session = _Session(ws, query="dataset=demo&level=district")
        await session.rerun(page_name=OTHER_PAGE)
        rng = random.Random(16)
        while not stop.is_set():
            years = [w for w in session.widgets if w.id.endswith("-years")]
            moved = _moved(years[0], rng) if years else None
            start = time.perf_counter()
            await session.rerun(page_hash=session.current, widget=moved)
            times.append(time.perf_counter() - start)
            await asyncio.sleep(0.05)


async def _hostile(url: str, pid: int, files: dict[str, tuple[str, bytes]], rss) -> dict:
    from server import tree_pss_mb

    rss = rss or tree_pss_mb
    out: dict[str, dict] = {}
    # Warm: the upload page, the worker process server and a small legal file, once.
    async with Uploader(url) as warm:
        await warm.upload([("warm.csv", "Đơn vị;Tổng điểm\nBa Vì;80,00\n".encode())])
    await asyncio.sleep(1.0)
    idle = rss(pid)
    for label, (name, data) in files.items():
        stop, times = asyncio.Event(), []
        other = asyncio.create_task(_other_session(url, stop, times))
        await asyncio.sleep(1.0)  # the other session is open and rerunning
        before = len(times)
        with _Sampler(pid, rss) as sampler:
            async with Uploader(url) as person:
                answer = await person.upload([(name, data)])
            await asyncio.sleep(0.2)
        stop.set()
        await other
        during = times[before:]
        out[label] = {
            "file": name,
            "bytes": len(data),
            "answer_s": round(answer.seconds, 3),
            "status": answer.status,
            "message": answer.message[:300],
            "message_chars": len(answer.message),
            "exceptions": answer.exceptions,
            "other_reruns": len(during),
            "other_rerun_max_s": round(max(during), 3) if during else None,
            "other_rerun_median_s": round(sorted(during)[len(during) // 2], 3) if during else None,
            "peak_above_idle_mb": round(sampler.peak - idle, 1) if sampler.peak and idle else None,
        }
    return {"idle_mb": round(idle, 1) if idle else None, "files": out}


def hostile_check(url: str, pid: int, files: dict[str, tuple[str, bytes]], rss=None) -> dict:
    """Upload each hostile file while another session reruns; times, answers and memory."""
    return asyncio.run(asyncio.wait_for(_hostile(url, pid, files, rss), timeout=900))


# --------------------------------------------------------------------------- memory run


def big_table(seed: int, size: int = 5_000_000) -> bytes:
    """A different CSV of about ``size`` bytes per seed (under the reader's 5 MB limit).

    The published districts with their totals, then notes rows that make up the size; the
    reader reads and checks it as any table (the notes rows are reported as unknown units).
    """
    import csv

    from analysis.paths import SEEDS_DIR

    with open(SEEDS_DIR / "units.csv", encoding="utf-8") as fh:
        names = [r["name_vi"] for r in csv.DictReader(fh) if r["level"] == "district"][:30]
    rows = ["Đơn vị;Tổng điểm năm 2018"]
    rows += [
        f"{name};{70 + (seed * 7 + i) % 25},{(seed + i) % 100:02d}" for i, name in enumerate(names)
    ]
    filler = []
    total = sum(len(r.encode()) + 1 for r in rows)
    i = 0
    while total < size - 1200:  # under the reader's 5,000 rows: ~1 kB rows
        line = f"Ghi chú {seed}-{i};{'x' * 1000}"
        filler.append(line)
        total += len(line.encode()) + 1
        i += 1
    return ("\n".join(rows + filler) + "\n").encode()[: size - 1]


async def _memory(url: str, pid: int, sessions: int, settle_s: float, rss, budget_mb=50.0) -> dict:
    from server import tree_rss_mb

    rss = rss or tree_rss_mb
    async with Uploader(url) as warm:  # warm: imports, worker server, caches
        await warm.upload([("warm.csv", big_table(10_000))])
    await asyncio.sleep(2.0)
    idle = rss(pid)
    tables = [big_table(s) for s in range(sessions)]
    answers: list[Answer] = []
    with _Sampler(pid, rss) as sampler:
        people = [Uploader(url) for _ in range(sessions)]
        for person in people:
            await person.__aenter__()
        opened = rss(pid)
        for s, person in enumerate(people):
            answers.append(await person.upload([(f"table-{s}.csv", tables[s])]))
        all_uploaded = rss(pid)
        for person in people:
            await person.__aexit__()
        closed_at = time.monotonic()
        after = rss(pid)
        while time.monotonic() - closed_at < settle_s:
            await asyncio.sleep(1.0)
            after = rss(pid)
            if after is not None and idle is not None and after - idle <= budget_mb:
                break
    return {
        "sessions": sessions,
        "table_bytes": len(tables[0]),
        "idle_mb": round(idle, 1) if idle else None,
        "sessions_open_mb": round(opened, 1) if opened else None,
        "all_uploaded_mb": round(all_uploaded, 1) if all_uploaded else None,
        "peak_mb": round(sampler.peak, 1) if sampler.peak else None,
        "after_close_mb": round(after, 1) if after else None,
        "after_close_s": round(time.monotonic() - closed_at, 1),
        "above_idle_after_close_mb": round(after - idle, 1) if after and idle else None,
        "answers_s_median": round(sorted(a.seconds for a in answers)[len(answers) // 2], 3),
        "exceptions": sum(len(a.exceptions) for a in answers),
        "statuses": sorted({a.status for a in answers}),
    }


def memory_run(url: str, pid: int, *, sessions: int = 20, settle_s: float = 60.0, rss=None) -> dict:
    """``sessions`` sessions upload a different ~5 MB table each, then close; memory before/after."""
    return asyncio.run(
        asyncio.wait_for(_memory(url, pid, sessions, settle_s, rss), timeout=600 + settle_s)
    )
