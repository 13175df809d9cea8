"""The workspace a link names (``ws=<token>``): opened once per token and version, shared.

A workspace is kept on the server (:mod:`analysis.ingest.workspace`); its token in the URL
makes a reload, or the same link in another browser, show the same figures on every page.
Sessions without the token never see it. A missing, expired or malformed token gives a
friendly notice, never an error.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable

import pandas as pd
import streamlit as st

from analysis.ingest import workspace as ws
from analysis.ingest.reader import Problem
from analysis.paths import workspaces_dir
from ui.i18n import num, t
from ui.texts import TEXT

__all__ = [
    "TOKEN_KEY",
    "Opened",
    "codec",
    "opened",
    "token",
    "forget",
    "use",
    "store_frame",
    "error_text",
]

TOKEN_KEY = "ws"  # session_state and the URL's query parameter
_MAX_TOKEN_TEXT = 100

_lock = threading.Lock()
_CACHE: OrderedDict[tuple[str, int], ws.Workspace] = OrderedDict()
_CACHE_SIZE = 8  # workspaces held in memory by the process (each at most a few MB)


class Opened:
    """The workspace this session shows (or why it cannot)."""

    def __init__(
        self, workspace: ws.Workspace | None, problem: ws.WorkspaceError | None, version: int
    ):
        self.workspace = workspace
        self.problem = problem
        self.version = version

    @property
    def names(self) -> str:
        """The file names it came from, as one line."""
        if self.workspace is None:
            return ""
        return ", ".join(f.name for f in self.workspace.files)


def _version(tok: str) -> int:
    try:
        return os.stat(workspaces_dir() / f"{tok}.zip").st_mtime_ns
    except OSError:
        return 0


def _load(tok: str) -> tuple[ws.Workspace | None, ws.WorkspaceError | None, int]:
    version = _version(tok)
    with _lock:
        hit = _CACHE.get((tok, version))
        if hit is not None:
            _CACHE.move_to_end((tok, version))
            return hit, None, version
    try:
        # Opening marks it as used (expiry counts from the last opening); that changes its
        # modification time, so the version is read again after.
        loaded = ws.load(tok)
    except ws.WorkspaceError as exc:
        return None, exc, 0
    version = _version(tok)
    with _lock:
        _CACHE[(tok, version)] = loaded
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return loaded, None, version


def codec():
    """The URL codec of the token: short plain text; :func:`opened` checks it for real."""

    def parse(text: str) -> str:
        if not text or len(text) > _MAX_TOKEN_TEXT or not text.isprintable():
            raise ValueError(text)
        return text

    return parse, str


def token() -> str:
    """The token this session shows ("" for none)."""
    return st.session_state.get(TOKEN_KEY, "") or ""


def opened() -> Opened:
    """The session's workspace, loaded once per token and version; a bad token says why."""
    tok = token()
    if not tok:
        return Opened(None, st.session_state.get("_ws_problem"), 0)
    memo = st.session_state.get("_ws_opened")
    version = _version(tok)
    if memo is not None and memo[0] == tok and memo[1] == version and version:
        return memo[2]
    workspace, problem, version = _load(tok)
    result = Opened(workspace, problem, version)
    if workspace is None:
        # The sidebar says why for the rest of the session; the bad token leaves the URL so
        # a copied link is clean.
        st.session_state["_ws_problem"] = problem
        st.session_state[TOKEN_KEY] = ""
        if st.session_state.get("dataset") == "workspace":
            st.session_state["dataset"] = "published"
        st.session_state.pop("_ws_opened", None)
        return result
    st.session_state["_ws_opened"] = (tok, version, result)
    return result


def use(new_token: str) -> None:
    """Show the workspace ``new_token`` from now on (after saving or extending it)."""
    st.session_state[TOKEN_KEY] = new_token
    st.session_state.pop("_ws_opened", None)
    st.session_state.pop("_ws_problem", None)
    st.session_state["dataset"] = "workspace"


def forget() -> None:
    """Stop showing a workspace in this session (it stays on the server)."""
    st.session_state[TOKEN_KEY] = ""
    st.session_state.pop("_ws_opened", None)
    if st.session_state.get("dataset") == "workspace":
        st.session_state["dataset"] = "published"


def store_frame(tok: str) -> pd.DataFrame | None:
    """The figures of workspace ``tok`` (process cache), None when it cannot be opened."""
    workspace, _, _ = _load(tok)
    return None if workspace is None else workspace.observations


def error_text(
    error: ws.WorkspaceError | str, problem_text: Callable[[Problem], str] | None = None
) -> str:
    """A workspace error in the session's language (plain text: callers escape it).

    ``problem_text`` says a file's first problem when files were refused (the upload page's
    renderer); without it the problem's own message is used.
    """
    if isinstance(error, str):  # already composed for the page
        return error
    if not error.code or f"wserr_{error.code}" not in TEXT:
        return error.message
    params = dict(error.params)
    if error.code == "too_many_bytes":
        params = {"max_mb": num(params["max_mb"], 0), "given_mb": num(params["given_mb"], 1)}
    if error.code == "refused":
        say = problem_text or (lambda p: p.message)
        parts = []
        for report in params.pop("refused", ()):
            errors = report.errors
            first = say(errors[0]) if errors else t("wserr_refused_file")
            part = first if first.startswith(report.filename) else f"{report.filename}: {first}"
            if len(errors) > 1:
                part += t("wserr_more", n=len(errors) - 1)
            parts.append(part)
        params["files"] = "; ".join(parts)
    return t(f"wserr_{error.code}", **params)
