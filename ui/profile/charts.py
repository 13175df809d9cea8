"""Charts of the unit profile: score and rank history, the unit against benchmarks."""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.reports.ranking import rank_axis_ticks
from ui.charts import FIT_X, OKABE_ITO, titled
from ui.chartspec import cached_spec

__all__ = [
    "peer_ranges",
    "history_score",
    "history_rank",
    "benchmarks",
]


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
    # "~f" drops trailing zeros: one year's score alone made the axis print "91,630000".
    y = alt.Y(
        "value:Q",
        title=y_title,
        scale=alt.Scale(zero=False, nice=True, padding=18),
        axis=alt.Axis(format=".1~f"),
    )
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
        title=titled(title, note), height=height, width="container", autosize=FIT_X
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
    """The unit's rank by year (1 at the top) among ``n_units``, markers by status, '#rank'."""
    y = alt.Y(
        "rank:Q",
        title=y_title,
        scale=alt.Scale(domain=[1, n_units], reverse=True, nice=False),
        axis=alt.Axis(values=rank_axis_ticks(n_units), format="d"),
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
        autosize=FIT_X,
    )


@cached_spec
def peer_ranges(
    frame: pd.DataFrame,
    *,
    title: str,
    note: str | None,
    x_title: str,
    legend: str,
    tooltips: dict[str, str],
    sizes=None,
) -> alt.LayerChart:
    """One row per scope (group, block): range as a thin line, middle half as a thick bar,
    mean as a tick and the unit as a labelled dot (shapes and text, not colour, carry it).

    ``frame`` has scope_label, min, q1, q3, max, mean, value, value_text, mean_text,
    range_text; ``tooltips`` titles scope, range, mean and value.
    """
    data = frame.dropna(subset=["min"])
    y = alt.Y(
        "scope_label:N",
        title=None,
        sort=list(data["scope_label"]),
        axis=alt.Axis(labelLimit=260, labelFontSize=12),
    )
    x = alt.X("min:Q", title=x_title, scale=alt.Scale(zero=False))
    tip = [
        alt.Tooltip("scope_label:N", title=tooltips["scope"]),
        alt.Tooltip("range_text:N", title=tooltips["range"]),
        alt.Tooltip("mean_text:N", title=tooltips["mean"]),
        alt.Tooltip("value_text:N", title=tooltips["value"]),
    ]
    base = alt.Chart(data).encode(y=y, tooltip=tip)
    spread = base.mark_rule(color="#777", strokeWidth=2).encode(x=x, x2="max:Q")
    middle = base.mark_bar(color="#9ecae1", height=14).encode(x="q1:Q", x2="q3:Q")
    mean = base.mark_tick(color="#333", thickness=2, size=24).encode(x="mean:Q")
    own = data.dropna(subset=["value"])
    dot = (
        alt.Chart(own)
        .mark_point(filled=True, size=140, color=OKABE_ITO[5], shape="circle", stroke="white")
        .encode(y=y, x="value:Q", tooltip=tip)
    )
    label = (
        alt.Chart(own)
        .mark_text(dy=-16, fontSize=12, fontWeight="bold", color="#8a2f00")
        .encode(y=y, x="value:Q", text="value_text:N")
    )
    return alt.layer(spread, middle, mean, dot, label).properties(
        title=titled(title, note, [legend]),
        height=alt.Step(56),
        width="container",
        autosize=FIT_X,
    )
