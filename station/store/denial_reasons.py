"""The cached denial reasons (`denial_reasons`, migration step 8).

OMS's `package_denial_reason` rows, replaced as a whole by each sync that reads
them, so refuse and block can ask for a reason at the bench while offline. Writers
join the caller's transaction (or open one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from station.store.db import Store, iso_utc, write_transaction


@dataclass(frozen=True)
class DenialReason:
    id: int
    title: str
    remote_id: str | None
    priority: int | None
    is_active: bool

    @property
    def card(self) -> str:
        """The reason card a packer scans: `REASON:<OMS id>`."""
        return f"REASON:{self.id}"


def replace_denial_reasons(store: Store, reasons: Iterable[DenialReason], *,
                           at: dt.datetime) -> int:
    """Make the cache hold exactly `reasons`; returns how many."""
    rows = [(r.id, r.title, r.remote_id, r.priority, int(r.is_active), iso_utc(at))
            for r in reasons]
    with write_transaction(store):
        store.conn.execute("DELETE FROM denial_reasons")
        store.conn.executemany(
            "INSERT INTO denial_reasons (id, title, remote_id, priority, is_active, synced_at) "
            "VALUES (?, ?, ?, ?, ?, ?)", rows)
    return len(rows)


def denial_reasons(store: Store, *, active_only: bool = True) -> list[DenialReason]:
    """Cached reasons by priority (then id); inactive ones only when asked."""
    sql = ("SELECT id, title, remote_id, priority, is_active FROM denial_reasons"
           + (" WHERE is_active = 1" if active_only else "")
           + " ORDER BY coalesce(priority, 1e9), id")
    return [DenialReason(pk, title or f"Reason {pk}", remote_id, priority, bool(active))
            for pk, title, remote_id, priority, active in store.conn.execute(sql)]
