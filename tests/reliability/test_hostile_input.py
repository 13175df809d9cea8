"""Hostile input in every query parameter the app binds, on every page, and in every public
Store method: no exception, defaults restored, nothing reflected, the database unchanged."""

from __future__ import annotations

import inspect
import typing

import pytest

from analysis.warehouse.store import Store
from tests.reliability.conftest import (
    SIDEBAR_KEYS,
    bound_keys,
    db_facts,
    discover_pages,
    new_app,
)

pytestmark = pytest.mark.timeout(180)

HOSTILE = [
    "'; DROP TABLE units; --",
    'demo" OR 1=1; SELECT * FROM observations --',
    "\x00\x01\x02\x1b[31m\r\n\t",
    "\u202edemo\u202c",
    "2019-2024; DROP TABLE units",
    "../../../etc/passwd%00",
    "<script>alert(1)</script>",
    "99999999999999999999999999-1",
    "ba_dinh,'; DROP TABLE units; --",
    "-1e309",
    "NaN",
    "published\u200b",
]
LONG = "x" * 100_000  # 100 kB
UNIT_TYPES = ("quận", "huyện", "thị xã")
SIDEBAR_DEFAULTS = {
    "lang": "vi",
    "dataset": "published",
    "years": (2019, 2024),
    "types": list(UNIT_TYPES),
    "units": [],
    "meeting": False,
}


def _valid_sidebar(key: str, value, unit_ids: set[str]) -> bool:
    if key == "lang":
        return value in ("vi", "en")
    if key == "dataset":
        return value in ("published", "demo")
    if key == "years":
        return tuple(value) == tuple(sorted(value)) and all(2012 <= y <= 2100 for y in value)
    if key == "types":
        return set(value) <= set(UNIT_TYPES) | {"phường", "xã"}
    if key == "units":
        return set(value) <= unit_ids
    if key == "meeting":
        return isinstance(value, bool)
    raise AssertionError(key)


def _reflected(value, hostile: str) -> bool:
    """True when the hostile text (or a telling piece of it) reached a widget or the URL."""
    text = repr(value) if not isinstance(value, str) else value
    pieces = [hostile, "DROP TABLE", "<script>", "\x00", "\u202e", "etc/passwd", "x" * 200]
    return any(p in text for p in pieces if p in hostile)


def _assignments(keys: list[str], page_index: int) -> dict[str, str]:
    # Neighbouring keys get different hostile strings, and the strings shift from page to
    # page, so that over the pages each sidebar key meets most of the list.
    return {k: HOSTILE[(3 * i + 5 * page_index) % len(HOSTILE)] for i, k in enumerate(keys)}


@pytest.fixture
def unit_ids(shared_db) -> set[str]:
    store = Store(shared_db)
    try:
        return set(store.units().unit_id)
    finally:
        store.close()


def test_every_bound_parameter_is_discovered():
    keys = bound_keys()
    pages = [p for p, _ in discover_pages()]
    assert len(pages) >= 2
    assert set(SIDEBAR_KEYS) <= {"lang", "dataset", "years", "types", "units", "meeting"}
    # The overview page binds its year; a page that binds nothing is fine.
    assert "year" in keys.get("pages/overview.py", set()) | keys["*"]


def test_hostile_query_parameters_on_every_page(shared_db, unit_ids):
    facts = db_facts(shared_db)
    keys = bound_keys()
    problems: list[str] = []
    for index, (page, _url) in enumerate(discover_pages()):
        page_keys = sorted((keys.get(page, set()) | keys["*"]) - set(SIDEBAR_KEYS))
        all_keys = [*SIDEBAR_KEYS, *page_keys]
        query = _assignments(all_keys, index)
        at = new_app(page, **query)
        where = f"{page} {query!r}"[:400]
        problems += [f"{where}: exception {e.message[:300]}" for e in at.exception]
        if not at.title:
            problems.append(f"{where}: the page did not render")
        for key in SIDEBAR_KEYS:
            value = at.session_state[key] if key in at.session_state else None
            if not _valid_sidebar(key, value, unit_ids):
                problems.append(f"{where}: {key} = {value!r} is not a valid value")
            elif query[key] != HOSTILE[8] and value != SIDEBAR_DEFAULTS[key]:
                problems.append(f"{where}: {key} = {value!r}, not the default")
        for key in page_keys:
            if key in at.session_state and _reflected(at.session_state[key], query[key]):
                problems.append(f"{where}: {key} kept {at.session_state[key]!r}")
    assert not problems, "\n".join(problems[:12])
    assert db_facts(shared_db) == facts, "hostile input changed the database"


