"""AppTest of the components page: heatmap, pair scatter, top vs bottom, empty states, URL state."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa
import pytest
from scipy import stats

from analysis.warehouse.store import Store
from tests.pages.conftest import open_linked, texts

PAGE = "pages/components.py"


def open_page(app, page: str = PAGE, **query: str):
    """The page opened from a link carrying ``query`` (``app`` builds the test database)."""
    at = open_linked(page, **query)
    return at


def url_state(at, prefix: str = "co_") -> dict[str, str]:
    """This page's parameters in the URL after the last run (keys starting with ``prefix``)."""
    return {
        k: v[0] if isinstance(v, list) else v
        for k, v in at.query_params.items()
        if k.startswith(prefix)
    }


def chart_data(at, i: int = 0, column: str = "label") -> pd.DataFrame:
    """The data (the layer holding ``column``) of the i-th Altair chart, as the browser gets it."""
    proto = at.get("vega_lite_chart")[i].proto
    for ds in proto.datasets:
        frame = pa.ipc.open_stream(ds.data.data).read_all().to_pandas()
        if column in frame.columns:
            return frame
    raise AssertionError(f"no dataset with column {column!r}")


def in_english(at):
    """Switch to English after opening (starting with ?lang=en and switching page trips
    AppTest, which formats the sidebar's translated options in the test thread, in vi)."""
    at.session_state["lang"] = "en"
    at.run()
    return at


def demo_wide(page_db, year: int) -> pd.DataFrame:
    """Units × indicators of the demo panel in one year, straight from the store."""
    panel = Store(page_db).panel("demo", years=(year, year))
    return panel.pivot(index="unit_id", columns="indicator_id", values="value")


def test_published_default_says_why_no_correlation(app):
    at = open_page(app)
    assert not at.exception
    shown = texts(at)
    assert "Không tính được tương quan nào" in shown
    # the default year is the latest with any published component score, and n is listed
    assert at.segmented_control(key="co_year").value == "2023"
    assert "Bắc Từ Liêm (2023)" in shown and "Ba Đình (2022, 2023)" in shown
    n_table = at.dataframe[0].value
    assert n_table.iloc[:, 1].max() < 5


def test_demo_heatmap_r_matches_scipy_spearman(app, page_db):
    at = open_page(app, dataset="demo", years="2019-2023")
    assert not at.exception
    assert at.segmented_control(key="co_year").value == "2023"
    assert at.segmented_control(key="co_m").value == "spearman"
    cells = chart_data(at, 0).set_index(["x_id", "y_id"])
    wide = demo_wide(page_db, 2023)
    # The page's r comes from analysis.stats.correlation.correlation_matrix(panel, 2023, "spearman")
    # (through ui.components.correlations.corr_matrix); here: scipy on the same 30 demo units.
    expected = stats.spearmanr(wide["total"], wide["procedures"]).statistic
    assert cells.loc[("total", "procedures"), "r"] == pytest.approx(expected, abs=1e-12)
    assert cells.loc[("total", "procedures"), "label"] == f"{expected:.2f}".replace(".", ",")
    assert int(cells.loc[("total", "procedures"), "n"]) == 30
    assert len(cells) == 36 and cells.r.between(-1, 1).all()
    # the sentence under the pair pickers says the same r
    assert f"ρ = {expected:.2f}".replace(".", ",") in texts(at)


def test_method_toggle_and_pair_picker_change_the_numbers(app, page_db):
    # (widgets are driven in Vietnamese: AppTest formats the sidebar's translated options
    # outside the script run, where the language is the default)
    at = open_page(app, dataset="demo", years="2019-2023")
    at.segmented_control(key="co_m").set_value("pearson").run()
    at.selectbox(key="co_x").set_value("digital_government").run()
    at.selectbox(key="co_y").set_value("civil_service").run()
    assert not at.exception
    wide = demo_wide(page_db, 2023)
    expected = stats.pearsonr(wide["digital_government"], wide["civil_service"]).statistic
    cells = chart_data(at, 0).set_index(["x_id", "y_id"])
    assert cells.loc[("civil_service", "digital_government"), "r"] == pytest.approx(expected)
    assert bool(cells.loc[("civil_service", "digital_government"), "selected"])
    assert f"r = {expected:.2f}".replace(".", ",") in texts(at)
    points = chart_data(at, 1, "name")
    assert len(points) == 30 and set(points.columns) >= {"name", "x", "y"}
    assert url_state(at) == {
        "co_m": "pearson",
        "co_x": "digital_government",
        "co_y": "civil_service",
    }


