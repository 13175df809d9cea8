"""The figures of the one-page report for one unit and year, read from a store.

Nothing here fills a gap: a figure the dataset does not hold stays ``None`` and is listed
as missing; a mean is taken over the units that have a value (``n`` says how many); ranks
are the dataset's own (published or simulated), never recomputed from a partial set of
scores. The unit is compared with its *group* (units of the same type at the same level
that year: quận with quận, huyện with huyện, phường with phường, xã with xã) and with its
*block* (every unit of its level that year). A type held by one unit only (Sơn Tây, the
only thị xã) has no group and is compared with the block alone.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from analysis.codes import SCORE_INDICATORS
from analysis.stats.change import ordinary_variation_band
from analysis.stats.periods import (
    DEFAULT_PERIODS,
    MethodPeriod,
    comparability_warning,
    period_of,
    periods_from_frame,
)
from analysis.warehouse.store import Store

__all__ = [
    "ChangeFacts",
    "ComponentRow",
    "HistoryPoint",
    "ReportError",
    "SourceRef",
    "UnitPage",
    "block_and_group",
    "type_block",
    "resolve_unit",
    "unit_page",
]

_MEASURES = ["score_pct", "rank", "delta_pct", "delta_rank"]


class ReportError(ValueError):
    """The report cannot be made: unknown unit, a year without figures, an unknown dataset."""


@dataclass(frozen=True)
class HistoryPoint:
    """One year of the unit's total: score, rank and the block's average where known."""

    year: int
    score: float | None
    score_derived: str | None  # how a derived score was computed (None: printed as is)
    rank: int | None
    out_of: int | None
    block: float | None  # the block's average: published, or the mean of every unit
    block_published: bool


@dataclass(frozen=True)
class ComponentRow:
    """The total or one component in the report's year: the unit, its group, its block."""

    indicator_id: str
    value: float | None
    derived: str | None
    source_id: str | None
    rank: int | None
    out_of: int | None
    group_n: int
    group_mean: float | None
    group_min: float | None
    group_max: float | None
    group_position: int | None  # 1 + units of the group strictly above (None: n < 2 or no value)
    block_n: int
    block_mean: float | None
    block_min: float | None
    block_max: float | None
    block_published: bool  # block_mean is the published block average, not our mean


@dataclass(frozen=True)
class ChangeFacts:
    """The total's change from the previous year, and what the other units did."""

    previous_year: int
    before: float | None
    after: float | None
    delta: float | None  # after − before, when both are held
    delta_published: float | None  # the change as a source printed it
    rank_before: int | None
    rank_after: int | None
    places_up: int | None
    band_low: float | None  # ordinary change of the block (see ordinary_variation_band)
    band_high: float | None
    band_n: int  # units with a total in both years
    band_min_n: int
    unusual: str | None  # "above", "below" or None
    warning: str | None  # English comparability warning (analysis.stats.periods)
    period_before: MethodPeriod | None
    period_after: MethodPeriod | None


@dataclass(frozen=True)
class SourceRef:
    """A source the page cites; ``role`` is "unit" (the unit's own figures), "peers" (other
    units' figures in the means) or "reproduced" (published figures a simulated panel keeps)."""

    number: int
    source_id: str
    title: str | None
    publisher: str | None
    published_on: str | None
    url: str | None
    role: str


@dataclass(frozen=True)
class UnitPage:
    """Everything the one-page report shows, in no particular language."""

    unit_id: str
    name_vi: str
    name_en: str
    unit_type: str
    level: str
    year: int
    dataset: str
    group_type: str | None  # None: the unit's type has no other unit that year
    group_size: int
    block_type: str | None  # since 2025 the block is a type (phường or xã); None: districts
    block_size: int
    new_since: str | None  # ISO date the unit was created, when that was in the report's year
    history: tuple[HistoryPoint, ...]
    components: tuple[ComponentRow, ...]
    change: ChangeFacts
    period: MethodPeriod | None
    period_breaks: tuple[int, ...]  # first years of a new method period inside the history
    missing_components: tuple[str, ...]  # indicator ids without a value in the year
    sources: tuple[SourceRef, ...]
    source_numbers: dict[str, int] = field(default_factory=dict)
    build: dict[str, str] = field(default_factory=dict)

    @property
    def simulated(self) -> bool:
        """Whether the figures come from the simulated demo panel."""
        return self.dataset == "demo"


