"""The outbox's audit trail and its pruning by age.

Owns the `audit_log` table (schema: `station.store.schema.step_2_outbox`): one row per
packer or station action (enqueue, retry, takeover, undo, prune, …) with its detail as
JSON, read back oldest first; and `prune_done`, which deletes done and discarded
outbox entries finished before a cutoff, never anything still queued.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import msgspec

from station.config import utcnow
from station.store.db import Store, iso_utc, write_transaction


def add_audit(store: Store, *, at: str | None, packer: str, action: str,
              package_id: int | None = None, outbox_id: str | None = None,
              detail: Mapping[str, Any] | None = None) -> None:
    """One audit row; joins the caller's transaction if there is one."""
    with write_transaction(store):
        store.conn.execute(
            "INSERT INTO audit_log (at, packer, action, package_id, outbox_id, detail) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (at or iso_utc(utcnow()), packer, action, package_id, outbox_id,
             # A Message (an entry's last_error) is a str subclass msgspec leaves to us.
             msgspec.json.encode(dict(detail or {}), enc_hook=str).decode()),
        )


def audit_trail(store: Store, *, since: dt.datetime | None = None, packer: str | None = None,
                package_id: int | None = None) -> list[dict[str, Any]]:
    """Audit rows, oldest first: `{id, at, packer, action, package_id, outbox_id, detail}`."""
    where, params = ["1"], []
    for column, op, value in (("at", ">=", iso_utc(since)), ("packer", "=", packer),
                              ("package_id", "=", package_id)):
        if value is not None:
            where.append(f"{column} {op} ?")
            params.append(value)
    cursor = store.conn.execute(
        "SELECT id, at, packer, action, package_id, outbox_id, detail FROM audit_log "
        f"WHERE {' AND '.join(where)} ORDER BY id", params)
    names = [column[0] for column in cursor.description]
    rows = [dict(zip(names, values, strict=True)) for values in cursor]
    for row in rows:
        row["detail"] = msgspec.json.decode(row["detail"]) if row["detail"] else {}
    return rows


def prune_done(store: Store, older_than: dt.timedelta | dt.datetime, *,
               now: dt.datetime | None = None) -> int:
    """Delete done and discarded entries finished before a cutoff (a datetime, or an
    age counted back from now). Anything still queued is never touched. Audited."""
    current = now or utcnow()
    cutoff = current - older_than if isinstance(older_than, dt.timedelta) else older_than
    cutoff_text = iso_utc(cutoff)
    with write_transaction(store):
        cursor = store.conn.execute(
            "DELETE FROM outbox WHERE (status = 'done' AND done_at < ?) "
            "OR (status = 'discarded' AND updated_at < ?)", (cutoff_text, cutoff_text))
        removed = cursor.rowcount
        if removed:
            add_audit(store, at=iso_utc(current), packer="station", action="prune",
                      detail={"removed": removed, "finished_before": cutoff_text})
    return removed
