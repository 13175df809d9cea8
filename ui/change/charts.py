"""Charts of the change page: the dumbbell of two years and the band of ordinary variation."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from ui.charts import DOWN, FIT_X, NORMAL, OKABE_ITO, SAME, UP, Sizes, titled
from ui.chartspec import cached_spec

__all__ = [
    "BAND_GREY",
    "dumbbell",
    "change_band",
]

BAND_GREY = "#bdbdbd"


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
        title=titled(title, note, legend_lines, sizes),
        height=height or max(120, sizes.row * len(order)),
        width="container",
        autosize=FIT_X,
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
        title=titled(title, note, legend_lines, sizes),
        height=height or max(120, sizes.row * len(order)),
        width="container",
        autosize=FIT_X,
    )
