"""Charts of the what-if page: the position strip and the target bars."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import FIT_X, MISSING_GREY, OKABE_ITO, titled
from ui.chartspec import cached_spec

__all__ = [
    "position_strip",
    "target_bars",
]


# --- what-if -------------------------------------------------------------------------------
@cached_spec
def position_strip(
    others: pd.DataFrame,
    marks: pd.DataFrame,
    *,
    title: str,
    note: str | None,
    x_title: str,
    tooltips: dict[str, str],
    mark_order: list[str],
) -> alt.LayerChart:
    """The year's totals of the other units (grey ticks) and the unit now and simulated.

    ``others``: name, value, value_text. ``marks``: series (in ``mark_order``), value,
    value_text, label.
    """
    values = pd.concat([others["value"], marks["value"]]).dropna()
    pad = max((values.max() - values.min()) * 0.06, 0.3) if not values.empty else 1
    scale = alt.Scale(domain=[float(values.min() - pad), float(values.max() + pad)], nice=False)
    ticks = (
        alt.Chart(others)
        .mark_tick(color="#8a8a8a", thickness=2, size=34)
        .encode(
            x=alt.X("value:Q", title=x_title, scale=scale, axis=alt.Axis(tickCount=10)),
            tooltip=[
                alt.Tooltip("name:N", title=tooltips["unit"]),
                alt.Tooltip("value_text:N", title=tooltips["value"]),
            ],
        )
    )
    points = (
        alt.Chart(marks)
        .mark_point(size=260, filled=True, opacity=0.95)
        .encode(
            x=alt.X("value:Q", scale=scale),
            shape=alt.Shape(
                "series:N",
                title=None,
                scale=alt.Scale(domain=mark_order, range=["circle", "diamond"]),
                legend=alt.Legend(orient="bottom", labelLimit=360),
            ),
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(domain=mark_order, range=[OKABE_ITO[0], OKABE_ITO[5]]),
                legend=alt.Legend(orient="bottom", labelLimit=360),
            ),
            tooltip=[
                alt.Tooltip("series:N", title=" "),
                alt.Tooltip("value_text:N", title=tooltips["value"]),
                alt.Tooltip("label:N", title=tooltips["rank"]),
            ],
        )
    )
    labels = (
        alt.Chart(marks.assign(dy=[-26 if i % 2 == 0 else 26 for i in range(len(marks))]))
        .mark_text(fontSize=12, fontWeight="bold")
        .encode(x=alt.X("value:Q", scale=scale), text="label:N", yOffset="dy:Q")
    )
    return alt.layer(ticks, points, labels).properties(
        title=titled(title, note), height=150, width="container", autosize=FIT_X
    )


@cached_spec
def target_bars(
    frame: pd.DataFrame,
    *,
    title: str,
    note: str | None,
    x_title: str,
    tooltips: dict[str, str],
    feasible_order: list[str],
) -> alt.LayerChart:
    """Change each area alone needs to reach the target; infeasible areas are hatched text.

    ``frame``: name, change (NaN when infeasible), status (in ``feasible_order``), label.
    """
    order = frame["name"].tolist()
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=230, labelFontSize=12))
    finite = frame["change"].dropna()
    hi = float(finite.max()) if not finite.empty else 10.0
    scale = alt.Scale(domain=[0, max(hi * 1.9, 1.0)])
    data = frame.assign(bar=frame["change"].fillna(0.0))
    tip = [
        alt.Tooltip("name:N", title=tooltips["area"]),
        alt.Tooltip("label:N", title=tooltips["result"]),
    ]
    bars = (
        alt.Chart(data)
        .mark_bar(height=18)
        .encode(
            y=y,
            x=alt.X("bar:Q", title=x_title, scale=scale, axis=alt.Axis(tickCount=8)),
            color=alt.Color(
                "status:N",
                title=None,
                scale=alt.Scale(domain=feasible_order, range=[OKABE_ITO[2], MISSING_GREY]),
                legend=alt.Legend(orient="bottom", labelLimit=360),
            ),
            tooltip=tip,
        )
    )
    text = (
        alt.Chart(data)
        .mark_text(align="left", dx=6, fontSize=12)
        .encode(y=y, x=alt.X("bar:Q", scale=scale), text="label:N", tooltip=tip)
    )
    return alt.layer(bars, text).properties(
        title=titled(title, note),
        height=max(180, 36 * len(order)),
        width="container",
        autosize=FIT_X,
    )
