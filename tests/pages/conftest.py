"""Fixtures for page tests: run the whole app (router + sidebar + page) with AppTest."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def page_db(tmp_path_factory) -> Path:
    """A database built once for all page tests (the app reads it through PAR_DB)."""
    from analysis.warehouse.build import build

    path = build(tmp_path_factory.mktemp("pagedb") / "par_index.duckdb")
    os.environ["PAR_DB"] = str(path)
    return path


@pytest.fixture
def app(page_db):
    """A factory: app(page, **query) -> AppTest that has run once on that page."""

    def make(page: str | None = None, timeout: float = 60, **query: str) -> AppTest:
        query = district_by_default(query)
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=timeout)
        for k, v in query.items():
            at.query_params[k] = v
        at.run()
        if page:
            at.switch_page(page)
            # switch_page drops the query string; the page's own keys read it on its first run.
            for k, v in query.items():
                at.query_params[k] = v
            at.run()
        return at

    return make


def district_by_default(query: dict[str, str]) -> dict[str, str]:
    """The query of a district-level test: it names its level, as a copied link does.

    A link without ``level`` opens on the level of the latest year with data (the simulated
    panel has 2025 communes); tests/pages/test_levels.py covers that default.
    """
    if "level" not in query and "years" not in query:
        return {**query, "level": "district"}
    return query


def open_exact(page: str, **query: str) -> AppTest:
    """The app on ``pages/<page>.py`` as a link with exactly ``query`` opens it (no level added)."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page(f"pages/{page}.py")
    at.run()
    return at


def open_linked(page: str, **query: str) -> AppTest:
    """The app on ``page`` as a copied link carrying ``query`` opens it (needs ``page_db``).

    The default page runs first and its URL write-back drops parameters it does not know (the
    page's own); they are set again before switching, as the link would carry them.
    """
    query = district_by_default(query)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page(page)
    at.run()
    return at


def texts(at: AppTest) -> str:
    """Every text the app showed (markdown, captions, metrics, alerts), for assertions."""
    parts = []
    for kind in (
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
        "title",
        "subheader",
        "header",
    ):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(parts)


def open_tables(at: AppTest) -> AppTest:
    """Open every data-table expander on the page (their tables are built only when open)."""
    keys = [
        e.proto.id.split("-", 2)[-1]
        for e in at.expander
        if e.proto.id.split("-", 2)[-1].startswith("tbl_")
    ]
    for key in keys:
        at.session_state[key] = True
    if keys:
        at.run()
    return at
