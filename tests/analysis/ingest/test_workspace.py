"""Workspaces: create, extend, list, load, download, delete, expire; bad tokens, limits,
concurrent saves, a process killed mid-save; promotion with the administrator key."""

from __future__ import annotations

import fcntl
import io
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import duckdb
import pytest

from analysis.codes import OBSERVATION_VIEW_COLUMNS
from analysis.ingest import workspace as ws
from tests.conftest import PROJECT_ROOT

A = "KẾT QUẢ CHỈ SỐ CCHC NĂM 2016\nĐơn vị;Tổng điểm;Xếp hạng\nBa Vì;80,10;1\nMỹ Đức;79,00;2\n"
B = "Năm;Đơn vị;Tổng điểm\n2017;Ba Vì;81,20\n2017;Mỹ Đức;78,30\n"
BAD = "Đơn vị;Tổng điểm\nBa Vì;104,20\n"


def _files(*texts: str) -> list[tuple[str, bytes]]:
    return [(f"f{i}.csv", t.encode()) for i, t in enumerate(texts)]


def test_create_load_list_download_delete(tmp_path: Path) -> None:
    created = ws.create(_files(A, B), root=tmp_path)
    assert ws.TOKEN_PATTERN.fullmatch(created.token)
    assert created.url_path == f"/?ws={created.token}"
    assert list((tmp_path).glob("*.zip")) == [tmp_path / f"{created.token}.zip"]
    loaded = ws.load(created.token, root=tmp_path)
    assert tuple(loaded.observations.columns) == OBSERVATION_VIEW_COLUMNS
    assert set(loaded.observations.dataset) == {"workspace"}
    assert loaded.years == [2016, 2017]
    f = loaded.observations
    assert f[(f.unit_id == "ba_vi") & (f.year == 2017)].value.tolist() == [81.2]
    first = loaded.files[0]
    assert (first.name, first.years, first.size) == ("f0.csv", [2016], len(A.encode()))
    assert len(first.sha256) == 64 and first.uploaded_at.endswith("+00:00")
    listing = ws.list_workspaces(tmp_path)
    assert listing.token.tolist() == [created.token] and listing.figures.iloc[0] == 6
    name, data = ws.download(created.token, root=tmp_path)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())
        manifest = json.loads(z.read("manifest.json"))
        assert z.read("files/01_f0.csv") == A.encode()
    assert {"manifest.json", "figures.csv", "files/01_f0.csv", "files/02_f1.csv"} == names
    assert manifest["files"][1]["name"] == "f1.csv" and name.endswith(".zip")
    ws.delete(created.token, root=tmp_path)
    with pytest.raises(ws.WorkspaceNotFound, match="does not exist or has expired"):
        ws.load(created.token, root=tmp_path)


def test_extend_adds_files_and_refuses_duplicates_or_conflicts(tmp_path: Path) -> None:
    created = ws.create(_files(A), root=tmp_path)
    extended = ws.extend(created.token, [("b.csv", B.encode())], root=tmp_path)
    assert [f.name for f in extended.files] == ["f0.csv", "b.csv"]
    assert extended.years == [2016, 2017]
    with pytest.raises(ws.WorkspaceRejected, match="already in the workspace"):
        ws.extend(created.token, [("again.csv", A.encode())], root=tmp_path)
    other = A.replace("80,10", "80,90")
    with pytest.raises(ws.WorkspaceRejected, match="two primary tables disagree"):
        ws.extend(created.token, [("c.csv", other.encode())], root=tmp_path)
    assert len(ws.load(created.token, root=tmp_path).files) == 2


def test_a_refused_file_saves_nothing(tmp_path: Path) -> None:
    with pytest.raises(ws.WorkspaceRejected) as info:
        ws.create([("bad.csv", BAD.encode())], year=2018, root=tmp_path)
    assert "bad.csv: row 2, column 'Tổng điểm': 104,20 is outside 0–100" in info.value.message
    assert not list(tmp_path.glob("*.zip"))


@pytest.mark.parametrize(
    "token",
    ["", "abc", "../../etc/passwd", "A" * 31, "A" * 33, "A" * 31 + "/", None, 12, "é" * 32],
)
def test_malformed_tokens_get_a_friendly_error_without_touching_the_disk(
    tmp_path: Path, token
) -> None:
    for action in (ws.load, ws.delete, ws.download):
        with pytest.raises(ws.WorkspaceNotFound) as info:
            action(token, root=tmp_path / "never")
        assert str(tmp_path) not in info.value.message and "Traceback" not in info.value.message
    assert not (tmp_path / "never").exists()


def test_a_damaged_workspace_file_is_a_friendly_error(tmp_path: Path) -> None:
    created = ws.create(_files(A), root=tmp_path)
    (tmp_path / f"{created.token}.zip").write_bytes(b"PK\x03\x04 damaged")
    with pytest.raises(ws.WorkspaceNotFound, match="damaged") as info:
        ws.load(created.token, root=tmp_path)
    assert str(tmp_path) not in info.value.message


