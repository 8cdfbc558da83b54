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

Running a command (matching, the completion guard, overrides, the enqueue) lives in
station.packing.running. Outcomes (`ScanOutcome`, `Choice`) are described in
station.packing.outcome; their sentences are `station.messages` Messages.

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
from station.messages import join_list, join_sentences, msg
from station.oms.profile import DEFAULT_PROFILE, ApiProfile
from station.packing import inputs, running, sentences, takeover
from station.packing.catalogue import CATALOGUE, Catalogue
from station.packing.commands import (
    WAITING_ENUM,
    AvailableCommand,
    start_preparing_command,
)
from station.packing.outcome import Choice, ScanOutcome
from station.packing.questions import Question
from station.packing.view import (
    CANCELLED_ITEM_ENUM,
    ItemGroup,
    PackageView,
    after_verification,
    load_view,
    next_step,
    product_title,
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
        self.question: Question | None = None  # what the station waits for
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
            return ScanOutcome("error", msg("Scan it again: that scan was NOT saved ({error}).",
                                            error=f"{type(exc).__name__}: {exc}"),
                               self._package_id)
        if gone is not None and outcome.kind not in ("ok", "choose"):
            return ScanOutcome("error", sentences.gone_and_closed(gone), gone.package_id)
        self._last_package_id = outcome.package_id or self._last_package_id
        record_wrong_scan(self.store, packer=self.packer, scan=raw, kind=outcome.kind,
                          package_id=outcome.package_id, at=self._stamp())
        return outcome

    def _handle(self, event: ScanEvent, *, by_item: bool) -> ScanOutcome:
        if isinstance(event, Unknown):
            said = (msg("Scan it again: unreadable scan ({text}: {reason}).", text=event.text,
                        reason=event.reason) if event.text else
                    msg("Scan it again: unreadable scan ({reason}).", reason=event.reason))
            return ScanOutcome("unknown", said, self._package_id)
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
        return ScanOutcome("unknown", msg("Not now: nothing asks for card {card}.", card=shown),
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
            return ScanOutcome("wrong", msg("Wrong item: put it back. ({code} is not in "
                                            "package {number})", code=shown, number=view.number),
                               view.package_id)
        _, items = _first_match(candidates, lambda c: items_by_code(self.store, c))
        if items and open_by_item:
            return self._open_by_item(shown, items)
        return ScanOutcome("unknown", msg("Unknown code: scan a package, order or item. "
                                          "({code} is not at this station)", code=shown))

    # --- packages -----------------------------------------------------------------

    def _scan_package(self, text: str, rows: list[dict[str, Any]]) -> ScanOutcome:
        live = [row for row in rows if not row["archived"]]
        if not live:
            row = rows[0]
            return ScanOutcome("error", sentences.gone(row["number"], row["archived_reason"]),
                               row["id"])
        exact = [row for row in live if row["number"] == text]
        if len(exact) == 1 or len(live) == 1:
            return self.open_package((exact or live)[0]["id"])
        choices = tuple(Choice("package", row["id"], row["number"], row["number"])
                        for row in live)
        numbers = ", ".join(row["number"] for row in live)
        return ScanOutcome("choose", msg("Scan one package of order {order}: {numbers}.",
                                         order=text, numbers=numbers),
                           self._package_id, choices=choices)

    def _open_by_item(self, shown: str, items: list[dict[str, Any]]) -> ScanOutcome:
        package_ids = list(dict.fromkeys(row["package_id"] for row in items))
        if len(package_ids) == 1:
            return self.open_package(package_ids[0])
        views = [v for v in map(self._load, package_ids) if v is not None]
        choices = tuple(Choice("package", v.package_id, v.number, v.number) for v in views)
        return ScanOutcome("choose", msg("Scan the package number: {code} is in {count} "
                                         "packages ({numbers}).", code=shown,
                                         count=len(choices),
                                         numbers=", ".join(v.number for v in views)),
                           choices=choices)

    def open_package(self, package_id: int) -> ScanOutcome:
        """Open (or switch to) a package; may start preparing it (auto_start_preparing)."""
        view = self._load(package_id)
        if view is None:
            return ScanOutcome("error", msg("Sync first: package {id} is not in the cache.",
                                            id=package_id))
        if view.archived:
            return ScanOutcome("error", sentences.gone(view.number, view.archived_reason),
                               package_id)
        if package_id == self._package_id:
            return ScanOutcome("ok", join_sentences(
                msg("Package {number} is already open.", number=view.number),
                next_step(view)), package_id)
        held = takeover.takeover_question(self, view)
        if held is not None:  # read-only, not remembered until the packer takes it over
            self._package_id = package_id
            return held
        previous = self.view
        started = self._open_and_start(view)
        self._package_id = package_id
        parts = [sentences.opened(view)]
        if started is not None:
            parts.append(msg("Started preparing."))
        if previous is not None:
            parts.append(sentences.kept(previous))
        parts.extend(msg("{note}.", note=note) for note in view.notes)
        return ScanOutcome("ok", join_sentences(*parts), package_id, saved=started is not None,
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
            return ScanOutcome("closed", msg("Nothing to close: no package was open."))
        return ScanOutcome("closed", sentences.closed(view), view.package_id)

    # --- items --------------------------------------------------------------------

    def _verify(self, view: PackageView, code: str, rows: list[dict[str, Any]],
                serial: str | None, weight: str | None) -> ScanOutcome:
        live = [row for row in rows if str(row["state_enum"]) != CANCELLED_ITEM_ENUM]
        if not live:
            title = product_title(rows[0]["product_name"], rows[0]["product_sku"],
                                  rows[0]["product_barcode"])
            return ScanOutcome("wrong", msg("Do not pack it: {title} was cancelled in package "
                                            "{number}.", title=title, number=view.number),
                               view.package_id)
        groups = [view.group_of(pid) for pid in dict.fromkeys(row["product_id"] for row in live)]
        found = [group for group in groups if group is not None]
        if len(found) > 1:
            choices = tuple(_item_choice(group, code, serial, weight) for group in found)
            titles = join_list((group.title for group in found), "; ")
            return ScanOutcome("choose", msg("Choose the product: {code} matches {count} "
                                             "products ({titles}).", code=code, count=len(found),
                                             titles=titles), view.package_id, choices=choices)
        return self._verify_in_group(view, found[0], code, serial, weight)

    def _verify_in_group(self, view: PackageView, group: ItemGroup, code: str,
                         serial: str | None, weight: str | None) -> ScanOutcome:
        if serial and any(line.verification and line.verification.serial_no == serial
                          for line in view.lines()):
            return ScanOutcome("over", msg("Put it back: serial {serial} is already scanned "
                                           "in package {number}.", serial=serial,
                                           number=view.number), view.package_id)
        line = group.next_unverified()
        if line is None:
            return ScanOutcome("over", sentences.too_many(group), view.package_id)
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
                "input_needed", msg("Choose again: that choice is no longer asked."),
                self._package_id)
        if choice.kind == "package":
            return self.open_package(choice.id)
        if choice.kind == "command":
            return self.run_command(choice.id)
        view = self.view
        line = next((ln for ln in view.lines() if ln.item_id == choice.id), None) if view else None
        if view is None or line is None:
            return ScanOutcome("error", msg("Choose again: that item is not in the open "
                                            "package."), self._package_id)
        group = next(g for g in view.groups if line in g.lines)
        return self._verify_in_group(view, group, choice.scanned_code or choice.code,
                                     choice.serial_no, choice.unit_weight)

    # --- commands (station.packing.running) ----------------------------------------

    def run_command(self, command_type_or_id: str | int, *,
                    override_by: str | None = None) -> ScanOutcome:
        """Queue a command for the open package (by type, transition id or slug).
        Completing with unscanned items needs `override_by`, the supervisor who
        allowed it (written to the audit trail): the caller has checked who that is —
        `override` does, with the supervisor's name and PIN."""
        return running.run_command(self, command_type_or_id, override_by=override_by)

    def override(self, command_type_or_id: str | int, supervisor: str,
                 pin: str) -> ScanOutcome:
        """Run a completion blocked by unscanned items when `supervisor` and `pin` match a
        supervisor of this station; a refusal is audited too (the name, never the PIN)."""
        return running.override(self, command_type_or_id, supervisor, pin)

    def run_given(self, view: PackageView, command: AvailableCommand,
                  given: Mapping[str, Any]) -> ScanOutcome:
        """Run `command` with the inputs the packer gave (station.packing.inputs)."""
        return running.run(self, view, command, None, given)

    def let_go(self) -> None:
        """Forget the open package (a command closed it; the store already has)."""
        self._package_id = None

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
