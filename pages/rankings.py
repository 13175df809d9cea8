"""Xếp hạng & xu hướng / Rankings and trends.

The end year's ranking (movement and a sparkline per unit), scores and ranks over the
years, per-unit Theil–Sen slopes with the citywide Page test, and rank stability between
two years. Statistics: analysis.stats.trend and analysis.reports.ranking.
"""

import streamlit as st

from analysis.stats.correlation import RANK_CI_MIN
from analysis.stats.trend import MIN_RANK_UNITS, MIN_TREND_UNITS, MIN_YEARS, citywide_direction
from ui import labels, layout, queries, state
from ui.downloads import download_row
from ui.i18n import lang, num, signed, t
from ui.layout import (
    data_caption,
    empty_state,
    end_page,
    lazy_expander,
    method_warning,
    page_header,
    table_view,
)
from ui.rankings import sections as rk
from ui.rankings import trends as rt
from ui.sidebar import current_filters, first_commune_year

PAGE = "rankings"
K = 4  # units at each end of the ranking shown by default in the multi-unit charts

f = current_filters()
page_header("rk_title", f, "rk_intro")
if f.dataset == "published":
    st.caption(t("rk_published_sparse"))

available = [y for y in queries.years(f.key, f.dataset) if f.year_from <= y <= f.year_to]
if not available:
    empty_state(f, t("rk_no_years"))
    end_page()
if not f.unit_ids:
    empty_state(f, t("rk_no_units"))
    end_page()

units = queries.units(f.key)
end, first = available[-1], available[0]
span = (first, end)

# --- 1. the end year's ranking -------------------------------------------------------------
st.subheader(t("rk_table_header", year=end))
ranking = rk.ranking_section(f.key, f.dataset, tuple(available), f.unit_ids, f.lang)
table_view(
    ranking.view,
    placeholder="—",
    key="rk_table",
    height=min(35 * (ranking.n_units + 1) + 3, 1100),
    column_config={
        "rank": st.column_config.NumberColumn(
            t("rk_col_rank"),
            format="%d",
            help=t("rk_col_rank_help", total=f.ranked_together),
            width="small",
        ),
        "unit": st.column_config.TextColumn(t("rk_col_unit"), pinned=True),
        "type": st.column_config.TextColumn(t("rk_col_type"), width="small"),
        "score": st.column_config.NumberColumn(t("rk_col_score", year=end)),
        # The first commune year has no previous year of the same units: no movement column.
        "move": None
        if f.level == "commune" and end - 1 < first_commune_year()
        else st.column_config.TextColumn(
            t("rk_col_move", prev=end - 1), help=t("rk_col_move_help"), width="small"
        ),
        # One year draws no line: a column of dashes headed "2025–2025" says nothing.
        "history": None
        if first == end
        else st.column_config.LineChartColumn(
            t("rk_col_spark", a=first, b=end),
            help=t("rk_col_spark_help"),
            y_min=ranking.history_min,
            y_max=ranking.history_max,
        ),
    },
)
st.caption(
    t(
        "rk_coverage",
        year=end,
        scores=ranking.n_scores,
        ranks=ranking.n_ranks,
        n=ranking.n_units,
        none=ranking.n_none,
    )
    + "  \n"
    + data_caption(f)
)
if ranking.ranks_computed:
    st.caption(t("rk_ranks_computed", year=end))
download_row(ranking.export, f, PAGE, years=span, key="rk_table")

# --- 2. scores and ranks over the years ---------------------------------------------------
st.subheader(t("rk_lines_header"))
if len(available) < 2:
    empty_state(f, t("rk_need_two_years"))
