"""Charts of the unit profile: score and rank history, the unit against benchmarks."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import FIT_X, OKABE_ITO, titled
from ui.chartspec import cached_spec

__all__ = [
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
        autosize=FIT_X,
    )
