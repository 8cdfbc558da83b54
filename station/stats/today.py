"""Today's work, read from the local tables only (offline): what was packed, what
happened, and which package is next.

Owns three read-only queries for the "Packed today", "History" and "next package"
screens (the UI never runs SQL, it calls these):

* `packed_today` — one `PackedPackage` per completing command queued in a local day
  (minus discarded ones): the package, who packed it, when, how many units were
  verified, the command's delivery status and the documents printed for it;
* `history` — one `HistoryEvent` per event, newest first: verified units and wrong /
  over scans (scans), taken-back units, alerts (a refused supervisor override, a
  package taken over from another station, a print job that failed), overrides, and
  ONE row per outbox command with its delivery status now. The audit trail has one
  row per status change of a command; they are folded into that command's row;
* `next_package` — the most urgent package still to pack, in the queue's own order
  (`station.store.queue`), judged by its local state (commands queued but not yet
  delivered count).

Delivery statuses as a packer reads them (`DELIVERY_STATUSES`): pending (queued or
being sent), delivered, uncertain (OMS is being asked whether it has it), conflict
(OMS's package had moved on), failed (OMS refused the command), discarded.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace

import msgspec

from station.oms.profile import DEFAULT_PROFILE, ApiProfile
from station.outbox.local_view import local_state_ids
from station.packing.commands import COMPLETING_TYPES
from station.stats.recording import WRONG_SCAN_ACTION
from station.stats.shift import Shift
from station.store.db import Store, iso_utc
from station.store.queue import QueueFilter, QueueRow, queue_page

logger = logging.getLogger(__name__)

DELIVERY_STATUSES = ("pending", "delivered", "uncertain", "conflict", "failed", "discarded")
# outbox.status → what the packer reads; `sending` is still on its way.
_DELIVERY_OF_OUTBOX = {
    "pending": "pending", "sending": "pending", "uncertain": "uncertain", "done": "delivered",
    "conflict": "conflict", "failed": "failed", "discarded": "discarded",
}
# Audit actions that set a command's status, for entries the outbox has pruned.
_DELIVERY_OF_AUDIT = {
    "done": "delivered", "mark_delivered": "delivered", "discard": "discarded",
    "conflict": "conflict", "failed": "failed", "retry": "pending", "enqueue": "pending",
}
_COMMAND_ACTIONS = tuple(_DELIVERY_OF_AUDIT)
# Audit actions shown as their own row: kind and detail in the history.
_AUDIT_EVENTS = {
    WRONG_SCAN_ACTION: "scan", "undo": "scan", "remove": "scan",
    "override": "override", "override_refused": "alert", "takeover": "alert",
    "packer_switch": "note",
}
HISTORY_KINDS = ("scan", "alert", "override", "command", "note")
_NEXT_PAGE = 50  # queue rows read at a time while looking for the next package


@dataclass(frozen=True)
class PrintedDocument:
    """One print job of a package: the document and where its job stands."""

    document: str
    state: str  # print_jobs.state: queued, printing, printed, uncertain, failed, cancelled
    requested_by: str


@dataclass(frozen=True)
class PackedPackage:
    """One completion: a package packed (its completing command queued) in the day."""

    package_id: int
    number: str
    order_number: str | None
    packer: str
    completed_at: str  # stored UTC text (store.db.iso_utc)
    items: int  # units verified up to the completion
    command: str  # the command's label, else its type
    outbox_id: str
    delivery: str  # one of DELIVERY_STATUSES
    documents: tuple[PrintedDocument, ...]


@dataclass(frozen=True)
class HistoryEvent:
    """One row of the history (see the module docstring for the kinds).

    `detail` says which event of its kind: for scans `verified`, `wrong`, `over` or
    `taken_back`; for alerts and notes the audit action (`override_refused`,
    `takeover`, `print_failed`, `packer_switch`); for commands the outbox kind
    (`command`, `set_invoice_number`, `set_remote_id`); for overrides `override`.
    """

    at: str  # stored UTC text
    kind: str  # one of HISTORY_KINDS
    detail: str
    packer: str
    package_id: int | None
    package_number: str | None
    text: str  # the code scanned, the command's label, the supervisor, the reason …
    status: str = ""  # commands: one of DELIVERY_STATUSES; print alerts: the job state
    outbox_id: str | None = None
    updated_at: str | None = None  # commands: the last change of their status


# --- packed today ---------------------------------------------------------------------


def packed_today(store: Store, *, day: dt.date | Shift, search: str = "",
                 packer: str | None = None, tz: dt.tzinfo | None = None) -> list[PackedPackage]:
    """Packages completed in `day` (a local date, or any `Shift`), newest first;
    `search` matches the package or order number (any part, case-insensitive)."""
    shift = day if isinstance(day, Shift) else Shift.of_dates(day, day, tz)
    start, end = shift.bounds_text()
    types = sorted(COMPLETING_TYPES)
    sql = (
        "SELECT a.package_id, coalesce(p.number, ''), p.order_number, a.packer, a.at, "
        " (SELECT count(*) FROM verifications v "
        "   WHERE v.package_id = a.package_id AND v.verified_at <= a.at), "
        " coalesce(o.label, json_extract(a.detail, '$.command_type'), ''), a.outbox_id, "
        " o.status, (SELECT s.action FROM audit_log s WHERE s.outbox_id = a.outbox_id "
        f"   AND s.action IN ({_marks(_COMMAND_ACTIONS)}) ORDER BY s.id DESC LIMIT 1) "
        "FROM audit_log a LEFT JOIN packages p ON p.id = a.package_id "
        "LEFT JOIN outbox o ON o.id = a.outbox_id "
        "WHERE a.action = 'enqueue' AND a.at >= ? AND a.at < ? AND a.package_id IS NOT NULL "
        f" AND json_extract(a.detail, '$.command_type') IN ({_marks(types)}) "
        " AND NOT EXISTS (SELECT 1 FROM audit_log d "
        "                 WHERE d.outbox_id = a.outbox_id AND d.action = 'discard') ")
    params: list[object] = [*_COMMAND_ACTIONS, start, end, *types]
    if packer is not None:
        sql += "AND a.packer = ? "
        params.append(packer)
    if search.strip():
        sql += "AND (p.number LIKE ? ESCAPE '\\' OR p.order_number LIKE ? ESCAPE '\\') "
        params += [_like(search)] * 2
    rows = store.conn.execute(sql + "ORDER BY a.id DESC", params).fetchall()
    documents = _documents(store, {row[0] for row in rows})
    return [PackedPackage(pid, number, order, who, at, int(items), str(command), outbox_id,
                          _delivery(status, last_action), documents.get(pid, ()))
            for pid, number, order, who, at, items, command, outbox_id, status, last_action
            in rows]


def _documents(store: Store, package_ids: set[int]) -> dict[int, tuple[PrintedDocument, ...]]:
    """Each package's print jobs, oldest first."""
    found: dict[int, list[PrintedDocument]] = {}
    if not package_ids:
        return {}
    rows = store.conn.execute(
        "SELECT package_id, document, state, requested_by FROM print_jobs "
        "WHERE package_id IN (SELECT value FROM json_each(?)) ORDER BY id",
        (msgspec.json.encode(sorted(package_ids)).decode(),))
    for pid, document, state, requested_by in rows:
        found.setdefault(pid, []).append(PrintedDocument(document, state, requested_by))
    return {pid: tuple(jobs) for pid, jobs in found.items()}


