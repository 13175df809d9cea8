"""Hồ sơ đơn vị / Unit profile: report card, components against the city, initiatives, sources."""

import streamlit as st

from ui import charts, queries, state
from ui import unit_picker as picker
from ui.downloads import download_row
from ui.i18n import lang, pct, t, unit_name
from ui.layout import (
    chart_block,
    empty_state,
    end_page,
    lazy_expander,
    method_warning,
    page_header,
    table_view,
)
from ui.profile import charts as pc
from ui.profile import peers as kpeers
from ui.profile import report_card, report_pdf
from ui.profile import sections as kp
from ui.sidebar import current_filters

f = current_filters()
page_header("pf_title", f, "pf_intro")
units = queries.units(f.key)
indicators = queries.indicators(f.key)

options = picker.unit_options(f)
if not options:
    empty_state(f, t("pf_no_units"))
    end_page()
default = picker.default_unit(f, options)
if state.bind("unit", default, state.choice(units.unit_id.tolist())) not in options:
    st.session_state["unit"] = default
unit = st.selectbox(
    t("pf_unit"),
    options,
    key="unit",
    format_func=picker.unit_label(units),
    placeholder=t("select_placeholder"),
)
name = unit_name(units, unit)
if f.level == "commune":
    pred = kp.predecessors(f.key, unit, f.lang)
    with st.container(border=True):
        st.markdown(f"**{t('pf_pred_title')}**")
        st.caption(t("pf_pred_note", unit=name, covered=pct(pred.covered * 100, 1)))
        table_view(pred.table)
        for fid, fname, share in pred.former:
            st.button(
                t("pf_pred_open", former=fname, share=pct(share * 100, 1)),
                key=f"pf_pred_{fid}",
                on_click=kp.open_predecessor,
                args=(fid,),
            )
note = t("caption_demo") if f.simulated else None
label = report_card.status_labeller(f, unit)

# --- report card ---------------------------------------------------------------------------
card = kp.card(f.key, f.dataset, f.years, unit, f.lang)
hist = card.history
if not (card.has_scores or card.has_ranks):
    empty_state(f, t("pf_no_figure", unit=name, a=f.year_from, b=f.year_to))
else:
    st.subheader(t("pf_card"))
    change = card.change
    m1, m2, m3 = st.columns(3)
    if card.last_score is not None:
        year, value, status = card.last_score
        m1.metric(t("pf_latest_score", year=year), pct(value))
        m1.caption(status)
    else:
        m1.metric(t("pf_total_plain"), t("pf_not_published"))
    if change:
        delta, colour = report_card.rank_delta(change)
        m2.metric(
            t("pf_latest_rank", year=change["year"]),
            t("pf_rank_value", rank=change["rank"], total=card.ranked_together),
            delta,
            delta_color=colour,
        )
    else:
        m2.metric(t("pf_rank_plain"), t("pf_not_published"))
    m3.metric(
        t("pf_years_with"),
        t("pf_years_with_value", k=card.n_years, n=f.year_to - f.year_from + 1),
    )
    if card.sentence:
        st.markdown(card.sentence)
    # One warning for the whole history shown (it covers the rank change too).
    method_warning(f, card.span[0], card.span[-1])
    if f.simulated:
        st.caption(t("pf_demo_legend"))

    order = report_card.status_order(f)
    tips = {
        "year": t("pf_tt_year"),
        "value": t("pf_tt_value"),
        "rank": t("pf_tt_rank"),
        "status": t("pf_tt_status"),
    }
    score_chart = charts.localised(
        pc.history_score(
            hist.assign(status=hist.value_status),
            title=t("pf_score_title", unit=name),
            note=note,
            y_title=t("score"),
            status_order=order,
            tooltips=tips,
        ),
        lang(),
    )
    rank_chart = charts.localised(
        pc.history_rank(
            hist.assign(status=hist.rank_status),
            title=t("pf_rank_title", unit=name),
            note=note,
            y_title=t("rank"),
            status_order=order,
            tooltips=tips,
            n_units=card.ranked_together,
        ),
        lang(),
    )
    # A chart without points says nothing: draw only the ones with data, its line says why.
    shown = [
        (chart, summary, part)
        for chart, summary, part, has in (
            (score_chart, card.score_summary, "score", card.has_scores),
            (rank_chart, card.rank_summary, "rank", card.has_ranks),
        )
        if has
    ]
    for (chart, summary, part), col in zip(shown, st.columns(len(shown)), strict=True):
        with col:
            chart_block(
                chart,
                card.download,
                summary,
                f,
                f"profile-{unit}-{part}",
                key=f"pf_{part}",
            )
    if not card.has_scores:
        st.caption(t("pf_score_none"))
    elif not card.has_ranks:
        st.caption(t("pf_rank_none"))
    report_pdf.download(f, unit, card.span)