# --- finding the unit -------------------------------------------------------------------
def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())


def _ascii(text: str) -> str:
    text = _fold(text).replace("đ", "d")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def resolve_unit(units: pd.DataFrame, text: str) -> str:
    """The unit id for a unit id or a name (with or without diacritics or type prefix).

    Parameters
    ----------
    units : pandas.DataFrame
        The ``units`` view (unit_id, name_vi, name_en, unit_type, level).
    text : str
        ``"bac_tu_liem"``, ``"Bắc Từ Liêm"``, ``"quận Bắc Từ Liêm"`` or ``"Bac Tu Liem"``.

    Returns
    -------
    str

    Raises
    ------
    ReportError
        When nothing matches (naming the closest names) or several units do.

    Examples
    --------
    >>> u = pd.DataFrame({"unit_id": ["ung_hoa", "son_tay"], "name_vi": ["Ứng Hòa", "Sơn Tây"],
    ...                   "name_en": ["Ung Hoa", "Son Tay"], "unit_type": ["huyện", "thị xã"],
    ...                   "level": "district"})
    >>> resolve_unit(u, "huyện Ứng Hòa"), resolve_unit(u, "son tay"), resolve_unit(u, "ung_hoa")
    ('ung_hoa', 'son_tay', 'ung_hoa')
    """
    wanted = _fold(text)
    if not wanted:
        raise ReportError("no unit given")
    ids = units["unit_id"].astype(str).tolist()
    if text.strip() in ids:
        return text.strip()
    hits: list[str] = []
    for row in units.itertuples(index=False):
        names = {_fold(row.name_vi), _fold(f"{row.unit_type} {row.name_vi}")}
        if wanted in names or _ascii(wanted) in {_ascii(n) for n in names}:
            hits.append(str(row.unit_id))
        elif _ascii(wanted) == _ascii(str(row.name_en)):
            hits.append(str(row.unit_id))
    if len(hits) > 1:
        # A ward may share a district's name: the district-level unit is meant unless said.
        district = [h for h in hits if units.set_index("unit_id").at[h, "level"] == "district"]
        if len(district) == 1:
            return district[0]
        raise ReportError(f"'{text}' names several units ({', '.join(hits)}); give the unit id")
    if hits:
        return hits[0]
    labels = {_ascii(n): f"{n} ({i})" for n, i in zip(units["name_vi"], ids, strict=True)}
    labels.update({i: f"{n} ({i})" for n, i in zip(units["name_vi"], ids, strict=True)})
    close = difflib.get_close_matches(_ascii(wanted), list(labels), n=4, cutoff=0.6)
    named = list(dict.fromkeys(labels[c] for c in close))
    hint = f"; did you mean {', '.join(named)}?" if named else ""
    raise ReportError(f"unknown unit '{text}'{hint}")


# --- peers --------------------------------------------------------------------------------
def _valid_in(units: pd.DataFrame, year: int) -> pd.Series:
    start = pd.to_datetime(units["valid_from"]).dt.year
    end = pd.to_datetime(units["valid_to"]).dt.year
    return (start <= year) & (end.isna() | (end >= year))


def type_block(unit: pd.Series) -> str | None:
    """The unit's block when it is one type (phường or xã since 2025); None for districts.

    Examples
    --------
    >>> type_block(pd.Series({"unit_type": "xã", "block": "xã"}))
    'xã'
    >>> type_block(pd.Series({"unit_type": "quận", "block": "district"})) is None
    True
    """
    block = unit.get("block")
    return str(block) if block is not None and block == unit["unit_type"] else None


