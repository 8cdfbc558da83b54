"""`open_store`: connect to the station database and bring it up to date (migrations,
then the product codes if the code rule changed). Kept apart from `db` so the
connection layer imports nothing else of the store.

Before anything writes to an existing file (migrations, the switch to WAL in
`db.connect`), a read-only look at its header and table list makes sure it is ours:
SQLite's `application_id` is `APPLICATION_ID` (migration step 6), or it is 0 and the
file is either empty or a station database from before that step (user_version >= 1
with our tables). Anything else (another application's tables, another id) is
refused with a StoreError naming the file, and the file is left as it was."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from station.store import syncstate
from station.store.codeindex import ensure_codes_current
from station.store.db import (
    DEFAULT_BUSY_TIMEOUT_MS,
    Store,
    StoreError,
    connect,
    default_db_path,
)
from station.store.schema import migrate
from station.store.schema.step_6_application_id import APPLICATION_ID

# Tables every station database has had since migration step 1.
# The sync-state key under which the database remembers its barcode attribute keys.
BARCODE_KEYS = "barcode_attribute_keys"
_STATION_TABLES = frozenset({"packages", "sync_state", "quarantine"})


def open_store(
    path: str | Path | None = None,
    *,
    data_dir: str | Path | None = None,
    barcode_attributes: Iterable[str] | None = None,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    auto_checkpoint: bool = True,
) -> Store:
    """Open (creating if needed) the station database and bring its schema up to date.

    `barcode_attributes`: extra product attribute keys whose values are scannable
    codes (e.g. `barkod`). The database remembers them (sync state), so every other
    connection — a worker thread, `packing-station status` — uses the same keys
    without being told; None means "the remembered ones". Giving other keys
    reconfigures the station: the product codes are rebuilt once.

    `auto_checkpoint=False`: this connection never checkpoints the WAL (see
    `station.store.db.connect`).

    `path=None` means `default_db_path(data_dir)`; `":memory:"` gives a private
    in-memory database (tests). Safe to call from several threads at once, each
    getting its own connection.
    """
    if path != ":memory:":
        refuse_foreign(Path(path) if path is not None else default_db_path(data_dir))
    store = connect(path, data_dir=data_dir, busy_timeout_ms=busy_timeout_ms,
                    auto_checkpoint=auto_checkpoint)
    try:
        migrate(store)
        store.barcode_attributes = _configured_keys(store, barcode_attributes)
        ensure_codes_current(store)
    except sqlite3.DatabaseError as exc:
        store.close()
        raise StoreError(f"cannot use database {store.path or ':memory:'}: {exc}") from exc
    except BaseException:
        store.close()
        raise
    return store


def _configured_keys(store: Store, given: Iterable[str] | None) -> frozenset[str]:
    """The barcode attribute keys in force: `given` (remembered from now on), or the
    remembered ones."""
    stored = syncstate.get_value(store, BARCODE_KEYS)
    remembered = frozenset(json.loads(stored)) if stored else frozenset()
    if given is None:
        return remembered
    keys = frozenset(key.casefold() for key in given)
    if keys != remembered:
        syncstate.set_value(store, BARCODE_KEYS, json.dumps(sorted(keys)))
    return keys


def refuse_foreign(path: Path) -> None:
    """Raise StoreError unless `path` is missing, empty or a station database.

    Reads with a read-only SQLite connection (never plain file calls: closing any
    descriptor of a database drops every POSIX lock this process holds on it)."""
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        app_id, version, tables = _identity(path)
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"cannot use database {path}: {exc}; the file was left untouched") from exc
    if app_id == APPLICATION_ID:
        return
    if app_id == 0 and (not tables or (version >= 1 and tables >= _STATION_TABLES)):
        return  # a new file, or a station database from before application_id
    found = (f"application_id {app_id:#x}" if app_id
             else "tables " + ", ".join(sorted(tables)[:5]))
    raise StoreError(f"{path} is not a Packing Station database (it has {found}); "
                     "refusing to open it, and the file was left untouched")


def _identity(path: Path) -> tuple[int, int, set[str]]:
    """(application_id, user_version, table names), read without writing anything."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        (app_id,) = conn.execute("PRAGMA application_id").fetchone()
        (version,) = conn.execute("PRAGMA user_version").fetchone()
        tables = {name for (name,) in conn.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%'")}
    finally:
        conn.close()
    return int(app_id), int(version), tables
