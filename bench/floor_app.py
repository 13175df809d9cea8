"""The framework floor: the app's shape (navigation, the same sidebar widgets, a page) with no
data work, no database, no charts and no tables.

Two floors, timed exactly as the pages are:

* the *generic* floor: a page with a couple of widgets, metrics, lazy table expanders and
  download buttons (one number for every page);
* the *same-widget* floor of one page: with ``PAR_FLOOR_WIDGETS`` naming a JSON list made
  by ``apptiming.page_widgets`` from the real page, the page area draws exactly that page's
  widgets (kinds, keys, options, bounds, values) and nothing else. Streamlit's cost per
  widget grows with the number of keys in session state, so a page with 17 inputs has a
  higher floor than a page with two; the issue's target compares a page with this floor.
"""

import json
import os

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


def _same_widgets(widgets: list[dict]) -> None:
    """The page's widgets, drawn with no work around them."""
    st.title("Floor page")
    tabs = [w["label"] for w in widgets if w["kind"] == "Tab"]
    for w in widgets:
        kind, key = w["kind"], w["key"]
        if kind == "Selectbox":
            st.selectbox(key, w["options"], index=w["index"], key=key)
        elif kind == "Radio":
            st.radio(key, w["options"], index=w["index"], key=key)
        elif kind == "SelectSlider":
            typed = [type(w["value"])(o) for o in w["options"]]
            st.select_slider(key, options=typed, value=w["value"], key=key)
        elif kind == "ButtonGroup":
            st.pills(key, w["options"], default=w["options"][w["index"]], key=key)
        elif kind == "Multiselect":
            st.multiselect(key, w["options"], key=key)
        elif kind == "Slider":
            st.slider(key, w["min"], w["max"], w["value"], w["step"], key=key)
        elif kind == "NumberInput":
            st.number_input(key, w["min"], w["max"], w["value"], w["step"], key=key)
        elif kind in ("Toggle", "Checkbox"):
            st.toggle(key, value=w["value"], key=key)
        elif kind == "Button":
            st.button(key, key=key)
        elif kind == "DownloadButton":
            st.download_button(key, data=lambda: b"", key=key, on_click="ignore")
        elif kind == "FileUploader":
            st.file_uploader(key, key=key)
        elif kind == "Expander":
            with st.expander(key, key=key, on_change="rerun"):
                pass
        elif kind == "Tab" and tabs:
            st.tabs(tabs, key="floor_tabs", on_change="rerun")  # one set, at the first tab
            tabs = []


def _page_or_same_widgets() -> None:
    path = os.environ.get("PAR_FLOOR_WIDGETS")
    if path:
        with open(path, encoding="utf-8") as fh:
            _same_widgets(json.load(fh))
    else:
        _page()


page = st.navigation(
    [st.Page(_page_or_same_widgets, title="Floor", url_path="floor", default=True)]
    + [st.Page(_page, title=f"Other {i}", url_path=f"other{i}") for i in range(7)]
)
_sidebar()
page.run()
