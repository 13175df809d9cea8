"""The profile's history charts: the rank axis spans the units ranked together."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from ui.profile import charts

TIPS = {"year": "Năm", "value": "Điểm", "rank": "Hạng", "status": "Trạng thái"}


@pytest.mark.parametrize("n", [30, 51, 75])
def test_the_rank_axis_spans_the_block(n):
    frame = pd.DataFrame(
        {"year": [2025], "rank": [33.0], "rank_text": ["#33"], "status": ["published"]}
    )
    spec = charts.history_rank(
        frame,
        title="t",
        note=None,
        y_title="Hạng",
        status_order=["published"],
        tooltips=TIPS,
        n_units=n,
    ).body
    y = next(layer["encoding"]["y"] for layer in spec["layer"])
    assert y["scale"]["domain"] == [1, n] and y["axis"]["values"][-1] in (n, n - n % 10)


def test_one_year_of_scores_is_not_printed_with_six_decimals():
    frame = pd.DataFrame(
        {"year": [2025], "value": [91.63], "value_text": ["91,63"], "status": ["published"]}
    )
    spec = charts.history_score(
        frame, title="t", note=None, y_title="Điểm", status_order=["published"], tooltips=TIPS
    ).body
    assert "~f" in json.dumps(next(layer["encoding"]["y"] for layer in spec["layer"]))
