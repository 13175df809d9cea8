"""Tests for analysis.ingest.sandbox: an upload checked in a worker with time and memory limits."""

from __future__ import annotations

import importlib
import os
import threading
import time

import pytest

from analysis.ingest.importer import check_upload, reference_frames
from analysis.ingest.sandbox import IsolatedError, check_upload_isolated, run_isolated

fx = importlib.import_module("tests.fixtures.import.make_fixtures")


@pytest.fixture(scope="module")
def refs():
    return reference_frames()


def test_the_worker_gives_the_same_report_as_the_server_would(refs):
    units, indicators = refs
    data = fx.render_xlsx(fx.clean_table(2018), fx.Style(header_rows=2, title=True))
    here = check_upload(data, "t.xlsx", 2018, units, indicators)
    there = check_upload_isolated(data, "t.xlsx", 2018, units, indicators)
    assert there.ok == here.ok and there.notes == here.notes
    assert [p.message for p in there.problems] == [p.message for p in here.problems]
    assert there.frame.equals(here.frame)


def test_a_check_over_time_is_killed_and_says_so(refs):
    units, indicators = refs
    start = time.monotonic()
    with pytest.raises(IsolatedError) as info:
        run_isolated(sum, range(10**11), timeout_s=1.0)
    assert info.value.reason == "timeout"
    assert time.monotonic() - start < 5
    assert not [p for p in __import__("multiprocessing").active_children() if p.is_alive()]


def test_a_check_over_its_memory_fails_inside_the_worker():
    with pytest.raises(IsolatedError) as info:
        run_isolated(bytearray, 2_000_000_000, memory_bytes=200_000_000)
    assert info.value.reason == "memory"
    assert str(info.value) == "the work needed more than 200 MB of memory and was stopped"


def test_a_cancelled_check_stops_at_once():
    cancel = threading.Event()
    threading.Timer(0.3, cancel.set).start()
    start = time.monotonic()
    with pytest.raises(IsolatedError) as info:
        run_isolated(time.sleep, 30, cancel=cancel)
    assert info.value.reason == "cancelled" and time.monotonic() - start < 3


def test_a_worker_that_dies_is_reported_not_raised():
    with pytest.raises(IsolatedError) as info:
        run_isolated(os._exit, 3)
    assert info.value.reason == "crashed" and "exit code 3" in str(info.value)


def test_the_report_of_a_stopped_check_is_a_plain_problem(refs, monkeypatch):
    units, indicators = refs
    import analysis.ingest.sandbox as sandbox

    def slow(*args, **kwargs):
        raise IsolatedError("timeout", "the work took longer than 2 s and was stopped")

    monkeypatch.setattr(sandbox, "run_isolated", slow)
    report = check_upload_isolated(b"x", "t.xlsx", 2018, units, indicators, timeout_s=2)
    assert report.unreadable and not report.ok and report.exit_code == 2
    assert [p.message for p in report.problems] == [
        "checking t.xlsx took longer than 2 s and was stopped; is it a PAR Index table?"
    ]


def test_the_server_stays_responsive_while_a_check_burns_cpu():
    # What another session's rerun needs: the interpreter, free while the worker computes.
    done = threading.Event()

    def hostile():
        try:
            run_isolated(sum, range(10**11), timeout_s=2.0)
        except IsolatedError:
            pass
        done.set()

    threading.Thread(target=hostile, daemon=True).start()
    worst = 0.0
    while not done.is_set():
        start = time.perf_counter()
        sum(range(20_000))  # a small piece of a page's work
        time.sleep(0.01)
        worst = max(worst, time.perf_counter() - start)
    assert worst < 0.5


def test_the_worker_never_runs_the_servers_main_script(tmp_path, monkeypatch):
    # In the app, __main__ is streamlit_app.py (set by the script thread): a worker that ran
    # it again would draw the app and recurse into checks.
    import sys
    import types

    marker = tmp_path / "ran"
    script = tmp_path / "app.py"
    script.write_text(f"open({str(marker)!r}, 'w').close()\n")
    main = types.ModuleType("__main__")
    main.__file__ = str(script)
    main.__spec__ = None
    monkeypatch.setitem(sys.modules, "__main__", main)
    assert run_isolated(sum, [1, 2]) == 3
    assert not marker.exists()
