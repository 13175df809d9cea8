"""Tổng quan / Overview: the year's headline, a map of the 30 units and the distribution."""

import streamlit as st

from ui import charts, queries, state
from ui.i18n import num, pct, signed, t, unit_name
from ui.layout import chart_block, empty_state, end_page, geo_url, page_header
from ui.overview import charts as ov_charts
from ui.overview import sections as ov
from ui.sidebar import current_filters, first_commune_year

f = current_filters()
page_header("ov_title", f, "ov_intro")

available = [y for y in queries.years(f.key, f.dataset) if f.year_from <= y <= f.year_to]
if not available:
    empty_state(f, t("ov_no_year"))
    end_page()
# Open on a year whose headline rests on more than one unit (2023 on the published figures).
opening = ov.opening_year(f.key, f.dataset, tuple(available), f.unit_ids)
if state.bind("year", opening, state.integer(2000, 2100)) not in available:
    st.session_state["year"] = opening
if len(available) > 1:
    year = st.select_slider(t("ov_year"), options=available, key="year")
else:  # a slider with one stop is a dot at its left end: say the year instead
    year = available[0]
    st.markdown(t("ov_year_only", year=year))

status_key = "ov_status_simulated" if f.simulated else "ov_status_published"
view = ov.year_view(
    f.key,
    f.dataset,
    year,
    f.unit_ids,
    bool(f.chosen_units or f.level == "commune" or len(f.types) < 3),
    f.lang,
    (t(status_key), t("ov_status_rank_only"), t("ov_status_missing")),
)
head, this, scored = view.head, view.units, view.scored
units = queries.units(f.key)

c1, c2, c3, c4 = st.columns(4)
src = (
    t("ov_block_avg_src_published")
    if head.block_average_source == "published"
    else t("ov_block_avg_src_mean", n=head.n_scores)
)
c1.metric(
    t("ov_block_avg"),
    pct(head.block_average),
    signed(head.block_change).replace("−", "-") if head.block_change is not None else None,
    help=src if head.block_average is not None else None,
)
# The first commune year has no year before of the same units: nothing to improve on.
new_units = f.level == "commune" and year - 1 < first_commune_year()
c2.metric(
    t("ov_improved"),
    "—"
    if new_units
    else t("ov_improved_value", k=head.n_improved, n=head.n_compared)
    if head.n_improved is not None
    else t("ov_unknown"),
    help=t("ov_improved_new", year=year) if new_units else None,
)
for col, label, pick in ((c3, "ov_top", head.top), (c4, "ov_bottom", head.bottom)):
    col.metric(t(label), unit_name(units, pick[0]) if pick else t("ov_unknown"))
    if pick and pick[1] is not None:
        col.caption(pct(pick[1]))

if 0 < head.n_scores < len(this) / 2:
    # Say it when the year's figures rest on a few units (a reader may move the slider there).
    st.caption(t("ov_few_scores", k=head.n_scores, n=len(this), year=year))
caption_note = t("caption_demo") if f.simulated else None
if f.level == "commune":
    map_chart = ov_charts.symbol_map(
        this,
        title=t("ov_map_title", year=year),
        note=caption_note,
        value_title=t("score"),
        tooltips={k: t(f"ov_tip_{k}") for k in ("unit", "value", "rank", "status")},
        height=720 if f.meeting else 480,
        geo_url=geo_url(),
        label_size=13 if f.meeting else 0,
    )
else:
    map_chart = charts.choropleth(
        this,
        title=t("ov_map_title", year=year),
        note=caption_note,
        value_title=t("score"),
        missing_label=t("no_published_figure"),
        height=760 if f.meeting else 560,
        geo_url=geo_url(),
        tooltip_titles=(t("unit"), t("rank"), t("ov_status")),
        decimal="," if f.lang == "vi" else ".",
        label_size=15 if f.meeting else 11,
        sizes=charts.sizes_for(f.meeting),
    )
chart_block(
    map_chart,
    view.table,
    t("ov_map_summary", k=head.n_scores, n=len(this), year=year),
    f,
    "overview",
    key="ov_map",
    years=(year,),
)
st.caption(t("ov_geo_attr"))
if f.level == "commune":
    st.caption(t("ov_points_attr"))

if scored.empty:
    empty_state(f, t("ov_coverage_text", scores=0, ranks=head.n_ranks, missing=len(this)))
else:
    dist = charts.distribution(
        scored, title=t("ov_dist_title", year=year), note=caption_note, x_title=t("score")
    )
    chart_block(
        dist,
        scored,
        t(
            "ov_dist_summary",
            lo=num(scored.value.min()),
            hi=num(scored.value.max()),
            mean=num(scored.value.mean()),
        ),
        f,
        "overview-distribution",
        key="ov_dist",
        years=(year,),
    )

st.subheader(t("ov_coverage", year=year))
st.markdown(
    t(
        "ov_coverage_text",
        scores=head.n_scores,
        ranks=head.n_ranks,
        missing=view.n_missing,
    )
)
