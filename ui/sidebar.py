"""The shared sidebar: language, dataset, years, unit types and units, meeting mode.

Every choice is bound to a URL query parameter with :func:`ui.state.bind` (read and checked
before the widget is drawn, written back by the router after the page ran), so a copied link
restores the same view; a value that is not a valid option falls back to the default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

import streamlit as st

from ui import plain, queries, state, workspace
from ui.i18n import LANGS, t
from ui.memo import Ids

__all__ = [
    "Filters",
    "sidebar",
    "current_filters",
    "first_commune_year",
    "database_notice",
    "LEVELS",
    "UNIT_TYPES",
    "DEFAULT_YEARS",
]

#: The scored levels: districts until the 2024 index, phường and xã from the 2025 index.
LEVELS = ("district", "commune")
#: The unit types of each level. At the commune level the index ranks phường and xã in
#: separate blocks, so the type chosen there is the block every page computes within.
UNIT_TYPES = {"district": ("quận", "huyện", "thị xã"), "commune": ("phường", "xã")}
#: Year bounds of each level (districts were abolished on 2025-07-01); the commune level
#: runs to the current year, at least one year past its first.
_FIRST_COMMUNE_YEAR = 2025
DEFAULT_YEARS = (2019, 2024)
_DISTRICT_BOUNDS = (2017, 2024)


@dataclass(frozen=True)
class Filters:
    """What the sidebar chose; pages read only this."""

    key: queries.DbKey  # carries the level: every query reads it
    dataset: str
    year_from: int
    year_to: int
    types: tuple[str, ...]
    unit_ids: tuple[str, ...]  # resolved: the units to show (never empty unless none match)
    chosen_units: tuple[str, ...]  # what the user picked explicitly (may be empty = all)
    lang: str = "vi"
    meeting: bool = False
    upload_name: str | None = None
    notices: tuple[str, ...] = field(default_factory=tuple)

    @property
    def level(self) -> str:
        """``district`` (to 2024) or ``commune`` (phường and xã, from 2025)."""
        return self.key.level

    @property
    def simulated(self) -> bool:
        """True when the demo panel is shown."""
        return self.dataset == "demo"

    @property
    def years(self) -> tuple[int, int]:
        """The year range."""
        return (self.year_from, self.year_to)

    @property
    def ranked_together(self) -> int:
        """How many units the index ranks together here: the 30 districts, or the block's."""
        units = queries.units(self.key)
        block = self.types[0] if self.level == "commune" and self.types else "district"
        return int((units["block"] == block).sum())


def _dataset_options(with_workspace: bool) -> list[str]:
    options = ["published", "demo"]
    if with_workspace:
        options.append("workspace")
    if st.session_state.get(queries.UPLOAD_KEY) is not None:
        options.append("upload")
    return options


@dataclass(frozen=True)
class _UnitLists:
    # Read-only (an Ids tuple, mapping proxies): the cache hands them out without copying,
    # which matters with 10,000 units.
    ids: Ids
    types: Ids
    names_vi: Mapping[str, str]
    names_en: Mapping[str, str]


@queries.cached(max_entries=16)
def _unit_lists(key: queries.DbKey) -> _UnitLists:
    # The sidebar reads these on every rerun; from the frame they cost a few pandas calls.
    units = queries.units(key).sort_values("name_en", kind="stable")
    ids = Ids(units["unit_id"].tolist())
    return _UnitLists(
        ids=ids,
        types=Ids(units["unit_type"].tolist()),
        names_vi=MappingProxyType(dict(zip(ids, units["name_vi"], strict=True))),
        names_en=MappingProxyType(dict(zip(ids, units["name_en"], strict=True))),
    )


def first_commune_year() -> int:
    """The first year scored at the commune level (the index of 2025)."""
    return _FIRST_COMMUNE_YEAR


def _held(key: queries.DbKey, dataset: str, level: str) -> list[int]:
    """Years with figures of the level's scored units (wards named in older sources are not)."""
    years = queries.years(key.at(level), dataset)
    return [y for y in years if (y >= _FIRST_COMMUNE_YEAR) == (level == "commune")]


