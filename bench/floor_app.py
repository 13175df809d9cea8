"""The framework floor: the app's shape (navigation, the same sidebar widgets, a page with a
comparable number of widgets and elements) with no data work, no database and no charts.

The benchmark times reruns of this file exactly as it times the real pages; the ratio
page / floor is what the pages themselves cost on top of Streamlit.
"""

import pandas as pd
import streamlit as st

UNITS = [f"unit_{i:02d}" for i in range(30)]  # the sidebar's 30 district-level units
TYPES = ("quận", "huyện", "thị xã")
SMALL = pd.DataFrame({"unit_id": UNITS[:10], "value": [float(i) for i in range(10)]})


def _sidebar() -> None:
    sb = st.sidebar
    sb.segmented_control("Language", ("vi", "en"), key="lang", default="vi", required=True)
    sb.radio("Dataset", ["published", "demo"], key="dataset", index=1)
    sb.slider("Years", min_value=2017, max_value=2024, value=(2019, 2024), key="years")
    sb.pills("Types", TYPES, selection_mode="multi", default=list(TYPES), key="types")
    sb.multiselect("Units", UNITS, key="units")
    sb.toggle("Meeting mode", key="meeting")


def _page() -> None:
    st.title("Floor page")
    st.warning("SIMULATED banner")
    st.caption("intro")
    year = st.select_slider("Year", options=list(range(2019, 2025)), value=2024, key="fl_year")
    st.selectbox("Indicator", ["total", "direction", "institutions", "procedures"], key="fl_ind")
    cols = st.columns(4)
    for i, col in enumerate(cols):
        col.metric(f"metric {i}", f"{90 + i},00%", "+0,5")
    for name in ("a", "b"):
        st.caption(f"summary {name} {year}")
        # As the pages' data tables: built only while the expander is open (closed here).
        with st.expander("data table", key=f"tbl_{name}", on_change="rerun") as box:
            if box.open:
                st.dataframe(SMALL, hide_index=True)
        row = st.container(horizontal=True, gap="small")
        for ext in ("csv", "xlsx", "png"):
            row.download_button(
                ext,
                data=lambda: b"",
                file_name=f"floor_{name}.{ext}",
                key=f"dl_{ext}_{name}",
                on_click="ignore",
            )
    st.subheader("coverage")
    st.markdown("some text")


page = st.navigation(
    [st.Page(_page, title="Floor", url_path="floor", default=True)]
    + [st.Page(_page, title=f"Other {i}", url_path=f"other{i}") for i in range(7)]
)
_sidebar()
page.run()
