"""Drawing a shared spec: datasets become Arrow once, the shared spec is never changed."""

from __future__ import annotations

import copy

import altair as alt
import pandas as pd
import pyarrow as pa

from ui.chartspec import Spec, as_spec
from ui.layout import _streamlit_spec


def _spec() -> Spec:
    frame = pd.DataFrame({"x": [1.5, 2.5], "name": ["Ba Đình", "=cmd()"]})
    # As the chart builders make it: the frame set aside by name.
    return as_spec(alt.Chart(frame).mark_point().encode(x="x:Q", tooltip="name:N"))


def test_datasets_are_given_to_streamlit_as_arrow_with_the_same_rows():
    spec = _spec()
    before = copy.deepcopy(spec.spec)
    ready = _streamlit_spec(spec)
    ((name, payload),) = ready["datasets"].items()
    table = pa.ipc.open_stream(payload).read_all().to_pandas()
    assert table.to_dict("records") == before["datasets"][name]
    assert spec.spec == before  # the shared spec keeps its records


def test_arrow_is_derived_once_and_each_draw_gets_its_own_top_level_dict():
    spec = _spec()
    first, second = _streamlit_spec(spec), _streamlit_spec(spec)
    assert first is not second
    assert first["datasets"] is second["datasets"]
    first.pop("datasets")  # what Streamlit does with the dict it is given
    assert "datasets" in _streamlit_spec(spec)


def test_geojson_datasets_stay_as_records():
    feature = {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "Point", "coordinates": [0, 0]},
    }
    ready = _streamlit_spec(Spec({"mark": "geoshape", "datasets": {"geo": [feature]}}))
    assert ready["datasets"]["geo"] == [feature]


def test_table_view_sends_a_kept_arrow_table_as_is_and_caps_it_like_a_frame(monkeypatch):
    from streamlit.testing.v1 import AppTest

    import ui.layout

    monkeypatch.setattr(ui.layout, "TABLE_ROW_CAP", 3)  # AppTest runs in this process

    def page():
        import pandas as pd

        import ui.layout as layout

        frame = pd.DataFrame({"unit": ["a", "b", "c", "d"], "value": [1.5, 2.5, None, 4.0]})
        layout.table_view(layout.as_arrow(frame))
        layout.table_view(frame)

    at = AppTest.from_function(page).run()
    assert not at.exception
    kept, converted = (d.value for d in at.dataframe)
    # the same rows either way: the first three, and the page says it cut the table
    assert kept.equals(converted) and kept["unit"].tolist() == ["a", "b", "c"]
    assert sum("3" in c.value for c in at.caption) == 2


def test_table_view_asks_the_grid_to_draw_missing_cells_as_a_dash():
    # Streamlit's grid draws a null cell as "None" whatever the Styler's text for it says
    # (seen on the data page's "Out of" column); its placeholder is what it draws instead.
    from streamlit.testing.v1 import AppTest

    def page():
        import pandas as pd

        import ui.layout as layout

        layout.table_view(pd.DataFrame({"unit": ["a", "b"], "out_of": [30.0, None]}))

    at = AppTest.from_function(page).run()
    assert not at.exception
    assert at.dataframe[0].proto.placeholder == "—"