def _delivery(outbox_status: str | None, last_action: str | None) -> str:
    """The delivery status now: the outbox's, or (entry pruned) the last audited one."""
    if outbox_status is not None:
        return _DELIVERY_OF_OUTBOX.get(outbox_status, outbox_status)
    if last_action in ("enqueue", "retry", None):
        # Pruned with no status audited: only done and discarded entries are pruned,
        # and a discard is always audited.
        return "delivered"
    return _DELIVERY_OF_AUDIT[last_action]


# --- history --------------------------------------------------------------------------


def history(store: Store, *, since: dt.datetime, limit: int = 500,
            packer: str | None = None) -> list[HistoryEvent]:
    """Events since `since` (aware), newest first, at most `limit`; one packer's or all."""
    start = iso_utc(since)
    assert start is not None
    found = [*_verified_scans(store, start, packer, limit),
             *_audit_events(store, start, packer, limit),
             *_commands(store, start, packer, limit),
             *_print_alerts(store, start, packer, limit)]
    found.sort(key=lambda event: event.at, reverse=True)
    return _with_numbers(store, found[:limit])


def _verified_scans(store: Store, start: str, packer: str | None,
                    limit: int) -> list[HistoryEvent]:
    sql, params = _by_packer(
        "SELECT verified_at, packer, package_id, scanned_code FROM verifications "
        "WHERE verified_at >= ?", [start], packer)
    rows = store.conn.execute(sql + " ORDER BY verified_at DESC LIMIT ?", [*params, limit])
    return [HistoryEvent(at, "scan", "verified", who, pid, None, code)
            for at, who, pid, code in rows]


