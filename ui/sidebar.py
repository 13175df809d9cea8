"""The shared sidebar: language, dataset, years, unit types and units, meeting mode.

Every choice is bound to a URL query parameter with :func:`ui.state.bind` (read and checked
before the widget is drawn, written back by the router after the page ran), so a copied link
restores the same view; a value that is not a valid option falls back to the default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import streamlit as st

from ui import queries, state
from ui.i18n import LANGS, t
from ui.memo import Ids

__all__ = ["Filters", "sidebar", "current_filters", "UNIT_TYPES", "DEFAULT_YEARS"]

UNIT_TYPES = ("quận", "huyện", "thị xã")
DEFAULT_YEARS = (2019, 2024)
YEAR_BOUNDS = (2017, 2024)


@dataclass(frozen=True)
class Filters:
    """What the sidebar chose; pages read only this."""

    key: queries.DbKey
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
    def simulated(self) -> bool:
        """True when the demo panel is shown."""
        return self.dataset == "demo"

    @property
    def years(self) -> tuple[int, int]:
        """The year range."""
        return (self.year_from, self.year_to)


def _dataset_options() -> list[str]:
    options = ["published", "demo"]
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
    units = queries.units(key)
    ids = Ids(units["unit_id"].tolist())
    return _UnitLists(
        ids=ids,
        types=Ids(units["unit_type"].tolist()),
        names_vi=MappingProxyType(dict(zip(ids, units["name_vi"], strict=True))),
        names_en=MappingProxyType(dict(zip(ids, units["name_en"], strict=True))),
    )


def sidebar() -> Filters:
    """Draw the sidebar and return the filters."""
    key, status = queries.database()
    notices: list[str] = []
    if status.action.startswith("rebuilt"):
        notices.append(t("db_rebuilt", msg=status.message))
    sb = st.sidebar
    options = _dataset_options()
    if st.session_state.get("dataset") not in (None, *options):
        st.session_state["dataset"] = "published"  # e.g. an upload that this session no longer has
    state.bind("lang", "vi", state.choice(LANGS))
    state.bind("dataset", "published", state.choice(options))
    state.bind("years", DEFAULT_YEARS, state.int_range(*YEAR_BOUNDS))
    state.bind("types", list(UNIT_TYPES), state.choices(UNIT_TYPES))
    lists = _unit_lists(key)
    state.bind("units", [], state.choices(lists.ids))
    state.bind("meeting", False, state.flag())
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
    year_from, year_to = sb.slider(
        t("sb_years"), min_value=YEAR_BOUNDS[0], max_value=YEAR_BOUNDS[1], key="years"
    )
    types = sb.pills(
        t("sb_types"),
        UNIT_TYPES,
        selection_mode="multi",
        key="types",
        format_func=lambda v: t(f"type_{v}"),
    )
    names = lists.names_vi if st.session_state.get("lang", "vi") == "vi" else lists.names_en
    chosen = sb.multiselect(
        t("sb_units"),
        list(lists.ids),
        key="units",
        format_func=lambda u: names.get(u, u),
    )
    meeting = sb.toggle(t("sb_meeting"), key="meeting", help=t("sb_meeting_help"))
    allowed = [
        u for u, kind in zip(lists.ids, lists.types, strict=True) if kind in (types or UNIT_TYPES)
    ]
    allowed_ids = set(allowed)  # once: rebuilding it per unit is O(units²) at scale
    resolved = [u for u in (chosen or allowed) if u in allowed_ids]
    if chosen and not resolved:
        resolved = []
    upload = st.session_state.get(queries.UPLOAD_KEY)
    data_key = queries.key_for(dataset, key)  # the database was checked at the top of this run
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
        upload_name=upload["name"] if upload else None,
        notices=tuple(notices),
    )


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