else:
    lines = rk.lines_section(
        f.key, f.dataset, tuple(available), f.unit_ids, bool(f.chosen_units), K, f.meeting, f.lang
    )
    left, right = st.columns(2, gap="large")
    with left:
        if lines.scores.empty:
            empty_state(f, t("rk_no_scores_range"))
        else:
            st.caption(lines.scores_said)
            layout.figure(
                lines.scores_chart,
                t("rk_lines_summary"),
                f,
                f"{PAGE}-scores",
                lines.scores_download,
                key="rk_lines",
                years=span,
            )
    with right:
        if lines.ranks.empty:
            empty_state(f, t("rk_no_ranks_range"))
        else:
            st.caption(lines.ranks_said)
            layout.figure(
                lines.ranks_chart,
                t("rk_bump_summary"),
                f,
                f"{PAGE}-ranks",
                lines.ranks,
                key="rk_bump",
                years=span,
            )

# --- 3. each unit's trend, and the trend across units -----------------------------------------
st.subheader(t("rk_trend_header"))
periods = rt.span_periods(f.key, available)
if len(periods) > 1:
    period_names = "; ".join(p.name_vi if lang() == "vi" else p.name_en for p in periods)
    st.warning(t("rk_span_warning", a=first, b=end, k=len(periods), names=period_names))
st.info(t("rk_power_note"), icon=":material/info:")
slopes = rk.slope_section(f.key, f.dataset, span, f.unit_ids, f.meeting, f.lang)
ok = slopes.ok
if ok.empty:
    empty_state(f, t("rk_slope_none", m=MIN_YEARS))
else:
    up, down = slopes.n_up, slopes.n_down
    summary = t(
        "rk_slope_summary", k=len(ok), m=MIN_YEARS, up=up, down=down, zero=len(ok) - up - down
    )
    c1, c2 = st.columns([3, 2], gap="large")
    with c1:
        layout.figure(
            slopes.chart,
            summary,
            f,
            f"{PAGE}-unit-trends",
            slopes.download,
            key="rk_slopes",
            years=span,
        )
    with c2:
        table_view(
            slopes.table,
            placeholder="—",
            key="rk_slope_table",
            height=min(35 * (len(ok) + 1) + 3, 1100),
            column_config={
                "unit": st.column_config.TextColumn(t("rk_col_unit")),
                "n": st.column_config.NumberColumn(t("rk_col_years"), format="%d", width=60),
                "slope": st.column_config.TextColumn(
                    t("rk_col_slope"), help=t("rk_col_slope_help"), width=80
                ),
                "ci": st.column_config.TextColumn(
                    t("rk_col_ci"), help=t("rk_col_ci_help"), width=120
                ),
            },
        )
without = slopes.without
if without and not ok.empty:
    shown_names = ", ".join(without[:12]) + (", …" if len(without) > 12 else "")
    st.caption(t("rk_slope_missing", k=len(without), m=MIN_YEARS, names=shown_names))

st.markdown(f"**{t('rk_city_header')}**")
city, n_scored_units, n_years = rt.citywide(f.key, f.dataset, span, f.unit_ids)
if city.status == "ok":
    # The direction is the one Page's test found (L against its expectation), and only
    # when the median slope agrees; otherwise the sentence says the units disagree.
    found = citywide_direction(city)
    direction = {"rise": "up", "fall": "down", None: "none"}[found]
    if found is None and city.pvalue < 0.05 and city.effect_size:
        direction = "mixed"
    st.markdown(
        t(
            f"rk_city_{direction}",
            test=t("rk_city_dir_up" if (city.effect_size or 0) > 0 else "rk_city_dir_down"),
            n=city.n,
            a=first,
            b=end,
            p=labels.fmt_p(city.pvalue)
            if city.pvalue < 0.001
            else "= " + labels.fmt_p(city.pvalue),
            w=num(city.effect_size),
            slope=signed(city.estimate),
        )
        + (" " + t("rk_city_caveat") if city.warning and len(periods) > 1 else "")
    )
else:
    if n_years < MIN_YEARS:
        why = t("rk_city_reason_years", k=n_years, m=MIN_YEARS)
    elif city.n < MIN_TREND_UNITS:
        why = t("rk_city_reason_units", n=city.n, a=first, b=end, m=MIN_TREND_UNITS)
    else:
        why = t("rk_city_reason_flat")
    st.markdown(t("rk_city_insufficient", reason=why))
