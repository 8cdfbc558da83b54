"""The SELECTs behind the packer statistics: what happened in a shift, read from the
local tables only (offline).

* completions — the audit trail's `enqueue` rows of a completing command
  (`station.packing.commands.COMPLETING_TYPES`), minus entries the packer later
  discarded. The audit trail, not the outbox, because done entries are pruned from
  the outbox after a while but their audit rows stay;
* each completion's package: the first verification and the number of verified units
  up to the completion (`verifications` rows are deleted only by undo / remove);
* verified units (`verifications`), the items a packer scanned;
* counted audit actions: wrong scans (`station.stats.recording`), supervisor overrides
  and refused overrides.
"""

from __future__ import annotations

from dataclasses import dataclass

from station.packing.commands import COMPLETING_TYPES
from station.stats.recording import WRONG_SCAN_ACTION
from station.stats.shift import Shift
from station.store.db import Store

COUNTED_ACTIONS = (WRONG_SCAN_ACTION, "override", "override_refused")


@dataclass(frozen=True)
class Completion:
    packer: str
    package_id: int
    at: str  # stored UTC text
    first_verified_at: str | None  # None: completed without a single scan (override)
    items: int  # units verified in the package up to the completion


@dataclass(frozen=True)
class Event:
    """One verified unit or one counted audit action (`kind`)."""

    packer: str
    kind: str  # "item" or one of COUNTED_ACTIONS
    at: str


def completions(store: Store, shift: Shift) -> list[Completion]:
    start, end = shift.bounds_text()
    types = sorted(COMPLETING_TYPES)
    rows = store.conn.execute(
        "SELECT a.packer, a.package_id, a.at, "
        " (SELECT min(v.verified_at) FROM verifications v "
        "   WHERE v.package_id = a.package_id AND v.verified_at <= a.at), "
        " (SELECT count(*) FROM verifications v "
        "   WHERE v.package_id = a.package_id AND v.verified_at <= a.at) "
        "FROM audit_log a "
        "WHERE a.action = 'enqueue' AND a.at >= ? AND a.at < ? AND a.package_id IS NOT NULL "
        f" AND json_extract(a.detail, '$.command_type') IN ({', '.join('?' for _ in types)}) "
        " AND NOT EXISTS (SELECT 1 FROM audit_log d "
        "                 WHERE d.outbox_id = a.outbox_id AND d.action = 'discard') "
        "ORDER BY a.id", (start, end, *types))
    return [Completion(str(packer), int(package_id), at, first, int(items))
            for packer, package_id, at, first, items in rows]


def events(store: Store, shift: Shift) -> list[Event]:
    """Verified units and counted audit actions in the shift, oldest first."""
    start, end = shift.bounds_text()
    found = [Event(str(packer), "item", at) for packer, at in store.conn.execute(
        "SELECT packer, verified_at FROM verifications "
        "WHERE verified_at >= ? AND verified_at < ?", (start, end))]
    actions = ", ".join("?" for _ in COUNTED_ACTIONS)
    found.extend(Event(str(packer), action, at) for packer, action, at in store.conn.execute(
        "SELECT packer, action, at FROM audit_log "
        f"WHERE at >= ? AND at < ? AND action IN ({actions})",
        (start, end, *COUNTED_ACTIONS)))
    found.sort(key=lambda event: event.at)
    return found
