"""Each hard-package flow end to end: synced from the simulator, packed with OMS down
(scans and cards through `PackingSession.handle_scan`, exactly as a scanner sends
them), then delivered when OMS is back — checked against what the simulator applied."""

from __future__ import annotations

import pytest

from station import outbox
from station.outbox.worker import DeliveryWorker
from station.packing import PackingConfig, PackingSession
from station.store import open_store, package_detail
from station.store.denial_reasons import denial_reasons
from station.sync.syncer import Syncer
from tests.integration.outbox_helpers import FAST_BACKOFF, free_port, station_client, synced_store

CANCELLED = "600"


class Bench:
    """A station synced from a simulator that then goes offline."""

    def __init__(self, make_sim, tmp_path, *, auto_start: bool = False,
                 before_sync=None) -> None:
        self.path = tmp_path / "station.db"
        self.sim = make_sim(port=free_port(), packages=120, locations=1, seed=11)
        self.url = self.sim.url
        self.before_sync = before_sync
        if before_sync is not None:
            before_sync(self.sim)
        self.store = synced_store(self.sim, self.path)
        self.sim.stop()  # the network goes down: everything below is offline
        self.session = PackingSession(self.store, packer="ayse",
                                      config=PackingConfig(auto_start_preparing=auto_start))

    def waiting_package(self, *, units: int = 2) -> tuple[str, list[tuple[int, str]]]:
        """(number, [(item id, code to scan)]) of a live Waiting package of `units`+ units."""
        rows = self.store.conn.execute(
            "SELECT p.id FROM packages p JOIN states s ON s.id = p.state_id "
            "WHERE p.archived = 0 AND s.enum_value = '100' ORDER BY p.id").fetchall()
        for (package_id,) in rows:
            detail = package_detail(self.store, package_id)
            items = [(item["id"], item["product_barcode"] or item["product_sku"])
                     for item in detail["items"] if str(item["state_enum"]) != CANCELLED]
            if len(items) >= units and all(code for _, code in items):
                return detail["package"]["number"], items
        raise LookupError("no Waiting package with enough units")

    def scan(self, *raws: str):
        return [self.session.handle_scan(raw) for raw in raws]

    def deliver(self) -> None:
        """OMS comes back (if it was down); the outbox drains."""
        if not self.sim.running:
            self.sim.start()  # the same seed: OMS is back with the same packages
            if self.before_sync is not None:  # and what happened there before the sync
                self.before_sync(self.sim)
        with station_client(self.url) as client:
            worker = DeliveryWorker(lambda: open_store(self.path), client,
                                    backoff=FAST_BACKOFF)
            report = worker.drain(timeout=60)
        assert (report.remaining, report.needs_attention) == (0, 0), report

    def applied(self, package_number: str) -> list[tuple[str, dict]]:
        return [(c.command, c.input_parameters) for c in self.sim.applied_commands()
                if self.sim.package(c.package_id)["number"] == package_number]


@pytest.fixture
def bench(make_sim, tmp_path):
    made = Bench(make_sim, tmp_path)
    yield made
    made.store.close()


def test_denial_reasons_are_synced_into_the_cache(bench):
    assert [r.title for r in denial_reasons(bench.store)][:2] == [
        "Out of stock in store", "Item damaged"]
    assert all(r.is_active for r in denial_reasons(bench.store))  # the inactive one left out


def test_refuse_asks_for_a_reason_and_oms_gets_the_chosen_one(bench):
    number, _ = bench.waiting_package()
    asked = bench.scan(number, "CMD:REFUSE")[-1]
    assert asked.kind == "choose" and outbox.entries(bench.store) == []
    assert [c.code for c in asked.choices][:2] == ["REASON:1", "REASON:2"]
    assert bench.scan("REASON:6")[0].kind == "choose"  # inactive: asked again
    saved = bench.scan("REASON:2")[0]
    assert saved.kind == "saved" and saved.saved
    bench.deliver()
    assert bench.applied(number) == [("REFUSE_PACKAGE", {"denial_reason": 2})]


