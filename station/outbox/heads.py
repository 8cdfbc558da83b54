"""The status changes the delivery worker makes to outbox entries, and its queries.

Owns: which entry is each package's head (the first still queued — a head in
conflict/failed blocks the package), which heads are due, recovering entries a
crash left in `sending`, and recording each delivery outcome. `mark_sending` is
fsynced: once a POST may have left, a power cut must not turn the entry back
into `pending` (that would send it twice). Outcomes are plain commits: losing
one to a power cut leaves `sending`, which recovery turns into `uncertain` and
the worker reconciles by reading the package back — never a second blind POST.

Terminal outcomes (done, conflict, failed) are written to the audit log with the
entry's packer, so the trail shows who queued what, when, and how it ended.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from collections.abc import Collection
from typing import Any

import msgspec

from station.messages import msg
from station.outbox.audit import add_audit
from station.outbox.problems import encode_problem
from station.outbox.queue import (
    IN_FLIGHT,
    QUEUED,
    OutboxEntry,
    get_entry,
    placeholders,
    select_entries,
)
from station.store import syncstate
from station.store.db import Store, durable_transaction, iso_utc, parse_iso, write_transaction

DELIVERABLE = ("pending", "uncertain")
LEASE_KEY = "outbox_delivery_lease"
_HEADS = (
    "SELECT o.* FROM outbox o JOIN (SELECT package_id, min(seq) AS seq FROM outbox "
    f"WHERE status IN ({placeholders(QUEUED)}) GROUP BY package_id) h ON h.seq = o.seq "
)


def recover_interrupted(store: Store, now: dt.datetime, package_id: int | None = None, *,
                        settle: dt.timedelta = dt.timedelta(0)) -> int:
    """Entries left in `sending` (crash, or an error mid-delivery) become `uncertain`:
    the POST may have been applied, so they are read back before any resend — but not
    before `settle` has passed since the POST started: OMS may still be holding it (a
    restart right after a crash would read back too early, resend, and the held POST
    would land as well)."""
    only = "" if package_id is None else " AND package_id = ?"
    with write_transaction(store):
        interrupted = msg("interrupted while sending; OMS is read back before any resend")
        rows = store.conn.execute(
            f"SELECT id, updated_at FROM outbox WHERE status = 'sending'{only}",
            () if package_id is None else (package_id,)).fetchall()
        for entry_id, started in rows:
            began = parse_iso(started) or now
            due = max(now, began + settle)
            store.conn.execute(
                "UPDATE outbox SET status = 'uncertain', updated_at = ?, next_attempt_at = ?, "
                "last_error = ?, last_error_message = ? WHERE id = ? AND status = 'sending'",
                (iso_utc(now), iso_utc(due), str(interrupted), encode_problem(interrupted),
                 entry_id))
    return len(rows)


# --- one worker per database ----------------------------------------------------------


def acquire_lease(store: Store, owner: str, now: dt.datetime,
                  ttl: dt.timedelta) -> str | None:
    """Take or renew the delivery lease. None on success; else who holds it.

    Two workers on one database (the GUI and a CLI drain) could each read back an
    entry the other is sending and resend it; the lease keeps one at a time. A
    crashed worker's lease is taken over at once when its process is known dead
    (same host), else when it runs out after `ttl`.
    """
    with write_transaction(store):
        held = _lease(store)
        if held and held.get("owner") != owner and held.get("expires", "") > iso_utc(now) \
                and not _process_gone(held):
            return (f"another delivery worker (process {held.get('pid')} on "
                    f"{held.get('host')}) holds the outbox until {held.get('expires')}")
        lease = {"owner": owner, "expires": iso_utc(now + ttl), "host": socket.gethostname(),
                 "pid": os.getpid()}
        syncstate.set_value(store, LEASE_KEY, msgspec.json.encode(lease).decode(), at=now)
    return None


def release_lease(store: Store, owner: str) -> None:
    with write_transaction(store):
        held = _lease(store)
        if held and held.get("owner") == owner:
            syncstate.set_value(store, LEASE_KEY, None)


def _lease(store: Store) -> dict[str, Any] | None:
    text = syncstate.get_value(store, LEASE_KEY)
    try:
        lease = msgspec.json.decode(text) if text else None
    except msgspec.DecodeError:
        return None  # unreadable: treat as free rather than block deliveries forever
    return lease if isinstance(lease, dict) else None


def _process_gone(lease: dict[str, Any]) -> bool:
    """Whether the lease holder's process has ended (only knowable on this host)."""
    pid = lease.get("pid")
    if lease.get("host") != socket.gethostname() or not isinstance(pid, int):
        return False
    if pid == os.getpid():
        return False
    if os.name != "posix":
        return False  # no cheap check without extra dependencies: wait for the expiry
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except OSError:  # exists but not ours (PermissionError), or cannot tell
        return False
    return False