def block_and_group(
    units: pd.DataFrame, unit_id: str, year: int
) -> tuple[list[str], list[str], str | None]:
    """The unit's block (the units ranked with it that year) and group (its type within it).

    The block is the units of the unit's ``block`` (the 30 districts; since 2025 the phường
    or the xã, ranked apart), else of its level. A block of one type (phường, xã) is its own
    group: the group is then just the unit.

    Returns
    -------
    block_ids, group_ids, group_type
        ``group_type`` is None (and ``group_ids`` just the unit) when no other unit of the
        block shares the unit's type, or when the block is the type.

    Examples
    --------
    >>> u = pd.DataFrame({"unit_id": ["a", "b", "c"], "unit_type": ["quận", "quận", "thị xã"],
    ...                   "level": "district", "valid_from": "2008-08-01", "valid_to": None})
    >>> block_and_group(u, "a", 2023)
    (['a', 'b', 'c'], ['a', 'b'], 'quận')
    >>> block_and_group(u, "c", 2023)
    (['a', 'b', 'c'], ['c'], None)
    >>> w = pd.DataFrame({"unit_id": ["p", "q", "x"], "unit_type": ["phường", "phường", "xã"],
    ...                   "block": ["phường", "phường", "xã"], "level": "commune",
    ...                   "valid_from": "2025-07-01", "valid_to": None})
    >>> block_and_group(w, "p", 2025)
    (['p', 'q'], ['p'], None)
    """
    row = units.set_index("unit_id").loc[unit_id]
    valid = units[_valid_in(units, year) & (units["level"] == row["level"])]
    block_of = row.get("block")
    if block_of is not None and pd.notna(block_of):
        valid = valid[valid["block"] == block_of]
        if type_block(row) is not None:
            return sorted({*valid["unit_id"].astype(str), unit_id}), [unit_id], None
    block = sorted(valid["unit_id"].astype(str))
    if unit_id not in block:
        block = sorted([*block, unit_id])
    group = sorted(valid.loc[valid["unit_type"] == row["unit_type"], "unit_id"].astype(str))
    if len(group) < 2:
        return block, [unit_id], None
    return block, group, str(row["unit_type"])


# --- helpers ------------------------------------------------------------------------------
def _num(value: object) -> float | None:
    if value is None or pd.isna(value):
        return None
    return float(value)


def _int(value: object) -> int | None:
    number = _num(value)
    return None if number is None else int(round(number))


def _text(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value) or None


def _stats(values: pd.Series) -> tuple[int, float | None, float | None, float | None]:
    values = values.dropna()
    if values.empty:
        return 0, None, None, None
    return int(values.size), float(values.mean()), float(values.min()), float(values.max())


def _block_line(
    store: Store, dataset: str, level: str, block_size: dict[int, int]
) -> dict[tuple[int, str], tuple[float, bool, str | None]]:
    """(year, indicator) → (block average, published?, source): the published average, else
    the mean of the units only when every unit of the block has a value."""
    if level != "district":
        return {}
    out: dict[tuple[int, str], tuple[float, bool, str | None]] = {}
    for r in store.block_averages(dataset).itertuples(index=False):
        key = (int(r.year), str(r.indicator_id))
        if _num(r.published_average) is not None:
            out[key] = (float(r.published_average), True, _text(r.source_id))
        elif _num(r.mean_of_units) is not None and int(r.n_units) >= block_size.get(key[0], 10**9):
            out[key] = (float(r.mean_of_units), False, None)
    return out


