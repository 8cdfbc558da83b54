"""Inputs a command needs, asked at the bench; and the station's local actions.

Owns the session's open question (`Question`) and what a scan means while one is up:

* refuse / block ask for a denial reason (`REASON:<id>` card, or a choice on screen,
  from the reasons synced into the cache);
* out of stock / defective (any command with `is_packageitem_parameter_required`)
  ask which units: each item scan chooses one more unit of that product, `CMD:OK`
  sends exactly those, `CMD:UNDO` un-chooses the last one;
* `CMD:INVOICE` asks for the invoice number (the next scan or typed text); a scan that
  matches the configured invoice pattern sets it directly;
* `CMD:REMOTE_ID` likewise asks for OMS's remote id, where the installation uses one
  (`PackingConfig.uses_remote_id`; elsewhere the card says it is not used);
* `CMD:REMOVE` asks for the item to take one unit of back;
* `CMD:CANCEL` drops any question and sends nothing.

Nothing with missing required input reaches the outbox: the session asks first.
Local actions (undo, remove, invoice number, remote id, packer badge) are audited. Every
function takes the `PackingSession` and returns a `ScanOutcome`, or None when the
scan is not theirs (the session then handles it as before).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from station import outbox
from station.messages import Message, join_list, join_sentences, msg
from station.oms.models import TransitionLog
from station.oms.params import package_items_param
from station.packing.commands import AvailableCommand
from station.packing.outcome import Choice, ScanOutcome
from station.packing.view import ItemLine, PackageView, next_step
from station.packing.wording import confirm_hint, press, stop_hint
from station.scanning.interpret import Code, CommandCard, Gs1, PackerBadge, ReasonCard
from station.store import items_by_code
from station.store.db import Store, durable_transaction, write_transaction
from station.store.denial_reasons import denial_reasons
from station.store.verifications import (
    clear_open_package,
    delete_verification,
    last_verification,
    save_open_package,
)


class PackingSession(Protocol):
    """What this module uses of station.packing.session.PackingSession (a Protocol, so
    the two modules do not import each other)."""

    store: Store
    config: Any  # PackingConfig
    packer: str
    question: Question | None

    @property
    def view(self) -> PackageView | None: ...

    @property
    def package_id(self) -> int | None: ...

    def run_given(self, view: PackageView, command: AvailableCommand,
                  given: Mapping[str, Any]) -> ScanOutcome: ...

    def stamp(self) -> str: ...

    def now(self) -> dt.datetime: ...

    def close(self) -> ScanOutcome: ...

REASON, UNITS, INVOICE, REMOVE, TAKEOVER = "reason", "units", "invoice", "remove", "takeover"
REMOTE_ID = "remote_id"
INVOICE_NUMBER = msg("invoice number")
REMOTE_ID_WORDS = msg("remote id")
# OMS states in which a package is being packed by whoever started preparing it.
BEING_PACKED_ENUMS = frozenset({"200", "400"})  # Preparing, Ready for Packaging


@dataclass(frozen=True)
class Question:
    """What the station waits for before it can act on the open package."""

    kind: str  # REASON | UNITS | INVOICE | REMOTE_ID | REMOVE | TAKEOVER
    package_id: int
    command: AvailableCommand | None = None  # the command the answer completes
    label: str = ""  # what is being done, e.g. "Refuse"
    chosen: tuple[int, ...] = field(default=())  # UNITS: the package items chosen so far


# --- entry points (called by PackingSession) -------------------------------------------


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
        return _local_card(session, event.command)
    if isinstance(event, Code | Gs1):
        return _invoice_by_pattern(session, event)
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
        line = _line(view, choice.id) if view else None
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
        return _ask(session, Question(REASON, view.package_id, command, label), view)
    if command.needs_items and not given.get("package_items"):
        return _ask(session, Question(UNITS, view.package_id, command, label), view)
    return None


# --- answering ----------------------------------------------------------------------------


def _answer(session: PackingSession, view: PackageView, question: Question,
            event: object) -> ScanOutcome | None:
    if question.kind == TAKEOVER:
        return _answer_takeover(session, view, question, event)
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
        return _remove_unit(session, view, event)
    return _ask(session, question, view, prefix=msg("Answer first."))


def _answer_units(session: PackingSession, view: PackageView, question: Question,
                  event: object) -> ScanOutcome | None:
    if isinstance(event, CommandCard) and event.command == "OK":
        if not question.chosen:
            return _ask(session, question, view, prefix=msg("No unit chosen yet."))
        return _send_units(session, view, question)
    if isinstance(event, CommandCard) and event.command == "UNDO" and question.chosen:
        return _ask(session, replace(question, chosen=question.chosen[:-1]), view,
                    prefix=msg("Last unit un-chosen."))
    if isinstance(event, Code | Gs1):
        lines = _lines_of_code(session, view, event)
        if not lines:
            return _ask(session, question, view,
                        prefix=msg("Nothing chosen: {code} is not in package {number}.",
                                   code=event.text, number=view.number))
        free = [line for line in lines if line.item_id not in question.chosen]
        if not free:
            return _ask(session, question, view,
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
    return _ask(session, replace(question, chosen=chosen), view)


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
        return _ask(session, question, view,
                    prefix=msg("Reason {reason} is not an active denial reason here.",
                               reason=reason_id))
    assert question.command is not None
    session.question = None
    return session.run_given(view, question.command, {"denial_reason": reason_id})


# --- asking -------------------------------------------------------------------------------


def _ask(session: PackingSession, question: Question, view: PackageView,
         prefix: Message | None = None) -> ScanOutcome:
    session.question = question
    catalogue = session.config.catalogue
    stop = stop_hint(catalogue)
    if question.kind == REASON:
        return _ask_reason(session, question, view, prefix)
    if question.kind == UNITS:
        asked = msg("{label} for package {number}: scan each unit, then {confirm} to send — "
                    "{count} chosen.", label=question.label, number=view.number,
                    confirm=confirm_hint(catalogue), count=len(question.chosen))
        return ScanOutcome("choose", join_sentences(prefix or "", asked, stop),
                           view.package_id, choices=_unit_choices(view, question))
    if question.kind == TAKEOVER:
        return _ask_takeover(session, view, prefix)
    if question.kind in (INVOICE, REMOTE_ID):
        what = INVOICE_NUMBER if question.kind == INVOICE else REMOTE_ID_WORDS
        asked = msg("Scan or type the {what} for package {number}.", what=what,
                    number=view.number)
        return ScanOutcome("input_needed", join_sentences(prefix or "", asked, stop),
                           view.package_id)
    asked = msg("Scan the item to take out of package {number}.", number=view.number)
    return ScanOutcome("input_needed", join_sentences(prefix or "", asked, stop),
                       view.package_id)


def _ask_takeover(session: PackingSession, view: PackageView,
                  prefix: Message | None) -> ScanOutcome:
    catalogue = session.config.catalogue
    choices = (Choice("confirm", 0, msg("Take it over"), catalogue["ok"].card),
               Choice("cancel", 0, msg("Leave it"), catalogue["cancel"].card))
    asked = msg("Take over package {number}? It is being packed at another station "
                "(OMS shows it {state}). Yes: {confirm}. No: {cancel}.", number=view.number,
                state=view.state_name, confirm=confirm_hint(catalogue),
                cancel=press(catalogue["cancel"]))
    return ScanOutcome("choose", join_sentences(prefix or "", asked), view.package_id,
                       choices=choices)


def _ask_reason(session: PackingSession, question: Question, view: PackageView,
                prefix: Message | None) -> ScanOutcome:
    reasons = denial_reasons(session.store)
    if not reasons:
        session.question = None
        return ScanOutcome("input_needed", join_sentences(prefix or "", msg(
            "Sync with OMS, then try again: {label} needs a denial reason and none is "
            "synced yet. Nothing was sent.", label=question.label)), view.package_id)
    choices = tuple(Choice("reason", r.id, r.title, r.card) for r in reasons)
    shown: list[str] = [r.title for r in reasons[:4]]
    if len(reasons) > 4:
        shown.append(msg("and {count} more", count=len(reasons) - 4))
    asked = msg("{label} package {number}: scan a reason card ({reasons}).",
                label=question.label, number=view.number, reasons=join_list(shown))
    return ScanOutcome("choose", join_sentences(prefix or "", asked,
                                                stop_hint(session.config.catalogue)),
                       view.package_id, choices=(*choices, _cancel_choice()))


def _cancel_choice() -> Choice:
    return Choice("cancel", 0, msg("Cancel"), "CMD:CANCEL")


def _unit_choices(view: PackageView, question: Question) -> tuple[Choice, ...]:
    choices = []
    for group in view.groups:
        for number, line in enumerate(group.lines, start=1):
            mark = "☑" if line.item_id in question.chosen else "☐"
            label = (msg("{mark} {title} #{number} (scanned)", mark=mark, title=group.title,
                         number=number) if line.verified else
                     msg("{mark} {title} #{number}", mark=mark, title=group.title,
                         number=number))
            # What the packer scans for it: the spelling that verified it, if any.
            code = (line.verification.scanned_code if line.verification else None) \
                or group.barcode or group.sku or str(line.item_id)
            choices.append(Choice("unit", line.item_id, label, code))
    count = len(question.chosen)
    label = msg("OK: send 1 unit") if count == 1 else msg("OK: send {count} units",
                                                           count=count)
    return (*choices, Choice("confirm", 0, label, "CMD:OK"), _cancel_choice())


# --- one packer per package ----------------------------------------------------------------


def takeover_question(session: PackingSession, view: PackageView) -> ScanOutcome | None:
    """A package OMS shows being packed (Preparing, Ready) that this station never
    started nor took over opens read-only: the packer must confirm taking it over."""
    if view.pending_command or view.state_enum not in BEING_PACKED_ENUMS:
        return None
    if claimed_here(session.store, view.package_id):
        return None
    return _ask(session, Question(TAKEOVER, view.package_id, None, msg("Take over")), view)


def _names_this_package(session: PackingSession, view: PackageView,
                        event: Code | Gs1) -> bool:
    """The scan is this package's number or one of its items' codes."""
    codes = event.candidates()
    return view.number in codes or any(
        items_by_code(session.store, code, view.package_id) for code in codes)


def claimed_here(store: Store, package_id: int) -> bool:
    """This station queued a command for it (the audit trail keeps that after the
    outbox prunes delivered entries) or took it over."""
    return any(row["action"] in ("enqueue", "takeover")
               for row in outbox.audit_trail(store, package_id=package_id))


def _answer_takeover(session: PackingSession, view: PackageView, question: Question,
                     event: object) -> ScanOutcome | None:
    if isinstance(event, Code | Gs1) and not _names_this_package(session, view, event):
        # Another package's number (or an item of another): the packer moved on; a
        # read-only package is no place to keep them. The scan is handled as usual.
        session.question = None
        session.close()
        return None
    if isinstance(event, CommandCard) and event.is_cancel:
        session.question = None
        session.close()
        return ScanOutcome("closed", msg("Package {number} left to whoever is packing it. "
                                         "Scan the next package.", number=view.number),
                           view.package_id)
    if not (isinstance(event, CommandCard) and event.command == "OK"):
        return _ask(session, question, view, prefix=msg("Read-only."))
    session.question = None
    with write_transaction(session.store):
        save_open_package(session.store, session.packer, view.package_id, session.stamp())
        outbox.add_audit(session.store, at=session.stamp(), packer=session.packer,
                         action="takeover", package_id=view.package_id,
                         detail={"state": view.state_name})
    return ScanOutcome("ok", join_sentences(
        msg("Taken over: package {number} is packed here now.", number=view.number),
        next_step(view)), view.package_id, saved=True)


# --- local actions ------------------------------------------------------------------------


def _local_card(session: PackingSession, code: str) -> ScanOutcome | None:
    action = session.config.catalogue.by_code(code)
    if action is None or not action.local or action.name == "cancel":
        return None
    view = session.view
    if action.name == "ok":
        return ScanOutcome("input_needed", msg("Nothing to confirm now."), session.package_id)
    if action.name == "remote_id" and not session.config.uses_remote_id:
        return ScanOutcome("input_needed", msg("This installation does not use remote ids: "
                                               "nothing to set."), session.package_id)
    if view is None:
        return ScanOutcome("error", msg("Scan a package first: {action} needs an open "
                                        "package.", action=action.label))
    if action.name == "undo":
        return undo(session, view)
    kind = {"invoice": INVOICE, "remote_id": REMOTE_ID}.get(action.name, REMOVE)
    return _ask(session, Question(kind, view.package_id, None, action.label), view)


def undo(session: PackingSession, view: PackageView) -> ScanOutcome:
    """Take back the last verified unit of the open package (audited)."""
    last = last_verification(session.store, view.package_id)
    if last is None:
        return ScanOutcome("input_needed", msg("Nothing to undo: no unit of package {number} "
                                               "is scanned.", number=view.number),
                           view.package_id)
    return _take_back(session, view, last.item_id, last.scanned_code, "undo")


def _remove_unit(session: PackingSession, view: PackageView, event: Code | Gs1) -> ScanOutcome:
    lines = _lines_of_code(session, view, event)
    last = last_verification(session.store, view.package_id, [ln.item_id for ln in lines])
    if last is None:
        session.question = None
        said = (msg("Nothing removed: {code} is not in this package.", code=event.text)
                if not lines else
                msg("Nothing removed: {code} is not scanned yet.", code=event.text))
        return ScanOutcome("input_needed", said, view.package_id)
    session.question = None
    return _take_back(session, view, last.item_id, last.scanned_code, "remove")


def _take_back(session: PackingSession, view: PackageView, item_id: int, code: str,
               action: str) -> ScanOutcome:
    with durable_transaction(session.store):
        delete_verification(session.store, item_id)
        outbox.add_audit(session.store, at=session.stamp(), packer=session.packer,
                         action=action, package_id=view.package_id,
                         detail={"item_id": item_id, "scanned_code": code})
    after = session.view
    assert after is not None
    group = next((g for g in after.groups if any(ln.item_id == item_id for ln in g.lines)),
                 None)
    title = group.title if group else code
    left = after.expected_count - after.verified_count
    return ScanOutcome("partial", msg("Taken back: 1 × {title}. Scan the next item — {left} "
                                      "left.", title=title, left=left),
                       view.package_id, saved=True, item_id=item_id)


def set_invoice_number(session: PackingSession, text: str) -> ScanOutcome:
    """Queue the open package's invoice number (scanned or typed)."""
    return _set_package_field(session, text, INVOICE_NUMBER, "SET_INVOICE_NUMBER",
                              lambda pid, value: outbox.enqueue_invoice_number(
                                  session.store, package_id=pid, invoice_number=value,
                                  packer=session.packer, now=session.now()))