def test_pooled_years_warn_and_use_unit_years_in_english(app):
    at = in_english(open_page(app, dataset="demo", years="2021-2023", co_year="pooled"))
    assert not at.exception
    shown = texts(at)
    assert "not independent" in shown
    assert "n = 90 unit-years" in shown  # 30 units × 3 years
    title = json.loads(at.get("vega_lite_chart")[0].proto.spec)["title"]["text"]
    assert title == "Correlations between the areas, Pooled 2021–2023"
    assert len(chart_data(at, 1, "name")) == 90


def test_top_bottom_separation_against_pandas(app, page_db):
    at = open_page(app, dataset="demo", years="2019-2023", co_k="5")
    assert not at.exception
    wide = demo_wide(page_db, 2023)
    order = sorted(wide.index, key=lambda u: (-wide.loc[u, "total"], u))
    for k in (5, 15):
        if k != 5:
            at.number_input(key="co_k").set_value(k).run()
        assert not at.exception
        assert at.number_input(key="co_k").value == k
        top, bottom = order[:k], order[-k:]
        for comp in ("public_finance", "institutions"):
            diff = wide.loc[top, comp].mean() - wide.loc[bottom, comp].mean()
            sep = chart_data(at, 2).set_index("indicator")
            assert sep.loc[comp, "estimate"] == pytest.approx(diff)
    assert url_state(at)["co_k"] == "15"


def test_empty_states_are_messages(app):
    at = open_page(app, years="2017-2018")
    assert not at.exception
    assert "Không có năm nào có số liệu" in texts(at)
    # one town only (Sơn Tây): nothing computable, said in words, no exception
    at = in_english(open_page(app, dataset="demo", types="thị xã"))
    assert not at.exception
    assert "No correlation can be computed" in texts(at)


def test_hostile_query_parameters_fall_back(app):
    at = open_page(
        app,
        dataset="demo",
        co_year="2023'; DROP TABLE x; --",
        co_m="kendall",
        co_x="<script>alert(1)</script>",
        co_y="total\u202e",
        co_k="1000000",
    )
    assert not at.exception
    assert at.segmented_control(key="co_year").value == "2024"
    assert at.segmented_control(key="co_m").value == "spearman"
    assert at.selectbox(key="co_x").value == "total"
    assert at.selectbox(key="co_y").value == "procedures"
    assert at.number_input(key="co_k").value == 10


def test_link_round_trip(app):
    at = open_page(
        app,
        dataset="demo",
        co_year="2022",
        co_m="pearson",
        co_x="procedures",
        co_y="digital_government",
        co_k="7",
    )
    assert not at.exception
    assert at.segmented_control(key="co_year").value == "2022"
    assert at.segmented_control(key="co_m").value == "pearson"
    assert at.selectbox(key="co_x").value == "procedures"
    assert at.selectbox(key="co_y").value == "digital_government"
    assert at.number_input(key="co_k").value == 7
    assert url_state(at)["co_year"] == "2022"
    at.segmented_control(key="co_year").set_value("2021").run()
    assert url_state(at) == {
        "co_year": "2021",
        "co_m": "pearson",
        "co_x": "procedures",
        "co_y": "digital_government",
        "co_k": "7",
    }


def test_heatmap_click_selects_the_pair(monkeypatch):
    from types import SimpleNamespace

    import ui.components.correlations as kit

    fake = SimpleNamespace(
        session_state={
            kit.HEAT_KEY: {
                "selection": {kit.HEAT_PARAM: [{"x_id": "institutions", "y_id": "public_finance"}]}
            }
        }
    )
    monkeypatch.setattr(kit, "st", fake)
    kit.on_heat_select()
    assert fake.session_state["co_x"] == "institutions"
    assert fake.session_state["co_y"] == "public_finance"
    # a click outside the cells (empty selection) or a forged id changes nothing
    fake.session_state[kit.HEAT_KEY] = {
        "selection": {kit.HEAT_PARAM: [{"x_id": "x';--", "y_id": "total"}]}
    }
    kit.on_heat_select()
    assert fake.session_state["co_x"] == "institutions"
