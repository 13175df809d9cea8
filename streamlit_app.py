"""Router of the Hanoi PAR Index Explorer: page config, navigation and the shared sidebar."""

from pathlib import Path

import streamlit as st

from analysis.warehouse.store import DatabaseUnreadable
from ui import plain, queries
from ui.i18n import t
from ui.layout import PageEnd
from ui.meeting import apply_meeting_mode
from ui.sidebar import sidebar
from ui.state import write_url

st.set_page_config(
    page_title="Chỉ số CCHC Hà Nội · Hanoi PAR Index",
    # A file, not a ":material/…:" icon, which the browser would fetch from a font server.
    page_icon=str(Path(__file__).resolve().parent / "static" / "favicon.png"),
    layout="wide",
    initial_sidebar_state="collapsed" if st.query_params.get("meeting") == "true" else "auto",
)

PAGES = {
    t("nav_section_explore"): [
        st.Page(
            "pages/overview.py",
            title=t("nav_overview"),
            icon=":material/map:",
            url_path="overview",
            default=True,
        ),
        st.Page(
            "pages/rankings.py",
            title=t("nav_rankings"),
            icon=":material/leaderboard:",
            url_path="rankings",
        ),
        st.Page(
            "pages/components.py",
            title=t("nav_components"),
            icon=":material/grid_on:",
            url_path="components",
        ),
        st.Page(
            "pages/change.py",
            title=t("nav_change"),
            icon=":material/compare_arrows:",
            url_path="change",
        ),
        st.Page(
            "pages/profile.py", title=t("nav_profile"), icon=":material/badge:", url_path="profile"
        ),
        st.Page(
            "pages/whatif.py", title=t("nav_whatif"), icon=":material/tune:", url_path="whatif"
        ),
    ],
    t("nav_section_data"): [
        st.Page(
            "pages/data.py", title=t("nav_data"), icon=":material/table_view:", url_path="data"
        ),
        st.Page(
            "pages/upload.py",
            title=t("nav_upload"),
            icon=":material/upload_file:",
            url_path="upload",
        ),
    ],
}

PAGE_FILES = {"": "overview.py"} | {
    p: f"{p}.py"
    for p in ("rankings", "components", "change", "profile", "whatif", "data", "upload")
}
page = st.navigation(PAGES)
try:
    filters = sidebar()
    st.session_state["filters"] = filters
    apply_meeting_mode(filters, PAGE_FILES.get(page.url_path))
    page.run()
except PageEnd:
    pass  # the page said all it had to say
except DatabaseUnreadable as exc:
    # The file went bad under a page (after its check passed): say so in plain words; the next
    # run checks the file in full, sets it aside and rebuilds it.
    queries.forget()
    st.error(t("db_read_failed", msg=plain.text(exc.reason)), icon=":material/error:")
finally:
    # Also when a page ends early (end_page): the URL always reflects the view. The filters live only
    # for this run, so a page run without the router (see current_filters) can tell.
    write_url()
    st.session_state.pop("filters", None)
