"""Sync bookkeeping: a small key/value table the syncer reads and writes.

Keys in use: `last_sync` / `last_full_sync` (ISO UTC times of the last finished
sync of each kind), `last_error` (text of the last sync failure, absent after a
good sync) and `high_water_mark:<stock location id>` (the newest
`modified_date` seen for that location), `pending_mass_archive:<stock location id>`
(a JSON decision a sync left for a person: it would have archived a large share of
the cache, see `station.sync.mass_archive`). `code_rule` belongs to
`station.store.codeindex`. Values are text; the time helpers
convert to and from aware UTC datetimes.

Each setter is its own transaction, or joins the caller's (`write_transaction`
nests), so a page and its high-water mark can commit together.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from station.store.db import Store, iso_utc, parse_iso, write_transaction

LAST_SYNC = "last_sync"
LAST_FULL_SYNC = "last_full_sync"
LAST_ERROR = "last_error"


def high_water_mark_key(stock_location_id: int) -> str:
    return f"high_water_mark:{stock_location_id}"


def get_value(store: Store, key: str) -> str | None:
    row = store.conn.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
    return None if row is None else row[0]


def set_value(
    store: Store, key: str, value: str | None, *, at: dt.datetime | None = None
) -> None:
    """Store `value` under `key`; None removes the key."""
    with write_transaction(store):
        if value is None:
            store.conn.execute("DELETE FROM sync_state WHERE key = ?", (key,))
            return
        store.conn.execute(
            "INSERT INTO sync_state (key, value, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
            "updated_at = excluded.updated_at",
            (key, value, iso_utc(at or dt.datetime.now(dt.UTC))),
        )


def get_time(store: Store, key: str) -> dt.datetime | None:
    return parse_iso(get_value(store, key))


def set_time(store: Store, key: str, when: dt.datetime) -> None:
    set_value(store, key, iso_utc(when))


def high_water_mark(store: Store, stock_location_id: int) -> dt.datetime | None:
    """The newest package `modified_date` synced for this location, if any."""
    return get_time(store, high_water_mark_key(stock_location_id))


def advance_high_water_mark(
    store: Store, stock_location_id: int, seen: dt.datetime
) -> dt.datetime:
    """Move the mark forward to `seen`, never back (pages may arrive in any
    order); returns the mark now stored. Reset it with `set_value(key, None)`."""
    key = high_water_mark_key(stock_location_id)
    normalised = parse_iso(iso_utc(seen))  # aware UTC, microsecond precision, like stored
    assert normalised is not None
    seen = normalised
    with write_transaction(store):
        current = get_time(store, key)
        if current is None or seen > current:
            set_time(store, key, seen)
            return seen
        return current


def record_sync_success(store: Store, *, at: dt.datetime, full: bool) -> None:
    """Note a finished sync: its time (and full-sync time), and no error."""
    with write_transaction(store):
        set_time(store, LAST_SYNC, at)
        if full:
            set_time(store, LAST_FULL_SYNC, at)
        set_value(store, LAST_ERROR, None)


def record_sync_error(store: Store, message: str, *, at: dt.datetime | None = None) -> None:
    set_value(store, LAST_ERROR, message, at=at)


PENDING_MASS_ARCHIVE = "pending_mass_archive"


def pending_mass_archive_key(stock_location_id: int) -> str:
    return f"{PENDING_MASS_ARCHIVE}:{stock_location_id}"


def pending_mass_archives(store: Store) -> list[dict[str, Any]]:
    """Every pending mass-archive decision, without its package list (for status):
    `{stock_location_id, count, projected, live, share, max_share, detected_at, message}`."""
    rows = store.conn.execute(
        "SELECT value FROM sync_state WHERE key LIKE ? ORDER BY key",
        (f"{PENDING_MASS_ARCHIVE}:%",),
    )
    decisions = [json.loads(value) for (value,) in rows]
    return [{k: v for k, v in d.items() if k != "packages"} for d in decisions]
