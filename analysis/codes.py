"""Codes shared by every part of the backend: the indicators that make up the index.

One place for them, so the build, the demo panel, the importer and the statistics agree.
"""

from __future__ import annotations

__all__ = ["COMPONENTS", "SCORE_INDICATORS", "OBSERVATION_VIEW_COLUMNS"]

#: The eight component areas of the PAR Index, in the order of the official tables.
COMPONENTS: tuple[str, ...] = (
    "direction",
    "institutions",
    "procedures",
    "organisation",
    "civil_service",
    "public_finance",
    "digital_government",
    "socioeconomic_impact",
)
#: The overall index first, then the components.
SCORE_INDICATORS: tuple[str, ...] = ("total", *COMPONENTS)
#: Columns of the public ``observations`` view (and of an uploaded table held in a session).
OBSERVATION_VIEW_COLUMNS: tuple[str, ...] = (
    "dataset",
    "unit_id",
    "year",
    "indicator_id",
    "measure",
    "value",
    "source_id",
    "locator",
    "out_of",
    "value_as_published",
    "derived_from",
    "note",
    "confidence",
)
