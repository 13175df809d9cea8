"""Workspace saves killed at random moments: the workspace is fully old or fully new, a create
made a whole workspace or none, the next save leaves nothing behind, and the app serves it.

Runs in a temporary workspaces folder. A few dozen kills of a process saving once (creating a
workspace, or adding a file to one), a third at any moment, a third during the save, a third
as its temporary file is written; then two processes saving to one workspace at once, one of
them killed again and again: the other's saves are all kept.
"""

from __future__ import annotations

import io
import json
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from analysis.ingest import workspace as ws
from tests.reliability.conftest import ROOT, new_app

pytestmark = [pytest.mark.timeout(600), pytest.mark.slow]

KILLS = 24
VICTIM_KILLS = 8
A = "KẾT QUẢ CHỈ SỐ CCHC NĂM 2016\nĐơn vị;Tổng điểm;Xếp hạng\nBa Vì;80,10;1\nMỹ Đức;79,00;2\n"
# Units of all the years used below; each (unit, year) is one figure, so files never conflict.
UNITS = ["Ba Vì", "Mỹ Đức", "Sơn Tây", "Sóc Sơn", "Đông Anh", "Gia Lâm", "Thanh Trì", "Mê Linh"]

# One save: a new workspace (token "-") or a file added to one. "ready" once imported, so
# that a kill can be aimed at the save itself rather than at Python starting.
_SAVE = """
import sys
from pathlib import Path
from analysis.ingest import workspace as ws
root, token, name, text = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
print("ready", flush=True)
if token == "-":
    ws.create([(name, text.encode())], root=root)
else:
    ws.extend(token, [(name, text.encode())], root=root)
"""

# Saves to one workspace until the stop file appears (each figure once: at most
# units x years files); prints the name of each file saved. The file limit is not under test
# here, so it is lifted.
_SAVER = """
import sys
from pathlib import Path
from analysis.ingest import workspace as ws
root, token, stop = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
who, first, units = sys.argv[4], int(sys.argv[5]), sys.argv[6].split("|")
year0, years = int(sys.argv[7]), int(sys.argv[8])
ws.MAX_FILES = 1000
print("ready", flush=True)
i = first
while not stop.exists() and i < first + len(units) * years:
    unit, year = units[i % len(units)], year0 + (i // len(units)) % years
    name = f"{who}{i}.csv"
    text = f"Đơn vị;Tổng điểm năm {year}\\n{unit};{50 + i % 40},00\\n"
    try:
        ws.extend(token, [(name, text.encode())], root=root)
        print(name, flush=True)
    except ws.WorkspaceError as exc:
        print("refused", name, exc.message, flush=True)
    i += 1
"""


def _table(unit: str, year: int) -> str:
    return f"Đơn vị;Tổng điểm năm {year}\n{unit};70,00\n"


def _spawn(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )


def _kill(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)


def _temp_files(root: Path) -> list[str]:
    return [n for n in os.listdir(root) if n.endswith(".tmp")]


def _wait_for_temp_file(root: Path, proc: subprocess.Popen) -> None:
    # No sleep: the temporary file exists for a few milliseconds only.
    while proc.poll() is None and not _temp_files(root):
        pass


def _zips(root: Path) -> set[str]:
    return {p.stem for p in root.glob("*.zip")}


def _whole(root: Path, token: str) -> dict[str, bytes]:
    """The workspace loads and its zip holds the files its manifest names, no other: them."""
    ws.load(token, root=root)
    # One read of the file: another session may replace the zip between two opens, and a
    # manifest of one version against the files of the next is not a fault of the store.
    with zipfile.ZipFile(io.BytesIO((root / f"{token}.zip").read_bytes())) as z:
        stored = {n[len("files/") :]: z.read(n) for n in z.namelist() if n.startswith("files/")}
        files = json.loads(z.read("manifest.json"))["files"]
    assert set(stored) == {f["stored_as"] for f in files}, token
    return {f["name"]: stored[f["stored_as"]] for f in files}


def _only_workspaces_left(root: Path) -> None:
    """Nothing but each workspace's zip and, beside it, its lock file."""
    tokens = _zips(root)
    for name in os.listdir(root):
        assert name in {f"{t}.zip" for t in tokens} | {f".{t}.lock" for t in tokens}, name


def _serves(token: str) -> None:
    """The workspace's link (``/?ws=<token>``) opens in the app without an exception."""
    at = new_app(ws=token)
    assert not at.exception, at.exception
    assert at.session_state["dataset"] == "workspace"