if n_scored_units > city.n and n_years >= MIN_YEARS:
    st.caption(t("rk_city_dropped", d=n_scored_units - city.n, total=n_scored_units))

# --- 4. rank stability between two years ------------------------------------------------------
st.subheader(t("rk_stab_header"))
if len(available) < 2:
    empty_state(f, t("rk_need_two_years"))
    end_page()
for k, default in (("rk_a", first), ("rk_b", end)):
    if state.bind(k, default, state.integer(2000, 2100)) not in available:
        st.session_state[k] = default
c1, c2 = st.columns(2)
year_a = c1.selectbox(t("rk_stab_a"), available, key="rk_a", placeholder=t("select_placeholder"))
year_b = c2.selectbox(t("rk_stab_b"), available, key="rk_b", placeholder=t("select_placeholder"))
if year_a == year_b:
    st.info(t("rk_stab_same"))
else:
    a, b = min(year_a, year_b), max(year_a, year_b)
    method_warning(f, a, b)
    results, movement = rt.stability(f.key, f.dataset, a, b, f.unit_ids)
    kendall, spearman = results
    moved = rk.movement_section(f.key, f.dataset, a, b, f.unit_ids, f.lang)
    if kendall.status == "ok":
        m1, m2 = st.columns(2)
        for col, label, res in (
            (m1, "rk_stab_kendall", kendall),
            (m2, "rk_stab_spearman", spearman),
        ):
            col.metric(t(label), num(res.estimate))
            if res.ci_low is None and label == "rk_stab_kendall":
                col.caption(t("rk_stab_ci_kendall", n=res.n))
            elif res.ci_low is None:
                col.caption(t("rk_stab_ci_none", n=res.n, m=RANK_CI_MIN))
            else:
                col.caption(t("rk_stab_ci", lo=num(res.ci_low), hi=num(res.ci_high), n=res.n))
        st.caption(t("rk_stab_explain", a=a, b=b, n=kendall.n) + "  \n" + data_caption(f))
        download_row(
            moved.stability,
            f,
            f"{PAGE}-stability",
            years=(a, b),
            key="rk_stability",
        )
    elif kendall.n < MIN_RANK_UNITS:
        st.info(t("rk_stab_insufficient", n=kendall.n, a=a, b=b, m=MIN_RANK_UNITS))
    else:
        st.info(t("rk_stab_flat"))

    if movement.empty:
        empty_state(f, t("rk_no_movement", a=a, b=b))
    else:
        if f.dataset == "published":
            st.caption(t("rk_movement_few", n=len(movement), total=f.ranked_together))

        config = {
            "unit": st.column_config.TextColumn(t("rk_col_unit")),
            "rank_a": st.column_config.NumberColumn(
                t("rk_col_rank_y", year=a), format="%d", width="small"
            ),
            "rank_b": st.column_config.NumberColumn(
                t("rk_col_rank_y", year=b), format="%d", width="small"
            ),
            "places": st.column_config.TextColumn(
                t("rk_col_places"), help=t("rk_col_move_help"), width="small"
            ),
            "delta": st.column_config.TextColumn(t("rk_col_delta")),
        }
        c1, c2 = st.columns(2, gap="large")
        for col, label, none_key, rows, key in (
            (c1, "rk_improved", "rk_none_up", moved.up, "rk_up"),
            (c2, "rk_falls", "rk_none_down", moved.down, "rk_down"),
        ):
            col.markdown(f"**{t(label, a=a, b=b)}**")
            if rows.num_rows == 0:
                col.caption(t(none_key))
            else:
                table_view(
                    rows,
                    where=col,
                    placeholder="—",
                    column_config=config,
                    key=key,
                )
        with lazy_expander(t("rk_movement_all", a=a, b=b), key="rk_movement") as is_open:
            if is_open:
                table_view(
                    moved.all,
                    placeholder="—",
                    column_config=config,
                    key="rk_all",
                )
                download_row(
                    moved.export,
                    f,
                    f"{PAGE}-movement",
                    years=(a, b),
                    key="rk_movement",
                )
