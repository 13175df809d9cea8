"""The in-session upload: checking a file once per content, and holding it for this session only."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from analysis.ingest.importer import check_upload, published_from_seeds, reference_frames
from ui.queries import UPLOAD_KEY, upload_digest

__all__ = ["checked", "keep", "clear", "template_csv", "problem_lines"]


@st.cache_data(show_spinner=False, max_entries=4)
def _references() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    units, indicators = reference_frames()
    return units, indicators, published_from_seeds()


@st.cache_data(
    show_spinner=False, max_entries=32, hash_funcs={bytes: lambda b: hashlib.sha256(b).hexdigest()}
)
def checked(data: bytes, filename: str, year: int):
    """The import report of one upload (cached by content, name and year)."""
    units, indicators, published = _references()
    return check_upload(data, filename, year, units, indicators, published)


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


def template_csv(units: pd.DataFrame) -> bytes:
    """A blank template with the 30 units and the usual Vietnamese headers."""
    rows = units[units.level == "district"].sort_values("name_vi")
    prefix = {"quận": "Quận", "huyện": "Huyện", "thị xã": "Thị xã"}
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


def problem_lines(problems, limit: int = 50) -> str:
    """Problems as a Markdown list, each naming its row and column."""
    from ui.i18n import t

    lines = []
    for p in problems[:limit]:
        where = t("up_problem_where", row=p.row if p.row is not None else "—", col=p.column or "—")
        lines.append(f"- {where}: {p.message}")
    if len(problems) > limit:
        lines.append(f"- … (+{len(problems) - limit})")
    return "\n".join(lines)