def _audit_events(store: Store, start: str, packer: str | None,
                  limit: int) -> list[HistoryEvent]:
    actions = list(_AUDIT_EVENTS)
    sql, params = _by_packer(
        "SELECT at, packer, action, package_id, detail FROM audit_log "
        f"WHERE at >= ? AND action IN ({_marks(actions)})", [start, *actions], packer)
    # By time (then id, for one moment), so the `at` index serves both filter and order.
    rows = store.conn.execute(sql + " ORDER BY at DESC, id DESC LIMIT ?", [*params, limit])
    events = []
    for at, who, action, pid, detail_json in rows:
        detail = msgspec.json.decode(detail_json) if detail_json else {}
        which, text = _audit_detail(action, detail)
        events.append(HistoryEvent(at, _AUDIT_EVENTS[action], which, who, pid, None, text))
    return events


def _audit_detail(action: str, detail: dict[str, object]) -> tuple[str, str]:
    """(detail, text) of one audited event for its history row."""
    if action == WRONG_SCAN_ACTION:
        return str(detail.get("kind") or "wrong"), str(detail.get("code") or "")
    if action in ("undo", "remove"):
        return "taken_back", str(detail.get("scanned_code") or "")
    if action in ("override", "override_refused"):
        who = detail.get("override_by") or detail.get("supervisor") or ""
        return action, str(who)
    if action == "packer_switch":
        return action, str(detail.get("from") or "")
    return action, str(detail.get("state") or "")


def _commands(store: Store, start: str, packer: str | None,
              limit: int) -> list[HistoryEvent]:
    """One event per outbox entry queued, or acted on, since `start`."""
    sql, params = _by_packer(
        "SELECT e.outbox_id, e.at, e.packer, e.package_id, e.detail, o.kind, o.label, "
        " o.command_type, o.payload, o.status, o.updated_at, "
        " (SELECT s.action FROM audit_log s WHERE s.outbox_id = e.outbox_id "
        f"   AND s.action IN ({_marks(_COMMAND_ACTIONS)}) ORDER BY s.id DESC LIMIT 1), "
        " (SELECT max(s.at) FROM audit_log s WHERE s.outbox_id = e.outbox_id) "
        "FROM audit_log e LEFT JOIN outbox o ON o.id = e.outbox_id "
        "WHERE e.action = 'enqueue' AND e.outbox_id IN (SELECT c.outbox_id FROM audit_log c "
        "  WHERE c.at >= ? AND c.outbox_id IS NOT NULL)",
        [*_COMMAND_ACTIONS, start], packer, column="e.packer")
    rows = store.conn.execute(sql + " ORDER BY e.id DESC LIMIT ?", [*params, limit])
    events = []
    for (outbox_id, at, who, pid, detail_json, kind, label, command_type, payload, status,
         updated_at, last_action, last_at) in rows:
        detail = msgspec.json.decode(detail_json) if detail_json else {}
        kind = kind or str(detail.get("kind") or "command")
        text = (payload or detail.get("payload")) if kind != "command" else \
            (label or command_type or detail.get("command_type") or detail.get("slug"))
        events.append(HistoryEvent(
            at, "command", kind, who, pid, None, str(text or ""),
            status=_delivery(status, last_action), outbox_id=outbox_id,
            updated_at=updated_at or last_at))
    return events


