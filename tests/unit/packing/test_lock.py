"""The station lock (station.packing.lock): one packing program per database, the second
told who holds it; released on release() and when the holder dies; never touching the
database's own files."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from station.packing.lock import StationBusy, StationLock, lock_path, read_holder
from station.store import open_store

HOLD = textwrap.dedent("""
    import sys, time
    from station.packing.lock import StationLock
    lock = StationLock(sys.argv[1], program="holder-program", packer="bea").acquire()
    print("held", flush=True)
    time.sleep(60)
""")


def holder_process(db):
    child = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], stdout=subprocess.PIPE,
                             text=True)
    assert child.stdout.readline().strip() == "held"
    return child


def test_a_second_lock_is_refused_and_says_who_holds_it(tmp_path):
    db = tmp_path / "station.db"
    with StationLock(db, program="packing-station GUI", packer="ann") as first:
        assert first.held and lock_path(db) == tmp_path / "station.db.lock"
        with pytest.raises(StationBusy) as refused:
            StationLock(db, program="packing-station pack", packer="bob").acquire()
        message = str(refused.value)
        assert "packing-station GUI" in message and f"pid {os.getpid()}" in message
        assert "packer ann" in message and "since 20" in message
        assert "close it first" in message
    # released: the next one gets it, and the old details are gone
    assert read_holder(lock_path(db)) is None
    with StationLock(db, program="packing-station pack", packer="bob"):
        assert read_holder(lock_path(db)).packer == "bob"


def test_another_process_holding_it_is_named_and_its_death_frees_it(tmp_path):
    db = tmp_path / "station.db"
    child = holder_process(db)
    try:
        with pytest.raises(StationBusy, match=f"holder-program \\(pid {child.pid} .*packer bea"):
            StationLock(db, program="pack", packer="ann").acquire()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        child.stdout.close()
    with StationLock(db, program="pack", packer="ann") as lock:  # no stale lock after a crash
        assert lock.held


def test_the_lock_never_costs_sqlite_its_locks(tmp_path):
    """Taking and giving up the station lock opens and closes only the .lock file, so a
    read transaction this process holds on the database keeps its POSIX lock."""
    db = tmp_path / "station.db"
    with open_store(db) as store:
        store.conn.execute("BEGIN IMMEDIATE")
        for _ in range(3):
            with StationLock(db, program="pack", packer="ann"):
                pass
        first = StationLock(db, program="a", packer="x").acquire()
        with pytest.raises(StationBusy):  # still refused while a holder lives
            StationLock(db, program="b", packer="y").acquire()
        first.release()
        probe = subprocess.run(
            [sys.executable, "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1], "
             "timeout=0); c.execute('BEGIN IMMEDIATE')", str(db)],
            capture_output=True, text=True, timeout=30)
        assert probe.returncode != 0 and "locked" in probe.stderr  # our write lock stands
        store.conn.execute("ROLLBACK")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".lock")) == [
        "station.db.lock"]


def test_release_is_idempotent_and_acquire_twice_is_harmless(tmp_path):
    lock = StationLock(tmp_path / "s.db", program="pack", packer="ann")
    assert lock.acquire() is lock.acquire()
    lock.release()
    lock.release()
    assert not lock.held
    started = time.monotonic()
    with StationLock(tmp_path / "s.db", program="pack", packer="ann"):
        assert time.monotonic() - started < 5
