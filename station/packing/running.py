"""Running a command on the open package, from the card scanned to the outbox entry.

Owns what happens once the packer names a command: matching the card to the commands
offered (several: the packer chooses; none: which keys would work now), asking for
missing input first (station.packing.inputs), the completion guard (every unit
scanned, or a supervisor's override, audited — a refused override too), and the
durable enqueue with its local effects (closing the package, print jobs) in the same
transaction. Every function takes the `PackingSession` (a Protocol, so this module
and station.packing.session do not import each other) and returns a `ScanOutcome`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any, Protocol

from station import outbox
from station.messages import Message, join_list, join_sentences, msg
from station.packing import inputs, questions
from station.packing.commands import AvailableCommand, command_input, match_commands
from station.packing.outcome import Choice, ScanOutcome
from station.packing.supervisors import find_supervisor
from station.packing.view import ItemLine, PackageView
from station.store.db import Store, iso_utc
from station.store.verifications import clear_open_package

log = logging.getLogger(__name__)


class PackingSession(questions.PackingSession, Protocol):
    """What this module uses of station.packing.session.PackingSession."""

    def let_go(self) -> None:
        """Forget the open package in memory (a command closed it on disk)."""


def run_command(session: PackingSession, wanted: str | int, *,
                override_by: str | None = None) -> ScanOutcome:
    """Queue the command `wanted` names (type, transition id, slug or catalogue card)
    for the open package; `override_by` is the supervisor who allowed completing
    short, already checked by the caller."""
    view = session.view
    if view is None:
        return ScanOutcome("error", msg("Scan a package first: no package is open."))
    matches = match_commands(view.commands, wanted, session.config.catalogue)
    if not matches:
        return ScanOutcome("unknown", _not_offered(session, view, wanted), view.package_id)
    if len(matches) > 1:
        choices = tuple(Choice("command", c.transition_id, c.label, c.id_card)
                        for c in matches)
        labels = join_list((msg("{label} (card {id})", label=c.label, id=c.transition_id)
                            for c in matches), "; ")
        return ScanOutcome("choose", msg("Choose the command: {labels}.", labels=labels),
                           view.package_id, choices=choices)
    return run(session, view, matches[0], override_by)


def _not_offered(session: PackingSession, view: PackageView, wanted: str | int) -> Message:
    """Which keys would work now, when the card scanned names nothing offered."""
    catalogue = session.config.catalogue
    # The packer's words for it (its label), not the card's code or OMS's slug.
    named = next((action.label for action in catalogue.actions
                  if wanted in (action.name, action.code, action.card)), wanted)
    offered = [join_sentences(action.key, action.label) for action in catalogue.slots
               if catalogue.find(action.name, view.commands)]
    if not offered:
        return msg("Not now: {command} is not offered for package {number} ({state}), "
                   "nor is any other command.", command=named, number=view.number,
                   state=view.state_name)
    return msg("Not now: {command} is not offered for package {number} ({state}). Try: "
               "{offered}.", command=named, number=view.number, state=view.state_name,
               offered=join_list(offered))


def override(session: PackingSession, wanted: str | int, supervisor: str,
             pin: str) -> ScanOutcome:
    """Run a completion blocked by unscanned items when `supervisor` and `pin` match a
    supervisor of this station; a refusal is audited too (the name, never the PIN)."""
    supervisors = session.config.supervisors
    allowed = find_supervisor(supervisors, supervisor, pin)
    if allowed is not None:
        return run_command(session, wanted, override_by=allowed)
    if not supervisors:
        reason = msg("no supervisor is set up at this station (packing-station "
                     "supervisor add NAME)")
    elif supervisor.strip():
        reason = msg("wrong name or PIN for {name}", name=supervisor.strip())
    else:
        reason = msg("wrong name or PIN")
    outbox.add_audit(
        session.store, at=session.stamp(), packer=session.packer, action="override_refused",
        package_id=session.package_id,
        detail={"supervisor": supervisor.strip(), "command": str(wanted)})
    return ScanOutcome("error", msg("Override refused: {reason}. Nothing was saved.",
                                    reason=reason), session.package_id)


def run(session: PackingSession, view: PackageView, command: AvailableCommand,
        override_by: str | None, given: Mapping[str, Any] | None = None) -> ScanOutcome:
    """Queue `command` for `view` with the inputs `given`, asking first for what is
    missing; blocked while units are unscanned unless `override_by` allows it."""
    asked = inputs.missing_input(session, view, command, given or {})
    if asked is not None:  # nothing with missing required input reaches the outbox
        return asked
    missing = [line for line in view.lines() if not line.verified]
    short = command.completes and bool(missing)
    if short and not override_by:
        return ScanOutcome("input_needed", msg(
            "Scan the rest first, or get a supervisor override. Still expected: "
            "{missing}.", missing=view.still_expected()), view.package_id)
    config = session.config
    params = {**command_input(
        command, unverified=[line.as_input() for line in missing],
        verified=[line.as_input() for line in view.lines() if line.verified],
        profile=config.profile), **(given or {})}
    # Packing goes on only where the package stays packable (Waiting → Preparing);
    # after anything else (packed, out of stock, or a state never seen) it is over.
    closes = command.completes or (command.destination_enum
                                   not in config.profile.packable_states)
    now = session.now()
    packer = session.packer

    def local_effects(store: Store) -> None:
        if closes:
            clear_open_package(store, packer)
        if short:
            _audit_override(store, packer, view, command, override_by or "", missing, now)
        if command.completes and config.on_completion is not None:
            config.on_completion(store, view.package_id)

    entry = outbox.enqueue_command(
        session.store, package_id=view.package_id, spec=command.spec(),
        input_parameters=params, packer=packer, local_effects=local_effects, now=now)
    if closes:
        session.let_go()
    return ScanOutcome("saved", _saved(view, command, closes),
                       view.package_id, saved=True, outbox_id=entry.id,
                       command_type=command.command_type)


def _audit_override(store: Store, packer: str, view: PackageView, command: AvailableCommand,
                    override_by: str, missing: list[ItemLine], now: dt.datetime) -> None:
    # local_effects runs right after the entry's insert, in the same transaction:
    # the newest entry is the one this override allows.
    newest = store.conn.execute("SELECT id FROM outbox ORDER BY seq DESC LIMIT 1").fetchone()
    outbox.add_audit(
        store, at=iso_utc(now), packer=packer, action="override",
        package_id=view.package_id, outbox_id=newest[0] if newest else None,
        detail={"override_by": override_by, "command_type": command.command_type,
                "transition_id": command.transition_id,
                "missing_item_ids": [line.item_id for line in missing]})


def _saved(view: PackageView, command: AvailableCommand, closes: bool) -> Message:
    if command.completes:
        return msg("Done — put the label on. ({label} saved for package {number})",
                   label=command.label, number=view.number)
    if closes:
        return msg("Saved: {label} for package {number}. Scan the next package.",
                   label=command.label, number=view.number)
    return msg("Saved: {label} for package {number}.", label=command.label,
               number=view.number)


__all__ = ["PackingSession", "override", "run", "run_command"]
