"""Workspace errors in the page's language: every code has both texts, English = the message."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from analysis.ingest import workspace as ws
from ui import i18n
from ui.texts import TEXT
from ui.workspace import error_text

A = "KẾT QUẢ CHỈ SỐ CCHC NĂM 2016\nĐơn vị;Tổng điểm;Xếp hạng\nBa Vì;80,10;1\nMỹ Đức;79,00;2\n"
B = "Năm;Đơn vị;Tổng điểm\n2017;Ba Vì;81,20\n2017;Mỹ Đức;78,30\n"
BAD = "Đơn vị;Tổng điểm\nBa Vì;104,20\n"
SOURCE = Path(ws.__file__).read_text(encoding="utf-8")
# The English words of the workspace messages; none may be left in a Vietnamese one.
_ENGLISH = re.compile(
    r"\b(this|workspace|link|files?|saved|server|upload|only|holds|already|given)\b", re.I
)


def _raised(action) -> ws.WorkspaceError:
    with pytest.raises(ws.WorkspaceError) as info:
        action()
    return info.value


def _errors(root: Path, monkeypatch) -> dict[str, ws.WorkspaceError]:
    """One real error of every kind, raised by the workspace functions themselves."""
    out = {"malformed": _raised(lambda: ws.load("../x", root=root))}
    out["not_found"] = _raised(lambda: ws.load("A" * 32, root=root))
    held = ws.create([("a.csv", A.encode())], root=root)
    out["duplicate"] = _raised(lambda: ws.extend(held.token, [("b.csv", A.encode())], root=root))
    out["refused"] = _raised(lambda: ws.create([("bad.csv", BAD.encode())], year=2018, root=root))
    out["no_file"] = _raised(lambda: ws.create([], root=root))
    out["admin_only"] = _raised(lambda: ws.promote(held.token, "wrong", root=root))
    monkeypatch.setattr(ws, "MAX_FILES", 1)
    out["too_many_files"] = _raised(lambda: ws.create([("a", b"1"), ("b", b"2")], root=root))
    monkeypatch.setattr(ws, "MAX_TOTAL_BYTES", 1_000_000)
    out["too_many_bytes"] = _raised(lambda: ws.create([("big", bytes(1_500_000))], root=root))
    monkeypatch.setattr(ws, "MAX_WORKSPACES", 1)
    out["server_full"] = _raised(lambda: ws.create([("b.csv", B.encode())], root=root))
    (root / f"{held.token}.zip").write_bytes(b"PK\x03\x04 damaged")
    out["damaged"] = _raised(lambda: ws.load(held.token, root=root))
    return out


@pytest.fixture
def errors(tmp_path, monkeypatch) -> dict[str, ws.WorkspaceError]:
    return _errors(tmp_path, monkeypatch)


def _raised_codes() -> list[str]:
    """The code of every ``raise Workspace…(message, code, …)`` in the store's source."""
    codes = []
    for node in ast.walk(ast.parse(SOURCE)):
        call = node.exc if isinstance(node, ast.Raise) else None
        if not isinstance(call, ast.Call) or not getattr(call.func, "id", "").startswith("Work"):
            continue
        where = 2 if call.func.id == "WorkspaceRejected" else 1
        given = call.args[where] if len(call.args) > where else None
        codes.append(given.value if isinstance(given, ast.Constant) else "refused")
    return codes


def test_every_code_the_store_raises_has_both_texts():
    codes = _raised_codes()
    assert len(codes) >= 12 and "" not in codes
    for code in codes:
        vi, en = TEXT[f"wserr_{code}"]
        assert vi and en and vi != en, code


def test_each_kind_of_error_is_raised_with_its_code(errors):
    assert {k: e.code for k, e in errors.items()} == {k: k for k in errors}


@pytest.mark.parametrize(
    "kind",
    [
        "malformed",
        "not_found",
        "duplicate",
        "refused",
        "no_file",
        "admin_only",
        "too_many_files",
        "too_many_bytes",
        "server_full",
        "damaged",
    ],
)
def test_english_is_the_message_itself_and_vietnamese_has_no_english_left(
    errors, monkeypatch, kind
):
    error = errors[kind]
    monkeypatch.setattr(i18n, "lang", lambda: "en")
    assert error_text(error) == error.message
    monkeypatch.setattr(i18n, "lang", lambda: "vi")
    vi = error_text(error)
    assert vi != error.message and "wserr_" not in vi and "{" not in vi
    # File names and the problem of a refused file (its own renderer's business) aside.
    rest = re.sub(r"\b[\w.]+\.csv\b", "", vi.split(": row")[0])
    assert not _ENGLISH.search(rest), vi


def test_numbers_in_a_size_limit_follow_the_language(errors, monkeypatch):
    monkeypatch.setattr(i18n, "lang", lambda: "vi")
    assert "(đã chọn 1,5 MB)" in error_text(errors["too_many_bytes"])


def test_a_refused_file_is_said_with_the_given_problem_renderer(errors, monkeypatch):
    monkeypatch.setattr(i18n, "lang", lambda: "vi")
    text = error_text(errors["refused"], lambda p: f"<{p.row}:{p.column}>")
    assert text == "Chưa lưu: bad.csv: <2:Tổng điểm>"


def test_a_text_already_composed_and_an_unknown_code_are_kept(monkeypatch):
    monkeypatch.setattr(i18n, "lang", lambda: "vi")
    assert error_text("đã soạn sẵn") == "đã soạn sẵn"
    assert error_text(ws.WorkspaceError("Plain message.")) == "Plain message."
    assert error_text(ws.WorkspaceError("Plain message.", "no_such_code")) == "Plain message."


def test_a_refused_file_reads_wholly_in_vietnamese_with_the_upload_pages_renderer(
    errors, monkeypatch
):
    from ui.upload.problems import problem_text

    monkeypatch.setattr(i18n, "lang", lambda: "vi")
    text = error_text(errors["refused"], lambda p: problem_text(p, "vi"))
    assert text.startswith("Chưa lưu: bad.csv: ") and "104,20" in text
    assert not re.search(r"\b(row|column|outside|is)\b", text), text
