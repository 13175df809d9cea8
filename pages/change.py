"""Biến động / Year-over-year change.

Two years and an indicator (bound to the URL): every unit's two scores as a dumbbell, the
change against the band of ordinary variation, the paired tests of the total and the
eight areas (Holm across the nine), and a one-sentence verdict that does not over-claim.
Statistics: analysis.change.
"""

import pandas as pd
import streamlit as st

from analysis.change import MIN_BAND_UNITS, MIN_PAIRS, verdict
from analysis.result import INDICATOR_IDS
from ui import charts_trends as ct
from ui import data, state
from ui import pagekit_trends as pk
from ui.downloads import download_row
from ui.i18n import indicator_name, lang, num, pct, signed, t
from ui.layout import empty_state, end_page, method_warning, page_header, table_view
from ui.sidebar import current_filters
from ui.texts import TEXT

PAGE = "change"

f = current_filters()
page_header("chg_title", f, "chg_intro")

all_years = data.years(f.key, f.dataset)
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

indicators = data.indicators(f.key)
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


def short_name(indicator_id: str) -> str:
    """A short indicator name for tables and chart titles (full names are in the picker)."""
    key = f"chg_short_{indicator_id}"
    return t(key) if key in TEXT else indicator_name(indicators, indicator_id)


note = t("caption_demo") if f.simulated else None
sizes = ct.sizes_for(f.meeting)
units = data.units(f.key)
names = pk.names_of(units)

method_warning(f, year_a, year_b)
if f.dataset == "published":
    st.caption(t("chg_published_sparse"))

# --- the verdict --------------------------------------------------------------------------
table = pk.yoy(f.key, f.dataset, year_a, year_b, f.unit_ids)
row = table.loc[table["indicator"] == ind].iloc[0]
if row["status"] == "ok":
    st.info(f"**{t('chg_verdict_label')}:** {verdict(row, lang=lang())}", icon=":material/gavel:")
elif int(row["n"]) > 0:  # with no pair at all, the empty state below says so
    st.info(
        t("chg_insufficient", n=int(row["n"]), ind=ind_name, a=year_a, b=year_b, m=MIN_PAIRS),
        icon=":material/info:",
    )

# --- every unit: dumbbell and the band of ordinary variation ----------------------------------
changes = pk.band(f.key, f.dataset, year_a, year_b, ind, f.unit_ids)
if changes.empty:
    empty_state(f, t("chg_no_pairs", ind=ind_name, a=year_a, b=year_b, m=MIN_PAIRS))
else:
    frame = changes.copy()
    frame["name"] = frame["unit_id"].map(names)
    frame["direction"] = ["up" if c > 0 else "down" if c < 0 else "same" for c in frame["change"]]
    frame["direction_text"] = frame["direction"].map(
        {"up": t("chg_up"), "down": t("chg_down"), "same": t("chg_same")}
    )
    arrow = {"up": "▲ ", "down": "▼ ", "same": "= "}
    frame["change_text"] = [
        arrow[d] + signed(c) for d, c in zip(frame["direction"], frame["change"], strict=True)
    ]
    frame["a_text"] = [f"{year_a}: {pct(v)}" for v in frame["score_a"]]
    frame["b_text"] = [f"{year_b}: {pct(v)}" for v in frame["score_b"]]
    ok_band = bool((frame["status"] == "ok").all())
    frame["kind_text"] = [
        t("chg_unusual_kind") if u else t("chg_ordinary") for u in frame["unusual"]
    ]
    frame["flag_text"] = [t("chg_unusual") if u else "" for u in frame["unusual"]]
    n_up, n_down = int((frame["change"] > 0).sum()), int((frame["change"] < 0).sum())
    n_same = len(frame) - n_up - n_down
    height = max(120, sizes.row * len(frame))
    left, right = st.columns([3, 2], gap="medium")
    with left:
        chart = ct.dumbbell(
            frame,
            title=t("chg_dumbbell_title", ind=short_name(ind), a=year_a, b=year_b),
            note=note,
            x_title=t("score"),
            legend_lines=[t("chg_dumbbell_legend", a=year_a, b=year_b), t("chg_sorted")],
            height=height,
            sizes=sizes,
        )
        pk.figure(
            ct.localised(chart, lang()),
            t("chg_dumbbell_summary", n=len(frame), up=n_up, down=n_down, same=n_same),
            f,
            f"{PAGE}-{ind}",
            frame[
                [
                    "unit_id",
                    "name",
                    "score_a",
                    "score_b",
                    "change",
                    "band_low",
                    "band_high",
                    "unusual",
                    "method",
                    "warning",
                    "status",
                    "reason",
                ]
            ],
            key="chg_dumbbell",
            years=(year_a, year_b),
        )
    with right:
        band = (
            (float(frame["band_low"].iloc[0]), float(frame["band_high"].iloc[0]))
            if ok_band
            else None
        )
        median = float(frame["change"].median()) if ok_band else None
        chart = ct.change_band(
            frame,
            title=t("chg_band_title", a=year_a, b=year_b),
            note=note,
            x_title=t("chg_band_axis"),
            band=band,
            median=median,
            legend_lines=[t("chg_band_legend"), t("chg_band_legend2")],
            height=height,
            sizes=sizes,
        )
        if ok_band:
            summary = t(
                "chg_band_summary",
                lo=signed(band[0]),
                hi=signed(band[1]),
                k=int(frame["unusual"].sum()),
            )
            if "empirical quantiles" in str(frame["method"].iloc[0]):
                summary += " " + t("chg_band_quantiles")
        else:
            summary = t("chg_band_insufficient", n=len(frame), m=MIN_BAND_UNITS)
        pk.figure(
            ct.localised(chart, lang()),
            summary,
            f,
            f"{PAGE}-{ind}-band",
            frame[
                [
                    "unit_id",
                    "name",
                    "change",
                    "band_low",
                    "band_high",
                    "unusual",
                    "direction",
                    "method",
                    "status",
                    "reason",
                ]
            ],
            key="chg_band",
            years=(year_a, year_b),
        )