def test_out_of_stock_sends_exactly_the_scanned_units(bench):
    number, items = bench.waiting_package(units=2)
    (first_id, first_code), (second_id, second_code) = items[:2]
    bench.scan(number, second_code)  # found and verified
    asked = bench.scan("CMD:OUT_OF_STOCK")[-1]
    assert asked.kind == "choose"
    bench.scan(first_code)  # the unit not found: an unverified one of that product first
    assert bench.scan("CMD:OK")[0].kind == "saved"
    bench.deliver()
    [(command, params)] = bench.applied(number)
    assert command == "DETECTED_OUT_OF_STOCK_ITEM"
    chosen = first_id if first_code != second_code else next(
        i for i, _ in items if i != second_id)
    assert params == {"package_items": [chosen]}
    states = {i["id"]: i["state"]["name"] for i in bench.sim.package(
        outbox.entries(bench.store)[0].package_id)["packageitem_set"]}
    assert states[chosen] == "Out of Stock"
    assert bench.sim.package(outbox.entries(bench.store)[0].package_id)["state"][
        "name"] == "Out of Stock"


def test_defective_sends_exactly_the_scanned_units(bench):
    number, items = bench.waiting_package(units=2)
    item_id, code = items[0]
    bench.scan(number, code, "CMD:DEFECTIVE", code, "CMD:OK")
    bench.deliver()
    assert bench.applied(number) == [("DETECTED_OUT_OF_STOCK_ITEM",
                                      {"package_items": [item_id]})]
    package_id = outbox.entries(bench.store)[0].package_id
    assert bench.sim.package(package_id)["state"]["name"] == "Defective Product"


def test_cancel_during_a_question_sends_nothing(bench):
    number, items = bench.waiting_package()
    bench.scan(number, "CMD:DEFECTIVE", items[0][1])
    assert bench.scan("CMD:CANCEL")[0].kind == "closed"
    bench.scan("CMD:BLOCK")
    assert bench.scan("CMD:CANCEL")[0].kind == "closed"
    bench.deliver()
    assert bench.applied(number) == []


def test_undo_and_remove_take_back_units_and_are_audited(bench):
    number, items = bench.waiting_package(units=2)
    codes = [code for _, code in items]
    bench.scan(number, *codes)
    view = bench.session.view
    assert view.complete
    undone = bench.scan("CMD:UNDO")[0]
    assert undone.saved and bench.session.view.verified_count == len(codes) - 1
    bench.scan("CMD:REMOVE")
    removed = bench.scan(codes[0])[0]
    assert removed.saved and bench.session.view.verified_count == len(codes) - 2
    actions = [row["action"] for row in outbox.audit_trail(bench.store)]
    assert actions.count("undo") == 1 and actions.count("remove") == 1
    # Completing now needs the taken-back units scanned again.
    assert bench.scan("CMD:COMPLETE")[0].kind == "input_needed"
    bench.scan(*codes[-2:])
    assert bench.scan("CMD:COMPLETE")[0].kind == "saved"
    bench.deliver()
    assert [command for command, _ in bench.applied(number)] == ["COMPLETE_PACKAGING"]


def test_block_then_unblock_from_the_station(bench):
    number, _ = bench.waiting_package()
    bench.scan(number, "CMD:BLOCK")
    assert bench.scan("REASON:3")[0].kind == "saved"
    bench.deliver()
    package_id = outbox.entries(bench.store)[0].package_id
    assert bench.sim.package(package_id)["state"]["name"] == "Blocked"
    # Still here after delivery's read-back and a sync: Unblock works from the station.
    with station_client(bench.url) as client:
        Syncer(client, bench.store, stock_location_id=1).sync(full=True)
    assert package_detail(bench.store, package_id)["package"]["archived"] == 0
    opened = bench.scan(number)[0]
    assert opened.kind == "ok", opened.message
    assert bench.scan("CMD:UNBLOCK")[0].kind == "saved"
    bench.deliver()
    assert bench.applied(number) == [("BLOCK_THE_PACKAGE", {"denial_reason": 3}),
                                     ("UNBLOCK_THE_PACKAGE", {})]
    assert bench.sim.package(package_id)["state"]["name"] == "Waiting"


