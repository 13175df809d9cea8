"""A real ``streamlit run`` server on loopback for the memory and load runs, and its RSS."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

__all__ = [
    "free_port",
    "rss_mb",
    "tree_rss_mb",
    "tree_pss_mb",
    "cpu_seconds",
    "machine_busy",
    "streamlit_server",
]


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _kib_field(path: str, name: str) -> float | None:
    """A "Name:   123 kB" line of a /proc file, in MiB; None if the process is gone."""
    try:
        with open(path, encoding="ascii") as fh:
            for line in fh:
                if line.startswith(name):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def rss_mb(pid: int) -> float | None:
    """Resident set size of one process in MiB (VmRSS from /proc), None if it is gone."""
    return _kib_field(f"/proc/{pid}/status", "VmRSS:")


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds a process has used (from /proc/<pid>/stat)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU ticks of the whole machine since boot (from /proc/stat)."""
    with open("/proc/stat", encoding="ascii") as fh:
        values = [int(v) for v in fh.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return float(sum(values) - idle), float(sum(values))


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as fh:
            return [int(p) for p in fh.read().split()]
    except OSError:
        return []


def tree_rss_mb(pid: int) -> float | None:
    """RSS of a process and its descendants in MiB (the upload checks' workers included)."""
    return _tree_sum(pid, rss_mb)


def _tree_sum(pid: int, measure) -> float | None:
    total, stack, seen = 0.0, [pid], set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        value = measure(p)
        if value is None and p == pid:
            return None
        total += value or 0.0
        stack.extend(_children(p))
    return total


def _pss_mb(pid: int) -> float | None:
    return _kib_field(f"/proc/{pid}/smaps_rollup", "Pss:")


def tree_pss_mb(pid: int) -> float | None:
    """Proportional set size of a process and its descendants in MiB.

    The upload checks run in processes forked from a worker server: a fork shares its
    parent's pages, and a sum of RSS counts each shared page once per process. PSS divides a
    shared page among the processes that map it, so the sum is the memory the tree uses.
    """
    return _tree_sum(pid, _pss_mb)


@contextmanager
def streamlit_server(db: Path, *, log: Path, timeout: float = 90):
    """Start ``streamlit run streamlit_app.py`` on a free loopback port; yield (url, pid).

    The server binds 127.0.0.1 only and is always stopped (terminate, then kill) on exit.
    """
    port = free_port()
    env = dict(os.environ, PAR_DB=str(db))
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "streamlit_app.py"),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.time() + timeout
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"streamlit exited with {proc.returncode}; see {log}")
                try:
                    urllib.request.urlopen(url + "/_stcore/health", timeout=2)
                    break
                except OSError:
                    if time.time() > deadline:
                        raise RuntimeError(
                            f"streamlit did not start in {timeout} s; see {log}"
                        ) from None
                    time.sleep(0.3)
            yield url, proc.pid
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)
