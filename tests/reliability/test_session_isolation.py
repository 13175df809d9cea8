"""Concurrent sessions with different filters, datasets and an upload never see each other's
state: the upload lives in one session's state only, and the other session's numbers and
dataset options are unchanged."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.warehouse.store import Store
from tests.reliability.conftest import new_app, texts

pytestmark = pytest.mark.timeout(120)

MARK = 12.34  # a score no real or simulated unit has: if it shows anywhere else, it leaked


def _upload(path) -> dict:
    from ui.queries import UPLOAD_KEY, upload_digest

    store = Store(path)
    try:
        units = store.units().unit_id.tolist()
    finally:
        store.close()
    frame = pd.DataFrame(
        [
            {
                "unit_id": u,
                "year": y,
                "indicator_id": "total",
                "measure": "score_pct",
                "value": MARK,
                "source_id": "user_upload",
                "locator": "uploaded",
            }
            for u in units
            for y in (2022, 2023)
        ]
    )
    return {
        UPLOAD_KEY: {
            "name": "hostile'; DROP TABLE units; --.xlsx",
            "digest": upload_digest(frame),
            "frame": frame,
        }
    }


def _dataset_options(at) -> int:
    return len(at.sidebar.radio(key="dataset").options)


def test_an_upload_and_other_filters_stay_in_their_own_session(rel_db):
    from ui.queries import UPLOAD_KEY

    mark_vi = f"{MARK:.2f}".replace(".", ",")
    # B: another person on the demo panel with their own filters.
    b = new_app(dataset="demo", years="2019-2023", types="quận")
    assert not b.exception
    before = texts(b)
    # A: uploads a table (this is what pages/upload.py stores) and looks at it.
    a = new_app(state=_upload(rel_db), dataset="upload", years="2022-2023")
    assert not a.exception, [e.message[:300] for e in a.exception]
    assert a.sidebar.radio(key="dataset").value == "upload"
    assert _dataset_options(a) == 3
    assert mark_vi in texts(a), "the upload's own session must show the uploaded figures"
    # B reruns after A: same numbers, no upload option, A's filters did not leak.
    b.run()
    assert not b.exception
    assert texts(b) == before
    assert mark_vi not in texts(b)
    assert _dataset_options(b) == 2
    assert UPLOAD_KEY not in b.session_state
    assert b.sidebar.slider(key="years").value == (2019, 2023)
    assert b.session_state["types"] == ["quận"]
    # A third session that opens A's link (dataset=upload) has no upload: it falls back.
    c = new_app(dataset="upload", years="2022-2023")
    assert not c.exception
    assert c.sidebar.radio(key="dataset").value == "published"
    assert mark_vi not in texts(c)


def test_two_sessions_on_different_datasets_and_languages_interleave(rel_db):
    # AppTest re-evaluates a widget's format_func outside the script run when it reruns a
    # session, and the app's translated labels read the language from the running session;
    # so the English session is re-opened (as a reload would) instead of rerun.
    p = new_app(dataset="published", lang="en", years="2021-2024")
    d = new_app(dataset="demo", lang="vi")
    assert not p.exception and not d.exception
    first_p, first_d = texts(p), texts(d)
    d.sidebar.slider(key="years").set_value((2020, 2024)).run()
    again = new_app(dataset="published", lang="en", years="2021-2024")
    d.sidebar.slider(key="years").set_value((2019, 2024)).run()
    assert not again.exception and not d.exception
    assert texts(again) == first_p
    assert texts(d) == first_d
    assert p.session_state["lang"] == "en" and d.session_state["lang"] == "vi"
    assert p.session_state["years"] == (2021, 2024)
    assert "SIMULATED" not in texts(p) and "MÔ PHỎNG" in texts(d)
