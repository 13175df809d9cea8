"""The change page's frames and texts, computed once per filters and language and kept.

The statistics come from :mod:`ui.change.yoy` (``yoy``, ``band``; cached there); this
module turns them into what the page shows: the dumbbell and band rows with their texts,
and the two tables of the paired tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyarrow as pa
import streamlit as st

from analysis.stats.change import MIN_BAND_UNITS, MIN_PAIRS
from ui import charts, i18n, labels, layout, queries
from ui.change import charts as chc
from ui.change import yoy as cy
from ui.chartspec import Spec
from ui.i18n import indicator_name, num, pct, signed, t
from ui.layout import as_arrow
from ui.queries import DbKey
from ui.texts import TEXT

__all__ = ["BandView", "TestsView", "band_view", "tests_view", "short_name", "text_column"]

BAND_COLUMNS = [
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
DUMBBELL_COLUMNS = [
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


def short_name(indicators: pd.DataFrame, indicator_id: str) -> str:
    """A short indicator name for tables and chart titles (full names are in the picker)."""
    key = f"chg_short_{indicator_id}"
    return t(key) if key in TEXT else indicator_name(indicators, indicator_id)


def text_column(label: str, help_key: str, width=None):
    """A text column with its help text."""
    return st.column_config.TextColumn(label, help=t(help_key), width=width)


@dataclass(frozen=True)
class BandView:
    """Every unit's change between the two years, with the band of ordinary variation."""

    frame: pd.DataFrame  # the rows both charts draw, with their texts
    dumbbell_download: pd.DataFrame
    band_download: pd.DataFrame
    n_up: int
    n_down: int
    n_same: int
    dumbbell_chart: Spec | None  # None when no unit has both years
    band_chart: Spec | None
    band_summary: str


@queries.cached(max_entries=64)
def band_view(
    key: DbKey,
    dataset: str,
    year_a: int,
    year_b: int,
    indicator: str,
    unit_ids: tuple[str, ...],
    meeting: bool,
    lang: str,
) -> BandView:
    """The rows of the dumbbell and band charts (empty frame when no unit has both years)."""
    frame = cy.band(key, dataset, year_a, year_b, indicator, unit_ids).copy()
    names = i18n.names_of(queries.units(key))
    frame["name"] = frame["unit_id"].map(names)
    frame["direction"] = ["up" if c > 0 else "down" if c < 0 else "same" for c in frame["change"]]
    words = {"up": t("chg_up"), "down": t("chg_down"), "same": t("chg_same")}
    frame["direction_text"] = frame["direction"].map(words)
    arrow = {"up": "▲ ", "down": "▼ ", "same": "= "}
    frame["change_text"] = [
        arrow[d] + signed(c) for d, c in zip(frame["direction"], frame["change"], strict=True)
    ]
    frame["a_text"] = [f"{year_a}: {pct(v)}" for v in frame["score_a"]]
    frame["b_text"] = [f"{year_b}: {pct(v)}" for v in frame["score_b"]]
    frame["kind_text"] = [
        t("chg_unusual_kind") if u else t("chg_ordinary") for u in frame["unusual"]
    ]
    frame["flag_text"] = [t("chg_unusual") if u else "" for u in frame["unusual"]]
    ok_band = not frame.empty and bool((frame["status"] == "ok").all())
    n_up, n_down = int((frame["change"] > 0).sum()), int((frame["change"] < 0).sum())
    band = (
        (float(frame["band_low"].iloc[0]), float(frame["band_high"].iloc[0])) if ok_band else None
    )
    quantiles = ok_band and "empirical quantiles" in str(frame["method"].iloc[0])
    dumbbell = change_band = None
    summary = ""
    if not frame.empty:
        note, sizes = layout.chart_setting(dataset, meeting)
        height = max(120, sizes.row * len(frame))
        dumbbell = chc.dumbbell(
            frame,
            title=t(
                "chg_dumbbell_title",
                ind=short_name(queries.indicators(key), indicator),
                a=year_a,
                b=year_b,
            ),
            note=note,
            x_title=t("score"),
            legend_lines=[t("chg_dumbbell_legend", a=year_a, b=year_b), t("chg_sorted")],
            height=height,
            sizes=sizes,
        )
        change_band = chc.change_band(
            frame,
            title=t("chg_band_title", a=year_a, b=year_b),
            note=note,
            x_title=t("chg_band_axis"),
            band=band,
            median=float(frame["change"].median()) if ok_band else None,
            legend_lines=[t("chg_band_legend"), t("chg_band_legend2")],
            height=height,
            sizes=sizes,
        )
        if band is not None:
            summary = t(
                "chg_band_summary",
                lo=signed(band[0]),
                hi=signed(band[1]),
                k=int(frame["unusual"].sum()),
            )
            if quantiles:
                summary += " " + t("chg_band_quantiles")
        else:
            summary = t("chg_band_insufficient", n=len(frame), m=MIN_BAND_UNITS)
    return BandView(
        frame=frame,
        dumbbell_download=frame[DUMBBELL_COLUMNS],
        band_download=frame[BAND_COLUMNS],
        n_up=n_up,
        n_down=n_down,
        n_same=len(frame) - n_up - n_down,
        dumbbell_chart=None if dumbbell is None else charts.localised(dumbbell, lang),
        band_chart=None if change_band is None else charts.localised(change_band, lang),
        band_summary=summary,
    )


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


