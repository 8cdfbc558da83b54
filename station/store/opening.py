"""`open_store`: connect to the station database and bring it up to date (migrations,
then the product codes if the code rule changed). Kept apart from `db` so the
connection layer imports nothing else of the store."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from station.store.codeindex import ensure_codes_current
from station.store.db import DEFAULT_BUSY_TIMEOUT_MS, Store, StoreError, connect
from station.store.schema import migrate


def open_store(
    path: str | Path | None = None,
    *,
    data_dir: str | Path | None = None,
    barcode_attributes: Iterable[str] = (),
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
) -> Store:
    """Open (creating if needed) the station database and bring its schema up to date.

    `barcode_attributes`: extra product attribute keys whose values are scannable
    codes. Use the same list on every connection to one file: a different list
    makes open_store rebuild the product codes.

    `path=None` means `default_db_path(data_dir)`; `":memory:"` gives a private
    in-memory database (tests). Safe to call from several threads at once, each
    getting its own connection.
    """
    store = connect(path, data_dir=data_dir, barcode_attributes=barcode_attributes,
                    busy_timeout_ms=busy_timeout_ms)
    try:
        migrate(store)
        ensure_codes_current(store)
    except sqlite3.DatabaseError as exc:
        store.close()
        raise StoreError(f"cannot use database {store.path or ':memory:'}: {exc}") from exc
    except BaseException:
        store.close()
        raise
    return store
