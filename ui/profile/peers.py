"""The unit against its own group (quận with quận, huyện with huyện) and the whole block;
since 2025 against its block (phường or xã) and both blocks, with no place across them."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.codes import COMPONENTS
from analysis.reports.unit_report import peer_comparison
from ui import queries
from ui.i18n import indicator_name, num, pct, signed, t, unit_name
from ui.queries import DbKey

__all__ = ["Peers", "peers", "place_text"]


@dataclass(frozen=True)
class Peers:
    """What the profile shows of the unit among its peers in one year."""

    year: int | None  # latest year in range with the unit's total score or rank
    group: str  # the unit type (quận, huyện, thị xã; since 2025 phường or xã: the block)
    group_label: str  # how texts name the group
    wide_label: str  # how texts name the wider scope (the district block, or both blocks)
    table: pd.DataFrame | None  # one row per indicator and scope, for reading
    ranges: pd.DataFrame | None  # the total's two rows for the chart (group, block)
    sentence: str
    summary: str  # the chart's one line


def place_text(row) -> str:
    """'3/12', '3/7 (of those published)', or '—' when the unit has no place."""
    if pd.isna(row.position):
        return "—"
    text = f"{int(row.position)}/{int(row.position_of)}"
    return text if row.complete else f"{text} {t('pf_peer_of_published_short')}"


def _place_note(row) -> str:
    return "" if row.complete else t("pf_peer_of_published", n=int(row.n_units))


@queries.cached(max_entries=128)
def peers(key: DbKey, dataset: str, years: tuple[int, int], unit_id: str, lang: str) -> Peers:
    """The unit's total and components against its group and the block, latest year."""
    units = queries.units(key)
    types = dict(zip(units["unit_id"], units["unit_type"], strict=True))
    own = queries.panel(key, dataset, years, (unit_id,), ("total",))
    own = own[own["value"].notna() | own["rank"].notna()]
    group = str(types.get(unit_id, ""))
    commune = key.level == "commune"
    group_label = t(f"pf_peer_group_{group}") if f"pf_peer_group_{group}" in _texts() else group
    wide_label = t("pf_peer_both_blocks" if commune else "pf_peer_block")
    if own.empty or unit_id not in types:
        return Peers(None, group, group_label, wide_label, None, None, "", "")
    year = int(own["year"].max())
    indicators = ("total", *COMPONENTS)
    panel = queries.panel(key, dataset, (year, year), None, indicators)
    out = peer_comparison(panel, types, unit_id, year, indicators)
    # A component the unit has no score for says nothing about the unit: keep the total always.
    out = out[(out["indicator_id"] == "total") | out["value"].notna()].copy()
    if commune:
        # The group is the ranking block; the two blocks are never ranked together, and the
        # published ranks are places within a block: no place across both.
        both = out["scope"] == "block"
        out.loc[both, ["position", "position_of"]] = float("nan")
        out.loc[both, "position_by"] = None
    ind = queries.indicators(key)
    scope_label = {"group": group_label, "block": wide_label}
    table = pd.DataFrame(
        {
            t("pf_peer_col_indicator"): [indicator_name(ind, i) for i in out["indicator_id"]],
            t("pf_peer_col_scope"): [scope_label[s] for s in out["scope"]],
            t("pf_peer_col_n"): out["n_values"].astype(int),
            t("pf_peer_col_value"): out["value"],
            t("pf_peer_col_mean"): out["mean"],
            t("pf_peer_col_min"): out["min"],
            t("pf_peer_col_q1"): out["q1"],
            t("pf_peer_col_median"): out["median"],
            t("pf_peer_col_q3"): out["q3"],
            t("pf_peer_col_max"): out["max"],
            t("pf_peer_col_gap"): out["gap_mean"],
            t("pf_peer_col_place"): [place_text(r) for r in out.itertuples()],
        }
    )
    total = out[out["indicator_id"] == "total"].reset_index(drop=True)
    ranges = total.assign(
        scope_label=[scope_label[s] for s in total["scope"]],
        value_text=[pct(v) for v in total["value"]],
        mean_text=[pct(v) for v in total["mean"]],
        range_text=[
            f"{pct(a)} – {pct(b)}" for a, b in zip(total["min"], total["max"], strict=True)
        ],
    )
    name = unit_name(units, unit_id)
    return Peers(
        year=year,
        group=group,
        group_label=group_label,
        wide_label=wide_label,
        table=table,
        # The chart places the unit among its peers: only when it has a score and peers do.
        ranges=ranges if ranges["n_values"].max() > 1 and ranges["value"].notna().all() else None,
        sentence=_sentence(total, name, year, group_label, wide_label, dataset),
        summary=_summary(total, name, year, group_label, wide_label),
    )


def _texts():
    from ui.texts import TEXT

    return TEXT


def _by(position_by: str | None, dataset: str) -> str:
    """How the place was read: a simulated or uploaded table's ranks are not published ones."""
    if position_by == "rank" and dataset != "published":
        return t("pf_peer_by_rank_demo" if dataset == "demo" else "pf_peer_by_rank_upload")
    return t(f"pf_peer_by_{position_by}")


def _sentence(
    total: pd.DataFrame, name: str, year: int, group_label: str, wide: str, dataset: str
) -> str:
    g, b = total.iloc[0], total.iloc[1]
    parts = []
    if pd.notna(g.position):
        place = {
            "unit": name,
            "year": year,
            "place": f"{int(g.position)}/{int(g.position_of)}",
            "note": _place_note(g),
            "group": group_label,
            "by": _by(g.position_by, dataset),
        }
        if pd.isna(b.position):  # since 2025: no place across the two blocks
            parts.append(t("pf_peer_place_in_block", **place))
        else:
            block = f"{int(b.position)}/{int(b.position_of)}"
            parts.append(t("pf_peer_place", **place, block=block, bnote=_place_note(b)))
    else:
        parts.append(t("pf_peer_no_place", unit=name, year=year))
    if pd.notna(g.value) and g.n_values > 1:
        parts.append(
            t(
                "pf_peer_gap",
                value=pct(g.value),
                group=group_label,
                mean=pct(g["mean"]),
                lo=pct(g["min"]),
                hi=pct(g["max"]),
                n=int(g.n_values),
                gap=signed(g.gap_mean),
                block_mean=pct(b["mean"]),
                m=int(b.n_values),
                wide=wide,
            )
        )
    elif g.n_values <= 1:
        parts.append(t("pf_peer_too_few", group=group_label, n=int(g.n_values)))
    return " ".join(parts)


def _summary(total: pd.DataFrame, name: str, year: int, group_label: str, wide: str) -> str:
    g, b = total.iloc[0], total.iloc[1]
    return t(
        "pf_peer_summary",
        unit=name,
        year=year,
        value=pct(g.value),
        group=group_label,
        glo=pct(g["min"]),
        ghi=pct(g["max"]),
        gmean=pct(g["mean"]),
        blo=pct(b["min"]),
        bhi=pct(b["max"]),
        bmean=pct(b["mean"]),
        iqr=f"{num(g.q1)}–{num(g.q3)}",
        wide=wide,
    )
