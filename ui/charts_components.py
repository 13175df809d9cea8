"""Chart builders of the components, unit-profile and what-if pages (Altair, colour-blind-safe).

Meaning is never carried by colour alone: cells print their r, markers differ in shape and
carry text labels, and every builder takes a ``note`` for the subtitle (SIMULATED).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import DIVERGING, MISSING_GREY, OKABE_ITO, localised, titled
from ui.chartspec import cached_spec

__all__ = [
    "heatmap",
    "scatter",
    "separation",
    "history_score",
    "history_rank",
    "benchmarks",
    "position_strip",
    "target_bars",
    "vi_locale",
]

# Streamlit's default autosize "fit" squeezes axes, titles and legends into the height; with
# "fit-x" the height is the plot's own and only the width follows the container.
_FIT_X = alt.AutoSizeParams(type="fit-x", contains="padding")

# One implementation of the Vietnamese number format, shared with the other pages.
vi_locale = localised


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
        title=titled(title, note), height=height, width="container", autosize=_FIT_X
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
        title=titled(title, note), height=height, width="container", autosize=_FIT_X
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
        autosize=_FIT_X,
    )


# --- unit profile --------------------------------------------------------------------------
def _status_encoding(status_order: list[str]) -> dict:
    # Shape and colour both carry the status, so it survives grey-scale printing.
    return {
        "shape": alt.Shape(
            "status:N",
            title=None,
            scale=alt.Scale(domain=status_order, range=["circle", "square", "triangle-up"]),
            legend=alt.Legend(orient="bottom", labelLimit=360),
        ),
        "color": alt.Color(
            "status:N",
            title=None,
            scale=alt.Scale(domain=status_order, range=[OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[2]]),
            legend=alt.Legend(orient="bottom", labelLimit=360),
        ),
    }


@cached_spec
def history_score(
    frame: pd.DataFrame,
    *,
    title: str,
    note: str | None,
    y_title: str,
    status_order: list[str],
    tooltips: dict[str, str],
    height: int = 300,
) -> alt.LayerChart:
    """The unit's total by year: a line through the scores, markers by status, values printed."""
    y = alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=False, nice=True, padding=18))
    return _history(
        frame.dropna(subset=["value"]),
        y,
        "value_text",
        tooltips["value"],
        title=title,
        note=note,
        status_order=status_order,
        tooltips=tooltips,
        height=height,
    )


def _history(
    data: pd.DataFrame,
    y: alt.Y,
    text: str,
    text_title: str,
    *,
    title: str,
    note: str | None,
    status_order: list[str],
    tooltips: dict[str, str],
    height: int,
) -> alt.LayerChart:
    # A line by year, markers coloured and shaped by status, and the printed value above each.
    x = alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0))
    tip = [
        alt.Tooltip("year:O", title=tooltips["year"]),
        alt.Tooltip(f"{text}:N", title=text_title),
        alt.Tooltip("status:N", title=tooltips["status"]),
    ]
    line = alt.Chart(data).mark_line(color="#777", strokeWidth=2).encode(x=x, y=y)
    dots = (
        alt.Chart(data)
        .mark_point(size=120, filled=True, opacity=1)
        .encode(x=x, y=y, tooltip=tip, **_status_encoding(status_order))
    )
    labels = alt.Chart(data).mark_text(dy=-14, fontSize=12).encode(x=x, y=y, text=f"{text}:N")
    return alt.layer(line, dots, labels).properties(
        title=titled(title, note), height=height, width="container", autosize=_FIT_X
    )


@cached_spec
def history_rank(
    frame: pd.DataFrame,
    *,
    title: str,
    note: str | None,
    y_title: str,
    status_order: list[str],
    tooltips: dict[str, str],
    n_units: int = 30,
    height: int = 300,
) -> alt.LayerChart:
    """The unit's rank by year (1 at the top), markers by status, '#rank' printed."""
    y = alt.Y(
        "rank:Q",
        title=y_title,
        scale=alt.Scale(domain=[1, n_units], reverse=True, nice=False),
        axis=alt.Axis(values=[1, 5, 10, 15, 20, 25, 30], format="d"),
    )
    return _history(
        frame.dropna(subset=["rank"]),
        y,
        "rank_text",
        tooltips["rank"],
        title=title,
        note=note,
        status_order=status_order,
        tooltips=tooltips,
        height=height,
    )


@cached_spec
def benchmarks(
    frame: pd.DataFrame,
    *,
    title: str,
    note: str | None,
    x_title: str,
    series_order: list[str],
    tooltips: dict[str, str],
) -> alt.LayerChart:
    """Dot comparison per area: the unit, the city average and the best unit (shape + colour).

    ``frame`` is long: name (area), series (one of ``series_order``), value, value_text, who.
    """
    order = list(dict.fromkeys(frame["name"]))
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=230, labelFontSize=12))
    data = frame.dropna(subset=["value"])
    tip = [
        alt.Tooltip("name:N", title=tooltips["area"]),
        alt.Tooltip("series:N", title=" "),
        alt.Tooltip("value_text:N", title=tooltips["value"]),
        alt.Tooltip("who:N", title=tooltips["who"]),
    ]
    span = data.groupby("name")["value"].agg(["min", "max"]).reset_index()
    rule = (
        alt.Chart(span)
        .mark_rule(color="#bbb", strokeWidth=2)
        .encode(y=alt.Y("name:N", sort=order), x="min:Q", x2="max:Q")
    )
    dots = (
        alt.Chart(data)
        .mark_point(size=160, filled=True, opacity=0.95)
        .encode(
            y=y,
            x=alt.X("value:Q", title=x_title, scale=alt.Scale(zero=False, nice=True)),
            shape=alt.Shape(
                "series:N",
                title=None,
                scale=alt.Scale(domain=series_order, range=["circle", "diamond", "triangle-up"]),
                legend=alt.Legend(orient="bottom", labelLimit=360),
            ),
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(
                    domain=series_order, range=[OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[2]]
                ),
                legend=alt.Legend(orient="bottom", labelLimit=360),
            ),
            tooltip=tip,
        )
    )
    own = data[data["series"] == series_order[0]]
    text = (
        alt.Chart(own)
        .mark_text(dy=-13, fontSize=11, color=OKABE_ITO[0], fontWeight="bold")
        .encode(y=y, x="value:Q", text="value_text:N")
    )
    return alt.layer(rule, dots, text).properties(
        title=titled(title, note),
        height=max(180, 44 * len(order)),
        width="container",
        autosize=_FIT_X,
    )


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
        title=titled(title, note), height=150, width="container", autosize=_FIT_X
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
        autosize=_FIT_X,
    )
