"""One packer per package: taking over a package another station is packing.

Owns the takeover question — a package OMS shows being packed (Preparing, Ready for
Packaging) that this station never started nor took over opens read-only until the
packer confirms taking it over (audited) — and `who_is_packing`, the "by ayse since
14:05" read from OMS's transition logs.
"""

from __future__ import annotations

from collections.abc import Sequence

from station import outbox
from station.messages import Message, join_sentences, msg
from station.oms.models import TransitionLog
from station.packing.outcome import Choice, ScanOutcome
from station.packing.questions import TAKEOVER, PackingSession, Question
from station.packing.view import PackageView, next_step
from station.packing.wording import confirm_hint, press
from station.scanning.interpret import Code, CommandCard, Gs1
from station.store import items_by_code
from station.store.db import Store, write_transaction
from station.store.verifications import save_open_package

# OMS states in which a package is being packed by whoever started preparing it.
BEING_PACKED_ENUMS = frozenset({"200", "400"})  # Preparing, Ready for Packaging


def takeover_question(session: PackingSession, view: PackageView) -> ScanOutcome | None:
    """A package OMS shows being packed (Preparing, Ready) that this station never
    started nor took over opens read-only: the packer must confirm taking it over."""
    if view.pending_command or view.state_enum not in BEING_PACKED_ENUMS:
        return None
    if claimed_here(session.store, view.package_id):
        return None
    return _ask_takeover(session, Question(TAKEOVER, view.package_id, None, msg("Take over")),
                         view)


def claimed_here(store: Store, package_id: int) -> bool:
    """This station queued a command for it (the audit trail keeps that after the
    outbox prunes delivered entries) or took it over."""
    return any(row["action"] in ("enqueue", "takeover")
               for row in outbox.audit_trail(store, package_id=package_id))


def answer_takeover(session: PackingSession, view: PackageView, question: Question,
                    event: object) -> ScanOutcome | None:
    """A scan while the takeover question is up; None when the packer moved on to
    another package (the scan is then handled as usual)."""
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
        return _ask_takeover(session, question, view, prefix=msg("Read-only."))
    session.question = None
    with write_transaction(session.store):
        save_open_package(session.store, session.packer, view.package_id, session.stamp())
        outbox.add_audit(session.store, at=session.stamp(), packer=session.packer,
                         action="takeover", package_id=view.package_id,
                         detail={"state": view.state_name})
    return ScanOutcome("ok", join_sentences(
        msg("Taken over: package {number} is packed here now.", number=view.number),
        next_step(view)), view.package_id, saved=True)


def _ask_takeover(session: PackingSession, question: Question, view: PackageView,
                  prefix: Message | None = None) -> ScanOutcome:
    session.question = question
    catalogue = session.config.catalogue
    choices = (Choice("confirm", 0, msg("Take it over"), catalogue["ok"].card),
               Choice("cancel", 0, msg("Leave it"), catalogue["cancel"].card))
    asked = msg("Take over package {number}? It is being packed at another station "
                "(OMS shows it {state}). Yes: {confirm}. No: {cancel}.", number=view.number,
                state=view.state_name, confirm=confirm_hint(catalogue),
                cancel=press(catalogue["cancel"]))
    return ScanOutcome("choose", join_sentences(prefix or "", asked), view.package_id,
                       choices=choices)


def _names_this_package(session: PackingSession, view: PackageView,
                        event: Code | Gs1) -> bool:
    """The scan is this package's number or one of its items' codes."""
    codes = event.candidates()
    return view.number in codes or any(
        items_by_code(session.store, code, view.package_id) for code in codes)


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
