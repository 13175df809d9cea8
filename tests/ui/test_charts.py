"""The map's boundaries: a URL for browsers, written in for server-side PNGs."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from ui import charts, chartspec
from ui.downloads import chart_png


@pytest.fixture
def values() -> pd.DataFrame:
    codes = [f["properties"]["ADM2_PCODE"] for f in charts.geo_features()]
    frame = pd.DataFrame({"geo_code": codes, "name": codes, "value": 90.0, "rank": 1.0})
    frame.loc[0, "value"] = float("nan")  # one unit without a figure: grey
    frame["status"] = "x"
    return frame


def _map(values, geo_url):
    return charts.choropleth(
        values, title="t", note="SIMULATED", value_title="v", missing_label="m", geo_url=geo_url
    )


def test_map_with_a_url_keeps_the_boundaries_out_of_the_spec(values):
    spec = _map(values, charts.GEO_URL).spec
    text = json.dumps(spec)
    assert charts.GEO_URL in text
    assert "coordinates" not in text
    assert len(text) < 10_000


def test_map_without_a_url_writes_the_boundaries_in(values):
    text = json.dumps(_map(values, None).spec)
    assert charts.GEO_URL not in text
    assert text.count("ADM2_PCODE") >= 30


def test_geo_url_points_at_the_served_file():
    assert charts.GEO_URL == "app/static/hanoi_districts.geojson"
    assert (charts.GEOJSON.parent.name, charts.GEOJSON.name) == (
        "static",
        "hanoi_districts.geojson",
    )


def test_png_of_a_url_map_has_the_boundaries_drawn(values):
    # A map without boundaries renders as a near-empty image; with them, as many coloured areas.
    with_url = chart_png(_map(values, charts.GEO_URL), scale=1.0, width=400)
    inline = chart_png(_map(values, None), scale=1.0, width=400)
    assert with_url[:8] == b"\x89PNG\r\n\x1a\n"
    assert abs(len(with_url) - len(inline)) < 0.02 * len(inline)


def test_with_inline_geo_leaves_other_urls_alone():
    spec = {"data": {"url": "https://example.org/x.json"}}
    assert charts.with_inline_geo(spec) == spec


def test_builders_return_specs_shared_between_equal_calls(values):
    chartspec.clear()
    assert _map(values, charts.GEO_URL) is _map(values.copy(), charts.GEO_URL)


def test_distribution_axis_has_one_decimal_even_for_a_single_value():
    frame = pd.DataFrame({"name": ["Long Biên"], "value": [95.39], "rank": [1.0]})
    spec = charts.distribution(frame, title="t", note=None, x_title="Điểm (%)").spec
    axes = [layer["encoding"]["x"].get("axis") for layer in spec["layer"]]
    assert {"format": ".1f"} in axes
