"""Opening the station's SQLite file, and the transactions every writer uses.

Owns: where the database lives (platformdirs user data dir by default), creating
it owner-only (0600), the connection pragmas (WAL, `synchronous=NORMAL`, foreign
keys, busy timeout), the `Store` handle, and the two transaction context managers
(`open_store`, which also brings the schema up to date, is `station.store.opening`):

* `write_transaction(store)` — `BEGIN IMMEDIATE … COMMIT`, rolled back on any
  exception; nested use becomes a SAVEPOINT, so a caller can wrap several store
  calls (a page upsert and its high-water mark) in one atomic change.
* `durable_transaction(store)` — the same, with `synchronous=FULL` for that one
  commit: the outbox uses it so "saved" means on disk, not just in the WAL.

One `Store` is one connection and belongs to one thread (sqlite3's default
`check_same_thread`). The GUI thread and the sync thread each call `open_store`
on the same file; WAL lets the reader read while the writer writes.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs
import sqlite_utils

from station.config import APP_NAME
from station.errors import RejectedError

DB_FILENAME = "station.db"
DEFAULT_BUSY_TIMEOUT_MS = 5000
# Less free space than this makes an I/O error a full disk (SQLite cannot tell).
NEARLY_FULL_BYTES = 1_000_000

# Serialises file creation with connecting (see `_connect`).
_connect_lock = threading.Lock()
# Savepoint names only need to be unique within one connection's nesting.
_savepoint_ids = itertools.count(1)


class StoreError(RejectedError):
    """The database file cannot be used as it is (not a database, or a newer schema).

    Retrying will not help; the message names the file and what is wrong. The file
    is left untouched so nothing is lost.
    """


@dataclass(eq=False)
class Store:
    """One open connection to the station database (use from one thread only).

    `barcode_attributes` names extra product attribute keys whose values count as
    scannable codes, on top of the built-in rule (see `station.store.codes`).
    """

    db: sqlite_utils.Database
    path: Path | None
    barcode_attributes: frozenset[str] = field(default_factory=frozenset)

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def default_db_path(data_dir: str | Path | None = None) -> Path:
    """`<data_dir>/station.db`; without data_dir, the platform's user data dir."""
    base = Path(data_dir) if data_dir is not None else platformdirs.user_data_path(APP_NAME)
    return base / DB_FILENAME


def connect(
    path: str | Path | None = None,
    *,
    data_dir: str | Path | None = None,
    barcode_attributes: Iterable[str] = (),
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    auto_checkpoint: bool = True,
) -> Store:
    """Connect to the station database (creating the file if needed) with the
    station's pragmas; no schema work (that is `station.store.open_store`).

    `auto_checkpoint=False` turns SQLite's WAL auto-checkpoint off for this
    connection, so none of its commits ever copies the WAL into the database (the
    GUI's UI-thread connection: a checkpoint there froze the window 100–150 ms);
    someone else must then call `checkpoint_passive` (ui.background does).

    `path=None` means `default_db_path(data_dir)`; `":memory:"` gives a private
    in-memory database (tests).
    """
    db_path: Path | None = None
    if path == ":memory:":
        target = ":memory:"
    else:
        db_path = Path(path) if path is not None else default_db_path(data_dir)
        target = str(db_path)
    # SQLite would open a read-only file read-only without a word and fail at the
    # first write (mid-scan): say so now. access() opens no descriptor.
    if db_path is not None and db_path.is_file() and not os.access(db_path, os.W_OK):
        raise StoreError(f"database {target} is read-only; the station needs write access to it")
    try:
        conn = _connect(db_path, target, busy_timeout_ms)
    except (sqlite3.Error, OSError) as exc:
        raise StoreError(explain_database_error(exc, db_path, busy_timeout_ms)) from exc
    # Autocommit at the driver level: every transaction here is an explicit
    # BEGIN IMMEDIATE, never one the driver opened behind our back.
    conn.isolation_level = None
    store = Store(
        db=sqlite_utils.Database(conn, execute_plugins=False),
        path=db_path,
        barcode_attributes=frozenset(key.casefold() for key in barcode_attributes),
    )
    try:
        _apply_pragmas(conn, busy_timeout_ms)
        if not auto_checkpoint:
            conn.execute("PRAGMA wal_autocheckpoint = 0")
    except sqlite3.Error as exc:
        conn.close()
        raise StoreError(explain_database_error(exc, db_path, busy_timeout_ms)) from exc
    if db_path is not None:
        _tighten_permissions(db_path)
    return store


