"""Charts of the rankings page: score lines, bump chart, trend slopes."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from ui.charts import FIT_X, MEETING, NORMAL, OKABE_ITO, Sizes, titled
from ui.chartspec import cached_spec

__all__ = [
    "score_lines",
    "bump",
    "slopes",
]


def _series_colour(names: Sequence[str], field: str = "name") -> tuple[alt.Scale, list[str]]:
    """One colour per unit, fixed by the order of ``names`` (so two charts agree)."""
    names = list(dict.fromkeys(names))
    colours = [OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(names))]
    return alt.Scale(domain=names, range=colours), names


def _legend() -> alt.Legend:
    return alt.Legend(title=None, orient="bottom", columns=4, labelLimit=220, symbolStrokeWidth=3)


@cached_spec
def score_lines(
    frame: pd.DataFrame,
    *,
    title: str,
    note: str | None,
    y_title: str,
    names: Sequence[str],
    height: int = 420,
    sizes: Sizes = NORMAL,
) -> alt.LayerChart:
    """Scores over the years, one line per unit, each line ending in the unit's name.

    ``frame`` has columns name, year, value, value_text. Colours follow ``names`` (share
    them with :func:`bump` so a unit has one colour on the page); lines also differ by
    dash, and the name at the end of each line identifies it without colour.
    """
    data = frame.dropna(subset=["value"]).copy()
    last = data.groupby("name")["year"].transform("max")
    data["is_last"] = data["year"] == last
    scale, order = _series_colour(names)
    sel = alt.selection_point(fields=["name"], bind="legend")
    x = alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0), scale=alt.Scale(paddingOuter=0.3))
    y = alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=False))
    tooltip = [alt.Tooltip("name:N"), alt.Tooltip("year:O"), alt.Tooltip("value_text:N")]
    base = alt.Chart(data).encode(x=x, y=y)
    lines = (
        base.mark_line(point=True, strokeWidth=2.5)
        .encode(
            color=alt.Color("name:N", scale=scale, sort=order, legend=_legend()),
            strokeDash=alt.StrokeDash("name:N", sort=order, legend=None),
            opacity=alt.condition(sel, alt.value(1), alt.value(0.15)),
            tooltip=tooltip,
        )
        .add_params(sel)
    )
    ends = (
        base.transform_filter(alt.datum.is_last)
        .mark_text(align="left", dx=8, fontSize=sizes.text, color="#333", limit=160)
        .encode(text="name:N", opacity=alt.condition(sel, alt.value(1), alt.value(0.2)))
    )
    return (lines + ends).properties(
        title=titled(title, note, sizes=sizes),
        height=int(height * (1.3 if sizes is MEETING else 1)),
        width="container",
        autosize=FIT_X,
    )


@cached_spec
def bump(
    frame: pd.DataFrame,
    *,
    title: str,
    note: str | None,
    rank_title: str,
    names: Sequence[str] | None = None,
    n_places: int = 30,
    height: int | None = None,
    sizes: Sizes = NORMAL,
) -> alt.LayerChart:
    """Ranks over the years, rank 1 on top; each point shows its rank, each line ends in a name.

    ``frame`` has columns name, year, rank (NaN rows are dropped; a line joins a unit's
    ranked years). Colours follow ``names`` (default: best rank in the last year first).
    """
    data = frame.dropna(subset=["rank"]).copy()
    data["rank"] = data["rank"].astype(int)
    data["rank_text"] = data["rank"].astype(str)
    last = data.groupby("name")["year"].transform("max")
    data["is_last"] = data["year"] == last
    top = int(max(n_places, data["rank"].max() if not data.empty else 1))
    if names is None:
        names = data.sort_values(["year", "rank"], ascending=[False, True])["name"].tolist()
    scale, names = _series_colour(names)
    colour = alt.Color("name:N", sort=names, scale=scale, legend=_legend())
    x = alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0), scale=alt.Scale(paddingOuter=0.3))
    y = alt.Y(
        "rank:Q",
        title=rank_title,
        scale=alt.Scale(domain=[1, top], reverse=True, nice=False, zero=False),
        axis=alt.Axis(values=sorted({1, 5, 10, 15, 20, 25, top}), tickMinStep=1, format="d"),
    )
    tooltip = [alt.Tooltip("name:N"), alt.Tooltip("year:O"), alt.Tooltip("rank:Q", format="d")]
    base = alt.Chart(data).encode(x=x, y=y)
    lines = base.mark_line(strokeWidth=3, opacity=0.85).encode(
        color=colour, detail="name:N", tooltip=tooltip
    )
    points = base.mark_point(
        filled=True, fill="white", size=380 * sizes.point, strokeWidth=2.5
    ).encode(
        stroke=alt.Stroke("name:N", sort=names, scale=scale, legend=None),
        tooltip=tooltip,
    )
    labels = base.mark_text(fontSize=sizes.text, fontWeight="bold", color="#222").encode(
        text="rank_text:N", tooltip=tooltip
    )
    ends = (
        base.transform_filter(alt.datum.is_last)
        .mark_text(
            align="left", dx=15 * sizes.point**0.5, fontSize=sizes.text, color="#333", limit=160
        )
        .encode(text="name:N")
    )
    return (lines + points + labels + ends).properties(
        title=titled(title, note, sizes=sizes),
        height=height or max(360, sizes.rank_step * top),
        width="container",
        autosize=FIT_X,
    )


@cached_spec
def slopes(
    frame: pd.DataFrame,
    *,
    title: str,
    note: str | None,
    x_title: str,
    extra: Sequence[str] = (),
    sizes: Sizes = NORMAL,
) -> alt.LayerChart:
    """Dot-and-whisker chart: each unit's slope (dot) with its 95% CI (whisker), zero marked.

    ``frame`` has columns name, slope, ci_low, ci_high, slope_text, ci_text (rows without
    a slope are dropped); units are sorted by slope, steepest rise on top.
    """
    data = frame.dropna(subset=["slope"]).sort_values("slope", ascending=False)
    order = data["name"].tolist()
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=180))
    tooltip = [alt.Tooltip("name:N"), alt.Tooltip("slope_text:N"), alt.Tooltip("ci_text:N")]
    base = alt.Chart(data).encode(y=y)
    whisker = base.mark_rule(strokeWidth=2, color=OKABE_ITO[0], opacity=0.6).encode(
        x=alt.X("ci_low:Q", title=x_title), x2="ci_high:Q", tooltip=tooltip
    )
    dots = base.mark_point(
        filled=True, size=70 * sizes.point, color=OKABE_ITO[0], opacity=1
    ).encode(x="slope:Q", tooltip=tooltip)
    zero = (
        alt.Chart(pd.DataFrame({"x": [0.0]}))
        .mark_rule(color="#444", strokeDash=[4, 3])
        .encode(x="x:Q")
    )
    return (zero + whisker + dots).properties(
        title=titled(title, note, extra, sizes),
        height=max(120, sizes.row * len(order)),
        width="container",
        autosize=FIT_X,
    )