def _bounds(key: queries.DbKey, dataset: str, level: str) -> tuple[int, int]:
    """The year slider's bounds at a level: the level's years, widened to the data held."""
    held = _held(key, dataset, level)
    if level == "district":
        lo, hi = _DISTRICT_BOUNDS
        return (min([lo, *held]), hi)
    hi = max([date.today().year, *held])
    return (_FIRST_COMMUNE_YEAR, max(hi, _FIRST_COMMUNE_YEAR + 1))


def _default_years(key: queries.DbKey, dataset: str, level: str) -> tuple[int, int]:
    """The years a view opens on: the last six years the data hold at the level."""
    held = [
        y for y in queries.years(key.at(level), dataset) if y <= _bounds(key, dataset, level)[1]
    ]
    if level == "district":
        last = max(held) if held else DEFAULT_YEARS[1]
        first = min([y for y in held if y > last - 6] or [DEFAULT_YEARS[0]])
        return (first, last) if held else DEFAULT_YEARS
    return (min(held), max(held)) if held else (_FIRST_COMMUNE_YEAR, _FIRST_COMMUNE_YEAR)


def _default_level(key: queries.DbKey, dataset: str) -> str:
    """The level of the latest year with data; a link's years decide when they name one level."""
    raw = st.query_params.get("years")
    if raw:
        try:
            first = int(raw.partition("-")[0])
        except ValueError:
            first = None
        if first is not None and 2000 <= first < _FIRST_COMMUNE_YEAR:
            return "district"
        if first is not None and _FIRST_COMMUNE_YEAR <= first <= date.today().year + 1:
            return "commune"
    return "commune" if _held(key, dataset, "commune") else "district"


def _follow_level(level: str) -> None:
    """After a level switch, forget the years, types and units of the other level."""
    if st.session_state.get("_level_shown") not in (None, level):
        for k in ("years", "types", "units"):
            st.session_state.pop(k, None)
            st.session_state.get("_url_seeded", set()).add(k)  # not from the old URL again
    st.session_state["_level_shown"] = level


