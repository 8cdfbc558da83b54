"""The outbox queue: what an entry is, and the packer's commands entering it, durable
before the packer is told "saved".

Owns the rows of the `outbox` table (schema: `station.store.schema.step_2_outbox`):
`OutboxEntry`, its `Status` and `Kind`, `CommandSpec`, enqueueing a command together
with its local effect in one fsynced transaction, and reading entries back. The rest
of the outbox's local side: `local_view` shows a package as the packer sees it
(snapshot + its entries applied in order, docs/design.md §3), `attention` is the
packer's actions on entries that need attention (retry, discard, mark as delivered),
`audit` the audit trail and pruning by age. Delivering entries to OMS is
`station.outbox.worker`; the status changes it makes are in `station.outbox.heads`.

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
from station.outbox.audit import add_audit
from station.outbox.problems import decode_problem
from station.store.db import Store, durable_transaction, iso_utc, parse_iso


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
        # Our words about the problem come back as the Message they were (schema step 11).
        values["last_error"] = decode_problem(values.get("last_error"),
                                              values.pop("last_error_message", None))
        for name in _TIMES:
            if name in values:
                values[name] = parse_iso(values[name])
        return cls(**values)

    def as_json(self) -> dict[str, Any]:
        """Plain JSON-ready values (times as ISO text), e.g. for the CLI."""
        values = dataclasses.asdict(self)
        for name in _TIMES:
            values[name] = iso_utc(values[name])
        values["last_error"] = None if self.last_error is None else str(self.last_error)
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


def placeholders(values: Iterable[Any]) -> str:
    return ", ".join("?" for _ in values)


# --- helpers ------------------------------------------------------------------------


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _json_object(value: Mapping[str, Any], name: str) -> str:
    if not isinstance(value, Mapping):
        raise ValueError(f"{name} must be a JSON object (a dict), got {type(value).__name__}")
    try:
        return msgspec.json.encode(dict(value)).decode()
    except (TypeError, msgspec.EncodeError) as exc:
        raise ValueError(f"{name} cannot be stored as JSON: {exc}") from exc