def _print_alerts(store: Store, start: str, packer: str | None,
                  limit: int) -> list[HistoryEvent]:
    """Print jobs that failed or may not have printed (a person must look)."""
    sql, params = _by_packer(
        "SELECT created_at, requested_by, package_id, document, state, reason FROM print_jobs "
        "WHERE created_at >= ? AND state IN ('failed', 'uncertain')", [start], packer,
        column="requested_by", also="auto")
    rows = store.conn.execute(sql + " ORDER BY id DESC LIMIT ?", [*params, limit])
    return [HistoryEvent(at, "alert", "print_failed", who, pid, None,
                         f"{document}: {reason}" if reason else document, status=state)
            for at, who, pid, document, state, reason in rows]


def _by_packer(sql: str, params: list[object], packer: str | None, *,
               column: str = "packer", also: str | None = None) -> tuple[str, list[object]]:
    """Narrow `sql` (which has a WHERE) to one packer's rows (and `also`'s) if asked."""
    if packer is None:
        return sql, params
    if also is not None:
        return f"{sql} AND {column} IN (?, ?)", [*params, packer, also]
    return f"{sql} AND {column} = ?", [*params, packer]


def _with_numbers(store: Store, events: list[HistoryEvent]) -> list[HistoryEvent]:
    """The events with their packages' numbers (ids no longer cached keep None)."""
    ids = sorted({event.package_id for event in events if event.package_id is not None})
    numbers = dict(store.conn.execute(
        "SELECT id, number FROM packages WHERE id IN (SELECT value FROM json_each(?))",
        (msgspec.json.encode(ids).decode(),))) if ids else {}
    return [_replace_number(event, numbers.get(event.package_id)) for event in events]


def _replace_number(event: HistoryEvent, number: str | None) -> HistoryEvent:
    return replace(event, package_number=number)


# --- the next package -----------------------------------------------------------------


def next_package(store: Store, *, stock_location_id: int | None = None,
                 exclude: Iterable[int] = (),
                 profile: ApiProfile = DEFAULT_PROFILE) -> QueueRow | None:
    """The most urgent live package still to pack (queue order: same-day first, then
    the target packing date), or None. A package counts as still to pack when its
    local state (snapshot + queued commands) is one the profile packs from, and it
    is not open at a packer of this station; `exclude` leaves out more."""
    skip = set(exclude) | _open_elsewhere(store)
    packable = set(profile.packable_states)
    where = QueueFilter(stock_location_id=stock_location_id)
    offset = 0
    while page := queue_page(store, where, offset=offset, limit=_NEXT_PAGE):
        states = local_state_ids(store, [row.id for row in page])
        enums = _state_enums(store, set(states.values()))
        for row in page:
            if row.id not in skip and enums.get(states.get(row.id, row.state_id)) in packable:
                return row
        offset += len(page)
    return None


def _open_elsewhere(store: Store) -> set[int]:
    return {pid for (pid,) in store.conn.execute("SELECT package_id FROM packing_sessions")}


def _state_enums(store: Store, state_ids: set[int]) -> dict[int, str]:
    rows = store.conn.execute(
        "SELECT id, enum_value FROM states WHERE id IN (SELECT value FROM json_each(?))",
        (msgspec.json.encode(sorted(state_ids)).decode(),))
    return {sid: str(enum) for sid, enum in rows}


# --- helpers --------------------------------------------------------------------------


def _marks(values: Iterable[object]) -> str:
    return ", ".join("?" for _ in values)


def _like(search: str) -> str:
    """A LIKE pattern matching `search` anywhere, its wildcards taken literally."""
    escaped = search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