def explain_database_error(exc: sqlite3.Error | OSError, path: Path | None,
                           busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> str:
    """One sentence for a user about why the database at `path` cannot be used.

    The CLI and the GUI both show it as it is; the original error goes to the log."""
    where = str(path) if path is not None else ":memory:"
    if path is not None and path.is_dir():
        return f"database {where} is a directory, not a file; give a file name"
    if isinstance(exc, OSError):
        return _explain_os_error(exc, path, where)
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    if name == "SQLITE_FULL" or "disk is full" in text:
        return disk_full_message(path)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "is locked" in text:
        return (f"database {where} is locked by another program (waited "
                f"{busy_timeout_ms / 1000:g} s); close the other station or try again")
    if name == "SQLITE_NOTADB":
        return f"database {where} is not a station database ({text}); check the file name"
    if name.startswith("SQLITE_CORRUPT") or "malformed" in text or "no such table" in text:
        return (f"database {where} is damaged ({text}); restore it from a backup or "
                "move it aside to start an empty cache")
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_IOERR")) \
            or "readonly" in text:
        return _explain_no_access(path, where, text)
    return f"cannot use database {where}: {text}"


def _explain_os_error(exc: OSError, path: Path | None, where: str) -> str:
    if isinstance(exc, PermissionError):
        folder = Path(exc.filename).parent if exc.filename else path.parent if path else ""
        return f"cannot create database {where}: no write access to its folder {folder}"
    if exc.errno == 28:  # ENOSPC
        return disk_full_message(path)
    return f"cannot create database {where}: {exc.strerror or exc}"


def _explain_no_access(path: Path | None, where: str, text: str) -> str:
    """SQLite says only "unable to open", "readonly" or "I/O error": find out whether
    the disk is full, the folder (for its -wal/-shm files) or the file is read-only."""
    if path is not None and _free_bytes(path.parent) < NEARLY_FULL_BYTES:
        return disk_full_message(path)
    if path is not None and not os.access(path.parent, os.W_OK | os.X_OK):
        return (f"database {where} cannot be used: its folder {path.parent} is read-only "
                "(the station needs to create files beside the database)")
    if "readonly" in text or (path is not None and path.exists()
                              and not os.access(path, os.R_OK | os.W_OK)):
        return f"database {where} is read-only; the station needs write access to it"
    return f"cannot open database {where}: {text}"


def _free_bytes(folder: Path) -> int:
    try:
        return shutil.disk_usage(folder).free
    except OSError:  # the folder is gone or unreadable: that is not a full disk
        return NEARLY_FULL_BYTES


def disk_full_message(path: Path | None) -> str:
    """`disk full: N MB free on FOLDER` for the folder that holds the database."""
    folder = path.parent if path is not None else Path.cwd()
    try:
        free_mb = shutil.disk_usage(folder).free // 1_000_000
    except OSError:
        return f"disk full on {folder}"
    return f"disk full: {free_mb} MB free on {folder}"


def _connect(db_path: Path | None, target: str, busy_timeout_ms: int) -> sqlite3.Connection:
    """Connect, creating a missing file owner-only first.

    The lock keeps this process's other connections from opening the file between
    the raw create and its close: closing *any* descriptor of a file drops every
    POSIX lock the process holds on it, and a station whose locks are gone lets the
    next process that closes the database checkpoint and delete the WAL it is still
    writing to (SQLite's "How to corrupt", section 2.2). An existing file is never
    opened except by SQLite.
    """
    with _connect_lock:
        if db_path is not None:
            _create_if_missing(db_path)
        return sqlite3.connect(target, timeout=busy_timeout_ms / 1000)


def _create_if_missing(path: Path) -> None:
    """Create the file owner-only (0600) when it does not exist yet; SQLite then gives
    its -wal and -shm files the same permissions. `O_EXCL` makes sure we never open,
    and so never close, a descriptor of a database that already exists."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it meanwhile: that one is SQLite's
        return
    os.close(fd)


def _tighten_permissions(path: Path) -> None:
    """Take group/other access away from the database and its WAL files, if any.
    Only stat() and chmod() by name: neither opens a descriptor, so no lock is lost."""
    if os.name != "posix":
        return
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            mode = candidate.stat().st_mode & 0o777
            if mode & 0o077:
                os.chmod(candidate, mode & 0o700)
        except FileNotFoundError:
            continue


def _apply_pragmas(conn: sqlite3.Connection, busy_timeout_ms: int) -> None:
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    _enable_wal(conn, busy_timeout_ms)
    # NORMAL in WAL mode: a power cut may lose the last commits but never
    # corrupts; commits that must survive use durable_transaction().
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")


def _enable_wal(conn: sqlite3.Connection, busy_timeout_ms: int) -> None:
    """Switch to WAL (a no-op once the file is WAL). The switch needs an exclusive
    lock and SQLite does not wait for it through the busy handler, so when several
    threads open a new file at once the losers retry here until the timeout."""
    deadline = time.monotonic() + busy_timeout_ms / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.005)


def wal_size(path: Path) -> int:
    """Bytes in the database's WAL file now (0 without one). stat() only: opening the
    file ourselves would drop this process's SQLite locks when it is closed."""
    try:
        return Path(f"{path}-wal").stat().st_size
    except FileNotFoundError:
        return 0


def checkpoint_passive(store: Store) -> tuple[int, int]:
    """Copy as much of the WAL into the database as can be done without waiting for
    any reader or writer (PASSIVE); returns (WAL frames, frames checkpointed)."""
    _busy, frames, done = store.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    return int(frames), int(done)


@contextmanager
def write_transaction(store: Store) -> Iterator[Store]:
    """One atomic change: BEGIN IMMEDIATE/COMMIT, ROLLBACK on any exception.

    IMMEDIATE takes the write lock up front, so two connections never both read
    under a deferred transaction and then fail to upgrade (SQLITE_BUSY without
    waiting). Inside an open transaction this nests as a SAVEPOINT.
    """
    conn = store.conn
    if conn.in_transaction:
        with _savepoint(conn):
            yield store
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield store
    except BaseException:
        _rollback_if_open(conn)
        raise
    try:
        conn.execute("COMMIT")
    except BaseException:
        _rollback_if_open(conn)
        raise


@contextmanager
def durable_transaction(store: Store) -> Iterator[Store]:
    """A write transaction whose COMMIT is fsynced (`synchronous=FULL`) before it
    returns. Must be the outermost transaction: durability is decided at COMMIT."""
    conn = store.conn
    if conn.in_transaction:
        raise RuntimeError("durable_transaction() cannot run inside another transaction")
    conn.execute("PRAGMA synchronous = FULL")
    try:
        with write_transaction(store):
            yield store
    finally:
        conn.execute("PRAGMA synchronous = NORMAL")


@contextmanager
def _savepoint(conn: sqlite3.Connection) -> Iterator[None]:
    name = f"station_sp_{next(_savepoint_ids)}"
    conn.execute(f"SAVEPOINT {name}")
    try:
        yield
    except BaseException:
        # An error such as RAISE(ROLLBACK) may already have ended the whole
        # transaction, savepoint included.
        if conn.in_transaction:
            conn.execute(f"ROLLBACK TO {name}")
            conn.execute(f"RELEASE {name}")
        raise
    conn.execute(f"RELEASE {name}")


def _rollback_if_open(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def iso_utc(value: dt.datetime | None) -> str | None:
    """A datetime as fixed-width ISO 8601 UTC text (`2024-05-01T12:00:00.000000Z`).

    Fixed width keeps text comparison equal to time comparison (high-water marks,
    stale-page checks). Naive datetimes are taken to be UTC already.
    """
    if value is None:
        return None
    if value.tzinfo is not None:
        if value.utcoffset():
            value = value.astimezone(dt.UTC)
        value = value.replace(tzinfo=None)
    return value.isoformat(timespec="microseconds") + "Z"


def parse_iso(text: str | None) -> dt.datetime | None:
    """Inverse of `iso_utc`: an aware UTC datetime, or None."""
    if text is None:
        return None
    value = dt.datetime.fromisoformat(text)
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
