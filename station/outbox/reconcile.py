"""Deciding what happened to an entry whose delivery outcome is unknown.

OMS commands are not idempotent, so an `uncertain` entry (a timeout, a connection
lost after the request left, a 5xx on the POST) is never resent blindly. The
worker reads the package back (detail and transition logs) and asks `judge`:

* **done** — only on PROOF that OMS applied OUR command: a transition log
  `source → destination` that
  - lies after our first attempt (`first_sent_at`, else `created_at`, minus a
    clock-skew allowance: the station's clock and OMS's may differ),
  - names our command in its `attributes` (transition id, slug or command type; none
    of them may differ from ours),
  - for a command with inputs (e.g. `package_items`), lists the same item ids and the
    same other inputs,
  - and, where OMS logs a user we can compare, was made by the user the station's
    client logged in as (unknown user or user id only: that check is skipped);
* **resend** — OMS still shows the source state and no `source → destination` log
  after our first attempt: it never arrived;
* **conflict** — anything short of proof: the same move by another command, for other
  items or by another user; the destination state without a log that names us; or the
  package moved elsewhere. The packer decides (retry, discard, or "mark as delivered").

S002 shows a real OMS log with `"attributes": {}` and `"user": null`: if the OMS in
use logs nothing about the command, no log can be proof, and an unknown outcome whose
package moved always ends in conflict — never a guessed `done`.

Invoice numbers and remote ids: done when OMS shows the entry's value, else resend
(setting a field to the same value twice is harmless, unlike a state transition).

Pure functions of the entry and what OMS answered; no I/O here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from station.messages import Message, join_list, msg
from station.oms.models import Package, State, TransitionLog
from station.outbox.queue import KIND_INVOICE, KIND_REMOTE_ID, OutboxEntry

DEFAULT_CLOCK_SKEW = dt.timedelta(minutes=5)
DECIDE = msg("Mark as delivered if OMS already has this command, or discard it.")
_ITEMS = "package_items"


@dataclasses.dataclass(frozen=True)
class Verdict:
    outcome: str  # "done" | "resend" | "conflict"
    reason: Message  # our words (OMS's data inside), stored with the entry: translatable


def judge(entry: OutboxEntry, package: Package, logs: list[TransitionLog], *,
          oms_user: str | None = None,
          clock_skew: dt.timedelta = DEFAULT_CLOCK_SKEW) -> Verdict:
    """What OMS shows about `entry`, given the package and its transition logs now.
    `oms_user`: the user name the station's client logged in as, if known."""
    if entry.kind == KIND_INVOICE:
        return _judge_field(entry, package.invoice_number, msg("the invoice number"))
    if entry.kind == KIND_REMOTE_ID:
        return _judge_field(entry, package.remote_id, msg("the remote id"))
    source, destination = entry.source_state_id, entry.destination_state_id
    not_before = (entry.first_sent_at or entry.created_at) - clock_skew
    same_move = [log for log in logs
                 if _is_transition(log, source, destination) and _at_or_after(log, not_before)]
    doubts = []
    for log in same_move:
        doubt = why_not_ours(entry, log, oms_user)
        if doubt is None:
            return Verdict("done", msg("OMS logged this command (log {log})", log=log.id))
        doubts.append(msg("log {log}: {doubt}", log=log.id, doubt=doubt))
    state = package.state
    if doubts:
        return Verdict("conflict", msg(
            "OMS shows another change {move} after this {command} was sent ({doubts}). "
            "{decide}", move=_move(same_move[0]), command=_what(entry),
            doubts=join_list(doubts, "; "), decide=DECIDE))
    if state.id == source:
        return Verdict("resend", msg("OMS still shows the source state {state}",
                                     state=_name(state)))
    if state.id == destination:
        return Verdict("conflict", msg(
            "OMS shows the package in {state}, but no transition log proves this {command} "
            "did it. {decide}", state=_name(state), command=_what(entry), decide=DECIDE))
    return Verdict("conflict", msg(
        "the package moved on: OMS shows state {state}, the command expected state id "
        "{expected}", state=_name(state), expected=source))


def why_not_ours(entry: OutboxEntry, log: TransitionLog, oms_user: str | None
                 ) -> Message | None:
    """None when `log` proves `entry` was applied; else why not, in words."""
    attributes = log.attributes if isinstance(log.attributes, Mapping) else {}
    doubt = _other_command(entry, attributes)
    if doubt is None:
        doubt = _other_inputs(entry.input_parameters, attributes)
    if doubt is None:
        doubt = _other_user(log.user, oms_user)
    return doubt


