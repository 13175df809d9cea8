"""Chart builders shared by the pages (Altair; colour-blind-safe palettes, no outside tiles).

Every builder takes a ``note`` that goes into the chart's subtitle, so that a downloaded PNG
still says whether its numbers are SIMULATED.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import altair as alt
import pandas as pd

from analysis.paths import GEOJSON
from ui.chartspec import Spec, cached_spec, to_spec, with_config

__all__ = [
    "FIT_X",
    "UP",
    "DOWN",
    "SAME",
    "Sizes",
    "NORMAL",
    "MEETING",
    "sizes_for",
    "MISSING_GREY",
    "OKABE_ITO",
    "SEQUENTIAL",
    "DIVERGING",
    "GEO_ATTRIBUTION",
    "GEO_URL",
    "with_inline_geo",
    "geo_features",
    "choropleth",
    "distribution",
    "lines",
    "titled",
    "localised",
    "to_spec",
]

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SEQUENTIAL = "viridis"
DIVERGING = "blueorange"
MISSING_GREY = "#d0d0d0"
UP, DOWN, SAME = OKABE_ITO[0], OKABE_ITO[5], "#7f7f7f"  # blue, vermillion, grey
GEO_ATTRIBUTION = (
    "District boundaries: Government of Viet Nam / OCHA ROAP, Viet Nam – Subnational "
    "Administrative Boundaries (COD-AB, HDX), CC BY 3.0 IGO."
)


# Vietnamese number format inside charts (axes, legends, tooltips): 94,5 rather than 94.5.
_VI_NUMBERS = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]}


def localised(chart: alt.TopLevelMixin | Spec, lang: str) -> alt.TopLevelMixin | Spec:
    """Axis and tooltip numbers in the reader's format (94,27 in Vietnamese).

    Applied last: a configured chart can no longer be layered. Applying it twice is harmless.
    """
    if lang != "vi":
        return chart
    if isinstance(chart, Spec):
        return with_config(chart, locale={"number": dict(_VI_NUMBERS)})
    return chart.configure(locale=alt.Locale(number=alt.NumberLocale(**_VI_NUMBERS)))


# Width follows the page; height is the plot's own (one row per unit must stay readable).
FIT_X = alt.AutoSizeParams(type="fit-x", contains="padding")


@dataclass(frozen=True)
class Sizes:
    """Pixel sizes of rows, labels and points; meeting mode (projector) uses larger ones."""

    row: int = 20  # height per unit in one-row-per-unit charts
    rank_step: int = 17  # height per place in the bump chart
    text: int = 11  # labels printed on the chart
    point: float = 1.0  # factor on point areas


NORMAL = Sizes()
MEETING = Sizes(row=30, rank_step=24, text=15, point=1.8)


def sizes_for(meeting: bool) -> Sizes:
    """The sizes for the current view (larger in meeting mode, whose page type is larger)."""
    return MEETING if meeting else NORMAL


def titled(
    title: str, note: str | None, extra: Sequence[str] = (), sizes: Sizes | None = None
) -> alt.TitleParams:
    """A chart title whose subtitle carries the data note (e.g. SIMULATED) and ``extra`` lines.

    With ``sizes`` the type follows them (larger in meeting mode).
    """
    if sizes is None and not extra:
        return alt.TitleParams(
            text=title, subtitle=[note] if note else [], anchor="start", fontSize=15
        )
    sizes = sizes or NORMAL
    lines = [*([note] if note else []), *extra]
    return alt.TitleParams(
        text=title,
        subtitle=lines,
        anchor="start",
        fontSize=15 if sizes is NORMAL else 21,
        subtitleFontSize=11 if sizes is NORMAL else 15,
    )


# Where a browser finds static/hanoi_districts.geojson: relative to the page, as Streamlit's
# static file serving expects (it also works under a server.baseUrlPath).
GEO_URL = "app/static/" + GEOJSON.name
_GEO_FORMAT = {"type": "json", "property": "features"}


@lru_cache(maxsize=1)
def geo_features() -> tuple[dict, ...]:
    """The district boundaries shipped in data/ (read once per process)."""
    with open(GEOJSON, encoding="utf-8") as fh:
        return tuple(json.load(fh)["features"])


@cached_spec
def choropleth(
    values: pd.DataFrame,
    *,
    title: str,
    note: str | None,
    value_title: str,
    missing_label: str,
    height: int = 420,
    geo_url: str | None = None,
) -> alt.Chart:
    """Map of the 30 units coloured by ``value``; units without a value are grey and say so.

    ``values`` has columns geo_code, name, value (NaN = missing), rank, status (text shown in
    the tooltip). With ``geo_url`` the boundaries are loaded by the browser from that URL
    (the app serves them as a static file); without it they are written into the spec.
    """
    frame = values[["geo_code", "name", "value", "rank", "status"]].copy()
    frame["label"] = frame["value"].map(lambda v: missing_label if pd.isna(v) else f"{v:.2f}")
    geo = (
        alt.UrlData(url=geo_url, format=alt.DataFormat(**_GEO_FORMAT))
        if geo_url
        else alt.Data(values=list(geo_features()))
    )
    base = alt.Chart(geo).transform_lookup(
        lookup="properties.ADM2_PCODE",
        from_=alt.LookupData(frame, "geo_code", ["name", "value", "rank", "status", "label"]),
    )
    tooltip = [
        alt.Tooltip("name:N", title="Đơn vị / Unit"),
        alt.Tooltip("label:N", title=value_title),
        alt.Tooltip("rank:Q", title="#"),
        alt.Tooltip("status:N", title="Trạng thái / Status"),
    ]
    # Grey layer under everything: a unit without a figure stays visible and says so.
    grey = base.mark_geoshape(stroke="white", strokeWidth=0.8, color=MISSING_GREY).encode(
        tooltip=tooltip
    )
    coloured = (
        base.transform_filter("isValid(datum.value) && datum.value !== null")
        .mark_geoshape(stroke="white", strokeWidth=0.8)
        .encode(
            color=alt.Color(
                "value:Q",
                title=value_title,
                scale=alt.Scale(scheme=SEQUENTIAL),
                legend=alt.Legend(
                    orient="bottom-left", direction="horizontal", gradientLength=220, format=".1f"
                ),
            ),
            tooltip=tooltip,
        )
    )
    return (
        (grey + coloured)
        .properties(title=titled(title, note), height=height, width="container")
        .project(type="mercator")
    )


def with_inline_geo(spec: dict) -> dict:
    """A copy of ``spec`` in which boundaries loaded from :data:`GEO_URL` are written in.

    For drawing on the server (PNG downloads), where there is no web server to ask.

    >>> spec = {"layer": [{"data": {"url": GEO_URL, "format": dict(_GEO_FORMAT)}}]}
    >>> len(with_inline_geo(spec)["layer"][0]["data"]["values"]["features"])
    30
    >>> spec["layer"][0]["data"]["url"] == GEO_URL  # the original is left alone
    True
    """
    if isinstance(spec, dict):
        if spec.get("url") == GEO_URL:
            return {"values": {"features": list(geo_features())}, "format": dict(_GEO_FORMAT)}
        return {k: with_inline_geo(v) for k, v in spec.items()}
    if isinstance(spec, list):
        return [with_inline_geo(v) for v in spec]
    return spec


@cached_spec
def distribution(values: pd.DataFrame, *, title: str, note: str | None, x_title: str) -> alt.Chart:
    """Dot strip of the scores with the mean marked; each dot is a unit (tooltip names it)."""
    frame = values.dropna(subset=["value"])
    dots = (
        alt.Chart(frame)
        .mark_circle(size=140, opacity=0.85, color=OKABE_ITO[0], stroke="white")
        .encode(
            x=alt.X(
                "value:Q",
                title=x_title,
                scale=alt.Scale(zero=False),
                axis=alt.Axis(format=".1f"),  # a single value otherwise reads 95,390000
            ),
            y=alt.Y("jitter:Q", axis=None, scale=alt.Scale(domain=[-1, 1])),
            tooltip=[
                alt.Tooltip("name:N"),
                alt.Tooltip("value:Q", format=".2f"),
                alt.Tooltip("rank:Q"),
            ],
        )
        .transform_calculate(jitter="(random() - 0.5) * 1.2")
    )
    mean = (
        alt.Chart(frame)
        .mark_rule(color=OKABE_ITO[5], strokeDash=[6, 3], size=2)
        .encode(x="mean(value):Q")
    )
    return (dots + mean).properties(title=titled(title, note), height=140, width="container")


@cached_spec
def lines(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    color: str,
    title: str,
    note: str | None,
    y_title: str,
    reverse_y: bool = False,
    height: int = 360,
) -> alt.Chart:
    """Multi-series line chart with points; colours cycle Okabe–Ito and the legend names series."""
    data = frame.dropna(subset=[y])
    sel = alt.selection_point(fields=[color], bind="legend")
    return (
        alt.Chart(data)
        .mark_line(point=True, strokeWidth=2)
        .encode(
            x=alt.X(f"{x}:O", title=None),
            y=alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(zero=False, reverse=reverse_y)),
            color=alt.Color(
                f"{color}:N", scale=alt.Scale(range=OKABE_ITO), legend=alt.Legend(title=None)
            ),
            strokeDash=alt.StrokeDash(f"{color}:N", legend=None),
            opacity=alt.condition(sel, alt.value(1), alt.value(0.15)),
            tooltip=[
                alt.Tooltip(f"{color}:N"),
                alt.Tooltip(f"{x}:O"),
                alt.Tooltip(f"{y}:Q", format=".2f"),
            ],
        )
        .add_params(sel)
        .properties(title=titled(title, note), height=height, width="container")
    )


# Width follows the page; height is the plot's own (one row per unit must stay readable).