# --- the paired tests of the total and the eight areas ----------------------------------------
st.subheader(t("chg_tests_header"))


def _note(r: pd.Series) -> str:
    parts = []
    if r["status"] != "ok":
        if int(r["n"]) < MIN_PAIRS:
            parts.append(t("chg_note_insufficient", n=int(r["n"]), m=MIN_PAIRS))
        else:
            parts.append(t("chg_note_flat"))
    elif isinstance(r["notes"], str) and r["notes"]:
        parts.append(t("chg_note_secondary", n=int(r["n_up"] + r["n_down"])))
    if isinstance(r["warning"], str) and r["warning"]:
        parts.append(t("chg_note_method"))
    return "; ".join(parts)


short = [short_name(i) for i in table["indicator"]]
primary = pd.DataFrame(
    {
        "indicator": short,
        "n": table["n"],
        "mean_a": [num(v) for v in table["mean_a"]],
        "mean_b": [num(v) for v in table["mean_b"]],
        "change": [signed(v) for v in table["estimate"]],
        "ci_t": [
            pk.fmt_ci(lo, hi) for lo, hi in zip(table["ci_low"], table["ci_high"], strict=True)
        ],
        "p_t": [pk.fmt_p(p) for p in table["pvalue"]],
        "p_holm": [pk.fmt_p(p) for p in table["p_adjusted"]],
        "dz": [signed(v) for v in table["effect_size"]],
        "counts": [
            f"▲{u}  ▼{d}  ={s}" if n else "—"
            for u, d, s, n in zip(
                table["n_up"], table["n_down"], table["n_same"], table["n"], strict=True
            )
        ],
        # Full precision behind the rounded texts (not shown; the download has every column).
        "estimate_value": table["estimate"],
        "pvalue_value": table["pvalue"],
        "p_adjusted_value": table["p_adjusted"],
    }
)
secondary = pd.DataFrame(
    {
        "indicator": short,
        "p_w": [pk.fmt_p(p) for p in table["p_wilcoxon_adjusted"]],
        "rb": [signed(v) for v in table["rank_biserial"]],
        "p_s": [pk.fmt_p(p) for p in table["p_sign_adjusted"]],
        "boot": [
            pk.fmt_ci(lo, hi)
            for lo, hi in zip(table["boot_ci_low"], table["boot_ci_high"], strict=True)
        ],
        "note": [_note(r) for _, r in table.iterrows()],
    }
)


def _col(label: str, help_key: str, width=None):
    return st.column_config.TextColumn(label, help=t(help_key), width=width)


indicator_col = st.column_config.TextColumn(t("chg_col_indicator"), pinned=True, width=140)
table_height = 35 * (len(table) + 1) + 3
refused = int((table["status"] != "ok").sum())
if refused == len(table):
    # Nothing could be tested: say for each indicator how many pairs there are.
    table_view(
        pd.DataFrame(
            {"indicator": short, "n": table["n"], "note": [_note(r) for _, r in table.iterrows()]}
        ),
        width="content",
        key="chg_tests_none",
        column_config={
            "indicator": st.column_config.TextColumn(t("chg_col_indicator"), width=170),
            "n": st.column_config.NumberColumn(
                t("chg_col_n"), help=t("chg_col_n_help"), format="%d", width=50
            ),
            "note": st.column_config.TextColumn(t("chg_col_note"), width=320),
        },
    )
else:
    st.caption(t("chg_tests_caption", k=len(table)))
    st.markdown(f"**{t('chg_tests_primary')}**")
    table_view(
        primary,
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
        secondary,
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
    table.assign(indicator_name=[indicator_name(indicators, i) for i in table["indicator"]]),
    f,
    f"{PAGE}-tests",
    years=(year_a, year_b),
    key="chg_tests",
)