def head(store: Store, package_id: int) -> OutboxEntry | None:
    """The package's first queued entry (in flight or needing attention), if any."""
    found = select_entries(store, _HEADS + "WHERE o.package_id = ?", [*QUEUED, package_id])
    return found[0] if found else None


def due_heads(store: Store, now: dt.datetime, *, exclude: Collection[int] = (),
              limit: int = 100) -> list[OutboxEntry]:
    """Heads that may be delivered now, oldest first, skipping packages in `exclude`."""
    rows = select_entries(
        store,
        _HEADS + f"WHERE o.status IN ({placeholders(DELIVERABLE)}) AND o.next_attempt_at <= ? "
        "ORDER BY o.seq",
        [*QUEUED, *DELIVERABLE, iso_utc(now)],
    )
    return [entry for entry in rows if entry.package_id not in exclude][:limit]


def next_due_at(store: Store) -> dt.datetime | None:
    """When the earliest deliverable head becomes due (None: nothing to deliver)."""
    heads = select_entries(store, _HEADS + f"WHERE o.status IN ({placeholders(DELIVERABLE)})",
                    [*QUEUED, *DELIVERABLE])
    return min((entry.next_attempt_at for entry in heads), default=None)


def mark_sending(store: Store, entry: OutboxEntry, now: dt.datetime) -> OutboxEntry | None:
    """Durably mark the entry `sending` (and count the attempt; the first attempt's
    time is kept) before its POST. None if it is no longer pending/uncertain (e.g.
    changed by another connection)."""
    with durable_transaction(store):
        cursor = store.conn.execute(
            "UPDATE outbox SET status = 'sending', attempts = attempts + 1, updated_at = ?1, "
            "first_sent_at = coalesce(first_sent_at, ?1) "
            f"WHERE id = ?2 AND status IN ({placeholders(DELIVERABLE)})",
            (iso_utc(now), entry.id, *DELIVERABLE),
        )
    return get_entry(store, entry.id) if cursor.rowcount else None


def mark_done(store: Store, entry: OutboxEntry, now: dt.datetime, *,
              response: str | None, how: str) -> OutboxEntry:
    """Delivered (`how`: "sent", or "reconciled" when OMS already showed it)."""
    stamp = iso_utc(now)
    return _finish(store, entry, "done", stamp, how=how,
                   fields={"done_at": stamp, "server_response": response, **_problem(None)})


def mark_conflict(store: Store, entry: OutboxEntry, now: dt.datetime, *,
                  message: str, response: str | None = None) -> OutboxEntry:
    """The package moved on (or is gone) on OMS: the packer decides."""
    return _finish(store, entry, "conflict", iso_utc(now), how=message,
                   fields={**_problem(message), "server_response": response})


def mark_failed(store: Store, entry: OutboxEntry, now: dt.datetime, *,
                message: str, response: str | None = None) -> OutboxEntry:
    """OMS refused the command itself (validation): the packer decides."""
    return _finish(store, entry, "failed", iso_utc(now), how=message,
                   fields={**_problem(message), "server_response": response})


def mark_retry_later(store: Store, entry: OutboxEntry, now: dt.datetime, *, status: str,
                     error: str, next_attempt_at: dt.datetime) -> OutboxEntry:
    """Back to `pending` (not sent, or sent and refused before applying: 429) or
    `uncertain` (may have been applied), to be tried at `next_attempt_at`."""
    if status not in IN_FLIGHT or status == "sending":
        raise ValueError(f"not a retry status: {status!r}")
    return _update(store, entry, {"status": status, **_problem(error),
                                  "next_attempt_at": iso_utc(next_attempt_at),
                                  "updated_at": iso_utc(now)})


def _problem(text: str | None) -> dict[str, str | None]:
    """The columns for `last_error`: the English text, and the Message it was made from
    (`station.outbox.problems`), so our words about it stay translatable."""
    return {"last_error": None if text is None else str(text),
            "last_error_message": encode_problem(text)}


def _finish(store: Store, entry: OutboxEntry, status: str, stamp: str | None, *, how: str,
            fields: dict[str, Any]) -> OutboxEntry:
    with write_transaction(store):
        updated = _update(store, entry, {"status": status, "updated_at": stamp, **fields})
        add_audit(store, at=stamp, packer=entry.packer, action=status,
                  package_id=entry.package_id, outbox_id=entry.id,
                  detail={"result": str(how), "attempts": updated.attempts,
                          "what": entry.describe()})
    return updated


def _update(store: Store, entry: OutboxEntry, fields: dict[str, Any]) -> OutboxEntry:
    with write_transaction(store):
        store.db.table("outbox").update(entry.id, fields)
    updated = get_entry(store, entry.id)
    assert updated is not None, f"outbox entry {entry.id} vanished"
    return updated
