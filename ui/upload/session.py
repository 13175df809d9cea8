"""The in-session upload: checking a file once per content, and holding it for this session only.

Checks run in a worker process with a time and a memory limit
(:func:`analysis.ingest.sandbox.check_upload_isolated`), so a hostile file neither holds the
server's interpreter nor outlives the session that sent it. Their reports are kept in the
session (never in a cache shared by sessions: they went away only when 32 newer ones pushed
them out), at most ``REPORT_BUDGET_BYTES`` per session, and :mod:`ui.upload.janitor` empties
them, and frees the session's uploaded files, when its browser goes away.
"""

from __future__ import annotations

import hashlib
import pickle
from collections import OrderedDict

import pandas as pd
import streamlit as st

from analysis.ingest.importer import ImportReport, published_from_seeds, reference_frames
from analysis.ingest.sandbox import check_upload_isolated
from ui import plain
from ui.queries import UPLOAD_KEY, upload_digest
from ui.upload import janitor
from ui.upload.problems import problem_text

__all__ = [
    "save_workspace",
    "delete_workspace",
    "promote_workspace",
    "REPORT_BUDGET_BYTES",
    "checked",
    "keep",
    "clear",
    "template_csv",
    "problem_lines",
    "preview_view",
    "problem_text",
    "report_bytes",
]

_REPORTS = "_upload_reports"  # session_state: OrderedDict (sha256, name, year) -> (report, bytes)
REPORT_BUDGET_BYTES = 24_000_000  # reports kept per session (a 5 MB table's is ~5–15 MB)


@st.cache_data(show_spinner=False, max_entries=4)
def _references() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    units, indicators = reference_frames()
    return units, indicators, published_from_seeds()


