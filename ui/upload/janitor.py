"""What sessions that went away leave behind: their upload reports and their uploaded files.

A closed browser tab does not end its Streamlit session at once: the server keeps it for
``server.disconnectedSessionTTL`` seconds so that a browser that lost its connection can
resume it, and then drops it *without shutting it down*, so the files it uploaded stay in
Streamlit's uploaded-file manager for good (issue 16: 60 uploads of 5 MB left the server at
1 GB with no session open). The reports of checked uploads (5–15 MB for a 5 MB table) are kept
in the session's state; :func:`watch` also lists them here by session, so they can be emptied
as soon as the connection goes.

:func:`start` (called with every upload) runs :func:`sweep` every few seconds in one daemon
thread per process, which

* empties the reports of every session that is no longer connected (a resumed session checks
  its files again, in a second or so);
* has Streamlit drop the sessions kept past their time for a reconnect (its cache of them
  drops an entry only when asked), and removes the uploaded files of every session the
  server no longer knows (neither connected nor kept for a reconnect);
* hands the freed memory back to the system (glibc's ``malloc_trim``: Python's allocator
  returns empty arenas, but glibc keeps freed heap pages unless asked).

Only runs inside a Streamlit server (``runtime.exists()``); under AppTest nothing is swept.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import threading
from collections import OrderedDict
from typing import Any

__all__ = ["REPORTS", "SWEEP_EVERY_S", "start", "sweep", "trim", "watch"]

SWEEP_EVERY_S = 5.0
#: session id -> that session's reports (the OrderedDict its state holds).
REPORTS: dict[str, OrderedDict] = {}
log = logging.getLogger(__name__)
_lock = threading.Lock()
_thread: threading.Thread | None = None


def watch(session_id: str, reports: OrderedDict) -> None:
    """List a session's reports, to be emptied when the session is no longer connected."""
    with _lock:
        REPORTS[session_id] = reports


def sweep(runtime: Any) -> int:
    """Free what sessions that went away hold; the number of sessions freed.

    ``runtime`` is Streamlit's ``Runtime`` (its session manager and uploaded-file manager).
    """
    manager = runtime._session_mgr  # no public API lists stored sessions or their files
    freed = 0
    with _lock:
        for session_id in [s for s in REPORTS if not runtime.is_active_session(s)]:
            REPORTS.pop(session_id).clear()
            freed += 1
    # Streamlit's TTL cache leaves a session past its TTL in place (with its state: the
    # uploaded files the uploader returned) until something asks it to expire entries.
    cache = getattr(getattr(manager, "_session_storage", None), "_cache", None)
    if callable(getattr(cache, "expire", None)):
        freed += len(cache.expire())
    known = {info.session.id for info in manager.list_sessions()}
    storage = getattr(runtime.uploaded_file_mgr, "file_storage", None)
    if isinstance(storage, dict):
        for session_id in [s for s in list(storage) if s not in known]:
            runtime.uploaded_file_mgr.remove_session_files(session_id)
            freed += 1
    if freed:
        gc.collect()  # a dropped session's state sits in reference cycles
        trim()
    return freed


def trim() -> bool:
    """Ask glibc to hand freed heap memory back to the system; False where there is no glibc."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        return bool(libc.malloc_trim(0))
    except (OSError, AttributeError, TypeError):  # not glibc (musl, macOS): nothing to ask
        return False


def _loop(stop: threading.Event) -> None:
    from streamlit import runtime

    while not stop.wait(SWEEP_EVERY_S):
        if not runtime.exists():
            continue
        try:
            sweep(runtime.get_instance())
        except Exception:  # a Streamlit change must not kill the thread; the next sweep retries
            log.warning("upload janitor: sweep failed", exc_info=True)


def start() -> None:
    """Start the sweeping thread once per process (inside a Streamlit server only)."""
    global _thread
    from streamlit import runtime

    if not runtime.exists():
        return
    with _lock:
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(
                target=_loop, args=(threading.Event(),), name="par-upload-janitor", daemon=True
            )
            _thread.start()
