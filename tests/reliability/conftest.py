"""Fixtures for the reliability tests: a private database per test, AppTest through the router.

Pages are discovered from the router (``st.Page("pages/….py", url_path=…)`` in
``streamlit_app.py``), and the URL parameters each page binds from ``state.bind("key", …)``
calls in ``pages/*.py`` and ``ui/*.py``; nothing here knows what a page shows.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import duckdb
import pytest

from analysis.warehouse.build import build
from tests.pages.conftest import texts  # one definition of what a page showed

ROOT = Path(__file__).resolve().parents[2]
ROUTER = ROOT / "streamlit_app.py"
SIDEBAR_KEYS = ("lang", "dataset", "years", "types", "units", "meeting")
# Districts: 30 units × 6 years × 9 indicators × (score, rank); communes 2025: 126 × 9 × 2.
DEMO_ROWS = 3240 + 126 * 9 * 2
_BIND = re.compile(r"""\bbind\(\s*(?:key\s*=\s*)?["']([A-Za-z0-9_]+)["']""")

__all__ = [
    "ROOT",
    "SIDEBAR_KEYS",
    "DEMO_ROWS",
    "discover_pages",
    "bound_keys",
    "db_facts",
    "new_app",
    "texts",
]


def discover_pages() -> list[tuple[str, str]]:
    """(page file, url path) of every page the router registers (else pages/*.py)."""
    found: list[tuple[str, str]] = []
    tree = ast.parse(ROUTER.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "attr", getattr(node.func, "id", ""))
        first = node.args[0]
        if (
            name != "Page"
            or not isinstance(first, ast.Constant)
            or not isinstance(first.value, str)
        ):
            continue
        url = Path(first.value).stem
        for kw in node.keywords:
            if kw.arg == "url_path" and isinstance(kw.value, ast.Constant):
                url = str(kw.value.value)
        found.append((first.value, url))
    if not found:
        found = [(f"pages/{p.name}", p.stem) for p in sorted((ROOT / "pages").glob("*.py"))]
    return [(p, u) for p, u in found if (ROOT / p).is_file()]


def bound_keys() -> dict[str, set[str]]:
    """URL keys bound with ``state.bind`` per page file; ``"*"`` holds keys bound in ui/."""
    out: dict[str, set[str]] = {"*": set()}
    for path in sorted((ROOT / "pages").glob("*.py")):
        out[f"pages/{path.name}"] = set(_BIND.findall(path.read_text(encoding="utf-8")))
    for path in sorted((ROOT / "ui").glob("*.py")):
        if path.name in ("state.py", "sidebar.py"):
            continue
        out["*"] |= set(_BIND.findall(path.read_text(encoding="utf-8")))
    return out


def db_facts(path: Path) -> dict:
    """What must not change when users type hostile input: file identity, digest, row counts."""
    st = path.stat()
    con = duckdb.connect(str(path), read_only=True)
    try:
        views = [
            r[0]
            for r in con.execute(
                "SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1"
            ).fetchall()
        ]
        counts = {v: con.execute(f'SELECT count(*) FROM "{v}"').fetchone()[0] for v in views}
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
        digest = con.execute("SELECT value FROM build_info WHERE key = 'seeds_digest'").fetchone()
    finally:
        con.close()
    return {
        "inode": st.st_ino,
        "mtime": st.st_mtime_ns,
        "size": st.st_size,
        "digest": digest[0] if digest else None,
        "counts": counts,
        "tables": sorted(tables),
    }


@pytest.fixture
def router_nav(monkeypatch):
    """Make AppTest reruns go through the router, as a real server does.

    AppTest resets ``PagesManager.uses_pages_directory`` before every run; with a pages/
    folder next to the router, a rerun after the first then runs the page file alone as a
    version-1 multipage app (no sidebar, stale filters). ``streamlit run`` sets the flag once,
    on the first ``st.navigation`` call, and keeps it for the process.
    """
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)
    yield
    PagesManager.uses_pages_directory = None


@pytest.fixture
def rel_db(tmp_path, monkeypatch, router_nav) -> Path:
    """A database built for this test only; the app reads it through PAR_DB."""
    path = build(tmp_path / "db" / "par_index.duckdb")
    monkeypatch.setenv("PAR_DB", str(path))
    return path


@pytest.fixture(scope="module")
def _module_db(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("reldb") / "par_index.duckdb")


@pytest.fixture
def shared_db(_module_db, monkeypatch, router_nav) -> Path:
    """A database shared by the tests of one module that must leave it unchanged."""
    monkeypatch.setenv("PAR_DB", str(_module_db))
    return _module_db


def new_app(page: str | None = None, *, timeout: float = 60, state: dict | None = None, **query):
    """AppTest of the whole app (router + sidebar + page), run once on ``page``.

    The page is opened directly, as a link to it would (before the first run AppTest finds a
    page by its file name, which is its url path here); otherwise through the default page,
    giving the page's query parameters again (the default page writes back only its own).
    """
    from streamlit import logger
    from streamlit.testing.v1 import AppTest

    logger.set_log_level("error")
    at = AppTest.from_file(str(ROUTER), default_timeout=timeout)
    for k, v in (state or {}).items():
        at.session_state[k] = v
    for k, v in query.items():
        at.query_params[k] = v
    if page:
        try:
            at.switch_page(page)
        except ValueError:
            at.run()
            for k, v in query.items():
                at.query_params[k] = v
            at.switch_page(page)
    at.run()
    return at
