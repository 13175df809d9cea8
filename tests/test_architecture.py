"""The layout of ARCHITECTURE.md holds: every import runs in the allowed direction."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGE_FOLDERS = sorted(
    p.name for p in (ROOT / "ui").iterdir() if p.is_dir() and (p / "__init__.py").is_file()
)
PAGE_FOLDERS.remove("texts")  # the shared text registry, part of the core


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports (also inside functions), with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module))
            # `from ui import queries` names a module too
            out += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return out


def _files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def _under(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


# (files, forbidden module prefixes, why)
RULES = [
    ("analysis", ("streamlit", "ui"), "analysis/ never imports Streamlit or the ui"),
    (
        "analysis/stats",
        ("analysis.warehouse", "analysis.ingest", "analysis.reports", "analysis.cli", "duckdb"),
        "statistics are pure: no warehouse, ingest, reports, command line or database",
    ),
    (
        "analysis/warehouse",
        ("analysis.ingest", "analysis.reports", "analysis.cli"),
        "the warehouse uses statistics only",
    ),
    ("analysis/ingest", ("analysis.reports", "analysis.cli"), "ingest does not use reports"),
    ("analysis/reports", ("analysis.ingest", "analysis.cli"), "reports do not use ingest"),
]


def _violations(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    found = []
    for path in _files(folder):
        for line, module in _imports(path):
            if any(_under(module, f) for f in forbidden):
                found.append(f"{path.relative_to(ROOT)}:{line}: imports {module}")
    return found


@pytest.mark.parametrize(("folder", "forbidden", "why"), RULES, ids=[r[0] for r in RULES])
def test_analysis_imports_run_one_way(folder: str, forbidden: tuple[str, ...], why: str) -> None:
    assert _violations(folder, forbidden) == [], why


def test_the_ui_core_imports_no_page_folder() -> None:
    core = [p for p in (ROOT / "ui").glob("*.py")] + list((ROOT / "ui" / "texts").glob("*.py"))
    found = [
        f"{p.relative_to(ROOT)}:{line}: imports {m}"
        for p in core
        for line, m in _imports(p)
        if any(_under(m, f"ui.{page}") for page in PAGE_FOLDERS)
    ]
    assert found == []


@pytest.mark.parametrize("page", PAGE_FOLDERS)
def test_a_page_folder_imports_no_other_page_folder(page: str) -> None:
    others = [f"ui.{p}" for p in PAGE_FOLDERS if p != page]
    files = _files(f"ui/{page}") + [ROOT / "pages" / f"{page}.py"]
    found = [
        f"{p.relative_to(ROOT)}:{line}: imports {m}"
        for p in files
        if p.exists()
        for line, m in _imports(p)
        if any(_under(m, o) for o in others)
    ]
    assert found == []


def test_every_page_script_has_its_folder() -> None:
    assert sorted(p.stem for p in (ROOT / "pages").glob("*.py")) == PAGE_FOLDERS


INGEST_ORDER = ["text", "headers", "reader", "matching", "importer"]


@pytest.mark.parametrize("position", range(len(INGEST_ORDER)))
def test_ingest_modules_import_only_earlier_ones(position: int) -> None:
    later = [f"analysis.ingest.{m}" for m in INGEST_ORDER[position + 1 :]]
    path = ROOT / "analysis" / "ingest" / f"{INGEST_ORDER[position]}.py"
    assert [m for _, m in _imports(path) if m in later] == []


def test_no_module_is_named_after_a_vague_role() -> None:
    vague = {"kit", "helpers", "utils", "misc", "common_helpers"}
    names = [p for p in _files("ui") + _files("analysis") if any(v in p.stem for v in vague)]
    assert [str(p.relative_to(ROOT)) for p in names if "pagekit" in p.stem or p.stem in vague] == []


@pytest.mark.parametrize(
    "folder", ["analysis", "analysis/stats", "analysis/warehouse", "analysis/ingest", "ui"]
)
def test_each_room_says_what_it_owns(folder: str) -> None:
    doc = ast.get_docstring(ast.parse((ROOT / folder / "__init__.py").read_text()))
    assert doc and "import" in doc
