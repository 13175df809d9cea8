"""Biến động / Year-over-year change.

Two years and an indicator (bound to the URL): every unit's two scores as a dumbbell, the
change against the band of ordinary variation, the paired tests of the total and the
eight areas (Holm across the nine), and a one-sentence verdict that does not over-claim.
Statistics: analysis.stats.change.
"""

import streamlit as st

from analysis.stats.change import MIN_PAIRS, verdict
from analysis.stats.result import INDICATOR_IDS
from ui import layout, queries, state
from ui.change import sections as cs
from ui.change import yoy as cy
from ui.downloads import download_row
from ui.i18n import indicator_name, lang, t
from ui.layout import empty_state, end_page, method_warning, page_header, table_view
from ui.sidebar import current_filters

PAGE = "change"

f = current_filters()
page_header("chg_title", f, "chg_intro")

all_years = queries.years(f.key, f.dataset)
options = [y for y in all_years if f.year_from <= y <= f.year_to]
if len(options) < 2:
    # A one-year range still compares with the year before it, when there is one.
    earlier = [y for y in all_years if y < f.year_from]
    options = earlier[-1:] + options
if len(options) < 2:
    empty_state(f, t("chg_no_years"))
    end_page()
if not f.unit_ids:
    empty_state(f, t("chg_no_units"))
    end_page()

indicators = queries.indicators(f.key)
for key, default, codec in (
    ("chg_a", options[-2], state.integer(2000, 2100)),
    ("chg_b", options[-1], state.integer(2000, 2100)),
    ("chg_ind", "total", state.choice(INDICATOR_IDS)),
):
    allowed = INDICATOR_IDS if key == "chg_ind" else options
    if state.bind(key, default, codec) not in allowed:
        st.session_state[key] = default
c1, c2, c3 = st.columns([1, 1, 2])
pick_a = c1.selectbox(t("chg_year_a"), options, key="chg_a")
pick_b = c2.selectbox(t("chg_year_b"), options, key="chg_b")
ind = c3.selectbox(
    t("chg_indicator"),
    list(INDICATOR_IDS),
    key="chg_ind",
    format_func=lambda i: indicator_name(indicators, i),
)
if pick_a == pick_b:
    st.info(t("chg_same_year"))
    end_page()
year_a, year_b = min(pick_a, pick_b), max(pick_a, pick_b)
if pick_a > pick_b:
    st.caption(t("chg_swapped", a=year_a, b=year_b))
ind_name = indicator_name(indicators, ind)


method_warning(f, year_a, year_b)
if f.dataset == "published":
    st.caption(t("chg_published_sparse"))

# --- the verdict --------------------------------------------------------------------------
yoy = cy.yoy(f.key, f.dataset, year_a, year_b, f.unit_ids)
row = yoy.loc[yoy["indicator"] == ind].iloc[0]
if row["status"] == "ok":
    st.info(f"**{t('chg_verdict_label')}:** {verdict(row, lang=lang())}", icon=":material/gavel:")
elif int(row["n"]) > 0:  # with no pair at all, the empty state below says so
    st.info(
        t("chg_insufficient", n=int(row["n"]), ind=ind_name, a=year_a, b=year_b, m=MIN_PAIRS),
        icon=":material/info:",
    )

# --- every unit: dumbbell and the band of ordinary variation ----------------------------------
bands = cs.band_view(f.key, f.dataset, year_a, year_b, ind, f.unit_ids, f.meeting, f.lang)
frame = bands.frame
if frame.empty:
    empty_state(f, t("chg_no_pairs", ind=ind_name, a=year_a, b=year_b, m=MIN_PAIRS))
else:
    n_up, n_down, n_same = bands.n_up, bands.n_down, bands.n_same
    left, right = st.columns([3, 2], gap="medium")
    with left:
        layout.figure(
            bands.dumbbell_chart,
            t("chg_dumbbell_summary", n=len(frame), up=n_up, down=n_down, same=n_same),
            f,
            f"{PAGE}-{ind}",
            bands.dumbbell_download,
            key="chg_dumbbell",
            years=(year_a, year_b),
        )
    with right:
        layout.figure(
            bands.band_chart,
            bands.band_summary,
            f,
            f"{PAGE}-{ind}-band",
            bands.band_download,
            key="chg_band",
            years=(year_a, year_b),
        )

# --- the paired tests of the total and the eight areas ----------------------------------------
st.subheader(t("chg_tests_header"))

tests = cs.tests_view(f.key, f.dataset, year_a, year_b, f.unit_ids, f.lang)
table = tests.table
_col = cs.text_column
indicator_col = st.column_config.TextColumn(t("chg_col_indicator"), pinned=True, width=140)
table_height = 35 * (len(table) + 1) + 3
refused = tests.refused
if refused == len(table):
    # Nothing could be tested: say for each indicator how many pairs there are.
    table_view(
        tests.untested,
        width="content",
        key="chg_tests_none",
        column_config={
            "indicator": st.column_config.TextColumn(t("chg_col_indicator"), width=170),
            "n": st.column_config.NumberColumn(
                t("chg_col_n"), help=t("chg_col_n_help"), format="%d", width=50
            ),
            "note": st.column_config.TextColumn(t("chg_col_note"), width=560),
        },
    )
else:
    st.caption(t("chg_tests_caption", k=len(table)))
    st.markdown(f"**{t('chg_tests_primary')}**")
    table_view(
        tests.primary,
        placeholder="—",
        key="chg_tests",
        column_order=[
            "indicator",
            "n",
            "mean_a",
            "mean_b",
            "change",
            "ci_t",
            "p_t",
            "p_holm",
            "dz",
            "counts",
        ],
        height=table_height,
        column_config={
            "indicator": indicator_col,
            "n": st.column_config.NumberColumn(
                t("chg_col_n"), help=t("chg_col_n_help"), format="%d", width=50
            ),
            "mean_a": _col(t("chg_col_mean_a", year=year_a), "chg_col_mean_help", 75),
            "mean_b": _col(t("chg_col_mean_a", year=year_b), "chg_col_mean_help", 75),
            "change": _col(t("chg_col_change"), "chg_col_change_help", 85),
            "ci_t": _col(t("chg_col_ci_t"), "chg_col_ci_t_help", 110),
            "p_t": _col(t("chg_col_p_t"), "chg_col_p_t_help", 85),
            "p_holm": _col(t("chg_col_p_holm"), "chg_col_p_holm_help", 120),
            "dz": _col(t("chg_col_dz"), "chg_col_dz_help", 80),
            "counts": _col(t("chg_col_counts"), "chg_col_counts_help", 120),
        },
    )
    st.markdown(f"**{t('chg_tests_secondary')}**")
    table_view(
        tests.secondary,
        placeholder="—",
        key="chg_tests_more",
        height=table_height,
        column_config={
            "indicator": indicator_col,
            "p_w": _col(t("chg_col_p_w"), "chg_col_p_w_help", 130),
            "rb": _col(t("chg_col_rb"), "chg_col_rb_help", 120),
            "p_s": _col(t("chg_col_p_s"), "chg_col_p_s_help", 150),
            "boot": _col(t("chg_col_boot"), "chg_col_boot_help", 140),
            "note": _col(t("chg_col_note"), "chg_col_note_help", "large"),
        },
    )
if refused:
    st.caption(t("chg_tests_insufficient", k=refused, total=len(table), m=MIN_PAIRS))
download_row(
    tests.download,
    f,
    f"{PAGE}-tests",
    years=(year_a, year_b),
    key="chg_tests",
)