def test_very_long_and_control_values_in_every_parameter(shared_db, unit_ids):
    facts = db_facts(shared_db)
    keys = bound_keys()
    pages = discover_pages()
    # One page (and the default page, which every session opens first) takes the 100 kB value
    # in every parameter; the length limit and the parsers are shared (ui/state.py), and
    # control characters are in HOSTILE for every page.
    for page, _ in (pages[len(pages) // 2],):
        page_keys = sorted((keys.get(page, set()) | keys["*"]) - set(SIDEBAR_KEYS))
        for value in (LONG,):
            at = new_app(page, **dict.fromkeys([*SIDEBAR_KEYS, *page_keys], value))
            assert not at.exception, [e.message[:300] for e in at.exception]
            for key in SIDEBAR_KEYS:
                assert at.session_state[key] == SIDEBAR_DEFAULTS[key], key
            for key in page_keys:
                if key in at.session_state:
                    assert not _reflected(at.session_state[key], value), key
    assert db_facts(shared_db) == facts


def test_hostile_values_are_dropped_from_the_url(shared_db):
    hostile = {"dataset": HOSTILE[0], "units": HOSTILE[3], "year": HOSTILE[1], "lang": LONG}
    at = new_app(**hostile, years="2019-2023", types="quận")
    assert not at.exception
    assert dict(at.query_params) == {
        "dataset": "published",
        "level": "district",
        "years": "2019-2023",
        "types": "quận",
    }


def test_url_is_rewritten_when_a_page_stops_early(shared_db):
    # Regression: st.stop() in a page left a pending stop request, so the router's
    # write_url() raised at its first session_state access and the URL kept hostile or stale
    # parameters. Pages now end with ui.layout.end_page().
    # 2017–2018 has no figures: the default page shows its empty state and stops.
    at = new_app(years="2017-2018", dataset=HOSTILE[0], year=HOSTILE[1])
    assert not at.exception
    assert dict(at.query_params) == {
        "dataset": "published",
        "level": "district",
        "years": "2017-2018",
    }


# Methods whose every row is selected by a string argument (block_averages is not: it joins
# the published block figures whatever the dataset).
MATCH_NOTHING = ("units", "initiatives", "observations", "panel", "years", "unit_sources")


def _argument_for(annotation, hostile: str):
    text = str(annotation)
    if "list" in text or "Sequence" in text:
        return [hostile, "ba_dinh"]
    if "tuple" in text:
        return None  # year ranges are ints, not strings
    if "str" in text:
        return hostile
    return inspect.Parameter.empty


def test_every_public_store_method_takes_hostile_strings(shared_db):
    facts = db_facts(shared_db)
    store = Store(shared_db)
    methods = [
        (name, fn)
        for name, fn in inspect.getmembers(Store, inspect.isfunction)
        if not name.startswith("_") and name not in ("close", "with_upload")
    ]
    tried = 0
    try:
        for hostile in [*HOSTILE, LONG]:
            for name, fn in methods:
                hints = typing.get_type_hints(fn)
                params = list(inspect.signature(fn).parameters.values())[1:]
                kwargs = {}
                for p in params:
                    arg = _argument_for(hints.get(p.name, p.annotation), hostile)
                    if arg is not inspect.Parameter.empty:
                        kwargs[p.name] = arg
                if not any(isinstance(v, str | list) for v in kwargs.values()):
                    continue
                result = getattr(store, name)(**kwargs)  # must not raise
                tried += 1
                if name in MATCH_NOTHING:
                    # A hostile dataset, unit, level or indicator matches nothing.
                    assert len(result) == 0, (name, hostile[:40])
    finally:
        store.close()
    assert tried >= 5
    assert db_facts(shared_db) == facts


@pytest.mark.parametrize("hostile", [HOSTILE[0], HOSTILE[2], LONG])
def test_command_line_rejects_hostile_dataset_names(shared_db, hostile, capsys):
    from analysis.cli import main

    facts = db_facts(shared_db)
    for command in ("trend", "corr", "yoy", "export"):
        code = main([command, "--db", str(shared_db), "--dataset", hostile])
        err = capsys.readouterr().err
        assert code == 2 and err.startswith("error: unknown dataset"), (command, err[:300])
    assert db_facts(shared_db) == facts
