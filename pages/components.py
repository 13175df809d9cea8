"""Chỉ số thành phần / Components: correlations between the areas, one pair's scatter, top vs bottom."""

import streamlit as st

from analysis.stats.correlation import MIN_PAIRS
from ui import charts, labels, queries, state
from ui.components import charts as cc
from ui.components import correlations as corr
from ui.components import sections as kc
from ui.i18n import lang, num, t
from ui.layout import chart_block, empty_state, end_page, method_warning, page_header, table_view
from ui.sidebar import current_filters

f = current_filters()
page_header("co_title", f, "co_intro")

available = [y for y in queries.years(f.key, f.dataset) if f.year_from <= y <= f.year_to]
if not available:
    empty_state(f, t("co_no_year"))
    end_page()
if not f.unit_ids:
    empty_state(f, t("co_no_units"))
    end_page()

# --- controls (bound to the URL) ---------------------------------------------------------------
year_opts = corr.year_options(available)
with_components = [y for y in corr.component_years(f.key, f.dataset, f.unit_ids) if y in available]
default_year = str((with_components or available)[-1])
if state.bind("co_year", default_year, state.choice(year_opts)) not in year_opts:
    st.session_state["co_year"] = default_year
state.bind("co_m", "spearman", state.choice(corr.METHODS))
# Segmented controls do not wrap inside a column: a row that wraps keeps both whole.
row = st.container(horizontal=True, gap="medium")
choice = row.segmented_control(
    t("co_year"),
    year_opts,
    key="co_year",
    required=True,
    format_func=lambda v: corr.period_label(v, available),
)
method = row.segmented_control(
    t("co_method"),
    corr.METHODS,
    key="co_m",
    required=True,
    format_func=lambda m: t(f"co_{m}"),
    help=t("co_method_help"),
)
years = corr.years_for(choice, available)
pooled = len(years) > 1
period = corr.period_label(choice, available)
note = t("caption_demo") if f.simulated else None
if pooled:
    st.info(t("co_pooled_caveat", a=years[0], b=years[-1]))
    method_warning(f, years[0], years[-1])

# --- correlation heatmap -------------------------------------------------------------------
state.bind("co_x", "total", state.choice(corr.INDICATORS))
state.bind("co_y", "procedures", state.choice(corr.INDICATORS))
selected = (st.session_state["co_x"], st.session_state["co_y"])
heat = kc.heat(f.key, f.dataset, years, f.unit_ids, method, selected, f.lang)
matrix, best = heat.matrix, heat.best

if best is None:
    units_with = corr.units_with_components(f.key, f.dataset, f.unit_ids)
    empty_state(f, t("co_none_computable", period=period, min=MIN_PAIRS, units=units_with))
    n_table = corr.pair_n_table(matrix)
    if n_table.empty:
        st.markdown(t("co_n_all_zero", period=period))
    else:
        st.markdown(t("co_n_listed", period=period))
        table_view(n_table)
    end_page()

chart = charts.localised(
    cc.heatmap(
        heat.cells,
        x_order=[labels.short(i) for i in corr.INDICATORS[:-1]],
        y_order=[labels.short(i) for i in corr.INDICATORS[1:]],
        title=t("co_heat_title", period=period),
        note=note,
        legend_title=corr.method_symbol(method),
        tooltips=corr.heat_tooltips(method),
        param=corr.HEAT_PARAM,
    ),
    lang(),
)
summary = t(
    "co_heat_summary",
    k=heat.n_ok,
    m=len(matrix),
    a=labels.short(best.x),
    b=labels.short(best.y),
    sym=corr.method_symbol(method),
    r=num(best.r, 2),
)
chart_block(
    chart,
    heat.download,
    summary,
    f,
    "components-correlations",
    key=corr.HEAT_KEY,
    years=years,
    on_select=corr.on_heat_select,
)
st.caption(t("co_heat_part_whole"))

# --- one pair ------------------------------------------------------------------------------
st.subheader(t("co_pair_header"))
p1, p2 = st.columns(2)
x = p1.selectbox(
    t("co_pair_x"),
    corr.INDICATORS,
    key="co_x",
    format_func=labels.short,
    placeholder=t("select_placeholder"),
)
y = p2.selectbox(
    t("co_pair_y"),
    corr.INDICATORS,
    key="co_y",
    format_func=labels.short,
    placeholder=t("select_placeholder"),
)
if x == y:
    st.info(t("co_pair_same"))
else:
    one = kc.pair(f.key, f.dataset, years, f.unit_ids, method, x, y, pooled, f.lang)
    st.markdown(one.sentence)
    scatter = charts.localised(
        cc.scatter(
            one.table,
            one.line,
            x_title=labels.short(x),
            y_title=labels.short(y),
            title=t("co_scatter_title", x=labels.short(x), y=labels.short(y), period=period),
            note=note,
            tooltips={"unit": t("unit"), "year": t("year")},
            line_label=t("co_fit_line"),
        ),
        lang(),
    )
    chart_block(
        scatter,
        one.download,
        one.summary,
        f,
        "components-pair",
        key="co_scatter",
        years=years,
    )

# --- each area against the others -------------------------------------------------------------
# Not "top units against bottom units": units chosen by their total differ on the areas the
# total is built from by construction. Each area is set against the mean of the others.
st.subheader(t("co_rest_header"))
rest_year = years[-1]
st.caption(
    t("co_rest_intro", year=rest_year, sym=corr.method_symbol(method))
    + (" " + t("co_sep_pooled_note", year=rest_year) if pooled else "")
)
rest = kc.rest_association(f.key, f.dataset, rest_year, f.unit_ids, method, f.lang)
ok = rest.ok
if ok.empty:
    st.info(t("not_enough", reason=rest.problem))
else:
    lead = rest.lead
    rest_chart = charts.localised(
        cc.separation(
            ok,
            title=t("co_rest_title", year=rest_year),
            note=note,
            x_title=t("co_rest_x", sym=corr.method_symbol(method)),
            legend_title=t("co_sep_legend"),
            sig_label=t("co_sep_sig"),
            tooltips={"area": t("co_col_area"), "result": t("co_col_r_rest")},
        ),
        lang(),
    )
    rest_summary = t(
        "co_rest_summary",
        a=lead["name"],
        sym=corr.method_symbol(method),
        r=num(lead.estimate, 2),
        s=int((ok.p_adjusted < 0.05).sum()),
        m=len(ok),
    )
    chart_block(
        rest_chart,
        rest.download,
        rest_summary,
        f,
        "components-versus-others",
        key="co_rest",
        years=(rest_year,),
    )
    if rest.problem:
        st.caption(t("co_sep_skipped", items=rest.problem))
