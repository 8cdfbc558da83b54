"""`station.cli.describe.describe_error`: the one place that turns an exception into the
sentence a user sees. Real SQLite errors from real database files."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from station.cli.describe import EXIT_INTERNAL_ERROR, EXIT_USER_ERROR, describe_error
from station.errors import NetworkError
from station.store import open_store
from station.store.db import StoreError


def test_sqlite_full_is_disk_full_with_the_free_space_of_the_database_folder(tmp_path):
    """SQLITE_FULL forced for real: the database may not grow past its current pages."""
    db = tmp_path / "station.db"
    with open_store(db) as store:
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(sqlite3.OperationalError) as caught:
            store.conn.execute("CREATE TABLE filler (x)")
            store.conn.execute("INSERT INTO filler VALUES (zeroblob(1000000))")
    assert caught.value.sqlite_errorname == "SQLITE_FULL"

    message, status = describe_error(caught.value, db)

    free_mb = shutil.disk_usage(tmp_path).free // 1_000_000
    assert status == EXIT_USER_ERROR
    # The figure is read again inside: allow the disk to move by a few MB meanwhile.
    assert message.startswith("disk full: ") and message.endswith(f" MB free on {tmp_path}")
    assert abs(int(message.split()[2]) - free_mb) <= 5


def test_a_store_error_is_explained_from_the_sqlite_error_behind_it(tmp_path):
    db = tmp_path / "x.db"
    db.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError) as caught:
        open_store(db)
    message, status = describe_error(caught.value, db)
    assert (message, status) == (
        f"database {db} is not a station database (file is not a database); "
        "check the file name", EXIT_USER_ERROR)


def test_station_errors_keep_their_message_on_one_line():
    message, status = describe_error(NetworkError("GET /x failed:\n  connection refused"), None)
    assert (message, status) == ("GET /x failed: connection refused", EXIT_USER_ERROR)


def test_os_errors_name_the_file(tmp_path):
    try:
        (tmp_path / "missing" / "f").read_text()
    except OSError as exc:
        message, status = describe_error(exc, None)
    assert (message, status) == (
        f"No such file or directory: {tmp_path / 'missing' / 'f'}", EXIT_USER_ERROR)


def test_anything_else_is_an_internal_error_naming_the_log_file(tmp_path):
    log_file = tmp_path / "station.log"
    message, status = describe_error(KeyError("boom"), None, log_file=log_file)
    assert status == EXIT_INTERNAL_ERROR
    assert message == f"internal error: KeyError: 'boom' (details in {log_file})"
