"""All user-facing texts, Vietnamese first: the shared ones here, each page's in its folder.

Each text module defines ``TEXT = {key: (vietnamese, english)}``: ``ui/texts/*.py`` for the
texts every page uses, ``ui/<page>/texts.py`` for a page's own. They are merged here; keys
must be unique across modules so that a page's strings never silently replace another's.
This is the one place the core reads from the page folders (their ``texts`` only).
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

__all__ = ["TEXT"]

_UI = Path(__file__).resolve().parent.parent


def _modules() -> list[str]:
    shared = [f"{__name__}.{m.name}" for m in pkgutil.iter_modules(__path__)]
    pages = [
        f"ui.{m.name}.texts"
        for m in pkgutil.iter_modules([str(_UI)])
        if m.ispkg and (_UI / m.name / "texts.py").is_file()
    ]
    return sorted(shared) + sorted(pages)


def _load() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for name in _modules():
        module = importlib.import_module(name)
        for key, pair in getattr(module, "TEXT", {}).items():
            if key in merged:
                raise KeyError(f"text key '{key}' is defined twice ({name})")
            merged[key] = pair
    return merged


TEXT = _load()