def _other_command(entry: OutboxEntry, attributes: Mapping[str, Any]) -> Message | None:
    named = {
        "transition": (_first(attributes, "transition", "transition_id"), entry.transition_id),
        "slug": (_first(attributes, "slug"), entry.slug),
        "command": (_first(attributes, "command", "command_type"), entry.command_type),
    }
    logged = {key: theirs for key, (theirs, _) in named.items() if theirs is not None}
    if not logged:
        return msg("the log does not say which command made it")
    compared = [(theirs, ours) for theirs, ours in named.values()
                if theirs is not None and ours is not None]
    if not compared or any(theirs != ours for theirs, ours in compared):
        return msg("made by {theirs}, not by {ours}", theirs=_describe_logged(logged),
                   ours=_what(entry))
    return None


def _other_inputs(ours: Mapping[str, Any], attributes: Mapping[str, Any]) -> Message | None:
    theirs = attributes.get("input_parameters")
    if not isinstance(theirs, Mapping):
        theirs = {key: attributes[key] for key in (_ITEMS,) if key in attributes}
    if not _meaningful(ours) and not _meaningful(theirs):
        return None
    if _meaningful(ours) and not _meaningful(theirs):
        return msg("the log does not list the items/inputs, so it cannot be matched to ours")
    our_items, their_items = _item_ids(ours.get(_ITEMS)), _item_ids(theirs.get(_ITEMS))
    if our_items != their_items:
        return msg("for items {theirs}, not for this command's items {ours}",
                   theirs=_ids(their_items), ours=_ids(our_items))
    if _plain_inputs(ours) != _plain_inputs(theirs):
        return msg("with inputs {theirs}, not this command's {ours}",
                   theirs=str(_plain_inputs(theirs)), ours=str(_plain_inputs(ours)))
    return None


def _other_user(logged: Any, oms_user: str | None) -> Message | None:
    """Where OMS logs a user name we can compare, it must be ours. A user id alone (or
    no known user of our own) cannot be compared: that check is skipped."""
    if logged is None or oms_user is None:
        return None
    name = logged if isinstance(logged, str) else (
        _first(logged, "username", "email") if isinstance(logged, Mapping) else None)
    if name is None or str(name).casefold() == oms_user.casefold():
        return None
    return msg("by user {theirs}, not this station's user {ours}", theirs=repr(name),
               ours=repr(oms_user))


def _judge_field(entry: OutboxEntry, shown: str | None, what: Message) -> Verdict:
    """A field OMS shows on the package (invoice number, remote id): ours or not yet."""
    if (shown or "") == entry.payload:
        return Verdict("done", msg("OMS shows {what}", what=what))
    return Verdict("resend", msg("OMS does not show {what} yet", what=what))


# --- helpers ------------------------------------------------------------------------


def _first(values: Mapping[str, Any], *keys: str) -> Any:
    return next((values[key] for key in keys if values.get(key) not in (None, "")), None)


def _meaningful(inputs: Mapping[str, Any]) -> bool:
    return any(value not in (None, "", [], {}) for value in inputs.values())


def _item_ids(raw: Any) -> frozenset[Any]:
    """Item ids from `package_items` given as ids or as objects with an `id`."""
    if not isinstance(raw, list):
        return frozenset()
    return frozenset(item.get("id") if isinstance(item, Mapping) else item for item in raw)


def _plain_inputs(inputs: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in inputs.items()
            if key != _ITEMS and value not in (None, "", [], {})}


def _ids(ids: frozenset[Any]) -> str:
    return ", ".join(str(value) for value in sorted(ids, key=str)) or "(none)"


def _describe_logged(logged: Mapping[str, Any]) -> str:
    command, transition = logged.get("command"), logged.get("transition")
    parts = [str(command) if command else "", f"(transition {transition})" if transition else ""]
    return " ".join(part for part in parts if part) or f"slug {logged.get('slug')}"


def _what(entry: OutboxEntry) -> str:
    name = entry.command_type or entry.slug or "command"
    return f"{name} (transition {entry.transition_id})" if entry.transition_id else name


def _move(log: TransitionLog) -> str:
    old = _name(log.old_state) if log.old_state is not None else "?"
    return f"{old} → {_name(log.new_state)}"


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
