"""Check an upload in a worker process with a time and a memory limit, off the server's loop.

A hostile file can still cost more than a table should within the reader's bounds; run in
the app's own process, the work would hold the interpreter (and every other session) and
would go on after the user left. Here it runs in a child process forked from a small
server process (``forkserver``: safe in a threaded server, and fast after the first call),
with its address space capped (``RLIMIT_AS``) and a CPU-time cap, and is killed when the
time limit passes or the caller cancels (the session went away).
"""

from __future__ import annotations

import io
import multiprocessing
import os
import resource
import threading
import time
from collections.abc import Callable
from multiprocessing import forkserver, popen_forkserver, reduction, spawn, util
from multiprocessing.context import ForkServerProcess, set_spawning_popen
from typing import Any

import pandas as pd

from analysis.ingest.importer import ImportReport, check_upload
from analysis.ingest.phrase import phrase
from analysis.ingest.reader import DEFAULT_MAX_BYTES, Problem

__all__ = [
    "CHECK_MEMORY_BYTES",
    "CHECK_TIMEOUT_S",
    "IsolatedError",
    "check_upload_isolated",
    "run_isolated",
]

CHECK_TIMEOUT_S = 20.0
# Growth allowed above what the worker holds when it starts (issue 16: a check may cost at
# most 300 MB above idle; a legal 5,000-row workbook needs far less).
CHECK_MEMORY_BYTES = 300_000_000
_POLL_S = 0.05
_context_lock = threading.Lock()
_context: Any = None