@dataclass(frozen=True)
class TestsView:
    """The paired tests of the total and the eight areas, as the page's tables."""

    table: pd.DataFrame  # analysis.stats.change.yoy_table
    primary: pa.Table  # the tables as shown
    secondary: pa.Table
    untested: pa.Table  # indicator, n, note: when nothing could be tested
    download: pd.DataFrame
    refused: int  # indicators not tested


@queries.cached(max_entries=64)
def tests_view(
    key: DbKey, dataset: str, year_a: int, year_b: int, unit_ids: tuple[str, ...], lang: str
) -> TestsView:
    """The tests' tables with rounded texts (full precision kept in hidden columns)."""
    table = cy.yoy(key, dataset, year_a, year_b, unit_ids)
    indicators = queries.indicators(key)
    short = [short_name(indicators, i) for i in table["indicator"]]
    notes = [_note(r) for _, r in table.iterrows()]
    primary = pd.DataFrame(
        {
            "indicator": short,
            "n": table["n"],
            "mean_a": [num(v) for v in table["mean_a"]],
            "mean_b": [num(v) for v in table["mean_b"]],
            "change": [signed(v) for v in table["estimate"]],
            "ci_t": [
                labels.fmt_ci(lo, hi)
                for lo, hi in zip(table["ci_low"], table["ci_high"], strict=True)
            ],
            "p_t": [labels.fmt_p(p) for p in table["pvalue"]],
            "p_holm": [labels.fmt_p(p) for p in table["p_adjusted"]],
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
            "p_w": [labels.fmt_p(p) for p in table["p_wilcoxon_adjusted"]],
            "rb": [signed(v) for v in table["rank_biserial"]],
            "p_s": [labels.fmt_p(p) for p in table["p_sign_adjusted"]],
            "boot": [
                labels.fmt_ci(lo, hi)
                for lo, hi in zip(table["boot_ci_low"], table["boot_ci_high"], strict=True)
            ],
            "note": notes,
        }
    )
    return TestsView(
        table=table,
        primary=as_arrow(primary),
        secondary=as_arrow(secondary),
        untested=as_arrow(pd.DataFrame({"indicator": short, "n": table["n"], "note": notes})),
        download=table.assign(
            indicator_name=[indicator_name(indicators, i) for i in table["indicator"]]
        ),
        refused=int((table["status"] != "ok").sum()),
    )