def set_remote_id(session: PackingSession, text: str) -> ScanOutcome:
    """Queue the open package's remote id (scanned or typed)."""
    return _set_package_field(session, text, REMOTE_ID_WORDS, "SET_REMOTE_ID",
                              lambda pid, value: outbox.enqueue_remote_id(
                                  session.store, package_id=pid, remote_id=value,
                                  packer=session.packer, now=session.now()))


def _set_package_field(session: PackingSession, text: str, what: Message, command_type: str,
                       enqueue: Callable[[int, str], outbox.OutboxEntry]) -> ScanOutcome:
    """The invoice number or remote id of the open package, queued through the outbox."""
    view = session.view
    value = text.strip()
    if view is None:
        return ScanOutcome("error", msg("Scan a package first: the {what} needs an open "
                                        "package.", what=what))
    if not value:
        return ScanOutcome("input_needed", msg("Scan or type the {what} again: it was empty, "
                                               "nothing saved.", what=what), view.package_id)
    entry = enqueue(view.package_id, value)
    return ScanOutcome("saved", msg("Saved: {what} {value} for package {number}.", what=what,
                                    value=value, number=view.number),
                       view.package_id, saved=True, outbox_id=entry.id,
                       command_type=command_type)


def _invoice_by_pattern(session: PackingSession, event: Code | Gs1) -> ScanOutcome | None:
    pattern = session.config.invoice_pattern
    if not pattern or session.view is None or not re.fullmatch(pattern, event.text):
        return None
    return set_invoice_number(session, event.text)


