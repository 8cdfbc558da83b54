"""Two real `packing-station pack` processes on one database: the second is refused and
told who holds the station; read-only commands still run; once the first ends, the
station is free again (also after the holder is killed)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

PACK = ("pack", "--script", "-", "--offline")
# Qt Multimedia says so on loading when the machine has no PipeWire: not our code.
pytestmark = pytest.mark.qt_log_ignore(r"pipewire-0\.3")


def station(*args: str, db: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "station", *args, "--db", str(db)],
                          input=stdin, capture_output=True, text=True, timeout=60, check=False)


def packing(db: Path, packer: str) -> subprocess.Popen[str]:
    """A `pack` that has handled one scan and waits for more on its standard input."""
    child = subprocess.Popen(
        [sys.executable, "-m", "station", *PACK, "--db", str(db), "--packer", packer],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    child.stdin.write("NO-SUCH-PACKAGE\n")
    child.stdin.flush()
    first = json.loads(child.stdout.readline())  # it holds the station from here on
    assert first["line"] == 1 and first["kind"] == "unknown"
    return child


def finish(child: subprocess.Popen[str]) -> tuple[int, str]:
    """End of script (stdin closed): the pack ends normally; its status and stderr."""
    child.stdin.close()
    child.stdout.read()
    err = child.stderr.read()
    child.wait(timeout=60)
    child.stdout.close()
    child.stderr.close()
    return child.returncode, err


def test_a_second_pack_is_refused_and_names_the_holder(tmp_path):
    db = tmp_path / "station.db"
    first = packing(db, packer="ann")
    try:
        second = station(*PACK, "--packer", "bob", db=db, stdin="NO-SUCH-PACKAGE\n")
        status = station("status", db=db)
        listing = station("outbox", db=db)
    finally:
        code, err = finish(first)

    assert second.returncode == 2, second.stderr
    assert second.stdout == ""  # not one scan was handled
    message = second.stderr.strip()
    assert message.startswith("packing-station pack: this station is in use by "
                              f"packing-station pack (pid {first.pid} ")
    assert "packer ann" in message and " since 20" in message and "close it first" in message
    assert "Traceback" not in second.stderr
    assert status.returncode == 0, status.stderr  # read-only commands do not take it
    assert listing.returncode == 0, listing.stderr
    assert code == 0, err

    third = station(*PACK, "--packer", "bob", db=db, stdin="NO-SUCH-PACKAGE\n")
    assert third.returncode == 0, third.stderr  # free again


def test_a_killed_holder_leaves_the_station_free(tmp_path):
    db = tmp_path / "station.db"
    first = packing(db, packer="ann")
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    for stream in (first.stdin, first.stdout, first.stderr):
        stream.close()

    again = station(*PACK, "--packer", "bob", db=db, stdin="NO-SUCH-PACKAGE\n")
    assert again.returncode == 0, again.stderr


# --- the GUI takes the same lock ---------------------------------------------------------


def gui_station(qapp, db: Path):
    from ui.app import build_station

    return build_station(qapp, db, packer="gina", sound=None)


def test_pack_is_refused_while_the_gui_packs_and_runs_once_it_stopped(qapp, tmp_path):
    db = tmp_path / "station.db"
    gui = gui_station(qapp, db)
    try:
        refused = station(*PACK, "--packer", "bob", db=db, stdin="NO-SUCH-PACKAGE\n")
    finally:
        gui.stop()
    assert refused.returncode == 2, refused.stderr
    assert (f"in use by packing-station GUI (pid {os.getpid()} " in refused.stderr
            and "packer gina" in refused.stderr)

    after = station(*PACK, "--packer", "bob", db=db, stdin="NO-SUCH-PACKAGE\n")
    assert after.returncode == 0, after.stderr


def test_the_gui_is_refused_while_pack_packs(qapp, tmp_path):
    from station.packing.lock import StationBusy

    db = tmp_path / "station.db"
    first = packing(db, packer="ann")
    try:
        with pytest.raises(StationBusy, match=f"packing-station pack \\(pid {first.pid} "):
            gui_station(qapp, db)
    finally:
        finish(first)
    gui_station(qapp, db).stop()  # free again
