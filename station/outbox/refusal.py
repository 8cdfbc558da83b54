"""A command OMS refused, told the way a packer needs to hear it.

Owns `Refusal` and `refusal_of(store, entry)`: for an outbox entry that ended in
conflict or failed, which package (its number, as printed on the slip), which
command, why in one short clause, and — `is_after_done(entry)` — whether the
packer had already been told the package was done (a completion: the bench said
"Package done." when it was queued, so the packer has moved on and only an alarm
brings them back). Qt-free; the GUI renders `Refusal.sentence` translated.

Also `unseen_refusals(store)` and `mark_refusals_seen(store, ids, packer=…)`: a
completion refused while no app ran (a CLI drain, or before a restart) must still
raise the alarm when the app starts, once, until the packer acknowledges it. The
acknowledgement is an audit row (action `refusal_seen`) after the entry's latest
refusal row, so a refusal after a retry is new again and nothing needs a schema change.

Which commands complete packaging is the packing subsystem's knowledge
(`station.packing.commands.COMPLETING_TYPES`); this module is not re-exported from
`station.outbox` so the outbox package itself never loads packing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from station.messages import Message, msg
from station.outbox.audit import add_audit
from station.outbox.queue import (
    KIND_COMMAND,
    KIND_INVOICE,
    NEEDS_ATTENTION,
    OutboxEntry,
    entries,
    get_entry,
)
from station.packing.commands import COMPLETING_TYPES
from station.store.db import Store, write_transaction

GONE_PREFIX = "package no longer on OMS"  # how the courier words a 404 (station.outbox.courier)
REFUSAL_SEEN = "refusal_seen"  # the audit action: the packer acknowledged the alarm
REASON_MAX_CHARS = 140  # the alarm strip is read from a metre away: OMS's text is cut


@dataclasses.dataclass(frozen=True)
class Refusal:
    """One refused outbox entry, for the packer."""

    entry_id: str
    package_id: int
    number: str  # the package number, or "id 1001" when the package left the cache
    command: str  # what was refused: "Complete packaging", "invoice number …"
    status: str  # "conflict" (the package moved on) or "failed" (OMS refused the command)
    after_done: bool  # the packer had been told the package was done
    reason: str  # one short clause: why (a Message, or OMS's own words untranslated)

    @property
    def sentence(self) -> Message:
        """The alarm: "OMS refused package 1001: it is Cancelled on OMS now. Open Needs
        attention." """
        return msg("OMS refused package {number}: {reason}. Open Needs attention.",
                   number=self.number, reason=self.reason)


def is_after_done(entry: OutboxEntry) -> bool:
    """Whether the packer saw this entry's package as done when it was queued: a
    completion command (the bench closed the package and said "Package done.")."""
    return entry.kind == KIND_COMMAND and entry.command_type in COMPLETING_TYPES


def refusal_of(store: Store, entry: OutboxEntry) -> Refusal | None:
    """The refusal `entry` stands for; None unless it is in conflict or failed."""
    if entry.status not in NEEDS_ATTENTION:
        return None
    row = store.conn.execute(
        "SELECT p.number, p.state_id, s.name FROM packages p "
        "LEFT JOIN states s ON s.id = p.state_id WHERE p.id = ?",
        (entry.package_id,)).fetchone()
    number, state_id, state_name = row if row is not None else (None, None, None)
    return Refusal(
        entry_id=entry.id, package_id=entry.package_id,
        number=number or f"id {entry.package_id}", command=command_name(entry),
        status=entry.status, after_done=is_after_done(entry),
        reason=_reason(entry, state_id, state_name))


def unseen_refusals(store: Store) -> list[Refusal]:
    """Refused completions (the alarm's kind) the packer has not acknowledged since
    their latest refusal, oldest first: what the alarm raises at start-up."""
    found = []
    for entry in entries(store, statuses=NEEDS_ATTENTION):
        if is_after_done(entry) and not _seen(store, entry.id):
            refusal = refusal_of(store, entry)
            if refusal is not None:
                found.append(refusal)
    return found


def mark_refusals_seen(store: Store, entry_ids: Iterable[str], *, packer: str,
                       at: str | None = None) -> int:
    """The packer acknowledged the alarm for these entries (audited; entries no longer
    refused, or already acknowledged, are skipped). Returns how many were recorded."""
    recorded = 0
    with write_transaction(store):
        for entry_id in dict.fromkeys(entry_ids):
            entry = get_entry(store, entry_id)
            if entry is None or entry.status not in NEEDS_ATTENTION or _seen(store, entry_id):
                continue
            add_audit(store, at=at, packer=packer, action=REFUSAL_SEEN,
                      package_id=entry.package_id, outbox_id=entry.id,
                      detail={"status": entry.status, "what": entry.describe()})
            recorded += 1
    return recorded


def _seen(store: Store, entry_id: str) -> bool:
    """Whether an acknowledgement follows the entry's latest refusal (audit rows grow
    in id order; both are found through the audit log's outbox_id index)."""
    refused, seen = store.conn.execute(
        "SELECT (SELECT max(id) FROM audit_log WHERE outbox_id = ?1 "
        "        AND action IN ('conflict', 'failed')), "
        "       (SELECT max(id) FROM audit_log WHERE outbox_id = ?1 AND action = ?2)",
        (entry_id, REFUSAL_SEEN)).fetchone()
    return seen is not None and (refused is None or seen > refused)


def command_name(entry: OutboxEntry) -> str:
    """The refused command as the bench named it (its label, else its OMS type)."""
    if entry.kind == KIND_INVOICE:
        return f"invoice number {entry.payload}"
    if entry.kind != KIND_COMMAND:
        return f"remote id {entry.payload}"
    return entry.label or entry.command_type or entry.slug or f"transition {entry.transition_id}"


def _reason(entry: OutboxEntry, state_id: int | None, state_name: str | None) -> str:
    """Why, in the fewest words a packer can act on: where the package is now, that it
    is gone, or OMS's own message (shortened)."""
    error = entry.last_error or ""
    if error.startswith(GONE_PREFIX):
        return msg("the package is no longer on OMS")
    moved_on = (entry.status == "conflict" and state_id is not None
                and state_id != entry.source_state_id and state_name)
    if moved_on:
        return msg("it is {state} on OMS now", state=state_name)
    if not error:
        return msg("OMS gave no reason")
    if isinstance(error, Message):  # our words (a read-back's verdict): they translate
        return error
    return _shortened(error.rstrip("."))  # OMS's words: not ours to translate


def _shortened(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= REASON_MAX_CHARS:
        return text
    return text[:REASON_MAX_CHARS - 1].rstrip() + "…"
