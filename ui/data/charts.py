"""Chart builders of the data page."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import titled
from ui.chartspec import cached_spec

__all__ = ["coverage_matrix"]

# Status → colour and a letter, so the matrix is readable without colour.
_STATUS = {
    "published": ("#0072B2", "P"),
    "rank only": ("#56B4E9", "R"),
    "simulated": ("#E69F00", "S"),
    "uploaded": ("#009E73", "U"),
    "missing": ("#e6e6e6", "·"),
}


@cached_spec
def coverage_matrix(
    frame: pd.DataFrame, labels: dict[str, str], *, title: str, note: str | None
) -> alt.Chart:
    """Units × years grid; each cell says (letter and colour) whether a figure exists."""
    data = frame.copy()
    data["label"] = data["status"].map(labels)
    data["letter"] = data["status"].map(lambda s: _STATUS[s][1])
    order = list(_STATUS)
    base = alt.Chart(data).encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y("name:N", title=None, sort=alt.EncodingSortField("order", op="min")),
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color(
            "status:N",
            scale=alt.Scale(domain=order, range=[_STATUS[s][0] for s in order]),
            legend=alt.Legend(title=None, orient="bottom", labelExpr=_label_expr(labels)),
        ),
        tooltip=["name:N", "year:O", "label:N", alt.Tooltip("value:Q", format=".2f")],
    )
    letters = base.mark_text(fontSize=11).encode(
        text="letter:N",
        color=alt.condition("datum.status == 'published'", alt.value("white"), alt.value("#333")),
    )
    return (cells + letters).properties(
        title=titled(title, note), height=alt.Step(16), width="container"
    )


def _label_expr(labels: dict[str, str]) -> str:
    parts = [f"datum.label == '{k}' ? '{_STATUS[k][1]} = {v}'" for k, v in labels.items()]
    return " : ".join(parts) + " : datum.label"
