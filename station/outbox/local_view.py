"""The local view: a package as the packer sees it while its commands are queued.

Owns the package's state, invoice number and remote id as shown at the bench: the
synced snapshot with the package's queued entries applied in order, and done ones newer
than the snapshot (docs/design.md §3), so a queued change shows at once and a delivered
one does not flicker back before the next sync.
"""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

from station.outbox.queue import (
    IN_FLIGHT,
    KIND_COMMAND,
    KIND_INVOICE,
    KIND_REMOTE_ID,
    Kind,
    placeholders,
)
from station.store.db import Store
from station.store.snapshot import package_raw


def local_state_id(store: Store, package_id: int) -> int | None:
    """The package's state as the packer sees it; None if the package is unknown.

    The snapshot state, then the package's command entries in order: in-flight
    ones, and done ones newer than the snapshot (so a delivered command does not
    flicker back before the next sync). An entry moves the state only if the state
    is its source: when OMS shows something else the server's change stays visible
    (the entry will end in conflict). Conflict/failed/discarded entries never apply.
    """
    return local_state_ids(store, [package_id]).get(package_id)


def local_state_ids(store: Store, package_ids: Iterable[int]) -> dict[int, int]:
    """`local_state_id` for many packages at once (unknown ones are left out)."""
    ids_json = msgspec.json.encode(list(package_ids)).decode()
    snapshot = {
        pid: (state_id, synced_at)
        for pid, state_id, synced_at in store.conn.execute(
            "SELECT id, state_id, synced_at FROM packages "
            "WHERE id IN (SELECT value FROM json_each(?))", (ids_json,))
    }
    states = {pid: state_id for pid, (state_id, _) in snapshot.items()}
    rows = store.conn.execute(
        "SELECT package_id, source_state_id, destination_state_id, status, done_at "
        "FROM outbox WHERE kind = ? AND package_id IN (SELECT value FROM json_each(?)) "
        f"AND status IN ({placeholders(IN_FLIGHT)}, 'done') ORDER BY seq",
        (KIND_COMMAND, ids_json, *IN_FLIGHT),
    )
    for pid, source, destination, status, done_at in rows:
        if pid not in snapshot or (status == "done" and done_at <= snapshot[pid][1]):
            continue
        if states[pid] == source:
            states[pid] = destination
    return states


def local_invoice_number(store: Store, package_id: int) -> str | None:
    """The invoice number as the packer sees it: the newest queued/just-done one,
    else the snapshot's."""
    queued = _queued_field(store, package_id, KIND_INVOICE)
    if queued is not None:
        return queued
    row = store.conn.execute("SELECT invoice_number FROM packages WHERE id = ?",
                             (package_id,)).fetchone()
    return None if row is None else row[0]


class _RemoteIdOnly(msgspec.Struct):
    remote_id: str | None = None


def local_remote_id(store: Store, package_id: int) -> str | None:
    """The remote id as the packer sees it: the newest queued/just-done one, else the
    one in the package's JSON as OMS last sent it (no column of its own: rarely used)."""
    queued = _queued_field(store, package_id, KIND_REMOTE_ID)
    if queued is not None:
        return queued
    raw = package_raw(store, package_id)
    if raw is None:
        return None
    try:
        return msgspec.json.decode(raw, type=_RemoteIdOnly).remote_id
    except msgspec.DecodeError:  # OMS sent something odd there: show none
        return None


def _queued_field(store: Store, package_id: int, kind: Kind) -> str | None:
    """The payload of the package's newest in-flight (or done since the snapshot)
    entry of `kind`."""
    row = store.conn.execute(
        "SELECT o.payload FROM outbox o JOIN packages p ON p.id = o.package_id "
        f"WHERE o.package_id = ? AND o.kind = ? AND (o.status IN ({placeholders(IN_FLIGHT)}) "
        "OR (o.status = 'done' AND o.done_at > p.synced_at)) ORDER BY o.seq DESC LIMIT 1",
        (package_id, kind, *IN_FLIGHT),
    ).fetchone()
    return None if row is None else row[0]
