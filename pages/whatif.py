"""Placeholder page (being built)."""

import streamlit as st

from ui.layout import page_header
from ui.sidebar import current_filters

f = current_filters()
page_header("nav_whatif", f)
st.info("…")
