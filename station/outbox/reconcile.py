"""Deciding what happened to an entry whose delivery outcome is unknown.

OMS commands are not idempotent, so an `uncertain` entry (a timeout, a connection
lost after the request left, a 5xx on the POST) is never resent blindly. The
worker reads the package back (detail and transition logs) and asks `judge`:

* **done** — OMS already shows it: a transition log `source → destination`
  created at or after the entry's `created_at` (minus a clock-skew allowance: the
  station's clock and OMS's may differ), or the package is in the destination
  state (for a command that changes state);
* **resend** — OMS still shows the source state and no such log: it never arrived;
* **conflict** — OMS shows some other state: the package moved on elsewhere.

Invoice numbers: done when OMS shows the entry's number, else resend (setting a
field to the same value twice is harmless, unlike a state transition).

Pure functions of the entry and what OMS answered; no I/O here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from station.oms.models import Package, State, TransitionLog
from station.outbox.queue import KIND_INVOICE, OutboxEntry

DEFAULT_CLOCK_SKEW = dt.timedelta(minutes=5)


@dataclasses.dataclass(frozen=True)
class Verdict:
    outcome: str  # "done" | "resend" | "conflict"
    reason: str


def judge(entry: OutboxEntry, package: Package, logs: list[TransitionLog], *,
          clock_skew: dt.timedelta = DEFAULT_CLOCK_SKEW) -> Verdict:
    """What OMS shows about `entry`, given the package and its transition logs now."""
    if entry.kind == KIND_INVOICE:
        return _judge_invoice(entry, package)
    source, destination = entry.source_state_id, entry.destination_state_id
    not_before = entry.created_at - clock_skew
    for log in logs:
        if _is_transition(log, source, destination) and _at_or_after(log, not_before):
            return Verdict("done", f"OMS logged the transition (log {log.id})")
    state = package.state
    if state.id == destination and source != destination:
        return Verdict("done", f"OMS shows the destination state {_name(state)}")
    if state.id == source:
        return Verdict("resend", f"OMS still shows the source state {_name(state)}")
    return Verdict(
        "conflict",
        f"the package moved on: OMS shows state {_name(state)}, the command expected "
        f"state id {source}",
    )


def _judge_invoice(entry: OutboxEntry, package: Package) -> Verdict:
    if (package.invoice_number or "") == entry.payload:
        return Verdict("done", "OMS shows the invoice number")
    return Verdict("resend", "OMS does not show the invoice number yet")


def _is_transition(log: TransitionLog, source: int | None, destination: int | None) -> bool:
    return (log.old_state is not None and log.old_state.id == source
            and log.new_state.id == destination)


def _at_or_after(log: TransitionLog, moment: dt.datetime) -> bool:
    created = log.created_date
    if created is None:
        return False  # an undated log cannot prove the transition is ours
    if created.tzinfo is None:
        created = created.replace(tzinfo=dt.UTC)
    return created >= moment


def _name(state: State) -> str:
    return f"{state.name!r} (id {state.id})" if state.name else f"id {state.id}"
