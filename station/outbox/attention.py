"""The packer's actions on outbox entries that need attention, each audited.

Owns the ways out of conflict and failed (`NEEDS_ATTENTION`): `retry` sends the entry
again, `discard` gives up on it (kept for the record; the package's later entries are
delivered after it), `mark_delivered` records that OMS already has it. A wrong entry
or status raises `OutboxError`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from station.config import utcnow
from station.outbox.audit import add_audit
from station.outbox.queue import NEEDS_ATTENTION, OutboxEntry, OutboxError, get_entry
from station.store.db import Store, durable_transaction, iso_utc


def retry(store: Store, entry_id: str, *, packer: str,
          now: dt.datetime | None = None) -> OutboxEntry:
    """Send a conflict/failed entry again (→ pending, attempts reset); audited."""
    return _packer_action(store, entry_id, packer, now, "retry", "pending", attempts=0)


def discard(store: Store, entry_id: str, *, packer: str,
            now: dt.datetime | None = None) -> OutboxEntry:
    """Give up on a conflict/failed entry (→ discarded, kept for the record); audited.
    The package's later entries are delivered after it."""
    return _packer_action(store, entry_id, packer, now, "discard", "discarded")


def mark_delivered(store: Store, entry_id: str, *, packer: str,
                   now: dt.datetime | None = None) -> OutboxEntry:
    """The packer's answer to a conflict whose read-back could not prove that OMS applied
    this command (e.g. OMS shows the same move by another command): OMS has it, do not
    send it (→ done, never sent again); audited. Only for entries in conflict."""
    stamp = iso_utc(now or utcnow())
    return _packer_action(store, entry_id, packer, now, "mark_delivered", "done",
                          allowed=("conflict",), done_at=stamp)


def _packer_action(store: Store, entry_id: str, packer: str, now: dt.datetime | None,
                   action: str, status: str, allowed: tuple[str, ...] = NEEDS_ATTENTION,
                   **extra: Any) -> OutboxEntry:
    if not isinstance(packer, str) or not packer.strip():
        raise ValueError("packer must be a non-empty name")
    stamp = iso_utc(now or utcnow())
    with durable_transaction(store):
        entry = get_entry(store, entry_id)
        if entry is None:
            raise OutboxError(f"no outbox entry {entry_id!r}")
        if entry.status not in allowed:
            what = "marked as delivered" if action == "mark_delivered" else \
                "retried or discarded"
            raise OutboxError(
                f"cannot {action.replace('_', ' ')} {entry.describe()}: it is {entry.status}; "
                f"only entries in {' or '.join(allowed)} can be {what}")
        store.db.table("outbox").update(
            entry_id, {"status": status, "updated_at": stamp, "next_attempt_at": stamp, **extra})
        add_audit(store, at=stamp, packer=packer, action=action, package_id=entry.package_id,
                  outbox_id=entry_id,
                  detail={"from": entry.status, "last_error": entry.last_error})
    updated = get_entry(store, entry_id)
    assert updated is not None
    return updated
