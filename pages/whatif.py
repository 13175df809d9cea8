"""Mô phỏng mục tiêu / What-if and targets: move component scores, see total and rank; target ranks."""

import math

import streamlit as st

from ui import charts, labels, queries, state
from ui import unit_picker as picker
from ui.i18n import lang, num, pct, t, unit_name
from ui.layout import chart_block, empty_state, end_page, page_header
from ui.sidebar import current_filters
from ui.whatif import charts as wc
from ui.whatif import sections as kw
from ui.whatif import simulation

f = current_filters()
page_header("wi_title", f, "wi_intro")
units = queries.units(f.key)

options = picker.unit_options(f)
available = [y for y in queries.years(f.key, f.dataset) if f.year_from <= y <= f.year_to]
if not options:
    empty_state(f, t("wi_no_units"))
    end_page()
if not available:
    empty_state(f, t("wi_no_year"))
    end_page()

# --- unit and year (bound to the URL) ----------------------------------------------------------
# Open on a unit and year the page can simulate (not on one it can only say it cannot).
default_unit = simulation.opening_unit(f, options, available)
if state.bind("wi_unit", default_unit, state.choice(units.unit_id.tolist())) not in options:
    st.session_state["wi_unit"] = default_unit
c1, c2 = st.columns([3, 2])
unit = c1.selectbox(
    t("wi_unit"),
    options,
    key="wi_unit",
    format_func=picker.unit_label(units),
    placeholder=t("select_placeholder"),
)
good_years = simulation.simulatable_years(f, unit, available)
default_year = (good_years or available)[-1]
if state.bind("wi_year", default_year, state.integer(2000, 2100)) not in available:
    st.session_state["wi_year"] = default_year
year = c2.selectbox(t("wi_year"), available, key="wi_year", placeholder=t("select_placeholder"))
name = unit_name(units, unit)
note = t("caption_demo") if f.simulated else None

target_info = simulation.published_target(f.key, unit)
if target_info:
    can_prev = year != target_info["prev"] and target_info["prev"] in good_years
    choose = t("wi_target_published_choose", **target_info) if can_prev else ""
    st.info(t("wi_target_published", unit=name, **target_info) + choose, icon=":material/flag:")

start = kw.scores(f.key, f.dataset, year, unit, f.lang)
why = start.why
if why:
    empty_state(
        f,
        t("wi_cannot", unit=name, year=year, why=why)
        + " "
        + simulation.simulatable_list(f, available),
    )
    end_page()

# --- weights -------------------------------------------------------------------------------
defaults = simulation.default_weights(f.key)
simulation.seed_weights(defaults)
st.markdown(simulation.weights_plain(defaults))
kinds = simulation.weight_kinds(defaults)
with st.expander(t("wi_weights")):
    cols = st.columns(4)
    for i, r in enumerate(defaults.itertuples(index=False)):
        cols[i % 4].number_input(
            t(
                "wi_weight_label",
                area=labels.short(r.component),
                kind=kinds[r.component],
            ),
            min_value=0.1,
            max_value=100.0,
            step=0.5,
            format="%.2f",
            key=simulation.weight_key(r.component),
            help=None if r.assumed else t("wi_weight_help"),
        )
    weights = simulation.current_weights(defaults)
    st.caption(t("wi_weights_sum", total=num(sum(weights.values()))))
    st.button(
        t("wi_weights_reset"), on_click=simulation.reset_weights, args=(defaults,), key="wi_w_reset"
    )
if simulation.weights_changed(defaults, weights):
    st.warning(t("wi_weights_changed", total=num(sum(weights.values()))))

# --- sliders -------------------------------------------------------------------------------
st.subheader(t("wi_sliders"))
current = start.current
simulation.seed_sliders(unit, year, current)
new: dict[str, float] = {}
scored = [c for c in simulation.COMPONENTS if not math.isnan(current[c])]
cols = st.columns(2)
for i, comp in enumerate(scored):
    new[comp] = cols[i % 2].slider(
        t("wi_slider_label", area=labels.short(comp), now=pct(current[comp])),
        min_value=0.0,
        max_value=100.0,
        step=0.01,
        format="%.2f",
        key=simulation.slider_key(unit, year, comp),
        help=t("wi_slider_help", pts=num(weights[comp]), kind=kinds[comp]),
    )
