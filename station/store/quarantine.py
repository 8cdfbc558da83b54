"""Quarantine: packages OMS sent that the station could not decode.

One row per bad package, keyed by its id when the id could be read, else by a
hash of its raw bytes. Seeing the same package again bumps `count` and
`last_seen` and keeps the latest reason and payload, so a package that is broken
on every sync is one row, not thousands. `upsert_page` clears a package's row as
soon as it decodes fine. The raw bytes are kept plain (not compressed): these
rows are few, and support staff read them with any SQLite tool.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

from station.store.db import Store, iso_utc, write_transaction

_SQL_UPSERT = """
INSERT INTO quarantine (key, package_id, number, reason, path, raw, first_seen, last_seen, count)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)
ON CONFLICT (key) DO UPDATE SET
    number = coalesce(excluded.number, number),
    reason = excluded.reason,
    path = excluded.path,
    raw = excluded.raw,
    last_seen = excluded.last_seen,
    count = count + 1
RETURNING count
"""


def quarantine_key(package_id: int | None, raw: bytes | None) -> str:
    if package_id is not None:
        return f"package:{package_id}"
    return "sha256:" + hashlib.sha256(raw or b"").hexdigest()


def quarantine(
    store: Store,
    *,
    package_id: int | None,
    number: str | None,
    reason: str,
    path: str = "",
    raw: bytes | str | None,
    at: dt.datetime | None = None,
) -> int:
    """Record (or count again) an undecodable package; returns how often it was seen."""
    data = raw.encode() if isinstance(raw, str) else (bytes(raw) if raw is not None else None)
    seen = iso_utc(at or dt.datetime.now(dt.UTC))
    key = quarantine_key(package_id, data)
    with write_transaction(store):
        (count,) = store.conn.execute(
            _SQL_UPSERT, (key, package_id, number, reason, path, data, seen, seen)
        ).fetchone()
    return int(count)


def clear_quarantine(store: Store, package_ids: Iterable[int]) -> int:
    """Forget the quarantine rows of these packages; returns how many went."""
    with write_transaction(store):
        cursor = store.conn.executemany(
            "DELETE FROM quarantine WHERE package_id = ?", [(pid,) for pid in package_ids]
        )
    return cursor.rowcount


def quarantined(store: Store) -> list[dict[str, Any]]:
    """All quarantine rows, most recently seen first (raw included, as bytes)."""
    cursor = store.conn.execute(
        "SELECT id, package_id, number, reason, path, raw, first_seen, last_seen, count "
        "FROM quarantine ORDER BY last_seen DESC, id DESC"
    )
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]