def test_invoice_number_scanned_after_its_card_and_by_pattern(bench, tmp_path):
    number, _ = bench.waiting_package()
    bench.scan(number, "CMD:INVOICE")
    saved = bench.scan("INV-2024-0001")[0]
    assert saved.kind == "saved" and bench.session.view.invoice_number == "INV-2024-0001"
    pattern = PackingSession(bench.store, packer="ayse", config=PackingConfig(
        auto_start_preparing=False, invoice_pattern=r"INV-\d{4}-\d{4}"))
    assert pattern.handle_scan("INV-2024-0002").command_type == "SET_INVOICE_NUMBER"
    bench.deliver()
    package_id = outbox.entries(bench.store)[0].package_id
    assert bench.sim.package(package_id)["invoice_number"] == "INV-2024-0002"


def test_remote_id_scanned_after_its_card_where_the_installation_uses_it(bench):
    number, _ = bench.waiting_package()
    uses = PackingSession(bench.store, packer="ayse", config=PackingConfig(
        auto_start_preparing=False, uses_remote_id=True))
    uses.handle_scan(number)
    asked = uses.handle_scan("CMD:REMOTE_ID")
    assert asked.kind == "input_needed" and "remote id" in asked.message
    saved = uses.handle_scan("RMT-4711")
    assert (saved.kind, saved.command_type) == ("saved", "SET_REMOTE_ID")
    assert uses.view.remote_id == "RMT-4711" and uses.view.invoice_number is None
    bench.deliver()
    package_id = outbox.entries(bench.store)[0].package_id
    assert bench.sim.package(package_id)["remote_id"] == "RMT-4711"
    assert bench.sim.package(package_id)["invoice_number"] is None


def test_remote_id_card_says_it_is_not_used_where_the_installation_does_not(bench):
    number, _ = bench.waiting_package()
    bench.scan(number)
    (answer,) = bench.scan("CMD:REMOTE_ID")
    assert answer.kind == "input_needed" and not answer.saved
    assert answer.message == "This installation does not use remote ids: nothing to set."
    assert bench.session.question is None  # the next scan is not taken as a remote id
    assert outbox.entries(bench.store) == []


def test_auto_start_preparing_then_complete_offline(make_sim, tmp_path):
    made = Bench(make_sim, tmp_path, auto_start=True)
    try:
        number, items = made.waiting_package()
        opened = made.scan(number)[0]
        assert opened.command_type == "PKG_STATE_TRANSITION"
        made.scan(*[code for _, code in items])
        assert made.scan("CMD:COMPLETE")[0].kind == "saved"
        made.deliver()
        assert [c for c, _ in made.applied(number)] == ["PKG_STATE_TRANSITION",
                                                        "COMPLETE_PACKAGING"]
    finally:
        made.store.close()


def test_takeover_is_refused_without_confirmation_then_audited(make_sim, tmp_path):
    taken: dict[str, int] = {}

    def started_elsewhere(sim) -> None:
        pk = next(pk for pk in sim.package_ids(1)
                  if sim.package(pk)["state"]["enum_value"] == "100"
                  and len(sim.package(pk)["packageitem_set"]) >= 1)
        sim.apply_command_as_other_station(pk, "PKG_STATE_TRANSITION")
        taken["id"] = pk

    made = Bench(make_sim, tmp_path, before_sync=started_elsewhere)
    try:
        detail = package_detail(made.store, taken["id"])
        number = detail["package"]["number"]
        codes = [i["product_barcode"] or i["product_sku"] for i in detail["items"]
                 if str(i["state_enum"]) != CANCELLED]
        opened = made.scan(number)[0]
        assert "being packed at another station" in opened.message
        refused = made.scan(codes[0], "CMD:COMPLETE", "CMD:UNDO")
        assert all(o.message.startswith("Read-only.") for o in refused)
        assert outbox.entries(made.store) == []
        assert made.scan("CMD:OK")[0].saved
        assert [r["action"] for r in outbox.audit_trail(made.store)] == ["takeover"]
        made.scan(*codes)
        assert made.scan("CMD:COMPLETE")[0].kind == "saved"
        made.deliver()
        assert [c for c, _ in made.applied(number)] == ["PKG_STATE_TRANSITION",
                                                        "COMPLETE_PACKAGING"]
        assert [c.via for c in made.sim.applied_commands()] == ["admin", "api"]
    finally:
        made.store.close()