missing = [labels.short(c) for c in simulation.COMPONENTS if c not in scored]
if missing:
    st.caption(t("wi_slider_missing", areas=", ".join(missing)))
st.button(
    t("wi_reset"), on_click=simulation.reset_sliders, args=(unit, year, current), key="wi_reset"
)

# --- live result -----------------------------------------------------------------------------
st.subheader(t("wi_result"))
w_key = tuple(weights.items())  # in the areas' order, which the tables follow
sim = kw.simulation(f.key, f.dataset, year, unit, tuple(new.items()), w_key, f.lang)
res = sim.result
m1, m2, m3 = st.columns(3)
m1.metric(t("wi_total_now", year=year), pct(res["now_total"]))
m2.metric(
    t("wi_total_sim"),
    pct(res["sim_total"]),
    simulation.metric_delta(res["sim_total"] - res["now_total"]),
)
delta, colour = simulation.places_delta(res["now_rank"], res["sim_rank"])
m3.metric(
    t("wi_rank_sim"),
    t("wi_rank_value", rank=res["sim_rank"], n=res["n"]),
    delta,
    delta_color=colour,
)
if f.dataset == "published":
    official = simulation.official_rank(f.key, f.dataset, unit, year)
    st.caption(
        t(
            "wi_rank_scope_published",
            n=res["n"],
            year=year,
            unit=name,
            official=t("wi_official_none")
            if official is None
            else t("wi_rank_value", rank=official, n=f.ranked_together),
            total=f.ranked_together,
        )
    )
st.caption(t("wi_weighted_mean", now=pct(res["now_mean"]), sim=pct(res["sim_mean"])))
strip = charts.localised(
    wc.position_strip(
        sim.others,
        sim.marks,
        title=t("wi_strip_title", unit=name, year=year),
        note=note,
        x_title=t("score"),
        tooltips={"unit": t("wi_tt_unit"), "value": t("wi_tt_value"), "rank": t("wi_tt_rank")},
        mark_order=[t("wi_strip_now"), t("wi_strip_sim")],
    ),
    lang(),
)
chart_block(
    strip,
    sim.table,
    sim.summary,
    f,
    f"whatif-{unit}",
    key="wi_strip",
    years=(year,),
)

# --- target rank -----------------------------------------------------------------------------
st.subheader(t("wi_target_header"))
n_ranked = res["n"]
target_default = simulation.default_target(res["now_rank"])
context = (unit, year, f.dataset)
if target_info and year == target_info["prev"]:
    span = simulation.target_span(res["now_rank"], target_info)
    st.info(
        t("wi_target_published_here", unit=name, rank=res["now_rank"], **target_info, **span),
        icon=":material/flag:",
    )
bound = state.bind("wi_target", target_default, state.integer(1, 30))
if st.session_state.get("_wi_target_ctx") not in (None, context) or not 1 <= bound <= n_ranked:
    # A new unit, year or dataset starts from its own default target.
    st.session_state["wi_target"] = target_default
st.session_state["_wi_target_ctx"] = context
target = st.number_input(
    t("wi_target"),
    min_value=1,
    max_value=n_ranked,
    step=1,
    key="wi_target",
    help=t("wi_target_help"),
)
if f.dataset == "published":
    st.caption(t("wi_target_scope_published", n=n_ranked))
aim = kw.target(f.key, f.dataset, year, unit, int(target), w_key, f.lang)
if res["now_rank"] <= target:
    st.success(t("wi_target_done", unit=name, rank=res["now_rank"], target=target))
else:
    st.markdown(
        t(
            "wi_target_need",
            target=target,
            rank=res["now_rank"],
            need=num(aim.need),
            score=pct(aim.holder_score),
            holder=aim.holder,
            unit=name,
        )
    )
    chart = charts.localised(
        wc.target_bars(
            aim.bars,
            title=t("wi_target_title", target=target, year=year),
            note=note,
            x_title=t("wi_target_x"),
            tooltips={"area": t("wi_col_area"), "result": t("wi_col_change")},
            feasible_order=[t("wi_feasible"), t("wi_infeasible")],
        ),
        lang(),
    )
    chart_block(
        chart,
        aim.table,
        aim.summary,
        f,
        f"whatif-{unit}-target",
        key="wi_target_chart",
        years=(year,),
    )
    if aim.equal_weights:
        st.caption(t("wi_equal_weights_note"))
