"""Inputs a command needs, asked at the bench: what a scan means while a question is up.

Owns the session's entry points for questions and local cards (`handle`, `choose`,
`missing_input`) and the answers:

* refuse / block ask for a denial reason (`REASON:<id>` card, or a choice on screen,
  from the reasons synced into the cache);
* out of stock / defective (any command with `is_packageitem_parameter_required`)
  ask which units: each item scan chooses one more unit of that product, `CMD:OK`
  sends exactly those, `CMD:UNDO` un-chooses the last one;
* `CMD:INVOICE` / `CMD:REMOTE_ID` ask for the invoice number / OMS's remote id (the
  next scan or typed text), `CMD:REMOVE` for the item to take one unit of back;
* `CMD:CANCEL` drops any question and sends nothing.

Nothing with missing required input reaches the outbox: the session asks first. The
question and its wording are station.packing.questions, the takeover question
station.packing.takeover, the local actions (undo, remove, invoice number, remote id,
packer badge) station.packing.local_actions. Every function takes the `PackingSession`
and returns a `ScanOutcome`, or None when the scan is not theirs (the session then
handles it as before).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from station.messages import msg
from station.oms.params import package_items_param
from station.packing.commands import AvailableCommand
from station.packing.local_actions import (
    invoice_by_pattern,
    local_card,
    remove_unit,
    set_invoice_number,
    set_remote_id,
    switch_packer,
)
from station.packing.outcome import Choice, ScanOutcome
from station.packing.questions import (
    INVOICE,
    REASON,
    REMOTE_ID,
    REMOVE,
    TAKEOVER,
    UNITS,
    PackingSession,
    Question,
    ask,
    line_of,
    lines_of_code,
)
from station.packing.takeover import answer_takeover
from station.packing.view import ItemLine, PackageView
from station.scanning.interpret import Code, CommandCard, Gs1, PackerBadge, ReasonCard
from station.store.denial_reasons import denial_reasons

__all__ = ["choose", "handle", "missing_input"]


def handle(session: PackingSession, event: object) -> ScanOutcome | None:
    """A scan while a question is up, a reason card, a packer badge, a local action's
    card or an invoice-number scan; None for anything else."""
    question = session.question
    if question is not None:
        view = session.view
        if view is None or view.package_id != question.package_id:
            session.question = None  # the package was closed or went away
        else:
            return _answer(session, view, question, event)
    if isinstance(event, PackerBadge):
        return switch_packer(session, event.name)
    if isinstance(event, ReasonCard):
        catalogue = session.config.catalogue
        return ScanOutcome("input_needed", msg(
            "Refuse or block first ({refuse} / {block}): nothing asks for reason {reason} now.",
            refuse=catalogue["refuse"].key, block=catalogue["block"].key,
            reason=event.reason_id), session.package_id)
    if isinstance(event, CommandCard):
        return local_card(session, event.command)
    if isinstance(event, Code | Gs1):
        return invoice_by_pattern(session, event)
    return None


def choose(session: PackingSession, choice: Choice) -> ScanOutcome | None:
    """A click on a question's choice (the same as scanning its code)."""
    if choice.kind == "reason":
        return handle(session, ReasonCard(choice.id))
    if choice.kind == "confirm":
        return handle(session, CommandCard("OK"))
    if choice.kind == "cancel":
        return handle(session, CommandCard(CommandCard.CANCEL))
    if choice.kind == "unit" and session.question is not None:
        view = session.view
        line = line_of(view, choice.id) if view else None
        if view is not None and line is not None:
            return _choose_unit(session, view, session.question, line)
    return None


def missing_input(session: PackingSession, view: PackageView, command: AvailableCommand,
                  given: Mapping[str, Any]) -> ScanOutcome | None:
    """Ask for what `command` needs and `given` lacks (a reason, the units); None when
    nothing is missing."""
    action = session.config.catalogue.action_of(command)
    label = action.label if action else command.label
    if action is not None and action.asks_reason and "denial_reason" not in given:
        return ask(session, Question(REASON, view.package_id, command, label), view)
    if command.needs_items and not given.get("package_items"):
        return ask(session, Question(UNITS, view.package_id, command, label), view)
    return None


# --- answering ----------------------------------------------------------------------------


def _answer(session: PackingSession, view: PackageView, question: Question,
            event: object) -> ScanOutcome | None:
    if question.kind == TAKEOVER:
        return answer_takeover(session, view, question, event)
    if isinstance(event, CommandCard) and event.is_cancel:
        session.question = None
        said = (msg("Cancelled: {label} not sent. Package {number} stays open.",
                    label=question.label, number=view.number) if question.label
                else msg("Cancelled. Package {number} stays open.", number=view.number))
        return ScanOutcome("closed", said, view.package_id)
    if question.kind == REASON and isinstance(event, ReasonCard):
        return _give_reason(session, view, question, event.reason_id)
    if question.kind == UNITS:
        answered = _answer_units(session, view, question, event)
        if answered is not None:
            return answered
    if question.kind == INVOICE and isinstance(event, Code | Gs1):
        session.question = None
        return set_invoice_number(session, event.text)
    if question.kind == REMOTE_ID and isinstance(event, Code | Gs1):
        session.question = None
        return set_remote_id(session, event.text)
    if question.kind == REMOVE and isinstance(event, Code | Gs1):
        return remove_unit(session, view, event)
    return ask(session, question, view, prefix=msg("Answer first."))


def _answer_units(session: PackingSession, view: PackageView, question: Question,
                  event: object) -> ScanOutcome | None:
    if isinstance(event, CommandCard) and event.command == "OK":
        if not question.chosen:
            return ask(session, question, view, prefix=msg("No unit chosen yet."))
        return _send_units(session, view, question)
    if isinstance(event, CommandCard) and event.command == "UNDO" and question.chosen:
        return ask(session, replace(question, chosen=question.chosen[:-1]), view,
                   prefix=msg("Last unit un-chosen."))
    if isinstance(event, Code | Gs1):
        lines = lines_of_code(session, view, event)
        if not lines:
            return ask(session, question, view,
                       prefix=msg("Nothing chosen: {code} is not in package {number}.",
                                  code=event.text, number=view.number))
        free = [line for line in lines if line.item_id not in question.chosen]
        if not free:
            return ask(session, question, view,
                       prefix=msg("Every unit of it is already chosen."))
        # A unit nobody scanned first: out-of-stock units are the ones not found.
        free.sort(key=lambda line: line.verified)
        return _choose_unit(session, view, question, free[0])
    return None


def _choose_unit(session: PackingSession, view: PackageView, question: Question,
                 line: ItemLine) -> ScanOutcome:
    chosen = tuple(i for i in question.chosen if i != line.item_id)
    if len(chosen) == len(question.chosen):
        chosen = (*question.chosen, line.item_id)
    return ask(session, replace(question, chosen=chosen), view)


def _send_units(session: PackingSession, view: PackageView, question: Question) -> ScanOutcome:
    assert question.command is not None
    items = [line.as_input() for line in view.lines() if line.item_id in question.chosen]
    session.question = None
    given = {"package_items": package_items_param(items, session.config.profile)}
    return session.run_given(view, question.command, given)


def _give_reason(session: PackingSession, view: PackageView, question: Question,
                 reason_id: int) -> ScanOutcome:
    known = {reason.id: reason for reason in denial_reasons(session.store)}
    if reason_id not in known:
        return ask(session, question, view,
                   prefix=msg("Reason {reason} is not an active denial reason here.",
                              reason=reason_id))
    assert question.command is not None
    session.question = None
    return session.run_given(view, question.command, {"denial_reason": reason_id})
