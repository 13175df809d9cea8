"""Charts of the components page: correlation heat map, pair scatter, top-vs-bottom separation."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import DIVERGING, FIT_X, MISSING_GREY, OKABE_ITO, titled
from ui.chartspec import cached_spec

__all__ = [
    "heatmap",
    "scatter",
    "separation",
]


@cached_spec
def heatmap(
    frame: pd.DataFrame,
    *,
    x_order: list[str],
    y_order: list[str],
    title: str,
    note: str | None,
    legend_title: str,
    tooltips: dict[str, str],
    param: str,
    height: int = 440,
) -> alt.LayerChart:
    """Lower-triangle correlation matrix: diverging colour fixed to [-1, 1], r printed in cells.

    ``frame`` has x, y (display names), x_id, y_id, r (NaN = not computed), label, n, ci, p,
    p_holm, p_bh, note, selected. Clicking a cell selects (x_id, y_id) under ``param``.
    """
    pick = alt.selection_point(name=param, fields=["x_id", "y_id"], on="click", toggle=False)
    tooltip = [
        alt.Tooltip("x:N", title=tooltips["x"]),
        alt.Tooltip("y:N", title=tooltips["y"]),
        alt.Tooltip("label:N", title=tooltips["r"]),
        alt.Tooltip("n:Q", title=tooltips["n"]),
        alt.Tooltip("ci:N", title=tooltips["ci"]),
        alt.Tooltip("p:N", title=tooltips["p"]),
        alt.Tooltip("p_holm:N", title=tooltips["holm"]),
        alt.Tooltip("p_bh:N", title=tooltips["bh"]),
        alt.Tooltip("note:N", title=tooltips["note"]),
    ]
    base = alt.Chart(frame).encode(
        x=alt.X(
            "x:N",
            sort=x_order,
            title=None,
            axis=alt.Axis(
                labelAngle=-40,
                labelAlign="right",
                labelLimit=200,
                labelOverlap=False,
                labelFontSize=12,
            ),
        ),
        y=alt.Y("y:N", sort=y_order, title=None, axis=alt.Axis(labelLimit=220, labelFontSize=12)),
        tooltip=tooltip,
    )
    valid = "isValid(datum.r) && datum.r !== null"
    grey = base.mark_rect(color=MISSING_GREY, stroke="white", strokeWidth=1)
    cells = (
        base.transform_filter(valid)
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(
            color=alt.Color(
                "r:Q",
                title=legend_title,
                scale=alt.Scale(scheme=DIVERGING, domain=[-1, 1], domainMid=0),
                legend=alt.Legend(orient="right", gradientLength=260, values=[-1, -0.5, 0, 0.5, 1]),
            ),
        )
    )
    # The selected pair gets a black frame (not colour alone: the pickers below name it too).
    frame_sel = base.transform_filter("datum.selected").mark_rect(
        fill=None, stroke="black", strokeWidth=3
    )
    text = base.mark_text(fontSize=13, fontWeight="bold").encode(
        text="label:N",
        color=alt.condition(
            f"{valid} && abs(datum.r) > 0.55", alt.value("white"), alt.value("#1a1a1a")
        ),
    )
    return alt.layer(grey.add_params(pick), cells, frame_sel, text).properties(
        title=titled(title, note), height=height, width="container", autosize=FIT_X
    )


@cached_spec
def scatter(
    points: pd.DataFrame,
    line: pd.DataFrame,
    *,
    x_title: str,
    y_title: str,
    title: str,
    note: str | None,
    tooltips: dict[str, str],
    line_label: str,
    height: int = 380,
) -> alt.LayerChart:
    """Scatter of one pair (a dot per unit or unit-year) with the least-squares line."""
    tip = [
        alt.Tooltip("name:N", title=tooltips["unit"]),
        alt.Tooltip("year:O", title=tooltips["year"]),
        alt.Tooltip("x_text:N", title=x_title),
        alt.Tooltip("y_text:N", title=y_title),
    ]
    dots = (
        alt.Chart(points)
        .mark_circle(size=110, opacity=0.8, color=OKABE_ITO[0], stroke="white", strokeWidth=0.8)
        .encode(
            x=alt.X(
                "x:Q",
                title=x_title,
                scale=alt.Scale(zero=False, nice=True),
                axis=alt.Axis(tickCount=8),
            ),
            y=alt.Y(
                "y:Q",
                title=y_title,
                scale=alt.Scale(zero=False, nice=True),
                axis=alt.Axis(tickCount=6),
            ),
            tooltip=tip,
        )
    )
    layers = [dots]
    if not line.empty:
        fit = line.assign(label=line_label)
        layers.append(
            alt.Chart(fit)
            .mark_line(color=OKABE_ITO[5], strokeDash=[7, 4], strokeWidth=2.5)
            .encode(x="x:Q", y="y:Q", tooltip=[alt.Tooltip("label:N", title=" ")])
        )
    return alt.layer(*layers).properties(
        title=titled(title, note), height=height, width="container", autosize=FIT_X
    )


@cached_spec
def separation(
    frame: pd.DataFrame,
    *,
    title: str,
    note: str | None,
    x_title: str,
    legend_title: str,
    sig_label: str,
    tooltips: dict[str, str],
) -> alt.LayerChart:
    """Lollipop of the top-minus-bottom difference per area, sorted; filled dot = Holm p < 0.05."""
    order = frame["name"].tolist()
    lo = float(min(0.0, frame["estimate"].min()))
    hi = float(max(0.0, frame["estimate"].max()))
    span = max(hi - lo, 1.0)
    data = frame.assign(zero=0.0, label_x=frame["estimate"].clip(lower=0))
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=230, labelFontSize=12))
    x_scale = alt.Scale(domain=[lo - 0.05 * span, hi + 0.95 * span])
    tip = [
        alt.Tooltip("name:N", title=tooltips["area"]),
        alt.Tooltip("label:N", title=tooltips["result"]),
        alt.Tooltip("n_top:Q", title="n (top)"),
        alt.Tooltip("n_bottom:Q", title="n (bottom)"),
    ]
    stick = (
        alt.Chart(data)
        .mark_rule(color="#888", strokeWidth=2)
        .encode(y=y, x=alt.X("zero:Q", scale=x_scale, title=x_title), x2="estimate:Q")
    )
    dot = (
        alt.Chart(data)
        .mark_point(size=170, strokeWidth=2.5, color=OKABE_ITO[0])
        .encode(
            y=y,
            x=alt.X("estimate:Q", scale=x_scale),
            shape=alt.Shape(
                "test:N",
                title=legend_title,
                scale=alt.Scale(range=["circle", "diamond"]),
                legend=alt.Legend(orient="bottom", labelLimit=360),
            ),
            fill=alt.condition(
                alt.datum.test == sig_label, alt.value(OKABE_ITO[0]), alt.value("white")
            ),
            tooltip=tip,
        )
    )
    text = (
        alt.Chart(data)
        .mark_text(align="left", dx=12, fontSize=12)
        .encode(y=y, x=alt.X("label_x:Q", scale=x_scale), text="label:N")
    )
    zero = (
        alt.Chart(pd.DataFrame({"zero": [0.0]}))
        .mark_rule(color="#444")
        .encode(x=alt.X("zero:Q", scale=x_scale))
    )
    return alt.layer(zero, stick, dot, text).properties(
        title=titled(title, note),
        height=max(200, 38 * len(frame)),
        width="container",
        autosize=FIT_X,
    )
