"""Opening the store: file creation and permissions, pragmas, migrations, transactions,
and two connections on one file (WAL)."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
import threading

import platformdirs
import pytest

from station.errors import RejectedError
from station.store import (
    MIGRATIONS,
    StoreError,
    default_db_path,
    durable_transaction,
    iso_utc,
    migrate,
    open_store,
    parse_iso,
    schema_version,
    status,
    upsert_page,
    write_transaction,
)
from tests.unit.store_factory import SYNCED_AT, package_json, page

SNAPSHOT_TABLES = {
    "packages", "package_items", "products", "codes", "command_lists", "learned_transitions",
    "states", "stock_locations", "sync_state", "quarantine",
}
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def test_new_file_gets_every_migration(tmp_path):
    with open_store(tmp_path / "station.db") as store:
        assert schema_version(store) == len(MIGRATIONS) >= 1
        assert set(store.db.table_names()) >= SNAPSHOT_TABLES
        assert {"outbox", "audit_log", "verifications"} <= set(store.db.table_names())


def test_reopening_keeps_data_and_version(tmp_path):
    path = tmp_path / "station.db"
    with open_store(path) as store:
        upsert_page(store, page(package_json(1)), synced_at=SYNCED_AT)
    with open_store(path) as store:
        assert schema_version(store) == len(MIGRATIONS)
        assert migrate(store) == len(MIGRATIONS)
        assert status(store)["packages"]["total"] == 1


def test_new_steps_run_once_in_order(tmp_path):
    calls = []

    def step_a(db):
        calls.append("a")
        db.table("extra_a").create({"id": int}, pk="id")

    def step_b(db):
        calls.append("b")
        db.table("extra_b").create({"id": int}, pk="id")

    with open_store(tmp_path / "station.db") as store:
        steps = [*MIGRATIONS, step_a, step_b]
        assert migrate(store, steps) == len(MIGRATIONS) + 2
        assert migrate(store, steps) == len(MIGRATIONS) + 2
        assert calls == ["a", "b"]
        assert {"extra_a", "extra_b"} <= set(store.db.table_names())


def test_failing_step_is_rolled_back(tmp_path):
    def broken_step(db):
        db.table("half_done").create({"id": int}, pk="id")
        raise RuntimeError("step failed")

    with open_store(tmp_path / "station.db") as store:
        with pytest.raises(RuntimeError, match="step failed"):
            migrate(store, [*MIGRATIONS, broken_step])
        assert schema_version(store) == len(MIGRATIONS)
        assert "half_done" not in store.db.table_names()


def test_newer_schema_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "station.db"
    with open_store(path) as store:
        store.conn.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="newer") as caught:
        open_store(path)
    assert isinstance(caught.value, RejectedError)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 99


def test_file_that_is_not_a_database_is_refused_untouched(tmp_path):
    path = tmp_path / "station.db"
    path.write_bytes(b"not a database at all, but someone's notes" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match=str(path)):
        open_store(path)
    assert path.read_bytes() == before


def test_default_path_is_in_the_user_data_dir(tmp_path):
    assert default_db_path() == platformdirs.user_data_path("packing-station") / "station.db"
    with open_store(None, data_dir=tmp_path / "nested" / "dir") as store:
        assert store.path == tmp_path / "nested" / "dir" / "station.db"
        assert store.path.is_file()


def test_memory_store_works_without_a_file():
    with open_store(":memory:") as store:
        assert store.path is None
        upsert_page(store, page(package_json(1)), synced_at=SYNCED_AT)
        assert status(store)["packages"]["total"] == 1


@posix_only
def test_database_and_wal_files_are_owner_only(tmp_path):
    path = tmp_path / "station.db"
    with open_store(path) as store:
        upsert_page(store, page(package_json(1)), synced_at=SYNCED_AT)
        files = [path, tmp_path / "station.db-wal", tmp_path / "station.db-shm"]
        modes = {f.name: stat.S_IMODE(f.stat().st_mode) for f in files}
    assert modes == {f.name: 0o600 for f in files}


@posix_only
def test_existing_loose_permissions_are_tightened(tmp_path):
    path = tmp_path / "station.db"
    path.touch()
    path.chmod(0o644)
    with open_store(path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_connection_pragmas(tmp_path):
    with open_store(tmp_path / "station.db") as store:
        pragma = lambda name: store.conn.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 1  # NORMAL
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == 5000


def test_durable_transaction_commits_with_synchronous_full(tmp_path):
    with open_store(tmp_path / "station.db") as store:
        store.conn.execute("CREATE TABLE notes (text TEXT)")
        with durable_transaction(store):
            assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
            store.conn.execute("INSERT INTO notes VALUES ('v')")
        assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 1
        assert store.conn.execute("SELECT text FROM notes").fetchall() == [("v",)]
        with (
            write_transaction(store),
            pytest.raises(RuntimeError, match="inside"),
            durable_transaction(store),
        ):
            pass


def test_write_transaction_rolls_back_on_error(tmp_path):
    with open_store(tmp_path / "station.db") as store:
        store.conn.execute("CREATE TABLE notes (text TEXT)")
        with pytest.raises(ValueError), write_transaction(store):
            store.conn.execute("INSERT INTO notes VALUES ('v')")
            raise ValueError("boom")
        assert store.conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 0
        assert not store.conn.in_transaction


def test_nested_write_transaction_rolls_back_only_the_inner_part(tmp_path):
    with open_store(tmp_path / "station.db") as store:
        store.conn.execute("CREATE TABLE notes (text TEXT)")
        with write_transaction(store):
            store.conn.execute("INSERT INTO notes VALUES ('outer')")
            with pytest.raises(ValueError), write_transaction(store):
                store.conn.execute("INSERT INTO notes VALUES ('inner')")
                raise ValueError("boom")
        assert store.conn.execute("SELECT text FROM notes").fetchall() == [("outer",)]


def test_reader_is_not_blocked_and_never_sees_an_open_write(tmp_path):
    path = tmp_path / "station.db"
    with open_store(path) as writer, open_store(path) as reader:
        upsert_page(writer, page(package_json(1)), synced_at=SYNCED_AT)
        with write_transaction(writer):
            upsert_page(writer, page(package_json(2), package_json(3)), synced_at=SYNCED_AT)
            # WAL: the reader reads the last committed state while the write is open.
            assert status(reader)["packages"]["total"] == 1
        assert status(reader)["packages"]["total"] == 3


def test_open_store_from_several_threads_at_once(tmp_path):
    path = tmp_path / "station.db"
    start = threading.Barrier(4)
    results: dict[int, object] = {}

    def open_and_write(n: int) -> None:
        start.wait()
        try:
            with open_store(path) as store:
                upsert_page(store, page(package_json(n + 1)), synced_at=SYNCED_AT)
                results[n] = schema_version(store)
        except Exception as exc:  # reported through `results` and asserted below
            results[n] = exc

    threads = [threading.Thread(target=open_and_write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {n: len(MIGRATIONS) for n in range(4)}
    with open_store(path) as store:
        assert status(store)["packages"]["total"] == 4


def test_iso_utc_is_fixed_width_utc_and_round_trips():
    istanbul = dt.timezone(dt.timedelta(hours=3))
    assert iso_utc(dt.datetime(2024, 5, 1, 15, 0, tzinfo=istanbul)) == "2024-05-01T12:00:00.000000Z"
    assert iso_utc(dt.datetime(2024, 5, 1, 12, 0)) == "2024-05-01T12:00:00.000000Z"
    assert iso_utc(None) is None
    when = dt.datetime(2024, 5, 1, 12, 0, 0, 123456, tzinfo=dt.UTC)
    assert parse_iso(iso_utc(when)) == when
