"""The database notice: every action and cause is a whole sentence in either language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis.warehouse.store import DatabaseStatus
from ui import i18n, sidebar

_PATH = Path("/srv/app/data/par_index.duckdb")
_ASIDE = Path("/srv/app/data/par_index.duckdb.corrupt-20261204T0800")
# (action, cause, kept aside?) for every status ensure_database returns with a notice.
STATUSES = [
    ("built", "", False),
    ("rebuilt-stale", "", False),
    ("rebuilt-corrupt", "", True),
    ("kept-stale", "seeds", False),
    ("kept-stale", "disk-full", False),
    ("kept-stale", "error", False),
    ("unavailable", "seeds", False),
    ("unavailable", "disk-full", False),
    ("unavailable", "error", False),
    ("unavailable", "disk-full", True),
    ("unavailable", "set-aside", False),
]
# Words of the English notices; none may be left in a Vietnamese one.
_ENGLISH = re.compile(r"\b(the|database|seeds|disk|cannot|could|was|built|file|error)\b", re.I)


def _status(action: str, cause: str, aside: bool) -> DatabaseStatus:
    return DatabaseStatus(
        _PATH,
        action,
        "log message",
        _ASIDE if aside else None,
        "English notice",
        ("IOException: Could not write file: No space left on device",),
        cause,
        3 if cause == "seeds" else 0,
    )


@pytest.mark.parametrize(("action", "cause", "aside"), STATUSES)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_database_notice_is_a_whole_sentence_in_its_language(
    monkeypatch, action, cause, aside, language
):
    monkeypatch.setattr(i18n, "lang", lambda: language)
    shown = sidebar.database_notice(_status(action, cause, aside))
    text = shown.replace("\\", "")  # Markdown escapes: the notice is shown as text
    assert not text.startswith("db_") and "{" not in text and "db_cause" not in text
    assert "/srv" not in text  # file names only
    if aside:
        assert _ASIDE.name in text
    if language == "vi":
        assert not _ENGLISH.search(text.replace(_PATH.name, "").replace(_ASIDE.name, "")), text
    if cause == "seeds":
        assert "3" in text


@pytest.mark.parametrize(
    ("language", "cause", "expected"),
    [("vi", "disk-full", "ổ đĩa đã đầy"), ("en", "disk-full", "the disk is full")],
)
def test_a_full_disk_is_named_in_the_notice(monkeypatch, language, cause, expected):
    monkeypatch.setattr(i18n, "lang", lambda: language)
    shown = sidebar.database_notice(_status("unavailable", cause, False))
    assert expected in shown.replace("\\", "")
