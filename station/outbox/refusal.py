"""A command OMS refused, told the way a packer needs to hear it.

Owns `Refusal` and `refusal_of(store, entry)`: for an outbox entry that ended in
conflict or failed, which package (its number, as printed on the slip), which
command, why in one short clause, and — `is_after_done(entry)` — whether the
packer had already been told the package was done (a completion: the bench said
"Package done." when it was queued, so the packer has moved on and only an alarm
brings them back). Qt-free; the GUI renders `Refusal.sentence` translated.

Which commands complete packaging is the packing subsystem's knowledge
(`station.packing.commands.COMPLETING_TYPES`); this module is not re-exported from
`station.outbox` so the outbox package itself never loads packing.
"""

from __future__ import annotations

import dataclasses

from station.messages import Message, msg
from station.outbox.queue import KIND_COMMAND, KIND_INVOICE, NEEDS_ATTENTION, OutboxEntry
from station.packing.commands import COMPLETING_TYPES
from station.store.db import Store

GONE_PREFIX = "package no longer on OMS"  # how the courier words a 404 (station.outbox.courier)
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
    return _shortened(error.rstrip("."))  # OMS's words: not ours to translate


def _shortened(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= REASON_MAX_CHARS:
        return text
    return text[:REASON_MAX_CHARS - 1].rstrip() + "…"
