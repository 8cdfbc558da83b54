"""The station's local actions on the open package, each audited.

Owns what the local command cards do: `CMD:UNDO` takes back the last verified unit,
`CMD:REMOVE` one unit of the item scanned next, `CMD:INVOICE` / `CMD:REMOTE_ID` queue
the invoice number or OMS's remote id (scanned or typed; a scan matching the
configured invoice pattern sets the invoice number directly), and a packer badge
switches who is packing, keeping the open package. `CMD:OK` with nothing to confirm
and the remote id card where the installation does not use one only say so.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from station import outbox
from station.messages import Message, msg
from station.packing.outcome import ScanOutcome
from station.packing.questions import (
    INVOICE,
    INVOICE_NUMBER,
    REMOTE_ID,
    REMOTE_ID_WORDS,
    REMOVE,
    PackingSession,
    Question,
    ask,
    lines_of_code,
)
from station.packing.view import PackageView
from station.scanning.interpret import Code, Gs1
from station.store.db import durable_transaction, write_transaction
from station.store.verifications import (
    clear_open_package,
    delete_verification,
    last_verification,
    save_open_package,
)


def local_card(session: PackingSession, code: str) -> ScanOutcome | None:
    """A local action's card (undo, remove, invoice number, remote id, OK); None for
    any other card."""
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
    return ask(session, Question(kind, view.package_id, None, action.label), view)


def undo(session: PackingSession, view: PackageView) -> ScanOutcome:
    """Take back the last verified unit of the open package (audited)."""
    last = last_verification(session.store, view.package_id)
    if last is None:
        return ScanOutcome("input_needed", msg("Nothing to undo: no unit of package {number} "
                                               "is scanned.", number=view.number),
                           view.package_id)
    return _take_back(session, view, last.item_id, last.scanned_code, "undo")


def remove_unit(session: PackingSession, view: PackageView, event: Code | Gs1) -> ScanOutcome:
    """The answer to `CMD:REMOVE`: take back the last verified unit of the scanned item."""
    lines = lines_of_code(session, view, event)
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


def invoice_by_pattern(session: PackingSession, event: Code | Gs1) -> ScanOutcome | None:
    """A scan matching the configured invoice pattern, with a package open, is its
    invoice number; None for any other scan."""
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