def test_unused_workspaces_expire_after_the_configured_days(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = ws.create(_files(A), root=tmp_path)
    fresh = ws.create(_files(B), root=tmp_path)
    ten_days_ago = time.time() - 10 * 86_400
    os.utime(tmp_path / f"{old.token}.zip", (ten_days_ago, ten_days_ago))
    monkeypatch.setenv("PAR_WORKSPACE_DAYS", "7")
    assert ws.expiry_days() == 7
    assert ws.expire(root=tmp_path) == [old.token]
    assert ws.list_workspaces(tmp_path).token.tolist() == [fresh.token]
    # Opening counts as use: a workspace opened today does not expire.
    os.utime(tmp_path / f"{fresh.token}.zip", (ten_days_ago, ten_days_ago))
    ws.load(fresh.token, root=tmp_path)
    assert ws.expire(root=tmp_path) == []
    with pytest.raises(ws.WorkspaceNotFound, match="deleted after 7 days"):
        ws.load(old.token, root=tmp_path)


def test_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ws, "MAX_FILES", 2)
    with pytest.raises(ws.WorkspaceLimit, match="at most 2 files"):
        ws.create(_files(A, B, A), root=tmp_path)
    created = ws.create(_files(A, B), root=tmp_path)
    with pytest.raises(ws.WorkspaceLimit, match="at most 2 files"):
        ws.extend(created.token, _files(BAD), root=tmp_path)
    monkeypatch.setattr(ws, "MAX_TOTAL_BYTES", 50)
    with pytest.raises(ws.WorkspaceLimit, match="MB of files"):
        ws.create(_files(A), root=tmp_path)
    monkeypatch.setattr(ws, "MAX_TOTAL_BYTES", 10_000)
    monkeypatch.setattr(ws, "MAX_WORKSPACES", 1)
    with pytest.raises(ws.WorkspaceLimit, match="too many workspaces"):
        ws.create(_files(B), root=tmp_path)
    with pytest.raises(ws.WorkspaceError, match="No file"):
        ws.create([], root=tmp_path)


def test_two_saves_at_once_keep_both(tmp_path: Path) -> None:
    created = ws.create(_files(A), root=tmp_path)
    extra = [
        f"Đơn vị;Tổng điểm\nBa Vì;{70 + i},00\n".replace("Tổng điểm", f"Tổng điểm năm {2010 + i}")
        for i in range(2, 6)
    ]
    errors: list[BaseException] = []

    def save(text: str, i: int) -> None:
        try:
            ws.extend(created.token, [(f"x{i}.csv", text.encode())], root=tmp_path)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(t, i)) for i, t in enumerate(extra)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    loaded = ws.load(created.token, root=tmp_path)
    assert sorted(f.name for f in loaded.files) == [
        "f0.csv",
        "x0.csv",
        "x1.csv",
        "x2.csv",
        "x3.csv",
    ]
    assert loaded.years == [2012, 2013, 2014, 2015, 2016]


_SAVER = """
import sys
from pathlib import Path
from analysis.ingest import workspace as ws
root, token = Path(sys.argv[1]), sys.argv[2]
i = 0
while True:
    i += 1
    text = f"Đơn vị;Tổng điểm năm {2012 + i % 5}\\nBa Vì;{60 + i % 30},00\\n"
    try:
        ws.extend(token, [(f"k{i}.csv", text.encode())], root=root)
    except ws.WorkspaceError:
        pass
    print(i, flush=True)
"""


