"""ui.background.Runner: work runs in the runner's thread, its result or error comes back
on the UI thread; an error nobody handles reaches sys.excepthook (the error presenter);
closing never waits; the WAL checkpointer checkpoints once the WAL passes its limit."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import pytest

from station.store import open_store
from station.store.db import wal_size, write_transaction
from ui.background import Runner, WalCheckpointer


def test_result_arrives_on_the_ui_thread(qtbot):
    runner = Runner("test-runner")
    worked_in: list[str] = []
    results: list[tuple[int, str]] = []

    def work() -> int:
        worked_in.append(threading.current_thread().name)
        return 42

    runner.run(work, done=lambda value: results.append((value, threading.current_thread().name)))
    qtbot.waitUntil(lambda: bool(results), timeout=5_000)
    assert worked_in == ["test-runner"]
    assert results == [(42, threading.main_thread().name)]
    assert not runner.busy
    assert runner.wait_closed(5)


def test_error_goes_to_failed_on_the_ui_thread(qtbot):
    runner = Runner("test-runner")
    errors: list[tuple[BaseException, str]] = []
    runner.run(lambda: 1 / 0, done=lambda _: pytest.fail("no result expected"),
               failed=lambda exc: errors.append((exc, threading.current_thread().name)))
    qtbot.waitUntil(lambda: bool(errors), timeout=5_000)
    assert isinstance(errors[0][0], ZeroDivisionError)
    assert errors[0][1] == threading.main_thread().name
    assert runner.wait_closed(5)


def test_unhandled_error_reaches_the_excepthook(qtbot, monkeypatch):
    seen: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, exc, tb: seen.append(exc))
    runner = Runner("test-runner")
    runner.run(lambda: {}["missing"])
    qtbot.waitUntil(lambda: bool(seen), timeout=5_000)
    assert isinstance(seen[0], KeyError)
    assert runner.wait_closed(5)


def test_close_returns_at_once_and_drops_late_results(qtbot):
    runner = Runner("test-runner")
    release = threading.Event()
    results: list[object] = []
    runner.run(lambda: release.wait(10), done=results.append)
    started = time.perf_counter()
    runner.close()
    assert time.perf_counter() - started < 0.05
    with pytest.raises(RuntimeError):
        runner.run(lambda: None)
    release.set()
    assert runner.wait_closed(5)
    qtbot.wait(50)
    assert results == []  # closed: the receiver may be gone


def test_checkpointer_checkpoints_once_the_wal_passes_the_limit(tmp_path: Path):
    path = tmp_path / "station.db"
    with open_store(path, auto_checkpoint=False) as store:
        store.conn.execute("CREATE TABLE filler (blob BLOB)")
        with write_transaction(store):
            store.conn.executemany("INSERT INTO filler VALUES (?)",
                                   [(b"x" * 4000,) for _ in range(300)])
        assert wal_size(path) > 1_000_000  # auto-checkpoint is off: the WAL only grows
        assert path.stat().st_size < 100_000  # and the database file has none of it yet
        checkpointer = WalCheckpointer(path, wal_limit_bytes=500_000, poll_seconds=0.02)
        checkpointer.start()
        deadline = time.monotonic() + 10
        while checkpointer.checkpoints == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert checkpointer.shut_down(5)
        assert checkpointer.checkpoints >= 1
        assert path.stat().st_size > 1_000_000  # copied into the database by its thread


def test_an_idle_thread_ends_and_a_new_task_starts_one_again(qtbot):
    runner = Runner("test-idle", idle_exit=0.05)
    results: list[int] = []

    def alive() -> int:
        return sum(t.name == "test-idle" and t.is_alive() for t in threading.enumerate())

    runner.run(lambda: 1, done=results.append)
    qtbot.waitUntil(lambda: results == [1], timeout=5_000)
    qtbot.waitUntil(lambda: alive() == 0, timeout=5_000)  # no work: no thread held
    runner.run(lambda: 2, done=results.append)
    qtbot.waitUntil(lambda: results == [1, 2], timeout=5_000)
    assert alive() <= 1
    assert runner.wait_closed(5)
