"""All user-facing texts, Vietnamese first: one module per page, merged here.

Each module defines ``TEXT = {key: (vietnamese, english)}``; keys must be unique across
modules so that a page's strings never silently replace another's.
"""

from __future__ import annotations

import importlib
import pkgutil

__all__ = ["TEXT"]


def _load() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for key, pair in getattr(module, "TEXT", {}).items():
            if key in merged:
                raise KeyError(f"text key '{key}' is defined twice (ui/texts/{info.name}.py)")
            merged[key] = pair
    return merged


TEXT = _load()