def test_a_process_killed_mid_save_leaves_a_whole_workspace(tmp_path: Path) -> None:
    created = ws.create(_files(A), root=tmp_path)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    for delay in (1.5, 2.0, 2.6):
        proc = subprocess.Popen(
            [sys.executable, "-c", _SAVER, str(tmp_path), created.token],
            env=env,
            stdout=subprocess.DEVNULL,
            cwd=PROJECT_ROOT,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        loaded = ws.load(created.token, root=tmp_path)  # whole: readable, consistent
        names = {f.stored_as for f in loaded.files}
        with zipfile.ZipFile(tmp_path / f"{created.token}.zip") as z:
            assert {n[len("files/") :] for n in z.namelist() if n.startswith("files/")} == names
        assert loaded.files[0].name == "f0.csv"
    # The next save removes what the kills left behind (no waiting for an expiry).
    ws.extend(created.token, _files(B), root=tmp_path)
    assert sorted(os.listdir(tmp_path)) == sorted(
        [f"{created.token}.zip", f".{created.token}.lock"]
    )


def test_the_next_save_removes_what_killed_saves_left_never_a_live_save_s_files(
    tmp_path: Path,
) -> None:
    kept = ws.create(_files(A), root=tmp_path)
    dead, alive = "d" * 32, "L" * 32
    # A killed create leaves its lock file and temporary file; a killed extend, a temporary file.
    (tmp_path / f".{dead}.lock").touch()
    (tmp_path / f".{dead}.abcd1234.tmp").write_bytes(b"half a zip")
    (tmp_path / f".{kept.token}.k1lled00.tmp").write_bytes(b"half a zip")
    # A save in progress elsewhere: its temporary file, its lock held (flock is per open file,
    # so holding it here stands for another process).
    (tmp_path / f".{alive}.busy0000.tmp").write_bytes(b"being written")
    with open(tmp_path / f".{alive}.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        saving = threading.Thread(target=ws.create, args=(_files(B),), kwargs={"root": tmp_path})
        saving.start()
        saving.join(timeout=60)
        assert not saving.is_alive()  # the sweep never waits on another save's lock
        made = next(p.stem for p in tmp_path.glob("*.zip") if p.stem != kept.token)
        assert sorted(n for n in os.listdir(tmp_path) if n.startswith(".")) == sorted(
            [f".{kept.token}.lock", f".{made}.lock", f".{alive}.busy0000.tmp", f".{alive}.lock"]
        )
    # Once its process is gone (the kernel releases its lock), its files are orphans too.
    ws.expire(root=tmp_path)
    assert sorted(n for n in os.listdir(tmp_path) if n.startswith(".")) == sorted(
        [f".{kept.token}.lock", f".{made}.lock"]
    )


# --------------------------------------------------------------------------- promotion


def test_admin_key_check(monkeypatch: pytest.MonkeyPatch, caplog) -> None:
    monkeypatch.delenv("PAR_ADMIN_KEY", raising=False)
    assert not ws.admin_enabled() and not ws.check_admin_key("anything")
    monkeypatch.setenv("PAR_ADMIN_KEY", "k3y")
    assert ws.admin_enabled() and ws.check_admin_key("k3y")
    with caplog.at_level(logging.WARNING, logger="analysis.ingest.workspace"):
        assert not ws.check_admin_key("wrong")
        assert not ws.check_admin_key(None)
    assert "wrong administrator key" in caplog.text and "wrong\n" not in caplog.text


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_promotion_with_the_right_key_writes_the_seeds_and_rebuilds(
    seeds_copy: Path, tmp_path: Path
) -> None:
    created = ws.create(_files(A, B), root=tmp_path / "ws", seeds_dir=seeds_copy)
    db = tmp_path / "db.duckdb"
    reports = ws.promote(
        created.token,
        "k3y",
        root=tmp_path / "ws",
        seeds_dir=seeds_copy,
        db_path=db,
        configured_key="k3y",
    )
    assert all(r.ok for r in reports), [p.message for r in reports for p in r.errors]
    assert sorted(p.name[:4] for p in (seeds_copy / "imported").glob("*.csv")) == ["2016", "2017"]
    con = duckdb.connect(str(db), read_only=True)
    try:
        got = con.execute(
            "SELECT year, value FROM observations WHERE dataset = 'published' AND unit_id = 'ba_vi'"
            " AND indicator_id = 'total' AND measure = 'score_pct' AND year IN (2016, 2017) "
            "ORDER BY year"
        ).fetchall()
    finally:
        con.close()
    assert got == [(2016, 80.1), (2017, 81.2)]


@pytest.mark.parametrize("key", ["wrong", None, ""])
def test_promotion_without_the_right_key_changes_nothing(
    seeds_copy: Path, tmp_path: Path, key
) -> None:
    created = ws.create(_files(A), root=tmp_path / "ws", seeds_dir=seeds_copy)
    before = _snapshot(seeds_copy)
    with pytest.raises(ws.WorkspaceError, match="Only an administrator"):
        ws.promote(
            created.token,
            key,
            root=tmp_path / "ws",
            seeds_dir=seeds_copy,
            db_path=tmp_path / "db",
            configured_key="k3y",
        )
    assert _snapshot(seeds_copy) == before and not (tmp_path / "db").exists()


def test_a_failure_in_the_middle_of_a_promotion_leaves_seeds_and_database_old(
    seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from analysis.warehouse import build as build_module

    created = ws.create(_files(A, B), root=tmp_path / "ws", seeds_dir=seeds_copy)
    db = tmp_path / "db.duckdb"
    build_module.build(db, seeds_copy)
    before, db_before = _snapshot(seeds_copy), db.read_bytes()
    real = build_module.build
    calls = {"n": 0}

    def second_build_fails(db_path, seeds_dir):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return real(db_path, seeds_dir)

    monkeypatch.setattr(build_module, "build", second_build_fails)
    reports = ws.promote(
        created.token,
        "k3y",
        root=tmp_path / "ws",
        seeds_dir=seeds_copy,
        db_path=db,
        configured_key="k3y",
    )
    assert calls["n"] == 2 and not all(r.ok for r in reports)
    assert _snapshot(seeds_copy) == before
    assert db.read_bytes() == db_before


def test_a_new_token_never_starts_with_a_dash(tmp_path: Path, monkeypatch) -> None:
    # One token in 64 from token_urlsafe starts with "-", which a command line takes for an
    # option (`python -m analysis workspace delete -Ab…` said "token is required").
    given = iter(["-" + "a" * 31, "b" * 32])
    monkeypatch.setattr(ws.secrets, "token_urlsafe", lambda n: next(given))
    assert ws.create(_files(A), root=tmp_path).token == "b" * 32
