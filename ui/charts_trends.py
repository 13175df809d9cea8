"""Chart builders of the rankings and year-over-year change pages (Altair).

Same conventions as :mod:`ui.charts`: Okabe–Ito colours, a subtitle that carries the data
note (SIMULATED), and nothing that relies on colour alone: direction is also a shape and a
label (▲/▼, ▶/◀), ranks are printed on the points. Every builder takes plain columns that
the page prepared (names already in the reader's language, labels already formatted).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import altair as alt
import pandas as pd

from ui.charts import OKABE_ITO, localised
from ui.chartspec import cached_spec

__all__ = [
    "UP",
    "DOWN",
    "SAME",
    "Sizes",
    "sizes_for",
    "score_lines",
    "bump",
    "slopes",
    "dumbbell",
    "change_band",
    "localised",
]

UP, DOWN, SAME = OKABE_ITO[0], OKABE_ITO[5], "#7f7f7f"  # blue, vermillion, grey
BAND_GREY = "#bdbdbd"
# Width follows the page; height is the plot's own (one row per unit must stay readable).
_FIT_X = alt.AutoSizeParams(type="fit-x", contains="padding")


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


def _titled(
    title: str, note: str | None, extra: Sequence[str] = (), sizes: Sizes | None = None
) -> alt.TitleParams:
    """As :func:`ui.charts.titled`, with extra subtitle lines and sizes for meeting mode."""
    sizes = sizes or NORMAL
    lines = [*([note] if note else []), *extra]
    return alt.TitleParams(
        text=title,
        subtitle=lines,
        anchor="start",
        fontSize=15 if sizes is NORMAL else 21,
        subtitleFontSize=11 if sizes is NORMAL else 15,
    )


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
        title=_titled(title, note, sizes=sizes),
        height=int(height * (1.3 if sizes is MEETING else 1)),
        width="container",
        autosize=_FIT_X,
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
        title=_titled(title, note, sizes=sizes),
        height=height or max(360, sizes.rank_step * top),
        width="container",
        autosize=_FIT_X,
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
        title=_titled(title, note, extra, sizes),
        height=max(120, sizes.row * len(order)),
        width="container",
        autosize=_FIT_X,
    )


@cached_spec
def dumbbell(
    frame: pd.DataFrame,
    *,
    title: str,
    note: str | None,
    x_title: str,
    legend_lines: Sequence[str] = (),
    height: int | None = None,
    sizes: Sizes = NORMAL,
) -> alt.LayerChart:
    """Each unit's score in year A (hollow circle) and year B (triangle) joined by a line.

    ``frame`` has columns name, score_a, score_b, change, direction ("up", "down",
    "same"), direction_text (legend label, e.g. "Tăng ▶"), change_text (e.g. "▲ +1,26"),
    a_text, b_text; units are drawn in the order of the rows (sort by change first). The
    triangle points the way the score moved, so the direction reads without colour.
    """
    data = frame.dropna(subset=["score_a", "score_b"]).copy()
    order = data["name"].tolist()
    data["right"] = data[["score_a", "score_b"]].max(axis=1)
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=180))
    tooltip = [
        alt.Tooltip("name:N"),
        alt.Tooltip("a_text:N"),
        alt.Tooltip("b_text:N"),
        alt.Tooltip("change_text:N"),
    ]
    kinds = data.drop_duplicates("direction").set_index("direction")["direction_text"]
    domain = [kinds[k] for k in ("up", "down", "same") if k in kinds.index]
    rng = {"up": UP, "down": DOWN, "same": SAME}
    shapes = {"up": "triangle-right", "down": "triangle-left", "same": "circle"}
    present = [k for k in ("up", "down", "same") if k in kinds.index]
    legend = alt.Legend(title=None, orient="top", direction="horizontal")
    colour = alt.Color(
        "direction_text:N",
        scale=alt.Scale(domain=domain, range=[rng[k] for k in present]),
        legend=legend,
    )
    shape = alt.Shape(
        "direction_text:N",
        scale=alt.Scale(domain=domain, range=[shapes[k] for k in present]),
        legend=legend,
    )
    base = alt.Chart(data).encode(y=y)
    lo = min(data["score_a"].min(), data["score_b"].min()) if not data.empty else 0
    hi = max(data["score_a"].max(), data["score_b"].max()) if not data.empty else 100
    pad = max(0.5, (hi - lo) * 0.12)
    x_scale = alt.Scale(domain=[float(lo - pad / 3), float(hi + pad)], zero=False, nice=False)
    link = base.mark_rule(strokeWidth=2.5, opacity=0.55).encode(
        x=alt.X("score_a:Q", title=x_title, scale=x_scale),
        x2="score_b:Q",
        color=colour,
        tooltip=tooltip,
    )
    start = base.mark_point(
        filled=False, size=70 * sizes.point, strokeWidth=1.8, color="#555"
    ).encode(x="score_a:Q", tooltip=tooltip)
    end = base.mark_point(filled=True, size=110 * sizes.point, opacity=1).encode(
        x="score_b:Q", color=colour, shape=shape, tooltip=tooltip
    )
    text = base.mark_text(align="left", dx=9, fontSize=sizes.text, color="#333").encode(
        x="right:Q", text="change_text:N"
    )
    return (link + start + end + text).properties(
        title=_titled(title, note, legend_lines, sizes),
        height=height or max(120, sizes.row * len(order)),
        width="container",
        autosize=_FIT_X,
    )


@cached_spec
def change_band(
    frame: pd.DataFrame,
    *,
    title: str,
    note: str | None,
    x_title: str,
    band: tuple[float, float] | None,
    median: float | None,
    legend_lines: Sequence[str] = (),
    height: int | None = None,
    sizes: Sizes = NORMAL,
) -> alt.LayerChart:
    """Each unit's change with the band of ordinary variation shaded; units outside it labelled.

    ``frame`` has columns name, change, unusual (bool), kind_text (legend label), flag_text
    (label printed beside unusual units, empty otherwise), change_text; rows in drawing order.
    ``band`` None draws no band (too few units to estimate it).
    """
    data = frame.dropna(subset=["change"]).copy()
    order = data["name"].tolist()
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=180))
    tooltip = [alt.Tooltip("name:N"), alt.Tooltip("change_text:N"), alt.Tooltip("kind_text:N")]
    kinds = data.drop_duplicates("unusual").set_index("unusual")["kind_text"]
    present = [k for k in (False, True) if k in kinds.index]
    legend = alt.Legend(title=None, orient="top", direction="horizontal")
    colour = alt.Color(
        "kind_text:N",
        scale=alt.Scale(
            domain=[kinds[k] for k in present],
            range=[OKABE_ITO[0] if not k else OKABE_ITO[1] for k in present],
        ),
        legend=legend,
    )
    shape = alt.Shape(
        "kind_text:N",
        scale=alt.Scale(
            domain=[kinds[k] for k in present],
            range=["circle" if not k else "diamond" for k in present],
        ),
        legend=legend,
    )
    values = list(data["change"])
    if band is not None:
        values += list(band)
    lo, hi = (min(values + [0.0]), max(values + [0.0])) if values else (-1.0, 1.0)
    pad = max(0.3, (hi - lo) * 0.08)
    # Room on the right for the "unusual" label beside the highest change.
    x_scale = alt.Scale(
        domain=[float(lo - pad), float(hi + max(1.0, (hi - lo) * 0.35))], nice=False
    )
    x = alt.X("change:Q", title=x_title, scale=x_scale)
    layers: list[alt.Chart] = []
    if band is not None:
        layers.append(
            alt.Chart(pd.DataFrame({"lo": [band[0]], "hi": [band[1]]}))
            .mark_rect(color=BAND_GREY, opacity=0.35)
            .encode(x=alt.X("lo:Q", scale=x_scale), x2="hi:Q")
        )
    layers.append(
        alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#222", strokeWidth=1).encode(x="x:Q")
    )
    if median is not None:
        layers.append(
            alt.Chart(pd.DataFrame({"x": [median]}))
            .mark_rule(color="#555", strokeDash=[5, 3])
            .encode(x="x:Q")
        )
    base = alt.Chart(data).encode(y=y)
    layers.append(
        base.mark_rule(strokeWidth=1.5, opacity=0.5)
        .encode(x=alt.X("zero:Q", scale=x_scale), x2="change:Q", color=colour)
        .transform_calculate(zero="0")
    )
    layers.append(
        base.mark_point(filled=True, size=90 * sizes.point, opacity=1).encode(
            x=x, color=colour, shape=shape, tooltip=tooltip
        )
    )
    layers.append(
        base.transform_filter(alt.datum.unusual)
        .mark_text(align="left", dx=9, fontSize=sizes.text, fontWeight="bold", color="#8a4b00")
        .encode(x="change:Q", text="flag_text:N")
    )
    return alt.layer(*layers).properties(
        title=_titled(title, note, legend_lines, sizes),
        height=height or max(120, sizes.row * len(order)),
        width="container",
        autosize=_FIT_X,
    )
