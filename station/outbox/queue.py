"""The outbox: the packer's commands, durable before the packer is told "saved".

Owns the `outbox` and `audit_log` tables (schema: `station.store.schema.step_2_outbox`):
enqueueing a command together with its local effect in one fsynced transaction,
the local view (snapshot + the package's entries applied in order, docs/design.md §3),
the packer's actions on entries that need attention (retry, discard, mark as
delivered), the audit
trail and pruning by age. Delivering entries to OMS is `station.outbox.worker`; the
status changes it makes are in `station.outbox.heads`.

Entry life cycle:

    pending ──► sending ──► done
       ▲           │
       │           ├──► uncertain ──(read back)──► done | pending(resend) | conflict
       │           └──► conflict | failed ──(packer)──► pending (retry) | discarded
       │                   └──(packer: "mark as delivered")──► done

An entry in conflict/failed blocks the later entries of its package until the
packer retries or discards it. Entries are never deleted silently: done and
discarded ones are pruned only by age (`prune_done`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from typing import Any

import msgspec

from station.config import utcnow
from station.errors import RejectedError
from station.store.db import Store, durable_transaction, iso_utc, parse_iso, write_transaction
from station.store.snapshot import package_raw


class Status(StrEnum):
    """An entry's place in its life: pending → sending → done, with uncertain (unknown
    outcome: read back before any resend), conflict/failed (the packer decides) and
    discarded (the packer gave up) on the way. Stored as this text in `outbox.status`."""

    PENDING = "pending"
    SENDING = "sending"
    UNCERTAIN = "uncertain"
    CONFLICT = "conflict"
    FAILED = "failed"
    DONE = "done"
    DISCARDED = "discarded"


class Kind(StrEnum):
    """What an entry sends: a package command, an invoice number or a remote id."""

    COMMAND = "command"
    INVOICE = "set_invoice_number"
    REMOTE_ID = "set_remote_id"


# Entries the local view applies (besides done ones newer than the snapshot).
IN_FLIGHT = (Status.PENDING, Status.SENDING, Status.UNCERTAIN)
# Entries that need the packer; they block their package's later entries.
NEEDS_ATTENTION = (Status.CONFLICT, Status.FAILED)
# The entries that hold a package's queue: the first of them is the package's head.
QUEUED = (*IN_FLIGHT, *NEEDS_ATTENTION)
KIND_COMMAND = Kind.COMMAND
KIND_INVOICE = Kind.INVOICE
KIND_REMOTE_ID = Kind.REMOTE_ID
_TIMES = ("created_at", "next_attempt_at", "updated_at", "done_at", "first_sent_at")


class OutboxError(RejectedError):
    """A packer action that cannot be done on this entry (unknown id, wrong status)."""


@dataclasses.dataclass(frozen=True)
class CommandSpec:
    """One command as the packer chose it (from the package's or learned commands)."""

    command_type: str
    transition_id: int | None
    slug: str | None
    label: str | None
    source_state_id: int
    destination_state_id: int


@dataclasses.dataclass(frozen=True)
class OutboxEntry:
    """One outbox row. Times are aware UTC datetimes; `input_parameters` is decoded."""

    id: str
    seq: int
    package_id: int
    kind: str
    transition_id: int | None
    slug: str | None
    command_type: str | None
    label: str | None
    input_parameters: dict[str, Any]
    source_state_id: int | None
    destination_state_id: int | None
    payload: str | None
    created_at: dt.datetime
    packer: str
    attempts: int
    next_attempt_at: dt.datetime
    status: str
    last_error: str | None
    server_response: str | None
    updated_at: dt.datetime
    done_at: dt.datetime | None
    # When the first POST started (None until then): the read-back only takes a
    # transition log from after it as proof (schema step 5).
    first_sent_at: dt.datetime | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> OutboxEntry:
        values = dict(row)
        values["input_parameters"] = msgspec.json.decode(values["input_parameters"])
        for name in _TIMES:
            if name in values:
                values[name] = parse_iso(values[name])
        return cls(**values)

    def as_json(self) -> dict[str, Any]:
        """Plain JSON-ready values (times as ISO text), e.g. for the CLI."""
        values = dataclasses.asdict(self)
        for name in _TIMES:
            values[name] = iso_utc(values[name])
        return values

    def describe(self) -> str:
        """A short human name: "COMPLETE_PACKAGING on package 12" / "invoice number …"."""
        if self.kind == KIND_INVOICE:
            return f"invoice number {self.payload!r} on package {self.package_id}"
        if self.kind == KIND_REMOTE_ID:
            return f"remote id {self.payload!r} on package {self.package_id}"
        what = self.label or self.command_type or self.slug or f"transition {self.transition_id}"
        return f"{what} on package {self.package_id}"


# --- enqueueing ---------------------------------------------------------------------


def enqueue_command(
    store: Store,
    *,
    package_id: int,
    spec: CommandSpec,
    input_parameters: Mapping[str, Any],
    packer: str,
    local_effects: Callable[[Store], None] | None = None,
    now: dt.datetime | None = None,
) -> OutboxEntry:
    """Queue a package command and apply `local_effects` in ONE fsynced transaction.

    When this returns the entry is on disk (kill -9 or a power cut right after
    keeps it); if `local_effects` raises, neither the entry nor the effects stay.
    `input_parameters` is delivered to OMS exactly as given.
    """
    if spec.transition_id is None and not spec.slug:
        raise ValueError("a command needs a transition id or a slug")
    for name in ("source_state_id", "destination_state_id"):
        if not _is_int(getattr(spec, name)):
            raise ValueError(f"CommandSpec.{name} must be an int, got {getattr(spec, name)!r}")
    fields = {
        "kind": KIND_COMMAND, "transition_id": spec.transition_id, "slug": spec.slug,
        "command_type": spec.command_type, "label": spec.label,
        "source_state_id": spec.source_state_id,
        "destination_state_id": spec.destination_state_id, "payload": None,
    }
    return _enqueue(store, package_id, fields, input_parameters, packer, local_effects, now)


def enqueue_invoice_number(
    store: Store, *, package_id: int, invoice_number: str, packer: str,
    now: dt.datetime | None = None,
) -> OutboxEntry:
    """Queue setting the package's invoice number (delivered like a command)."""
    return _enqueue_field(store, package_id, KIND_INVOICE, "invoice number", invoice_number,
                          packer, now)


def enqueue_remote_id(
    store: Store, *, package_id: int, remote_id: str, packer: str,
    now: dt.datetime | None = None,
) -> OutboxEntry:
    """Queue setting the package's remote id (delivered like a command), for the
    installations that use one."""
    return _enqueue_field(store, package_id, KIND_REMOTE_ID, "remote id", remote_id, packer,
                          now)


def _enqueue_field(store: Store, package_id: int, kind: Kind, what: str, value: str,
                   packer: str, now: dt.datetime | None) -> OutboxEntry:
    """Queue setting one text field of the package (`kind` names the OMS call)."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be non-empty text, got {value!r}")
    fields = {
        "kind": kind, "transition_id": None, "slug": None,
        "command_type": kind.value.upper(), "label": None, "source_state_id": None,
        "destination_state_id": None, "payload": value.strip(),
    }
    return _enqueue(store, package_id, fields, {}, packer, None, now)


def _enqueue(
    store: Store, package_id: int, fields: dict[str, Any], input_parameters: Mapping[str, Any],
    packer: str, local_effects: Callable[[Store], None] | None, now: dt.datetime | None,
) -> OutboxEntry:
    if not _is_int(package_id):
        raise ValueError(f"package id must be an int, got {package_id!r}")
    if not isinstance(packer, str) or not packer.strip():
        raise ValueError("packer must be a non-empty name")
    params_json = _json_object(input_parameters, "input_parameters")
    stamp = iso_utc(now or utcnow())
    row = {
        "id": uuid.uuid4().hex, "package_id": package_id, **fields,
        "input_parameters": params_json, "created_at": stamp, "packer": packer,
        "attempts": 0, "next_attempt_at": stamp, "status": "pending", "last_error": None,
        "server_response": None, "updated_at": stamp, "done_at": None,
    }
    with durable_transaction(store):
        if store.conn.execute("SELECT 1 FROM packages WHERE id = ?", (package_id,)).fetchone() \
                is None:
            raise ValueError(f"package {package_id} is not in the local cache; sync first")
        (row["seq"],) = store.conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM outbox"
                                           ).fetchone()
        store.db.table("outbox").insert(row)
        add_audit(store, at=stamp, packer=packer, action="enqueue", package_id=package_id,
                  outbox_id=row["id"], detail=_audit_detail(row))
        if local_effects is not None:
            local_effects(store)
    return OutboxEntry.from_row(row)


def _audit_detail(row: Mapping[str, Any]) -> dict[str, Any]:
    keys = ("kind", "command_type", "transition_id", "slug", "source_state_id",
            "destination_state_id", "payload")
    return {key: row[key] for key in keys if row.get(key) is not None}


# --- the local view -----------------------------------------------------------------


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


# --- reading ------------------------------------------------------------------------


def entries(
    store: Store, *, package_id: int | None = None, statuses: Iterable[str] | None = None
) -> list[OutboxEntry]:
    """Entries in enqueue order, optionally of one package and/or some statuses."""
    where: list[str] = []
    params: list[Any] = []
    if package_id is not None:
        where.append("package_id = ?")
        params.append(package_id)
    if statuses is not None:
        wanted = list(statuses)
        where.append(f"status IN ({placeholders(wanted)})" if wanted else "0")
        params.extend(wanted)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    return select_entries(store, f"SELECT * FROM outbox {clause} ORDER BY seq", params)


def get_entry(store: Store, entry_id: str) -> OutboxEntry | None:
    found = select_entries(store, "SELECT * FROM outbox WHERE id = ?", [entry_id])
    return found[0] if found else None


def counts(store: Store) -> dict[str, int]:
    """`{status: count}` for the statuses present."""
    return dict(store.conn.execute(
        "SELECT status, count(*) FROM outbox GROUP BY status ORDER BY status").fetchall())


def select_entries(store: Store, sql: str, params: Iterable[Any]) -> list[OutboxEntry]:
    cursor = store.conn.execute(sql, list(params))
    names = [column[0] for column in cursor.description]
    return [OutboxEntry.from_row(dict(zip(names, values, strict=True))) for values in cursor]


# --- the packer's actions -----------------------------------------------------------


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


# --- audit and pruning --------------------------------------------------------------


def add_audit(store: Store, *, at: str | None, packer: str, action: str,
              package_id: int | None = None, outbox_id: str | None = None,
              detail: Mapping[str, Any] | None = None) -> None:
    """One audit row; joins the caller's transaction if there is one."""
    with write_transaction(store):
        store.conn.execute(
            "INSERT INTO audit_log (at, packer, action, package_id, outbox_id, detail) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (at or iso_utc(utcnow()), packer, action, package_id, outbox_id,
             msgspec.json.encode(dict(detail or {})).decode()),
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


# --- helpers ------------------------------------------------------------------------



def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def placeholders(values: Iterable[Any]) -> str:
    return ", ".join("?" for _ in values)


def _json_object(value: Mapping[str, Any], name: str) -> str:
    if not isinstance(value, Mapping):
        raise ValueError(f"{name} must be a JSON object (a dict), got {type(value).__name__}")
    try:
        return msgspec.json.encode(dict(value)).decode()
    except (TypeError, msgspec.EncodeError) as exc:
        raise ValueError(f"{name} cannot be stored as JSON: {exc}") from exc