# --- the page -----------------------------------------------------------------------------
def unit_page(
    store: Store,
    unit_id: str,
    year: int,
    dataset: str = "published",
    periods: Sequence[MethodPeriod] | None = None,
) -> UnitPage:
    """Gather the report's figures for ``unit_id`` in ``year`` from ``dataset``.

    Parameters
    ----------
    store : Store
        An open store (a built database, or an upload store).
    unit_id : str
    year : int
    dataset : str
        One of ``store.datasets`` ("published", "demo", or an upload's name).
    periods : sequence of MethodPeriod, optional
        Method periods; read from the store when not given.

    Returns
    -------
    UnitPage

    Raises
    ------
    ReportError
        Unknown dataset or unit, or no total or component figure of the unit in ``year``
        (the message lists the years that have one).

    Examples
    --------
    >>> from analysis.warehouse.build import build
    >>> import tempfile, pathlib
    >>> s = Store(build(pathlib.Path(tempfile.mkdtemp()) / "r.duckdb"))
    >>> page = unit_page(s, "bac_tu_liem", 2023)
    >>> page.history[-2].score, page.group_type, page.change.delta_published
    (94.27, 'quận', 0.64)
    """
    if dataset not in store.datasets:
        raise ReportError(f"unknown dataset '{dataset}' (choose from {', '.join(store.datasets)})")
    year = int(year)
    units = store.units(None)
    if unit_id not in set(units["unit_id"]):
        raise ReportError(f"unknown unit '{unit_id}'")
    if periods is None:
        try:
            periods = periods_from_frame(store.method_periods())
        except ValueError:
            periods = DEFAULT_PERIODS
    unit = units.set_index("unit_id").loc[unit_id]
    block_ids, group_ids, group_type = block_and_group(units, unit_id, year)

    obs = store.observations(
        dataset, unit_ids=block_ids, indicator_ids=list(SCORE_INDICATORS), measures=_MEASURES
    )
    obs["year"] = obs["year"].astype(int)
    own = obs[obs["unit_id"] == unit_id]
    scored_years = sorted(set(own.loc[own["measure"].isin(["score_pct", "rank"]), "year"]))
    if year not in scored_years:
        held = ", ".join(str(y) for y in scored_years) or "none"
        raise ReportError(
            f"{unit['name_vi']} ({unit_id}) has no score or rank for {year} in the "
            f"'{dataset}' dataset; years with one: {held}"
        )

    # The unit's figures by (year, indicator, measure): read a few dozen times below.
    own_cells = {
        (int(r["year"]), str(r["indicator_id"]), str(r["measure"])): r
        for r in own.to_dict("records")
    }

    def cell(y: int, ind: str, measure: str) -> dict | None:
        return own_cells.get((int(y), ind, measure))

    # --- history of the total
    level = str(unit["level"])
    span_years = store.years(dataset) if level == "district" else sorted(set(obs["year"]))
    valid_units = units[units["level"] == level]
    sizes = {y: int(_valid_in(valid_units, y).sum()) for y in span_years}
    block_line = _block_line(store, dataset, level, sizes)
    start = pd.to_datetime(unit["valid_from"]).year
    end = pd.to_datetime(unit["valid_to"]).year if pd.notna(unit["valid_to"]) else 10**4
    history = []
    for y in [y for y in span_years if start <= y <= end]:
        score, rank = cell(y, "total", "score_pct"), cell(y, "total", "rank")
        avg = block_line.get((y, "total"))
        history.append(
            HistoryPoint(
                year=int(y),
                score=None if score is None else _num(score["value"]),
                score_derived=None if score is None else _text(score.get("derived_from")),
                rank=None if rank is None else _int(rank["value"]),
                out_of=None if rank is None else _int(rank["out_of"]),
                block=None if avg is None else avg[0],
                block_published=bool(avg and avg[1]),
            )
        )

    # --- components against the group and the block
    scores = obs[(obs["year"] == year) & (obs["measure"] == "score_pct")]
    components = []
    for ind in SCORE_INDICATORS:
        values = scores[scores["indicator_id"] == ind].set_index("unit_id")["value"].astype(float)
        mine, rank = cell(year, ind, "score_pct"), cell(year, ind, "rank")
        value = None if mine is None else _num(mine["value"])
        g_n, g_mean, g_min, g_max = _stats(values.reindex(group_ids))
        b_n, b_mean, b_min, b_max = _stats(values.reindex(block_ids))
        published = block_line.get((year, ind))
        if published is not None and published[1]:
            b_mean = published[0]
        position = None
        if value is not None and group_type is not None and g_n >= 2:
            position = 1 + int((values.reindex(group_ids).dropna() > value).sum())
        components.append(
            ComponentRow(
                indicator_id=ind,
                value=value,
                derived=None if mine is None else _text(mine.get("derived_from")),
                source_id=None if mine is None else _text(mine["source_id"]),
                rank=None if rank is None else _int(rank["value"]),
                out_of=None if rank is None else _int(rank["out_of"]),
                group_n=g_n if group_type else 0,
                group_mean=g_mean if group_type else None,
                group_min=g_min if group_type else None,
                group_max=g_max if group_type else None,
                group_position=position,
                block_n=b_n,
                block_mean=b_mean,
                block_min=b_min,
                block_max=b_max,
                block_published=bool(published and published[1]),
            )
        )

    # --- the year's change
    prev = year - 1
    before, after = cell(prev, "total", "score_pct"), cell(year, "total", "score_pct")
    r_before, r_after = cell(prev, "total", "rank"), cell(year, "total", "rank")
    delta_pub = cell(year, "total", "delta_pct")
    b_val = None if before is None else _num(before["value"])
    a_val = None if after is None else _num(after["value"])
    rb = None if r_before is None else _int(r_before["value"])
    ra = None if r_after is None else _int(r_after["value"])
    panel = obs.loc[
        (obs["measure"] == "score_pct") & (obs["indicator_id"] == "total"),
        ["unit_id", "year", "indicator_id", "value"],
    ]
    band = ordinary_variation_band(panel, prev, year, periods=periods)
    band_ok = not band.empty and (band["status"] == "ok").all()
    mine_band = band[band["unit_id"] == unit_id]
    change = ChangeFacts(
        previous_year=prev,
        before=b_val,
        after=a_val,
        delta=None if b_val is None or a_val is None else round(a_val - b_val, 10),
        delta_published=None if delta_pub is None else _num(delta_pub["value"]),
        rank_before=rb,
        rank_after=ra,
        places_up=None if rb is None or ra is None else rb - ra,
        band_low=float(band["band_low"].iloc[0]) if band_ok else None,
        band_high=float(band["band_high"].iloc[0]) if band_ok else None,
        band_n=int(len(band)),
        band_min_n=8,
        unusual=(
            _text(mine_band["direction"].iloc[0]) if band_ok and not mine_band.empty else None
        ),
        warning=comparability_warning(prev, year, periods),
        period_before=period_of(prev, periods),
        period_after=period_of(year, periods),
    )

    hist_years = [h.year for h in history]
    breaks = tuple(
        b
        for a, b in zip(hist_years, hist_years[1:], strict=False)
        if period_of(a, periods) != period_of(b, periods)
    )
    missing = tuple(c.indicator_id for c in components if c.value is None)

    # --- sources of every figure shown
    used: list[tuple[str, str]] = []

    def use(source: object, role: str) -> None:
        sid = _text(source)
        if sid and sid not in {s for s, _ in used}:
            used.append((sid, role))

    for sid in own.loc[own["year"].isin(hist_years + [prev]), "source_id"]:
        use(sid, "unit")
    for sid in scores.loc[scores["unit_id"] != unit_id, "source_id"]:
        use(sid, "peers")
    for y in hist_years:
        for ind in SCORE_INDICATORS:
            line = block_line.get((y, ind))
            if line and line[2] and (ind == "total" or y == year):
                use(line[2], "peers")
    if dataset == "demo":
        for sid in store.unit_sources(unit_id, "published")["source_id"]:
            use(sid, "reproduced")
    meta = store.sources().set_index("source_id")
    refs = []
    for number, (sid, role) in enumerate(used, start=1):
        row = meta.loc[sid] if sid in meta.index else None
        refs.append(
            SourceRef(
                number=number,
                source_id=sid,
                title=None if row is None else _text(row["title"]),
                publisher=None if row is None else _text(row["publisher"]),
                published_on=None if row is None else _text(row["published_on"]),
                url=None if row is None else _text(row["url"]),
                role=role,
            )
        )

    info = store.build_info()
    return UnitPage(
        unit_id=unit_id,
        name_vi=str(unit["name_vi"]),
        name_en=str(unit["name_en"]),
        unit_type=str(unit["unit_type"]),
        level=level,
        year=year,
        dataset=dataset,
        group_type=group_type,
        group_size=len(group_ids),
        block_type=type_block(unit),
        new_since=str(unit["valid_from"])[:10] if start == year else None,
        block_size=len(block_ids),
        history=tuple(history),
        components=tuple(components),
        change=change,
        period=period_of(year, periods),
        period_breaks=breaks,
        missing_components=missing,
        sources=tuple(refs),
        source_numbers={r.source_id: r.number for r in refs},
        build={k: v for k, v in info.items() if k in ("seeds_digest", "build_version")},
    )
