"""Tests for analysis.stats.result: the shared result record and the panel contract."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.stats.result import (
    COMPONENT_IDS,
    INDICATOR_IDS,
    RESULT_COLUMNS,
    StatResult,
    check_panel,
    indicator_by_year,
    indicators_in,
    insufficient,
    results_frame,
    unit_ranks,
    unit_values,
)

NUMBER_FIELDS = (
    "statistic",
    "pvalue",
    "p_adjusted",
    "ci_low",
    "ci_high",
    "effect_size",
    "estimate",
)


def test_result_columns_are_in_the_agreed_order():
    assert RESULT_COLUMNS == (
        "indicator",
        "n",
        "estimate",
        "statistic",
        "pvalue",
        "p_adjusted",
        "ci_low",
        "ci_high",
        "effect_size",
        "effect_size_name",
        "method",
        "warning",
        "status",
        "reason",
    )


def test_statresult_is_frozen_and_normalises_numbers():
    res = StatResult(method="m", n=np.int64(7), pvalue=np.float64(0.25), estimate=float("nan"))
    assert type(res.pvalue) is float and res.pvalue == 0.25
    assert res.estimate is None  # NaN has one spelling: None
    assert type(res.n) is int
    with pytest.raises(AttributeError):
        res.n = 3  # type: ignore[misc]


def test_statresult_rejects_unknown_status():
    with pytest.raises(ValueError):
        StatResult(method="m", status="maybe")


def test_to_dict_has_every_column_in_order():
    d = StatResult(method="m", n=3, indicator="total").to_dict()
    assert tuple(d) == RESULT_COLUMNS
    assert d["indicator"] == "total" and d["status"] == "ok"


def test_replace_returns_a_changed_copy():
    res = StatResult(method="m", pvalue=0.01)
    assert res.replace(p_adjusted=0.03).p_adjusted == 0.03
    assert res.p_adjusted is None


@pytest.mark.parametrize(
    ("n", "minimum", "reason", "unit", "expected"),
    [
        (4, 6, None, "pairs", "n = 4 pairs; at least 6 are needed"),
        (0, 5, None, "observations", "n = 0 observations; at least 5 are needed"),
        (
            2,
            3,
            "units with a value in every year",
            "units",
            "units with a value in every year: n = 2 units; at least 3 are needed",
        ),
        (12, 5, "no variation", "observations", "no variation (n = 12 observations)"),
    ],
)
def test_insufficient_states_n_and_minimum(n, minimum, reason, unit, expected):
    res = insufficient("paired t-test", n, minimum, reason, "total", unit=unit)
    assert res.status == "insufficient"
    assert res.reason == expected
    assert res.n == n and res.indicator == "total" and res.method == "paired t-test"
    assert all(getattr(res, f) is None for f in NUMBER_FIELDS)
    assert res.effect_size_name is None


def test_insufficient_needs_a_reason_when_n_is_enough():
    with pytest.raises(ValueError):
        insufficient("m", 10, 5)


def test_insufficient_carries_a_warning():
    assert insufficient("m", 1, 5, warning="careful").warning == "careful"


def test_results_frame_columns_and_dtypes():
    frame = results_frame(
        [
            StatResult(method="a", n=5, pvalue=0.5, estimate=1.0, indicator="total"),
            insufficient("b", 2, 5),
        ]
    )
    assert tuple(frame.columns) == RESULT_COLUMNS
    assert frame["pvalue"].dtype == float and frame["n"].dtype == np.int64
    assert math.isnan(frame.loc[1, "pvalue"])
    assert frame.loc[0, "warning"] is None
    assert frame["status"].tolist() == ["ok", "insufficient"]


def test_results_frame_of_nothing_is_empty_with_columns():
    frame = results_frame([])
    assert frame.empty and tuple(frame.columns) == RESULT_COLUMNS


# --- panel contract ---------------------------------------------------------------------


def _panel() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_id": ["a", "b", "c", "d", "a", "b"],
            "year": [2022, 2022, 2022, 2022, 2023, 2023],
            "indicator_id": "total",
            "value": [80.0, 90.0, 80.0, np.nan, 85.0, 84.0],
        }
    )


def test_indicator_ids_and_components():
    assert len(INDICATOR_IDS) == 9 and INDICATOR_IDS[0] == "total"
    assert COMPONENT_IDS == INDICATOR_IDS[1:]


def test_check_panel_rejects_missing_columns_and_duplicates():
    with pytest.raises(ValueError, match="lacks column"):
        check_panel(_panel().drop(columns="value"))
    with pytest.raises(ValueError, match="duplicated"):
        check_panel(pd.concat([_panel(), _panel().iloc[:1]]))


def test_check_panel_keeps_missing_values_and_coerces_types():
    out = check_panel(_panel().assign(year=lambda d: d["year"].astype(str)))
    assert out["year"].dtype == np.int64
    assert out["value"].isna().sum() == 1


def test_unit_values_drops_missing():
    assert unit_values(_panel(), "total", 2022).to_dict() == {"a": 80.0, "b": 90.0, "c": 80.0}


def test_unit_ranks_are_competition_ranks_from_the_top():
    # hand: 90 -> 1; the two 80s share rank 2; d has no value and no rank
    assert unit_ranks(_panel(), "total", 2022).to_dict() == {"a": 2.0, "b": 1.0, "c": 2.0}


def test_unit_ranks_use_a_published_rank_column_when_present():
    panel = _panel().assign(rank=[3, 1, 2, 4, np.nan, np.nan])
    # 2022 has ranks: used as published (d has a rank but no value)
    assert unit_ranks(panel, "total", 2022).to_dict() == {"a": 3.0, "b": 1.0, "c": 2.0, "d": 4.0}
    # 2023 has none: computed from values
    assert unit_ranks(panel, "total", 2023).to_dict() == {"a": 1.0, "b": 2.0}


def test_indicator_by_year_reindexes_years():
    wide = indicator_by_year(_panel(), "total", [2021, 2022, 2023])
    assert list(wide.columns) == [2021, 2022, 2023]
    assert wide[2021].isna().all()
    assert wide.loc["a", 2023] == 85.0


def test_indicators_in_orders_known_ids_first():
    panel = pd.DataFrame(
        {"unit_id": "a", "year": 2020, "value": 1.0, "indicator_id": ["x", "direction", "total"]}
    )
    assert indicators_in(panel) == ["total", "direction", "x"]
    assert indicators_in(panel.iloc[:0]) == list(INDICATOR_IDS)