def sidebar() -> Filters:
    """Draw the sidebar and return the filters."""
    state.bind("lang", "vi", state.choice(LANGS))  # first: every notice below is in it
    key, status = queries.database()
    notices: list[str] = []
    if not status.serving:
        _no_database(status)  # stops the run: there is nothing to read
    if status.level:
        notices.append(database_notice(status))
    sb = st.sidebar
    state.bind(workspace.TOKEN_KEY, "", workspace.codec())
    held = workspace.opened()
    if held.problem:
        notices.append(t("ws_unavailable", msg=plain.text(workspace.error_text(held.problem))))
    options = _dataset_options(held.workspace is not None)
    if st.session_state.get("dataset") not in (None, *options):
        st.session_state["dataset"] = "published"  # e.g. an upload that this session no longer has
    # A link with a workspace opens on it.
    default_dataset = "workspace" if held.workspace is not None else "published"
    state.bind("dataset", default_dataset, state.choice(options), always=True)
    sb.segmented_control(
        t("sb_language"),
        LANGS,
        key="lang",
        required=True,
        format_func=lambda v: {"vi": "Tiếng Việt", "en": "English"}[v],
    )
    dataset = sb.radio(
        t("sb_dataset"),
        options,
        key="dataset",
        format_func=lambda v: t(f"ds_{v}"),
        help=t("sb_dataset_help"),
    )
    data_key = queries.key_for(dataset, key)  # the database was checked at the top of this run
    state.bind("level", _default_level(data_key, dataset), state.choice(LEVELS), always=True)
    level = sb.segmented_control(
        t("sb_level"),
        LEVELS,
        key="level",
        required=True,
        format_func=lambda v: t(f"level_{v}"),
        help=t("sb_level_help"),
    )
    _follow_level(level)
    data_key = data_key.at(level)
    types_of_level = UNIT_TYPES[level]
    bounds = _bounds(data_key, dataset, level)
    state.bind("years", _default_years(data_key, dataset, level), state.int_range(*bounds))
    # Districts: any mix of types. Communes: one block (phường or xã), as the index ranks them.
    commune = level == "commune"
    state.bind(
        "types",
        [types_of_level[0]] if commune else list(types_of_level),
        state.choices(types_of_level),
    )
    if commune and len(st.session_state.get("types") or []) != 1:
        st.session_state["types"] = [(st.session_state.get("types") or types_of_level)[0]]
    lists = _unit_lists(data_key)
    state.bind("units", [], state.choices(lists.ids))
    state.bind("meeting", False, state.flag())
    year_from, year_to = sb.slider(
        t("sb_years"), min_value=bounds[0], max_value=bounds[1], key="years"
    )
    if commune:
        block = sb.pills(
            t("sb_block"),
            types_of_level,
            selection_mode="single",
            key="_block",
            default=st.session_state["types"][0],
            format_func=lambda v: t(f"type_{v}"),
            help=t("sb_block_help"),
        )
        types = [block or st.session_state["types"][0]]
        st.session_state["types"] = types
    else:
        types = sb.pills(
            t("sb_types"),
            types_of_level,
            selection_mode="multi",
            key="types",
            format_func=lambda v: t(f"type_{v}"),
        )
    names = lists.names_vi if st.session_state.get("lang", "vi") == "vi" else lists.names_en
    chosen = sb.multiselect(
        t("sb_units"),
        list(lists.ids),
        key="units",
        placeholder=t("select_units_placeholder"),
        format_func=lambda u: names.get(u, u),
    )
    meeting = sb.toggle(t("sb_meeting"), key="meeting", help=t("sb_meeting_help"))
    allowed = [
        u
        for u, kind in zip(lists.ids, lists.types, strict=True)
        if kind in (types or types_of_level)
    ]
    allowed_ids = set(allowed)  # once: rebuilding it per unit is O(units²) at scale
    resolved = [u for u in (chosen or allowed) if u in allowed_ids]
    if chosen and not resolved:
        resolved = []
    upload = st.session_state.get(queries.UPLOAD_KEY)
    for note in notices:
        sb.info(note)
    return Filters(
        key=data_key,
        dataset=dataset,
        year_from=int(year_from),
        year_to=int(year_to),
        types=tuple(types or ()),
        unit_ids=queries.UnitIds(resolved),
        chosen_units=tuple(chosen),
        lang=st.session_state.get("lang", "vi"),
        meeting=bool(meeting),
        upload_name=(
            held.names if dataset == "workspace" else (upload["name"] if upload else None)
        ),
        notices=tuple(notices),
    )


def database_notice(status) -> str:
    """What ensure_database did, in the session's language (file names only, no Markdown)."""
    aside = status.kept_aside.name if status.kept_aside else ""
    cause = t(f"db_cause_{status.cause}", n=status.count) if status.cause else ""
    kept = t("db_unreadable_kept", aside=aside) if aside and status.action == "unavailable" else ""
    return plain.text(
        t(f"db_{status.action}", name=status.path.name, aside=aside, cause=cause, kept=kept)
    )


def _no_database(status) -> None:
    """Say that no database can be served, and why, then end the run (no page can draw)."""
    st.error(database_notice(status), icon=":material/error:")
    if status.problems:
        with st.expander(t("db_problems")):
            st.text("\n".join(status.problems))  # seed lines as written, never Markdown
    st.stop()


def current_filters() -> Filters:
    """The filters the router's sidebar chose in this run (pages call this)."""
    f = st.session_state.get("filters")
    if not isinstance(f, Filters):
        # A fresh server process treats pages/ as a version-1 multipage folder and may run a
        # deep-linked page without the router on its very first run. Tell Streamlit this app
        # navigates with st.navigation and run again, through the router.
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
        st.rerun()
    return f
