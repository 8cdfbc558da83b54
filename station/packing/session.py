"""The packing session: one packer scanning packages, items and command cards.

Owns `PackingSession.handle_scan` — THE entry point for the GUI and the headless
CLI — and what a scan means in context:

* a package number (or an order number with one package here) opens that package;
  an order with several packages asks the packer to choose; a different package's
  number while one is open switches to it (verified scans stay saved);
* with a package open, an item code (barcode, selected barcode, SKU, GS1 GTIN;
  every candidate spelling in order) verifies the next unverified unit of that
  product, durably, keeping the scanned code and any GS1 serial / net weight;
* a command card runs a command through the outbox: a catalogue card (`CMD:COMPLETE`,
  `CMD:REFUSE`, …; station.packing.catalogue), or `CMD:<type|transition id|slug>`;
  `CMD:CANCEL` closes the package without one. A command missing required input (a
  denial reason, the units) asks for it first, and local cards (`CMD:UNDO`,
  `CMD:REMOVE`, `CMD:INVOICE`, `REASON:<id>`, `PACKER:<name>`) are answered by
  station.packing.inputs; a package OMS shows being packed elsewhere opens read-only.

Outcomes (`ScanOutcome`, `Choice`) are described in station.packing.outcome.

`saved=True` only after the change is on disk (durable_transaction / the outbox's
fsynced enqueue). A scan never raises: anything unexpected becomes an `error`
outcome saying the scan was not saved.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from station import outbox
from station.config import utcnow
from station.oms.profile import DEFAULT_PROFILE, ApiProfile
from station.packing import inputs
from station.packing.catalogue import CATALOGUE, Catalogue
from station.packing.commands import (
    WAITING_ENUM,
    AvailableCommand,
    command_input,
    match_commands,
    start_preparing_command,
)
from station.packing.outcome import Choice, ScanOutcome
from station.packing.supervisors import find_supervisor
from station.packing.view import (
    CANCELLED_ITEM_ENUM,
    ItemGroup,
    PackageView,
    after_verification,
    load_view,
    product_title,
    rest_text,
    to_scan_text,
)
from station.scanning.interpret import (
    DEFAULT,
    Code,
    CommandCard,
    Gs1,
    ReasonCard,
    ScanEvent,
    ScannerConfig,
    Unknown,
    interpret,
)
from station.stats.recording import record_wrong_scan
from station.store import items_by_code, packages_by_number_or_order
from station.store.db import Store, durable_transaction, iso_utc, write_transaction
from station.store.verifications import (
    Verification,
    clear_open_package,
    open_package_of,
    record_verification,
    save_open_package,
)

__all__ = ["Choice", "PackingConfig", "PackingSession", "ScanOutcome"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PackingConfig:
    auto_start_preparing: bool = True  # Waiting → Preparing as soon as a package opens
    scanner: ScannerConfig = DEFAULT
    profile: ApiProfile = DEFAULT_PROFILE
    language: str = "en"  # command labels: the translation for this language, if any
    # Who may override a blocked completion: name → PIN record (station.packing.supervisors).
    supervisors: Mapping[str, str] = field(default_factory=dict)
    # Runs inside the completing command's transaction (print jobs: station.documents.queue).
    on_completion: Callable[[Store, int], None] | None = None
    # CMD:REPRINT: (store, the last scan's package or None, packer) → outcome.
    on_reprint: Callable[[Store, int | None, str], ScanOutcome] | None = None
    # The command catalogue: fixed keys and cards, rules finding OMS transitions.
    catalogue: Catalogue = CATALOGUE
    # A regular expression: a scan matching it while a package is open is its invoice
    # number (None: invoice numbers only after CMD:INVOICE).
    invoice_pattern: str | None = None
    # The installation sets OMS's remote id at the bench (CMD:REMOTE_ID); off, the card
    # says this installation does not use remote ids.
    uses_remote_id: bool = False



class PackingSession:
    """One packer's session on one Store (one thread). Reopens the package the
    packer had open, if it is still here."""

    def __init__(self, store: Store, *, packer: str, config: PackingConfig = PackingConfig(),
                 now: Callable[[], dt.datetime] = utcnow) -> None:
        if not packer.strip():
            raise ValueError("packer must be a non-empty name")
        self.store = store
        self.packer = packer
        self.config = config
        self._now = now
        self._package_id: int | None = None
        self._last_package_id: int | None = None  # CMD:REPRINT's package
        self.question: inputs.Question | None = None  # what the station waits for
        remembered = open_package_of(store, packer)
        if remembered is not None:
            view = self._load(remembered)
            self._package_id = remembered if view and not view.archived else None

    # --- reading ------------------------------------------------------------------

    @property
    def package_id(self) -> int | None:
        return self._package_id

    @property
    def view(self) -> PackageView | None:
        return None if self._package_id is None else self._load(self._package_id)

    def available_commands(self) -> list[AvailableCommand]:
        view = self.view
        return list(view.commands) if view else []

    def _load(self, package_id: int) -> PackageView | None:
        return load_view(self.store, package_id, profile=self.config.profile,
                         language=self.config.language)

    # --- the entry point ----------------------------------------------------------

    def handle_scan(self, raw: str) -> ScanOutcome:
        """Interpret one raw scan (exactly what the scanner typed) and act on it."""
        try:
            gone = self._close_if_gone()
            # After the open package vanished, an item scan must not open another
            # package holding the same product: the packer is told instead.
            outcome = self._handle(interpret(raw, self.config.scanner), by_item=gone is None)
        except Exception as exc:  # a bug or a full disk must not lose the packer's place
            log.exception("scan failed")
            return ScanOutcome("error", f"Scan NOT saved: {type(exc).__name__}: {exc}. "
                               "Scan it again.", self._package_id)
        if gone is not None and outcome.kind not in ("ok", "choose"):
            reason = f" ({gone.archived_reason})" if gone.archived_reason else ""
            return ScanOutcome("error", f"Package {gone.number} is no longer at this station"
                               f"{reason} and was closed. Scan the next package.",
                               gone.package_id)
        self._last_package_id = outcome.package_id or self._last_package_id
        record_wrong_scan(self.store, packer=self.packer, scan=raw, kind=outcome.kind,
                          package_id=outcome.package_id, at=self._stamp())
        return outcome

    def _handle(self, event: ScanEvent, *, by_item: bool) -> ScanOutcome:
        if isinstance(event, Unknown):
            shown = f" ({event.text})" if event.text else ""
            return ScanOutcome("unknown", f"Unreadable scan{shown}: {event.reason}.",
                               self._package_id)
        answered = inputs.handle(self, event)  # questions, local actions, badges
        if answered is not None:
            return answered
        if isinstance(event, CommandCard):
            if event.command == "REPRINT" and self.config.on_reprint is not None:
                return self.config.on_reprint(self.store, self._last_package_id, self.packer)
            return self.close() if event.is_cancel else self.run_command(event.command)
        if isinstance(event, Code | Gs1):
            return self._scan_code(event, open_by_item=by_item)
        # A reason card or a badge that no question took (inputs answers those it can).
        shown = (f"{event.PREFIX}{event.reason_id}" if isinstance(event, ReasonCard)
                 else f"{event.PREFIX}{event.name}")
        return ScanOutcome("unknown", f"{shown}: nothing here asks for that now.",
                           self._package_id)

    def _close_if_gone(self) -> PackageView | None:
        """Close the open package if a sync archived it (packed or moved elsewhere)."""
        view = self.view
        if view is None or not view.archived:
            return None
        with write_transaction(self.store):
            clear_open_package(self.store, self.packer)
        self._package_id = None
        return view

    def _scan_code(self, event: Code | Gs1, *, open_by_item: bool) -> ScanOutcome:
        shown = event.text
        serial = event.serial if isinstance(event, Gs1) else None
        weight = event.net_weight_kg if isinstance(event, Gs1) else None
        weight_text = None if weight is None else str(weight)
        candidates = event.candidates()
        view = self.view
        if view is not None:
            code, rows = _first_match(candidates, lambda c: items_by_code(
                self.store, c, view.package_id))
            if rows:
                return self._verify(view, code, rows, serial, weight_text)
        code, packages = _first_match(
            candidates, lambda c: packages_by_number_or_order(self.store, c))
        if packages:
            return self._scan_package(code, packages)
        if view is not None:
            return ScanOutcome("wrong", f"Wrong item: {shown} is not in package {view.number}. "
                               f"{rest_text(view)}", view.package_id)
        _, items = _first_match(candidates, lambda c: items_by_code(self.store, c))
        if items and open_by_item:
            return self._open_by_item(shown, items)
        return ScanOutcome("unknown", f"Unknown code {shown}: no package, order or item here.")

    # --- packages -----------------------------------------------------------------

    def _scan_package(self, text: str, rows: list[dict[str, Any]]) -> ScanOutcome:
        live = [row for row in rows if not row["archived"]]
        if not live:
            row = rows[0]
            reason = f" ({row['archived_reason']})" if row["archived_reason"] else ""
            return ScanOutcome("error", f"Package {row['number']} is no longer at this "
                               f"station{reason}.", row["id"])
        exact = [row for row in live if row["number"] == text]
        if len(exact) == 1 or len(live) == 1:
            return self.open_package((exact or live)[0]["id"])
        choices = tuple(Choice("package", row["id"], row["number"], row["number"])
                        for row in live)
        numbers = ", ".join(row["number"] for row in live)
        return ScanOutcome("choose", f"Order {text} has {len(live)} packages: scan one "
                           f"({numbers}).", self._package_id, choices=choices)

    def _open_by_item(self, shown: str, items: list[dict[str, Any]]) -> ScanOutcome:
        package_ids = list(dict.fromkeys(row["package_id"] for row in items))
        if len(package_ids) == 1:
            return self.open_package(package_ids[0])
        views = [v for v in map(self._load, package_ids) if v is not None]
        choices = tuple(Choice("package", v.package_id, v.number, v.number) for v in views)
        return ScanOutcome("choose", f"{shown} is in {len(choices)} packages: scan the "
                           f"package number ({', '.join(v.number for v in views)}).",
                           choices=choices)

    def open_package(self, package_id: int) -> ScanOutcome:
        """Open (or switch to) a package; may start preparing it (auto_start_preparing)."""
        view = self._load(package_id)
        if view is None:
            return ScanOutcome("error", f"Package {package_id} is not in the cache: sync first.")
        if view.archived:
            reason = f" ({view.archived_reason})" if view.archived_reason else ""
            return ScanOutcome("error", f"Package {view.number} is no longer at this "
                               f"station{reason}.", package_id)
        if package_id == self._package_id:
            return ScanOutcome("ok", f"Package {view.number} is already open. "
                               f"{rest_text(view)}", package_id)
        held = inputs.takeover_question(self, view)
        if held is not None:  # read-only, not remembered until the packer takes it over
            self._package_id = package_id
            return held
        previous = self.view
        started = self._open_and_start(view)
        self._package_id = package_id
        parts = [f"Package {view.number} open: {to_scan_text(view)}."]
        if started is not None:
            parts.append("Started preparing.")
        if previous is not None:
            parts.append(f"{previous.number} kept ({previous.verified_count} of "
                         f"{previous.expected_count} scanned).")
        parts.extend(f"{note}." for note in view.notes)
        return ScanOutcome("ok", " ".join(parts), package_id, saved=started is not None,
                           outbox_id=started.id if started else None,
                           command_type=started.command_type if started else None)

    def _open_and_start(self, view: PackageView) -> outbox.OutboxEntry | None:
        """Remember the open package; for a Waiting one (auto_start_preparing) queue
        Waiting → Preparing in the same transaction, so a crash never leaves one
        without the other. Returns the queued entry, if any."""
        def remember(store: Store) -> None:
            save_open_package(store, self.packer, view.package_id, self._stamp())

        command = None
        if self.config.auto_start_preparing and view.state_enum == WAITING_ENUM:
            command = start_preparing_command(view.commands, self.config.catalogue)
        if command is None:
            with write_transaction(self.store):
                remember(self.store)
            return None
        return outbox.enqueue_command(
            self.store, package_id=view.package_id, spec=command.spec(), input_parameters={},
            packer=self.packer, local_effects=remember, now=self._now())

    def close(self) -> ScanOutcome:
        """Close the open package without a command (its verified scans stay saved)."""
        view = self.view
        with write_transaction(self.store):
            clear_open_package(self.store, self.packer)
        self._package_id = None
        if view is None:
            return ScanOutcome("closed", "No package was open.")
        return ScanOutcome("closed", f"Package {view.number} closed without a command "
                           f"({view.verified_count} of {view.expected_count} scans kept).",
                           view.package_id)

    # --- items --------------------------------------------------------------------

    def _verify(self, view: PackageView, code: str, rows: list[dict[str, Any]],
                serial: str | None, weight: str | None) -> ScanOutcome:
        live = [row for row in rows if str(row["state_enum"]) != CANCELLED_ITEM_ENUM]
        if not live:
            title = product_title(rows[0]["product_name"], rows[0]["product_sku"],
                                  rows[0]["product_barcode"])
            return ScanOutcome("wrong", f"Do not pack: {title} was cancelled in package "
                               f"{view.number}.", view.package_id)
        groups = [view.group_of(pid) for pid in dict.fromkeys(row["product_id"] for row in live)]
        found = [group for group in groups if group is not None]
        if len(found) > 1:
            choices = tuple(_item_choice(group, code, serial, weight) for group in found)
            titles = "; ".join(group.title for group in found)
            return ScanOutcome("choose", f"{code} matches {len(found)} products: {titles}. "
                               "Choose one.", view.package_id, choices=choices)
        return self._verify_in_group(view, found[0], code, serial, weight)

    def _verify_in_group(self, view: PackageView, group: ItemGroup, code: str,
                         serial: str | None, weight: str | None) -> ScanOutcome:
        if serial and any(line.verification and line.verification.serial_no == serial
                          for line in view.lines()):
            return ScanOutcome("over", f"Serial {serial} is already scanned in package "
                               f"{view.number}.", view.package_id)
        line = group.next_unverified()
        if line is None:
            return ScanOutcome("over", f"Too many: all {group.expected} × {group.title} are "
                               f"already scanned. {rest_text(view)}", view.package_id)
        with durable_transaction(self.store):
            record_verification(self.store, Verification(
                view.package_id, line.item_id, code, serial, weight, self._stamp(),
                self.packer))
        after = self._load(view.package_id)
        assert after is not None
        kind, message = after_verification(after, group.product_id)
        return ScanOutcome(kind, message, view.package_id, saved=True, item_id=line.item_id)

    def choose(self, choice: Choice) -> ScanOutcome:
        """Act on one option of a `choose` outcome (GUI buttons; scanning works too)."""
        if choice.kind in ("reason", "unit", "confirm", "cancel"):
            return inputs.choose(self, choice) or ScanOutcome(
                "input_needed", "That choice is no longer asked.", self._package_id)
        if choice.kind == "package":
            return self.open_package(choice.id)
        if choice.kind == "command":
            return self.run_command(choice.id)
        view = self.view
        line = next((ln for ln in view.lines() if ln.item_id == choice.id), None) if view else None
        if view is None or line is None:
            return ScanOutcome("error", "That item is not in the open package.", self._package_id)
        group = next(g for g in view.groups if line in g.lines)
        return self._verify_in_group(view, group, choice.scanned_code or choice.code,
                                     choice.serial_no, choice.unit_weight)

    # --- commands -----------------------------------------------------------------

    def run_command(self, command_type_or_id: str | int, *,
                    override_by: str | None = None) -> ScanOutcome:
        """Queue a command for the open package (by type, transition id or slug).
        Completing with unscanned items needs `override_by`, the supervisor who
        allowed it (written to the audit trail): the caller has checked who that is —
        `override` does, with the supervisor's name and PIN."""
        view = self.view
        if view is None:
            return ScanOutcome("error", "No package open: scan a package first.")
        matches = match_commands(view.commands, command_type_or_id, self.config.catalogue)
        if not matches:
            offered = ", ".join(
                action.card for action in self.config.catalogue.slots
                if self.config.catalogue.find(action.name, view.commands)) or "none"
            return ScanOutcome("unknown", f"{command_type_or_id} is not available for package "
                               f"{view.number} ({view.state_name}). Available: {offered}.",
                               view.package_id)
        if len(matches) > 1:
            choices = tuple(Choice("command", c.transition_id, c.label, c.id_card)
                            for c in matches)
            labels = "; ".join(f"{c.label} ({c.id_card})" for c in matches)
            return ScanOutcome("choose", f"Which one? {labels}.", view.package_id,
                               choices=choices)
        return self._run(view, matches[0], override_by)

    def override(self, command_type_or_id: str | int, supervisor: str,
                 pin: str) -> ScanOutcome:
        """Run a completion blocked by unscanned items when `supervisor` and `pin` match a
        supervisor of this station; a refusal is audited too (the name, never the PIN)."""
        allowed = find_supervisor(self.config.supervisors, supervisor, pin)
        if allowed is not None:
            return self.run_command(command_type_or_id, override_by=allowed)
        if not self.config.supervisors:
            reason = ("no supervisor is set up at this station (packing-station supervisor "
                      "add NAME)")
        else:
            reason = f"wrong name or PIN for {supervisor.strip() or 'the supervisor'}"
        outbox.add_audit(
            self.store, at=self._stamp(), packer=self.packer, action="override_refused",
            package_id=self._package_id,
            detail={"supervisor": supervisor.strip(), "command": str(command_type_or_id)})
        return ScanOutcome("error", f"Override refused: {reason}. Nothing was saved.",
                           self._package_id)

    def run_given(self, view: PackageView, command: AvailableCommand,
                  given: Mapping[str, Any]) -> ScanOutcome:
        """Run `command` with the inputs the packer gave (station.packing.inputs)."""
        return self._run(view, command, None, given)

    def _run(self, view: PackageView, command: AvailableCommand,
             override_by: str | None, given: Mapping[str, Any] | None = None) -> ScanOutcome:
        asked = inputs.missing_input(self, view, command, given or {})
        if asked is not None:  # nothing with missing required input reaches the outbox
            return asked
        missing = [line for line in view.lines() if not line.verified]
        short = command.completes and bool(missing)
        if short and not override_by:
            return ScanOutcome("input_needed", f"Not complete: still expected "
                               f"{view.still_expected()}. Scan them or get a supervisor "
                               "override.", view.package_id)
        params = {**command_input(
            command, unverified=[line.as_input() for line in missing],
            verified=[line.as_input() for line in view.lines() if line.verified],
            profile=self.config.profile), **(given or {})}
        # Packing goes on only where the package stays packable (Waiting → Preparing);
        # after anything else (packed, out of stock, or a state never seen) it is over.
        closes = command.completes or (command.destination_enum
                                       not in self.config.profile.packable_states)
        now = self._now()

        def local_effects(store: Store) -> None:
            if closes:
                clear_open_package(store, self.packer)
            if short:
                self._audit_override(store, view, command, override_by or "", missing, now)
            if command.completes and self.config.on_completion is not None:
                self.config.on_completion(store, view.package_id)

        entry = outbox.enqueue_command(
            self.store, package_id=view.package_id, spec=command.spec(),
            input_parameters=params, packer=self.packer, local_effects=local_effects, now=now)
        if closes:
            self._package_id = None
        tail = " Package done." if closes else ""
        return ScanOutcome("saved", f"Saved: {command.label} for package {view.number}.{tail}",
                           view.package_id, saved=True, outbox_id=entry.id,
                           command_type=command.command_type)

    def _audit_override(self, store: Store, view: PackageView, command: AvailableCommand,
                        override_by: str, missing: list[Any], now: dt.datetime) -> None:
        # local_effects runs right after the entry's insert, in the same transaction:
        # the newest entry is the one this override allows.
        newest = store.conn.execute("SELECT id FROM outbox ORDER BY seq DESC LIMIT 1").fetchone()
        outbox.add_audit(
            store, at=iso_utc(now), packer=self.packer, action="override",
            package_id=view.package_id, outbox_id=newest[0] if newest else None,
            detail={"override_by": override_by, "command_type": command.command_type,
                    "transition_id": command.transition_id,
                    "missing_item_ids": [line.item_id for line in missing]})

    def _stamp(self) -> str:
        stamp = iso_utc(self._now())
        assert stamp is not None
        return stamp

    def stamp(self) -> str:
        """Now, as stored (for station.packing.inputs)."""
        return self._stamp()

    def now(self) -> dt.datetime:
        return self._now()


def _first_match(candidates: tuple[str, ...],
                 lookup: Callable[[str], list[dict[str, Any]]]) -> tuple[str, list[dict]]:
    """The first candidate spelling that finds something, with what it found."""
    for candidate in candidates:
        rows = lookup(candidate)
        if rows:
            return candidate, rows
    return (candidates[0] if candidates else ""), []


def _item_choice(group: ItemGroup, code: str, serial: str | None,
                 weight: str | None) -> Choice:
    line = group.next_unverified() or group.lines[0]
    return Choice("item", line.item_id, group.title, group.sku or group.barcode or code,
                  scanned_code=code, serial_no=serial, unit_weight=weight)