def report_bytes(report: ImportReport) -> int:
    """What a report holds in memory, measured as its pickled size (frames and cell texts)."""
    try:
        return len(pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # an unpicklable field: count it as a whole budget, never keep many
        return REPORT_BUDGET_BYTES


class _SessionGone:
    """Set when the session that asked for a check has ended: the worker is then killed."""

    def __init__(self) -> None:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        self._session = ctx.session_id if ctx is not None else None

    def is_set(self) -> bool:
        from streamlit import runtime

        if self._session is None or not runtime.exists():
            return False
        return not runtime.get_instance().is_active_session(self._session)


def checked(data: bytes, filename: str, year: int | None) -> ImportReport:
    """The import report of one upload, checked once per content, name and year in a session.

    ``year`` None: the file says its year (a year column, sheet names, title or headers).
    """
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    janitor.start()
    ctx = get_script_run_ctx()
    key = (hashlib.sha256(data).hexdigest(), filename, year)
    kept: OrderedDict = st.session_state.setdefault(_REPORTS, OrderedDict())
    if ctx is not None:
        janitor.watch(ctx.session_id, kept)
    if key in kept:
        kept.move_to_end(key)
        return kept[key][0]
    units, indicators, published = _references()
    report = check_upload_isolated(
        data, filename, year, units, indicators, published, cancel=_SessionGone()
    )
    kept[key] = (report, report_bytes(report))
    # Oldest first out until the session's reports fit the budget (the newest always stays).
    while len(kept) > 1 and sum(size for _, size in kept.values()) > REPORT_BUDGET_BYTES:
        kept.popitem(last=False)
    return report


def keep(frame: pd.DataFrame, name: str, year: int) -> None:
    """Hold the accepted table in this session (replacing the same year) and switch to it."""
    old = st.session_state.get(UPLOAD_KEY)
    frames = [frame]
    names = {year: name}
    if old is not None:
        frames.insert(0, old["frame"][old["frame"]["year"] != year])
        names = {**old["names"], **names}
    merged = pd.concat(frames, ignore_index=True)
    label = ", ".join(f"{n} ({y})" for y, n in sorted(names.items()))
    st.session_state[UPLOAD_KEY] = {
        "name": label,
        "names": names,
        "digest": upload_digest(merged),
        "frame": merged,
    }
    st.session_state["dataset"] = "upload"


def clear() -> None:
    """Forget this session's upload."""
    st.session_state.pop(UPLOAD_KEY, None)
    st.session_state.pop("_upload_store", None)
    st.session_state["dataset"] = "published"


def template_csv(units: pd.DataFrame, year: int = 2024) -> bytes:
    """A blank template with the units scored for ``year`` and the usual Vietnamese headers.

    The 30 district-level units up to 2024, the 126 phường and xã from 2025.
    """
    level = "commune" if year >= 2025 else "district"
    end = pd.Timestamp(year, 12, 31)
    start = pd.to_datetime(units["valid_from"], errors="coerce")
    stop = pd.to_datetime(units["valid_to"].replace("", None), errors="coerce")
    valid = (start <= end) & (stop.isna() | (stop >= end))
    rows = units[(units.level == level) & valid].sort_values(["unit_type", "name_vi"])
    prefix = {"quận": "Quận", "huyện": "Huyện", "thị xã": "Thị xã", "phường": "Phường", "xã": "Xã"}
    frame = pd.DataFrame(
        {
            "STT": range(1, len(rows) + 1),
            "Đơn vị": [
                f"{prefix.get(t, '')} {n}".strip()
                for t, n in zip(rows.unit_type, rows.name_vi, strict=True)
            ],
            "Chỉ số CCHC (%)": "",
            "Xếp hạng": "",
            "Công tác chỉ đạo, điều hành CCHC (%)": "",
            "Cải cách thể chế (%)": "",
            "Cải cách thủ tục hành chính (%)": "",
            "Cải cách tổ chức bộ máy (%)": "",
            "Cải cách chế độ công vụ (%)": "",
            "Cải cách tài chính công (%)": "",
            "Xây dựng chính quyền điện tử, chính quyền số (%)": "",
            "Tác động của CCHC đến phát triển KT-XH (%)": "",
        }
    )
    return frame.to_csv(index=False).encode("utf-8-sig")


def preview_view(preview: pd.DataFrame) -> pd.DataFrame:
    """The preview with its status and measure in words ("thứ hạng", not ``rank``)."""
    from ui.i18n import t
    from ui.texts import TEXT

    def said(prefix: str, value: object) -> object:
        return t(f"{prefix}{value}") if f"{prefix}{value}" in TEXT else value

    shown = preview.assign(status=preview["status"].map(lambda s: said("up_status_", s)))
    if "measure" in shown.columns:
        shown["measure"] = shown["measure"].map(lambda m: said("measure_", m))
    return shown


def problem_lines(problems, limit: int = 50) -> str:
    """Problems as a Markdown list, each naming its row and column (once)."""
    from ui.i18n import t

    lines = []
    for p in problems[:limit]:
        text = problem_text(p)
        # Most messages name their place already ("dòng 2, cột …: dòng 2, cột …" read twice);
        # the place is added only where the message leaves it out.
        row_left_out = p.row is not None and str(p.row) not in text
        column = (p.column or "").lstrip("#")
        column_left_out = bool(column) and column not in text
        where = ""
        if row_left_out or column_left_out:
            row = p.row if p.row is not None else "—"
            where = t("up_problem_where", row=row, col=p.column or "—") + ": "
        # Column names and messages quote the file: shown as text, never as Markdown.
        lines.append(f"- {plain.text(where + text)}")
    if len(problems) > limit:
        lines.append(f"- … (+{len(problems) - limit})")
    return "\n".join(lines)


def save_workspace(files: list[tuple[str, bytes]], year: int | None) -> None:
    """Button callback: save the files as a new workspace, or add them to the one shown."""
    from analysis.ingest import workspace as ws
    from ui import workspace

    held = workspace.token() if st.session_state.get("dataset") == "workspace" else ""
    try:
        saved = ws.extend(held, files, year=year) if held else ws.create(files, year=year)
    except ws.WorkspaceError as exc:
        st.session_state["_ws_error"] = exc  # said in the language shown
        return
    st.session_state.pop("_ws_error", None)
    workspace.use(saved.token)


def delete_workspace(token: str) -> None:
    """Button callback: delete the workspace on the server and stop showing it."""
    from analysis.ingest import workspace as ws
    from ui import workspace

    try:
        ws.delete(token)
    except ws.WorkspaceError as exc:
        st.session_state["_ws_error"] = exc  # said in the language shown
    workspace.forget()


def promote_workspace(token: str) -> None:
    """Button callback: an administrator writes the workspace into the shared seeds."""
    from analysis.ingest import workspace as ws

    key = st.session_state.get("up_admin_key", "")
    st.session_state["up_admin_key"] = ""  # never kept in the session
    try:
        reports = ws.promote(token, key)
    except ws.WorkspaceError as exc:
        st.session_state["_ws_error"] = exc  # said in the language shown
        return
    if all(r.ok for r in reports):
        st.session_state["_ws_promoted"] = len(reports)
        st.session_state.pop("_ws_error", None)
    else:
        st.session_state["_ws_error"] = "; ".join(
            problem_text(p) for r in reports for p in r.problems if p.severity == "error"
        )[:500]
