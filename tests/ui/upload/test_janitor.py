"""The upload janitor frees what sessions that went away hold, and nothing of the others."""

from __future__ import annotations

from collections import OrderedDict
from types import SimpleNamespace

from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

from ui.upload import janitor


class _Expiring(dict):
    """Streamlit's TTL cache keeps an entry past its TTL until ``expire`` is called."""

    def __init__(self, live: dict, expired: dict):
        super().__init__(live)
        self.expired = dict(expired)

    def expire(self) -> list:
        gone, self.expired = list(self.expired.items()), {}
        return gone


def _runtime(active: set[str], stored: set[str], expired: set[str], files: set[str]):
    manager = SimpleNamespace(
        _session_storage=SimpleNamespace(_cache=_Expiring({}, {s: s for s in expired})),
        list_sessions=lambda: [
            SimpleNamespace(session=SimpleNamespace(id=s)) for s in active | stored
        ],
    )
    uploads = MemoryUploadedFileManager("/_stcore/upload_file")
    for s in files:
        uploads.add_file(s, UploadedFileRec(f"f-{s}", "t.csv", "text/csv", b"x" * 1000))
    return SimpleNamespace(
        _session_mgr=manager,
        uploaded_file_mgr=uploads,
        is_active_session=lambda s: s in active,
    )


def test_reports_of_a_disconnected_session_are_emptied_and_others_kept(monkeypatch):
    monkeypatch.setattr(janitor, "REPORTS", {})
    mine, gone = OrderedDict(a=1), OrderedDict(b=2)
    janitor.watch("live", mine)
    janitor.watch("closed", gone)
    freed = janitor.sweep(_runtime({"live"}, {"closed"}, set(), set()))
    assert freed == 1
    assert mine == OrderedDict(a=1) and gone == OrderedDict()  # the session's own dict, emptied
    assert set(janitor.REPORTS) == {"live"}


def test_files_of_sessions_the_server_no_longer_knows_are_removed(monkeypatch):
    monkeypatch.setattr(janitor, "REPORTS", {})
    rt = _runtime({"live"}, {"resumable"}, {"expired"}, {"live", "resumable", "expired", "lost"})
    janitor.sweep(rt)
    # Kept: the connected session's and the one kept for a reconnect; gone: the others.
    assert set(rt.uploaded_file_mgr.file_storage) == {"live", "resumable"}
    assert rt._session_mgr._session_storage._cache.expired == {}  # asked to expire


def test_a_sweep_with_nothing_to_free_frees_nothing(monkeypatch):
    monkeypatch.setattr(janitor, "REPORTS", {})
    assert janitor.sweep(_runtime({"live"}, set(), set(), {"live"})) == 0


def test_trim_answers_without_raising():
    assert janitor.trim() in (True, False)


def test_start_does_nothing_outside_a_server(monkeypatch):
    from streamlit import runtime

    monkeypatch.setattr(janitor, "_thread", None)
    monkeypatch.setattr(runtime, "exists", lambda: False)
    janitor.start()
    assert janitor._thread is None


def test_start_runs_one_thread_inside_a_server(monkeypatch):
    from streamlit import runtime

    monkeypatch.setattr(janitor, "_thread", None)
    monkeypatch.setattr(runtime, "exists", lambda: True)
    monkeypatch.setattr(janitor, "SWEEP_EVERY_S", 3600.0)
    janitor.start()
    first = janitor._thread
    janitor.start()
    assert first is not None and first.is_alive() and janitor._thread is first
