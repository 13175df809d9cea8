"""Meeting mode: projector-friendly type, sidebar hidden, and guided steps through key findings."""

from __future__ import annotations

import streamlit as st

from ui.i18n import t
from ui.sidebar import Filters

__all__ = ["STEPS", "apply_meeting_mode"]

# Each step: (text key, page file, settings applied to the bound sidebar widgets).
STEPS: tuple[tuple[str, str, dict], ...] = (
    ("step_overview", "pages/overview.py", {"years": (2019, 2023)}),
    ("step_rankings", "pages/rankings.py", {"years": (2019, 2024)}),
    ("step_change", "pages/change.py", {"years": (2022, 2023)}),
    ("step_components", "pages/components.py", {"years": (2023, 2023)}),
    ("step_whatif", "pages/whatif.py", {"years": (2023, 2023)}),
)

_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] {display: none;}
html, body, [data-testid="stAppViewContainer"] {font-size: 22px;}
h1 {font-size: 2.6rem !important;}
[data-testid="stMetricValue"] {font-size: 2.3rem !important;}
[data-testid="stMetricLabel"] * {white-space: normal !important; overflow: visible !important;}
</style>
"""


def _go(i: int) -> None:
    _, page, settings = STEPS[i]
    for k, v in settings.items():
        st.session_state[k] = v
    st.session_state["_meeting_step"] = i
    st.session_state["_meeting_target"] = page


def _leave() -> None:
    st.session_state["meeting"] = False


def apply_meeting_mode(f: Filters, page_file: str | None = None) -> None:
    """In meeting mode: large type, no sidebar, and a step bar at the top of every page."""
    target = st.session_state.pop("_meeting_target", None)
    if target:
        st.switch_page(target)
    if not f.meeting:
        return
    st.html(_CSS)
    i = int(st.session_state.get("_meeting_step", 0))
    if page_file and not STEPS[i][1].endswith(page_file):
        # Opened by a link or the navigation: the step bar follows the page shown.
        i = next((k for k, step in enumerate(STEPS) if step[1].endswith(page_file)), i)
        st.session_state["_meeting_step"] = i
    key, _, _ = STEPS[i]
    cols = st.columns([1, 6, 1, 2])
    cols[0].button(
        t("meeting_prev"), on_click=_go, args=(max(i - 1, 0),), disabled=i == 0, key="mt_prev"
    )
    cols[1].markdown(f"**{t('meeting_step', i=i + 1, n=len(STEPS), title=t(key))}**")
    cols[2].button(
        t("meeting_next"),
        on_click=_go,
        args=(min(i + 1, len(STEPS) - 1),),
        disabled=i == len(STEPS) - 1,
        key="mt_next",
    )
    cols[3].button(t("meeting_exit"), on_click=_leave, key="mt_exit")
    # Meetings default to the demo panel only if the user chose it; we never switch data silently.
