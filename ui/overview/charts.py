"""Charts of the overview page: the commune-level symbol map (the district map is shared)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import SEQUENTIAL, geo_source, titled
from ui.chartspec import cached_spec

__all__ = ["symbol_map"]

# Darker than the district map's grey fill: a ring must stay visible on the light outlines.
_NO_FIGURE = "#8f8f8f"


@cached_spec
def symbol_map(
    values: pd.DataFrame,
    *,
    title: str,
    note: str | None,
    value_title: str,
    tooltips: dict[str, str],
    height: int = 480,
    geo_url: str | None = None,
    label_size: int = 0,
) -> alt.LayerChart:
    """Phường and xã as circles at a point inside each, over the 30 former districts' outlines.

    ``values`` has columns name, point_lon, point_lat, value (NaN = no figure), value_text,
    rank_text and status. A unit with a figure is a filled circle coloured by its score; one
    without is a hollow grey ring (shape and fill differ, so colour is not the only carrier
    of meaning). ``tooltips`` titles the fields (unit, score, rank, status) in the reader's
    language; ``label_size`` > 0 prints the names beside the circles (meeting mode).
    """
    frame = values[
        ["name", "point_lon", "point_lat", "value", "value_text", "rank_text", "status"]
    ].copy()
    frame["has_value"] = frame["value"].notna()
    outlines = (
        alt.Chart(geo_source(geo_url))
        .mark_geoshape(fill="#f4f4f4", stroke="#8a8a8a", strokeWidth=0.8)
        .encode(tooltip=alt.value(None))
    )
    tip = [
        alt.Tooltip("name:N", title=tooltips["unit"]),
        alt.Tooltip("value_text:N", title=tooltips["value"]),
        alt.Tooltip("rank_text:N", title=tooltips["rank"]),
        alt.Tooltip("status:N", title=tooltips["status"]),
    ]
    base = alt.Chart(frame).encode(longitude="point_lon:Q", latitude="point_lat:Q", tooltip=tip)
    missing = base.transform_filter("!datum.has_value").mark_point(
        shape="circle", size=70, filled=False, strokeWidth=1.6, color=_NO_FIGURE
    )
    scored = (
        base.transform_filter("datum.has_value")
        .mark_circle(size=110, stroke="white", strokeWidth=0.8, opacity=0.95)
        .encode(
            color=alt.Color(
                "value:Q",
                title=value_title,
                scale=alt.Scale(scheme=SEQUENTIAL),
                legend=alt.Legend(
                    orient="bottom-left", direction="horizontal", gradientLength=220, format=".1f"
                ),
            )
        )
    )
    layers = [outlines, missing, scored]
    if label_size:
        layers.append(
            base.mark_text(align="left", dx=7, fontSize=label_size, color="#222").encode(
                text="name:N"
            )
        )
    return (
        alt.layer(*layers)
        .properties(title=titled(title, note), height=height, width="container")
        .project(type="mercator")
    )