class IsolatedError(Exception):
    """The work did not finish: ``reason`` is ``"timeout"``, ``"memory"``, ``"cancelled"``,
    ``"crashed"`` or ``"error"``; the message says it in a sentence."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


class _Popen(popen_forkserver.Popen):
    """Starts a worker without re-running the parent's ``__main__`` in it.

    The standard launch sends the main script's path, and the worker runs it again as
    ``__mp_main__`` before its task: in the app that script is ``streamlit_app.py`` (or a
    page), set as ``__main__`` by a script thread. The worker needs only importable functions.
    """

    def _launch(self, process_obj: Any) -> None:  # CPython 3.11's, minus the main script
        prep_data = spawn.get_preparation_data(process_obj._name)
        prep_data.pop("init_main_from_path", None)
        prep_data.pop("init_main_from_name", None)
        buf = io.BytesIO()
        set_spawning_popen(self)
        try:
            reduction.dump(prep_data, buf)
            reduction.dump(process_obj, buf)
        finally:
            set_spawning_popen(None)
        self.sentinel, w = forkserver.connect_to_new_process(self._fds)
        _parent_w = os.dup(w)
        self.finalizer = util.Finalize(self, util.close_fds, (_parent_w, self.sentinel))
        with open(w, "wb", closefd=True) as f:
            f.write(buf.getbuffer())
        self.pid = forkserver.read_signed(self.sentinel)


class _Worker(ForkServerProcess):
    @staticmethod
    def _Popen(process_obj: Any) -> Any:
        return _Popen(process_obj)


def _ctx() -> Any:
    global _context
    with _context_lock:
        if _context is None:
            ctx = multiprocessing.get_context("forkserver")
            # Imported once in the server process; every check forks from it ready to work.
            ctx.set_forkserver_preload(["analysis.ingest.sandbox"])
            _context = (ctx, _Worker)
        return _context


def _address_space() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def _child(conn: Any, fn: Callable[..., Any], args: tuple, kwargs: dict, limits: tuple) -> None:
    memory, cpu_s = limits
    try:
        if memory:
            cap = _address_space() + memory
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        if cpu_s:
            resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
        result = fn(*args, **kwargs)
    except MemoryError:
        conn.send(("memory", None))
    except BaseException as exc:  # the parent turns it into a message; never a traceback
        conn.send(("error", f"{type(exc).__name__}: {str(exc)[:200]}"))
    else:
        conn.send(("ok", result))
    finally:
        conn.close()


def run_isolated(
    fn: Callable[..., Any],
    *args: Any,
    timeout_s: float = CHECK_TIMEOUT_S,
    memory_bytes: int = CHECK_MEMORY_BYTES,
    cancel: threading.Event | None = None,
    **kwargs: Any,
) -> Any:
    """``fn(*args, **kwargs)`` in a worker process; its result, or :class:`IsolatedError`.

    ``fn``, its arguments and its result must pickle. The worker is killed after
    ``timeout_s`` seconds of wall time or as soon as ``cancel`` is set; it may grow by at
    most ``memory_bytes`` (an allocation beyond that fails inside it).

    Examples
    --------
    >>> run_isolated(sum, [1, 2, 3])
    6
    >>> run_isolated(time.sleep, 5, timeout_s=0.5)
    Traceback (most recent call last):
    ...
    analysis.ingest.sandbox.IsolatedError: the work took longer than 0.5 s and was stopped
    """
    ctx, worker = _ctx()
    parent, child = ctx.Pipe(duplex=False)
    cpu = int(timeout_s) + 2
    proc = worker(target=_child, args=(child, fn, args, kwargs, (memory_bytes, cpu)), daemon=True)
    proc.start()
    child.close()
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            if parent.poll(_POLL_S):
                try:
                    status, value = parent.recv()
                except EOFError:
                    break  # the worker died without a word (killed by a limit)
                if status == "ok":
                    return value
                if status == "memory":
                    raise IsolatedError(
                        "memory",
                        f"the work needed more than {memory_bytes / 1e6:.0f} MB of memory and "
                        "was stopped",
                    )
                raise IsolatedError("error", f"the work failed ({value})")
            if cancel is not None and cancel.is_set():
                raise IsolatedError("cancelled", "the work was cancelled")
            if time.monotonic() > deadline:
                raise IsolatedError(
                    "timeout", f"the work took longer than {timeout_s:g} s and was stopped"
                )
            if not proc.is_alive() and not parent.poll(0):
                break
        proc.join(timeout=2)
        raise IsolatedError(
            "crashed", f"the worker stopped without an answer (exit code {proc.exitcode})"
        )
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(timeout=5)
        parent.close()


def check_upload_isolated(
    data: bytes,
    filename: str,
    year: int,
    units: pd.DataFrame,
    indicators: pd.DataFrame,
    published: pd.DataFrame | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    sheet: str | None = None,
    timeout_s: float = CHECK_TIMEOUT_S,
    memory_bytes: int = CHECK_MEMORY_BYTES,
    cancel: threading.Event | None = None,
) -> ImportReport:
    """:func:`~analysis.ingest.importer.check_upload` in a worker process with limits.

    Always returns an :class:`~analysis.ingest.importer.ImportReport`: when the worker
    runs out of time or memory, or is cancelled, the report is ``unreadable`` with one
    problem saying so in plain words (never a traceback).

    Examples
    --------
    >>> from analysis.ingest.importer import reference_frames
    >>> units, indicators = reference_frames()
    >>> r = check_upload_isolated("Đơn vị;Tổng điểm\\nBa Vì;90,00\\n".encode(), "t.csv", 2018,
    ...                           units, indicators)
    >>> r.ok, r.frame["unit_id"].tolist()
    (True, ['ba_vi'])
    """
    try:
        return run_isolated(
            check_upload,
            data,
            filename,
            year,
            units,
            indicators,
            published,
            max_bytes=max_bytes,
            sheet=sheet,
            timeout_s=timeout_s,
            memory_bytes=memory_bytes,
            cancel=cancel,
        )
    except IsolatedError as exc:
        report = ImportReport(filename=filename, year=year, unreadable=True)
        hint = "; is it a PAR Index table?"
        if exc.reason == "timeout":
            said = phrase(
                "check.timeout",
                f"checking {filename} took longer than {timeout_s:g} s and was stopped{hint}",
                file=filename,
                seconds=timeout_s,
            )
        elif exc.reason == "memory":
            said = phrase(
                "check.memory",
                f"checking {filename} needed more than {memory_bytes / 1e6:.0f} MB of memory and "
                f"was stopped{hint}",
                file=filename,
                memory_mb=memory_bytes / 1e6,
            )
        elif exc.reason == "cancelled":
            said = phrase(
                "check.cancelled", f"the check of {filename} was cancelled", file=filename
            )
        else:
            # The worker's own words for a crash or an error are kept as they are (``detail``).
            said = phrase(
                "check.failed",
                f"{filename} could not be checked: {exc.message}{hint}",
                file=filename,
                detail=exc.message,
            )
        report.problems = [Problem.of(None, None, said)]
        return report
