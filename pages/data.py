"""Dữ liệu & nguồn / Data and sources: every figure, its source, coverage and the build."""

import streamlit as st

from ui import plain, queries, state
from ui.data import charts as dc
from ui.data import codebook
from ui.data import sections as dk
from ui.downloads import download_row
from ui.i18n import indicator_name, t
from ui.layout import chart_block, data_caption, empty_state, page_header, table_view
from ui.sidebar import current_filters

f = current_filters()
page_header("dt_title", f, "dt_intro")
indicators = queries.indicators(f.key)
units = queries.units(f.key)
# Switching tabs reruns the page and .open says which tab shows. The first two tabs hold
# widgets bound to the URL and always run (a widget not drawn loses its value); the sources
# and method tables are built only while their tab is open.
tab_obs, tab_cov, tab_src, tab_method, tab_cross = st.tabs(
    [t("dt_tab_obs"), t("dt_tab_cov"), t("dt_tab_src"), t("dt_tab_method"), t("dt_tab_cross")],
    key="dt_tab",
    on_change="rerun",
)

with tab_obs:
    scope = f.unit_ids if f.chosen_units or len(f.types) < 3 else None
    ind_options, meas_options = dk.observation_options(f.key, f.dataset, f.years, scope)
    state.bind("dt_ind", "*", state.choice(ind_options))
    state.bind("dt_meas", "*", state.choice(meas_options))
    c1, c2 = st.columns(2)
    ind = c1.selectbox(
        t("dt_indicator"),
        ind_options,
        key="dt_ind",
        format_func=lambda i: t("dt_all") if i == "*" else indicator_name(indicators, i),
        placeholder=t("select_placeholder"),
    )
    meas = c2.selectbox(
        t("dt_measure"),
        meas_options,
        key="dt_meas",
        format_func=lambda m: t("dt_all") if m == "*" else dk.measure_label(m),
        placeholder=t("select_placeholder"),
    )
    shown = dk.observations(f.key, f.dataset, f.years, scope, ind, meas)
    if shown.empty:
        empty_state(f, t("dt_no_rows"))
    else:
        st.caption(f"{t('dt_rows', n=len(shown))} {data_caption(f)}")
        table_view(dk.observations_shown(f.key, f.dataset, f.years, scope, ind, meas, f.lang))
        download_row(shown, f, "data", key="dt_obs")

with tab_cov:
    cov_ind_options = ["total", *[i for i in indicators[indicators.is_component].indicator_id]]
    state.bind("dt_cov", "total", state.choice(cov_ind_options))
    cov_ind = st.selectbox(
        t("dt_indicator"),
        cov_ind_options,
        key="dt_cov",
        format_func=lambda i: indicator_name(indicators, i),
        placeholder=t("select_placeholder"),
    )
    cov = dk.coverage_view(f.key, f.dataset, cov_ind, f.years, f.unit_ids, f.lang)
    if cov.cells.empty:
        empty_state(f, t("dt_no_rows"))
    else:
        counts = cov.counts
        summary = t(
            "dt_cov_summary",
            pub=int(counts.get("published", 0)),
            cells=len(cov.cells),
            rank=int(counts.get("rank only", 0)),
            missing=int(counts.get("missing", 0)),
            sim=t("dt_cov_sim") if f.simulated else "",
        )
        chart = dc.coverage_matrix(
            cov.cells,
            dk.coverage_labels(),
            title=t("dt_cov_title", ind=indicator_name(indicators, cov_ind)),
            note=t("caption_demo") if f.simulated else None,
        )
        chart_block(chart, cov.table, summary, f, "coverage", key="dt_cov_chart")

with tab_src:
    if tab_src.open:
        srcs, n_published = dk.sources_with_counts(f.key)
        st.caption(t("dt_src_count", n=len(srcs), k=n_published))
        table_view(
            srcs.assign(link=[plain.safe_url(u) for u in srcs["url"]]),
            caption=t("dt_src_table"),
            column_config={
                "url": st.column_config.TextColumn(t("col_url")),
                "link": st.column_config.LinkColumn(t("dt_src_link")),
                "figures": st.column_config.NumberColumn(t("dt_figures"), format="%d"),
            },
        )
        download_row(srcs, f, "sources", key="dt_src")
        st.subheader(t("dt_initiatives"))
        ini = queries.initiatives(f.key)
        table_view(dk.named(ini, f.key), caption=t("dt_ini_table"))
        download_row(ini, f, "initiatives", key="dt_ini")

with tab_method:
    if tab_method.open:
        st.subheader(t("dt_codebook"))
        st.caption(t("dt_codebook_intro"))
        codebook.download_row()
        st.caption(t("dt_static_files"))
        st.subheader(t("dt_periods"))
        table_view(queries.method_periods(f.key), caption=t("dt_periods_table"))
        st.subheader(t("dt_disagree"))
        disagree = dk.disagreements(f.key, f.lang)
        if disagree.empty:
            st.caption(t("dt_disagree_none"))
        else:
            table_view(disagree, caption=t("dt_disagree_caption"))
        st.subheader(t("dt_corrections"))
        table_view(queries.corrections(f.key), caption=t("dt_corrections_table"))
        st.subheader(t("dt_seed_files"))
        table_view(queries.seed_files(f.key), caption=t("dt_seed_files_table"))
        st.caption(t("dt_geo"))

with tab_cross:
    if tab_cross.open:
        cross = dk.crosswalk_table(f.key, f.lang)
        n, k = cross["unit_id"].nunique(), cross["former_unit_id"].nunique()
        st.markdown(t("dt_cross_intro", n=n, k=k))
        st.caption(t("dt_cross_caption"))
        table_view(cross)
        download_row(cross, f, "crosswalk-2025", key="dt_cross")
