"""The session's open question and how the station asks it.

Owns `Question` (what the station waits for before it can act on the open package),
its kinds, the `PackingSession` Protocol the input modules share, and `ask`: the
sentence and the on-screen choices for a denial reason, the units of an out-of-stock
or defective command, an invoice number or remote id, or the item to take back.
Answering is station.packing.inputs; the takeover question is station.packing.takeover.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from station.messages import Message, join_list, join_sentences, msg
from station.packing.commands import AvailableCommand
from station.packing.outcome import Choice, ScanOutcome
from station.packing.view import ItemLine, PackageView
from station.packing.wording import confirm_hint, stop_hint
from station.scanning.interpret import Code, Gs1
from station.store import items_by_code
from station.store.db import Store
from station.store.denial_reasons import denial_reasons


class PackingSession(Protocol):
    """What the input modules use of station.packing.session.PackingSession (a
    Protocol, so they and the session do not import each other)."""

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


@dataclass(frozen=True)
class Question:
    """What the station waits for before it can act on the open package."""

    kind: str  # REASON | UNITS | INVOICE | REMOTE_ID | REMOVE | TAKEOVER
    package_id: int
    command: AvailableCommand | None = None  # the command the answer completes
    label: str = ""  # what is being done, e.g. "Refuse"
    chosen: tuple[int, ...] = field(default=())  # UNITS: the package items chosen so far


def ask(session: PackingSession, question: Question, view: PackageView,
        prefix: Message | None = None) -> ScanOutcome:
    """Put `question` up and say what it wants (after `prefix`, if any)."""
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
    if question.kind in (INVOICE, REMOTE_ID):
        what = INVOICE_NUMBER if question.kind == INVOICE else REMOTE_ID_WORDS
        asked = msg("Scan or type the {what} for package {number}.", what=what,
                    number=view.number)
        return ScanOutcome("input_needed", join_sentences(prefix or "", asked, stop),
                           view.package_id)
    asked = msg("Scan the item to take out of package {number}.", number=view.number)
    return ScanOutcome("input_needed", join_sentences(prefix or "", asked, stop),
                       view.package_id)


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


# --- the open package's lines ---------------------------------------------------------------


def lines_of_code(session: PackingSession, view: PackageView,
                  event: Code | Gs1) -> list[ItemLine]:
    """The open package's lines of the product a scan names (its first spelling that
    names one), or []."""
    for candidate in event.candidates():
        rows = items_by_code(session.store, candidate, view.package_id)
        ids = {row["id"] for row in rows}
        lines = [line for line in view.lines() if line.item_id in ids]
        if lines:
            return lines
    return []


def line_of(view: PackageView, item_id: int) -> ItemLine | None:
    """The open package's line of one package item, if it has it."""
    return next((line for line in view.lines() if line.item_id == item_id), None)
