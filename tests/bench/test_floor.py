"""The same-widget floor draws exactly a page's widgets, with the page's keys, and no work."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from apptiming import page_widgets  # noqa: E402


@pytest.mark.parametrize("page", ["pages/whatif.py", "pages/data.py", "pages/upload.py"])
def test_floor_draws_the_pages_widgets_under_the_same_keys(app, page, tmp_path, monkeypatch):
    at = app(page, dataset="demo")
    assert not at.exception
    widgets = page_widgets(at)
    assert widgets, "the page has widgets"
    manifest = tmp_path / "widgets.json"
    manifest.write_text(json.dumps(widgets, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("PAR_FLOOR_WIDGETS", str(manifest))
    floor = AppTest.from_file(str(ROOT / "bench" / "floor_app.py"), default_timeout=60).run()
    assert not floor.exception
    drawn = page_widgets(floor)
    assert Counter(w["kind"] for w in drawn) == Counter(w["kind"] for w in widgets)
    keyed = {w["key"] for w in widgets if not w["key"].startswith("floor_")}
    assert keyed <= {w["key"] for w in drawn}  # the same session-state keys
    assert not floor.get("vega_lite_chart") and not floor.dataframe  # no work: no charts, tables
