"""Every card on the printed sheet does on screen what its caption says: the card page
is rendered, read back with a barcode decoder, and each decoded card is scanned into
the real packing window (offline) on a package where its action applies."""

from __future__ import annotations

import dataclasses

import zxingcpp

from station import outbox
from station.documents.demo_sheet import command_card_page
from station.packing.catalogue import CATALOGUE
from station.simulator.installation import Installation
from station.store import package_detail
from station.store.denial_reasons import denial_reasons
from station.sync.syncer import Syncer
from tests.ui.conftest import LOCATION, client_of

INSTALLATION = Installation()


class Screen:
    def __init__(self, station, sim) -> None:
        self.station, self.sim = station, sim
        self.window = station.window
        session = self.window.session
        session.config = dataclasses.replace(session.config, auto_start_preparing=False)
        self.used: set[int] = set()

    def scan(self, raw: str):
        self.window.handle_scan(raw)
        return self.window.last_outcome

    def fresh(self) -> tuple[str, list[str]]:
        """Open a Waiting package nothing was done to yet; (number, item codes)."""
        store = self.station.store
        for (package_id,) in store.conn.execute(
                "SELECT id FROM packages WHERE archived = 0 AND state_enum = '100' ORDER BY id"
        ).fetchall():
            detail = package_detail(store, package_id)
            codes = [i["product_barcode"] or i["product_sku"] for i in detail["items"]
                     if str(i["state_enum"]) != "600"]
            if package_id not in self.used and codes and all(codes):
                self.used.add(package_id)
                assert self.scan(detail["package"]["number"]).kind == "ok"
                return detail["package"]["number"], codes
        raise LookupError("no fresh Waiting package left")

    def last_entry(self) -> outbox.OutboxEntry:
        return outbox.entries(self.station.store)[-1]

    def destination(self) -> str:
        """The simulator installation's key of the last queued command's destination."""
        return INSTALLATION.commands_by_id[self.last_entry().transition_id].destination


def start_preparing(screen: Screen) -> None:
    screen.fresh()
    assert screen.scan("CMD:START_PREPARING").kind == "saved"
    assert screen.destination() == "preparing"


def ready(screen: Screen) -> None:
    screen.fresh()
    screen.scan("CMD:START_PREPARING")
    assert screen.scan("CMD:READY").kind == "saved"
    assert screen.destination() == "ready"


def complete(screen: Screen, card: str = "CMD:COMPLETE",
             command_type: str = "COMPLETE_PACKAGING") -> None:
    _, codes = screen.fresh()
    for code in codes:
        screen.scan(code)
    assert screen.scan(card).kind == "saved"
    assert screen.last_entry().command_type == command_type
    assert screen.window.session.package_id is None  # package done


def complete_no_shipment(screen: Screen) -> None:
    complete(screen, "CMD:COMPLETE_NO_SHIPMENT", "COMPLETE_PACKAGING_WITHOUT_SHIPMENT")


def units(screen: Screen, card: str, destination: str) -> None:
    _, codes = screen.fresh()
    asked = screen.scan(card)
    assert asked.kind == "choose" and screen.window.chooser.isVisible()
    screen.scan(codes[0])
    assert screen.scan("CMD:OK").kind == "saved"
    assert screen.destination() == destination
    assert len(screen.last_entry().input_parameters["package_items"]) == 1


def reason(screen: Screen, card: str, command_type: str) -> int:
    screen.fresh()
    asked = screen.scan(card)
    assert asked.kind == "choose"
    chosen = denial_reasons(screen.station.store)[1]
    assert chosen.card in [choice.code for choice in asked.choices]
    assert screen.scan(chosen.card).kind == "saved"
    entry = screen.last_entry()
    assert (entry.command_type, entry.input_parameters) == (command_type,
                                                            {"denial_reason": chosen.id})
    return entry.package_id


def unblock(screen: Screen) -> None:
    number, _ = screen.fresh()
    package_id = screen.window.session.package_id
    screen.scan("CMD:CANCEL")
    screen.sim.apply_command_as_other_station(package_id, "BLOCK_THE_PACKAGE")
    with client_of(screen.sim) as client:  # the next sync sees it blocked, and keeps it
        report = Syncer(client, screen.station.store, stock_location_id=LOCATION).sync(
            full=True)
    screen.window.on_synced(report.as_dict())
    assert screen.window.state_filter.findText("Blocked") >= 0  # the queue's filter
    assert screen.scan(number).kind == "ok"
    assert screen.scan("CMD:UNBLOCK").kind == "saved"
    assert screen.last_entry().command_type == "UNBLOCK_THE_PACKAGE"