# --- against its peers ---------------------------------------------------------------------
peer = kpeers.peers(f.key, f.dataset, f.years, unit, f.lang)
if peer.year is None:
    st.subheader(t("pf_peer_header_plain"))
    st.info(t("pf_peer_none", unit=name))
else:
    st.subheader(t("pf_peer_header", year=peer.year))
    st.markdown(peer.sentence)
    if peer.ranges is not None:
        chart_block(
            pc.peer_ranges(
                peer.ranges,
                title=t(
                    "pf_peer_title",
                    unit=name,
                    year=peer.year,
                    group=peer.group_label,
                    wide=peer.wide_label,
                ),
                note=note,
                x_title=t("score"),
                legend=t("pf_peer_legend"),
                tooltips={
                    "scope": t("pf_peer_tt_scope"),
                    "range": t("pf_peer_tt_range"),
                    "mean": t("pf_peer_tt_mean"),
                    "value": t("pf_peer_tt_value"),
                },
            ),
            peer.table,
            peer.summary,
            f,
            f"profile-{unit}-peers",
            key="pf_peers",
            years=(peer.year,),
        )
    else:
        table_view(
            peer.table,
            caption=t("pf_peer_table", group=peer.group_label, wide=peer.wide_label),
        )

# --- components against the city -------------------------------------------------------------
comp = kp.components(f.key, f.dataset, f.years, unit, f.lang)
comp_year = comp.year
if comp_year is None:
    st.subheader(t("pf_comp_header_plain"))
    st.info(t("pf_comp_none", unit=name, a=f.year_from, b=f.year_to))
else:
    st.subheader(t("pf_comp_header", year=comp_year))
    if comp.most <= 1:
        # Nobody else has these areas that year: a comparison chart would compare the unit
        # with itself.
        st.info(t("pf_comp_alone", unit=name, year=comp_year))
        table_view(comp.table, column_config={"indicator_id": None})
    else:
        series = [name, t("pf_series_mean"), t("pf_series_best")]
        # Since 2025 the mean and the best are the block's (report_card.benchmarks).
        block = f.types[0] if f.level == "commune" and f.types else ""
        comp_scope = t(f"pf_peer_group_{block}") if block else t("pf_scope_city")
        bench_chart = charts.localised(
            pc.benchmarks(
                comp.long,
                title=t("pf_comp_title", unit=name, year=comp_year, scope=comp_scope),
                note=note,
                x_title=t("pf_comp_x"),
                series_order=series,
                tooltips={
                    "area": t("pf_tt_area"),
                    "value": t("pf_tt_value"),
                    "who": t("pf_tt_who"),
                },
            ),
            lang(),
        )
        chart_block(
            bench_chart,
            comp.table,
            comp.summary,
            f,
            f"profile-{unit}-components",
            key="pf_bench",
            years=(comp_year,),
        )
        if comp.smallest < 10:
            st.warning(t("pf_comp_small_n", n=comp.smallest, total=f.ranked_together))

# --- initiatives -------------------------------------------------------------------------------
st.subheader(t("pf_init_header"))
groups = report_card.initiative_groups(f.key, unit, indicators)
if not groups:
    st.info(t("pf_init_none", unit=name))
else:
    n_items = sum(len(items) for _, items in groups)
    st.caption(
        t("pf_init_intro", k=n_items, unit=name)
        + ("" if lang() == "vi" else " " + t("pf_init_names_vi"))
    )
    for head, items in groups:
        st.markdown(head)
        st.markdown("\n".join(f"- {line}" for line in items))

# --- sources -----------------------------------------------------------------------------------
st.subheader(t("pf_src_header"))
src = kp.sources(f.key, f.dataset, unit, f.lang)
if f.dataset != "published":
    if not src.own.empty:
        st.markdown(
            t("pf_src_demo", k=len(src.own), unit=name, eq=src.own_equal, sim=src.own_simulated)
        )
        with lazy_expander(t("pf_src_demo_table"), key="pf_own") as is_open:
            if is_open:
                own_table = report_card.figures_table(src.own, indicators, label)
                table_view(
                    report_card.screen_links(own_table),
                    column_config=report_card.figures_columns(),
                )
                download_row(own_table, f, f"profile-{unit}-figures", key="pf_own")
    st.markdown(f"**{t('pf_src_published_header')}**")
if src.published.empty:
    st.info(t("pf_src_none", unit=name))
else:
    st.caption(t("pf_src_intro", k=len(src.published), unit=name, s=src.n_sources))
    for line in src.lines:
        st.markdown(f"- {line}")
    table_view(
        report_card.screen_links(src.published_table), column_config=report_card.figures_columns()
    )
    download_row(
        src.published_table, report_card.as_published(f), f"profile-{unit}-sources", key="pf_src"
    )
