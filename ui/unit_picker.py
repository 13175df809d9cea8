"""The unit pickers of the pages that show one unit (profile, what-if)."""

from __future__ import annotations

import pandas as pd

from ui.i18n import unit_name

__all__ = [
    "unit_options",
    "default_unit",
    "unit_label",
]


def unit_options(f) -> list[str]:
    """Units the pickers offer: the sidebar's resolved units."""
    return list(f.unit_ids)


def default_unit(f, options: list[str], fallback: str = "ba_dinh") -> str:
    """First unit chosen in the sidebar, else ``fallback``, else the first option."""
    for u in f.chosen_units:
        if u in options:
            return u
    return fallback if fallback in options else options[0]


def unit_label(units: pd.DataFrame):
    """format_func for unit pickers."""
    return lambda u: unit_name(units, u)