def _kill_one_save(
    rng: random.Random, i: int, root: Path, token: str, full: float, save: float
) -> bool:
    """Run one save (create when ``token`` is "-") and kill it; True if it left a temp file."""
    proc = _spawn(_SAVE, str(root), token, "new.csv", _table("Sơn Tây", 2019))
    mode = i % 3
    if mode == 0:  # any moment, Python starting included
        time.sleep(rng.uniform(0, full + save))
    elif mode == 1:  # during the save: checking, writing, renaming
        proc.stdout.readline()
        time.sleep(rng.uniform(0, save))
    else:  # as the temporary file is written (it lives ~2 ms before its rename)
        proc.stdout.readline()
        _wait_for_temp_file(root, proc)
        time.sleep(rng.uniform(0, 0.001))
    _kill(proc)
    return bool(_temp_files(root))


def test_killed_saves_leave_the_workspace_old_or_new_and_nothing_behind(
    shared_db, tmp_path, monkeypatch
):
    rng = random.Random(16)
    root = tmp_path / "workspaces"
    monkeypatch.setenv("PAR_WORKSPACES", str(root))
    old_files = {"a.csv": A.encode()}
    new_file = {"new.csv": _table("Sơn Tây", 2019).encode()}

    # One full run: how long a save takes, with Python starting and without.
    start = time.monotonic()
    proc = _spawn(_SAVE, str(root), "-", "new.csv", _table("Sơn Tây", 2019))
    proc.stdout.readline()
    ready = time.monotonic()
    assert proc.wait(timeout=120) == 0
    full, save = ready - start, time.monotonic() - ready

    outcomes, leftovers = [], 0
    for i in range(KILLS):
        existing = ws.create([("a.csv", A.encode())], root=root)
        old_bytes = (root / f"{existing.token}.zip").read_bytes()
        before = _zips(root)
        creating = i % 2 == 0
        leftovers += _kill_one_save(rng, i, root, "-" if creating else existing.token, full, save)

        made = _zips(root) - before
        if creating:  # a whole new workspace or none; the others untouched
            assert len(made) <= 1, i
            for token in made:
                assert _whole(root, token) == new_file, i
            assert (root / f"{existing.token}.zip").read_bytes() == old_bytes, i
            state, shown = ("new", made.pop()) if made else ("old", existing.token)
        else:  # the old bytes exactly, or the old files and the new one
            assert not made, i
            now = (root / f"{existing.token}.zip").read_bytes()
            state, shown = ("old" if now == old_bytes else "new"), existing.token
            expected = old_files | (new_file if state == "new" else {})
            assert _whole(root, existing.token) == expected, i

        # The next save, of any workspace, succeeds and removes what the kill left behind.
        ws.extend(existing.token, [("next.csv", _table("Gia Lâm", 2020).encode())], root=root)
        _only_workspaces_left(root)
        _serves(shown)
        outcomes.append(state)
    # The kills hit both sides of the rename and left temp files to clean (else this proves
    # little).
    assert {"old", "new"} <= set(outcomes), outcomes
    assert leftovers, "no kill landed while a temporary file was written"


def _start(
    root: Path, token: str, stop: Path, who: str, first: int, years: tuple[int, int]
) -> subprocess.Popen:
    """A process saving files of ``years`` (first, how many) to the workspace, once ready."""
    args = [str(root), token, str(stop), who, str(first), "|".join(UNITS), *map(str, years)]
    proc = _spawn(_SAVER, *args)
    assert proc.stdout.readline().strip() == "ready"
    return proc


def test_two_sessions_saving_at_once_one_killed_keeps_every_save_of_the_other(
    shared_db, tmp_path, monkeypatch
):
    rng = random.Random(17)
    root = tmp_path / "workspaces"
    monkeypatch.setenv("PAR_WORKSPACES", str(root))
    token = ws.create([("a.csv", A.encode())], root=root).token
    stop = tmp_path / "stop"
    # Their figures are of different years, so no save of one refuses a save of the other.
    survivor = _start(root, token, stop, "s", 0, (2012, 6))
    amid = 0
    for k in range(VICTIM_KILLS):
        victim = _start(root, token, stop, "v", 100 * k, (2019, 6))
        time.sleep(rng.uniform(0, 0.8))
        _kill(victim)
        amid += survivor.poll() is None
        assert _whole(root, token)["a.csv"] == A.encode()
    # The survivor has 48 files to save; on a fast machine it may finish before the last
    # kills, so the test asks for kills amid its saves, not for every kill to be.
    assert amid >= VICTIM_KILLS // 2, amid
    stop.touch()
    out, _ = survivor.communicate(timeout=120)
    assert survivor.returncode == 0
    saved = [line for line in out.splitlines() if line.endswith(".csv")]
    assert saved and not [line for line in out.splitlines() if line.startswith("refused")]

    names = {f.name for f in ws.load(token, root=root).files}
    assert set(saved) <= names  # every save of the survivor is kept
    ws.expire(root=root)  # any writer removes what the last kill left
    _only_workspaces_left(root)
    _serves(token)