def packed_for_refund(screen: Screen) -> None:
    screen.fresh()  # OMS shows it to its web UI only: greyed here, and the card says so
    before = len(outbox.entries(screen.station.store))
    outcome = screen.scan("CMD:PACKED_FOR_REFUND")
    assert "is not offered for package" in outcome.message
    assert len(outbox.entries(screen.station.store)) == before


def invoice(screen: Screen) -> None:
    screen.fresh()
    assert screen.scan("CMD:INVOICE").kind == "input_needed"
    assert screen.scan("INV-77").kind == "saved"
    assert screen.last_entry().payload == "INV-77"
    assert "Invoice INV-77" in screen.window.panel.subheader.text()


def remote_id(screen: Screen) -> None:
    """Off by default: one sentence, nothing queued; on: like the invoice number."""
    screen.fresh()
    before = len(outbox.entries(screen.station.store))
    assert "does not use remote ids" in screen.scan("CMD:REMOTE_ID").message
    assert len(outbox.entries(screen.station.store)) == before
    session = screen.window.session
    session.config = dataclasses.replace(session.config, uses_remote_id=True)
    assert screen.scan("CMD:REMOTE_ID").kind == "input_needed"
    assert screen.scan("RMT-77").kind == "saved"
    assert screen.last_entry().payload == "RMT-77"
    assert "Remote id RMT-77" in screen.window.panel.subheader.text()
    session.config = dataclasses.replace(session.config, uses_remote_id=False)


def undo(screen: Screen) -> None:
    _, codes = screen.fresh()
    screen.scan(codes[0])
    assert screen.window.session.view.verified_count == 1
    assert screen.scan("CMD:UNDO").saved
    assert screen.window.session.view.verified_count == 0


def remove(screen: Screen) -> None:
    _, codes = screen.fresh()
    screen.scan(codes[0])
    assert screen.scan("CMD:REMOVE").kind == "input_needed"
    assert screen.scan(codes[0]).saved
    assert screen.window.session.view.verified_count == 0


def ok(screen: Screen) -> None:
    units(screen, "CMD:OUT_OF_STOCK", "out_of_stock")  # OK confirms the chosen units


def cancel(screen: Screen) -> None:
    screen.fresh()
    assert screen.scan("CMD:CANCEL").kind == "closed"
    assert screen.window.session.package_id is None


SCENARIOS = {
    "start_preparing": start_preparing, "ready": ready, "complete": complete,
    "complete_no_shipment": complete_no_shipment,
    "out_of_stock": lambda s: units(s, "CMD:OUT_OF_STOCK", "out_of_stock"),
    "defective": lambda s: units(s, "CMD:DEFECTIVE", "defective"),
    "refuse": lambda s: reason(s, "CMD:REFUSE", "REFUSE_PACKAGE"),
    "block": lambda s: reason(s, "CMD:BLOCK", "BLOCK_THE_PACKAGE"),
    "unblock": unblock, "packed_for_refund": packed_for_refund, "invoice": invoice,
    "undo": undo, "remove": remove, "ok": ok, "cancel": cancel, "remote_id": remote_id,
}


def test_every_printed_card_does_what_its_caption_says(make_station, sim):
    station = make_station()
    screen = Screen(station, sim)
    reasons = denial_reasons(station.store)
    pages = command_card_page(reasons)
    printed = [r.text for page in pages for r in zxingcpp.read_barcodes(page)]
    cards = [code for code in printed if code.startswith("CMD:")]
    assert sorted(cards) == sorted(action.card for action in CATALOGUE.actions)
    assert {code for code in printed if code.startswith("REASON:")} == {r.card for r in reasons}
    for card in cards:
        action = CATALOGUE.by_code(card.removeprefix("CMD:"))
        SCENARIOS[action.name](screen)
        screen.scan("CMD:CANCEL")  # whatever is still open is closed for the next one


def test_reason_picker_and_unit_picker_are_clickable(make_station, sim, qtbot):
    screen = Screen(make_station(), sim)
    screen.fresh()
    screen.window.panel.command_buttons[6].click()  # F7: Refuse
    bar = screen.window.chooser
    assert bar.isVisible() and bar.buttons[1].text().startswith("Item damaged")
    bar.buttons[1].click()
    entry = screen.last_entry()
    assert (entry.command_type, entry.input_parameters) == ("REFUSE_PACKAGE",
                                                            {"denial_reason": 2})
    screen.fresh()
    screen.scan("CMD:DEFECTIVE")
    first_unit = next(b for b in bar.buttons if b.text().startswith("☐"))
    first_unit.click()  # ticked on screen instead of scanned
    assert bar.buttons[0].text().startswith("☑")
    next(b for b in bar.buttons if b.text().startswith("OK: send 1")).click()
    assert screen.last_entry().command_type == "DETECTED_OUT_OF_STOCK_ITEM"
    assert len(screen.last_entry().input_parameters["package_items"]) == 1
