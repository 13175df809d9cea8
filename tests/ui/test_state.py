"""ui.state: every URL the app writes names the dataset it shows, even when Streamlit drops a
widget's state on a page change (issue 16, item 9)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _app():
    import streamlit as st

    from ui import state

    if st.session_state.pop("_drop_widget_state", False):
        # What Streamlit's script runner does on a page change for every widget the browser did
        # not list in its rerun request ("Clear widget state on page change").
        st.session_state.pop("dataset", None)
        if st.session_state.pop("_forget_shown", False):
            st.session_state.pop("_url_shown", None)
    state.bind("dataset", "published", state.choice(["published", "demo"]))
    state.bind("years", (2019, 2024), state.int_range(2017, 2024))
    st.radio("dataset", ["published", "demo"], key="dataset")
    st.write(f"showing {st.session_state['dataset']}")
    state.write_url()


def test_a_dropped_widget_state_keeps_the_dataset_in_view_and_in_the_url():
    at = AppTest.from_function(_app)
    at.query_params["dataset"] = "demo"
    at.query_params["years"] = "2020-2024"
    at.run()
    assert at.session_state["dataset"] == "demo"
    at.session_state["_drop_widget_state"] = True
    at.run()
    assert not at.exception
    assert at.session_state["dataset"] == "demo"
    assert at.query_params["dataset"] == ["demo"] or at.query_params["dataset"] == "demo"
    assert "showing demo" in at.markdown[0].value


def test_without_a_value_shown_before_the_default_is_used_and_written():
    at = AppTest.from_function(_app)
    at.query_params["dataset"] = "demo"
    at.run()
    at.session_state["_drop_widget_state"] = True
    at.session_state["_forget_shown"] = True
    at.run()
    # Consistent either way: the view and the URL agree (here on the default).
    assert at.session_state["dataset"] == "published"
    assert "dataset" not in at.query_params