def switch_packer(session: PackingSession, name: str) -> ScanOutcome:
    """A badge scan: `name` packs from now on, keeping the open package (audited)."""
    old = session.packer
    if name == old:
        return ScanOutcome("ok", msg("{name} is already packing here.", name=name),
                           session.package_id)
    package_id = session.package_id
    with write_transaction(session.store):
        clear_open_package(session.store, old)
        if package_id is not None:
            save_open_package(session.store, name, package_id, session.stamp())
        outbox.add_audit(session.store, at=session.stamp(), packer=name,
                         action="packer_switch", package_id=package_id,
                         detail={"from": old, "to": name})
    session.packer = name
    return ScanOutcome("ok", msg("{name} is packing now (was {old}).", name=name, old=old),
                       package_id)


# --- helpers ------------------------------------------------------------------------------


def _lines_of_code(session: PackingSession, view: PackageView,
                   event: Code | Gs1) -> list[ItemLine]:
    for candidate in event.candidates():
        rows = items_by_code(session.store, candidate, view.package_id)
        ids = {row["id"] for row in rows}
        lines = [line for line in view.lines() if line.item_id in ids]
        if lines:
            return lines
    return []


def _line(view: PackageView, item_id: int) -> ItemLine | None:
    return next((line for line in view.lines() if line.item_id == item_id), None)


__all__ = ["Question", "choose", "handle", "missing_input", "set_invoice_number",
           "set_remote_id", "switch_packer", "undo"]


def who_is_packing(logs: Sequence[TransitionLog], state_id: int) -> Message | None:
    """"by ayse since 14:05" from OMS's transition logs: who last moved the package into
    the state it is in now (OMS logs a user object or a name), or None when no log says."""
    into = [log for log in logs if log.new_state.id == state_id]
    if not into:
        return None
    last = max(into, key=lambda log: (log.created_date is not None, log.created_date, log.id))
    user = last.user
    name = user.get("username") or user.get("email") if isinstance(user, dict) else user
    if not isinstance(name, str) or not name.strip():
        return None
    if last.created_date is None:
        return msg("by {name}", name=name.strip())
    return msg("by {name} since {since:%H:%M}", name=name.strip(),
               since=last.created_date.astimezone())
