"""A database that is not ours is refused untouched; ours carry SQLite's application_id.

Opening another application's file (a path typo, a wrong --db) must not migrate it,
switch it to WAL or add a single table: open_store raises StoreError naming the file
and leaves it byte for byte as it was."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from station.store import MIGRATIONS, StoreError, migrate, open_store, schema_version
from station.store.db import connect
from station.store.schema.step_6_application_id import APPLICATION_ID


def foreign_file(path: Path, *, application_id: int = 0, user_version: int = 0,
                 tables: tuple[str, ...] = ("users",)) -> Path:
    conn = sqlite3.connect(path)
    for table in tables:
        conn.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute(f"INSERT INTO {table} (name) VALUES ('someone')")
    conn.execute(f"PRAGMA application_id = {application_id}")
    conn.execute(f"PRAGMA user_version = {user_version}")
    conn.commit()
    conn.close()
    return path


def fingerprint(path: Path) -> tuple[bytes, int, list[str]]:
    siblings = sorted(p.name for p in path.parent.iterdir())
    return path.read_bytes(), path.stat().st_mtime_ns, siblings


def application_id(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA application_id").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("kind", [
    {"tables": ("users",)},  # another app's tables, user_version 0
    {"tables": ("users", "orders"), "user_version": 3},  # a versioned foreign schema
    {"tables": ("packages", "sync_state"), "application_id": 0x12345678},  # another app id
    {"tables": (), "application_id": 0x0F00BA47},  # empty, but claimed by another app
])
def test_a_foreign_database_is_refused_untouched(tmp_path, kind):
    path = foreign_file(tmp_path / "other.db", **kind)
    before = fingerprint(path)
    with pytest.raises(StoreError) as refused:
        open_store(path)
    assert str(path) in str(refused.value)
    assert "not a Packing Station database" in str(refused.value)
    assert fingerprint(path) == before


def test_a_new_database_carries_our_application_id(tmp_path):
    path = tmp_path / "station.db"
    open_store(path).close()
    assert application_id(path) == APPLICATION_ID
    open_store(path).close()  # and opens again


def test_an_empty_file_is_a_new_database(tmp_path):
    path = tmp_path / "station.db"
    path.touch(mode=0o600)
    open_store(path).close()
    assert application_id(path) == APPLICATION_ID


def test_a_station_database_from_before_the_id_opens_and_gets_it(tmp_path):
    path = tmp_path / "station.db"
    step = MIGRATIONS.index(
        next(m for m in MIGRATIONS if m.__name__ == "step_6_application_id"))
    with connect(path) as store:
        migrate(store, MIGRATIONS[:step])
        store.conn.execute("INSERT INTO sync_state (key, value, updated_at) "
                           "VALUES ('last_sync', 'x', 'y')")
    assert application_id(path) == 0
    with open_store(path) as store:
        assert schema_version(store) == len(MIGRATIONS)
        assert store.conn.execute(
            "SELECT value FROM sync_state WHERE key = 'last_sync'").fetchall() == [("x",)]
    assert application_id(path) == APPLICATION_ID


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"shopping list: milk, eggs\n" * 100)
    os.chmod(path, 0o600)
    before = fingerprint(path)
    with pytest.raises(StoreError, match=r"notes\.db"):
        open_store(path)
    assert fingerprint(path) == before
