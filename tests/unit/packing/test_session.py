"""The packing session (station.packing.session) on a store filled through the real sync path:
opening packages, verifying items by every kind of code, errors the packer hears,
command cards, the commands offered online and offline, and what gets queued."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from station import outbox
from station.oms.profile import ApiProfile
from station.packing.session import PackingConfig, PackingSession
from station.scanning.gs1 import gtin_check_digit
from station.store import archive_packages, open_store, upsert_page
from tests.unit.store_factory import (
    PACKED,
    PREPARING,
    SYNCED_AT,
    WAITING,
    command_json,
    item_json,
    package_json,
    page,
    product_json,
)

NOW = dt.datetime(2024, 5, 1, 13, 0, tzinfo=dt.UTC)
READY = (38, "400", "Ready for Packaging")
OUT_OF_STOCK = (51, "920", "Out of Stock")
ITEM_CANCELLED = (58, "600", "Cancelled")
SHIRT_EAN = "869000000001" + str(gtin_check_digit("869000000001"))
MUG_EAN = "4006381333931"
SHIRT = product_json(1, sku="SHIRT-M", barcode=SHIRT_EAN, name="Blue T-shirt")
MUG = product_json(2, sku="MUG-1", name="Mug", attributes={"ean": MUG_EAN})  # barcode null
CHEESE = product_json(3, sku="CHEESE-KG", name="Cheese")
SOCKS = product_json(4, sku="SOCKS", name="Socks")
TWIN_A = product_json(5, sku="TWIN-A", barcode="SHARED", name="Twin A")
TWIN_B = product_json(6, sku="TWIN-B", barcode="SHARED", name="Twin B")
OFFERED = ["oms_web", "third_party"]


def command(command_id, source, destination, command_type, label, *, items=False, ui=None,
            slug=None):
    entry = command_json(command_id, source[0], destination[0], command=command_type,
                         label=label, item_param=items, slug=slug)
    entry["ui_visibility"] = ui or OFFERED
    return entry


WAITING_COMMANDS = [
    command(1, WAITING, PREPARING, "PKG_STATE_TRANSITION", "Start preparing"),
    command(25, WAITING, OUT_OF_STOCK, "DETECTED_OUT_OF_STOCK_ITEM", "Product not found",
            items=True),
    command(30, WAITING, (50, "930", "Defective"), "DETECTED_OUT_OF_STOCK_ITEM", "Defective",
            items=True),
    command(32, WAITING, PACKED, "COMPLETE_PACKAGING_WITHOUT_SHIPMENT", "Complete"),
    command(70, WAITING, (54, "1100", "Refund"), "PACKAGE_PACKED_FOR_REFUND", "Refund",
            ui=["oms_web"]),
]
PREPARING_COMMANDS = [
    command(2, PREPARING, READY, "PKG_STATE_TRANSITION", "Ready for packaging"),
    command(33, PREPARING, PACKED, "COMPLETE_PACKAGING_WITHOUT_SHIPMENT", "Complete"),
    command(26, PREPARING, OUT_OF_STOCK, "DETECTED_OUT_OF_STOCK_ITEM", "Product not found",
            items=True),
]


def packages() -> list[dict]:
    return [
        package_json(1, number="P1", order_number="O1", commands=WAITING_COMMANDS, items=[
            item_json(11, SHIRT), item_json(12, SHIRT), item_json(13, MUG),
            item_json(14, CHEESE), item_json(15, SOCKS, state=ITEM_CANCELLED)]),
        package_json(2, number="P2", order_number="O2", state=PREPARING,
                     commands=PREPARING_COMMANDS, items=[item_json(21, SHIRT)]),
        package_json(3, number="P3", order_number="O3", commands=WAITING_COMMANDS,
                     items=[item_json(31, SOCKS, selected_barcode="PICKED-31")]),
        package_json(4, number="P4", order_number="O3", commands=WAITING_COMMANDS,
                     items=[item_json(41, SOCKS), item_json(42, TWIN_A), item_json(43, TWIN_B)]),
        package_json(5, number="P5", order_number="O5", commands=WAITING_COMMANDS,
                     items=[item_json(51, CHEESE)]),
    ]


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "station.db") as opened:
        upsert_page(opened, page(*packages()), synced_at=SYNCED_AT)
        yield opened


def session_for(store, *, packer="ann", **config) -> PackingSession:
    config.setdefault("auto_start_preparing", False)
    return PackingSession(store, packer=packer, config=PackingConfig(**config),
                          now=lambda: NOW)


@pytest.fixture
def session(store):
    return session_for(store)


def scans(session, *raws):
    return [session.handle_scan(raw) for raw in raws]


def verified(store, package_id):
    rows = store.conn.execute(
        "SELECT item_id, scanned_code, serial_no, unit_weight, packer FROM verifications "
        "WHERE package_id = ? ORDER BY item_id", (package_id,))
    return {row[0]: row[1:] for row in rows}


def queued(store):
    return [(e.package_id, e.transition_id, e.input_parameters, e.source_state_id)
            for e in outbox.entries(store)]


# --- opening packages -----------------------------------------------------------------


def test_package_number_opens_it_and_lists_what_to_scan(session):
    outcome = session.handle_scan("P1")
    assert (outcome.kind, outcome.package_id, outcome.saved) == ("ok", 1, False)
    assert outcome.message.startswith("Package P1 open: scan its items — 4 left.")
    assert "Gift box: Happy birthday." in outcome.message
    assert outcome.message.params["s0"].template == (
        "Package {number} open: scan its items — {left} left.")  # translatable
    view = session.view
    assert [(g.title, g.expected, g.verified) for g in view.groups] == [
        ("Blue T-shirt (SKU SHIRT-M)", 2, 0), ("Mug (SKU MUG-1)", 1, 0),
        ("Cheese (SKU CHEESE-KG)", 1, 0)]  # the cancelled socks are not expected


def test_order_with_several_packages_asks_to_choose_then_a_number_opens_one(session):
    outcome = session.handle_scan("O3")
    assert outcome.kind == "choose" and session.package_id is None
    assert [(c.kind, c.id, c.code) for c in outcome.choices] == [
        ("package", 3, "P3"), ("package", 4, "P4")]
    assert outcome.message == "Scan one package of order O3: P3, P4."
    assert session.handle_scan(outcome.choices[1].code).package_id == 4
    assert session.package_id == 4


def test_order_with_one_package_opens_it(session):
    assert (session.handle_scan("O5").kind, session.package_id) == ("ok", 5)


def test_archived_package_is_not_opened(store, session):
    archive_packages(store, [5], "left the packable states")
    outcome = session.handle_scan("P5")
    assert outcome.kind == "error" and session.package_id is None
    assert outcome.message == ("Take another package: P5 is no longer at this station (left "
                               "the packable states).")


def test_an_open_package_archived_by_sync_is_closed_at_the_next_scan(store, session):
    scans(session, "P1", "MUG-1")
    archive_packages(store, [1], "packed on another station")
    outcome = session.handle_scan("SHIRT-M")
    assert (outcome.kind, outcome.saved, session.package_id) == ("error", False, None)
    assert outcome.message == ("Scan the next package: P1 is no longer at this station "
                               "(packed on another station) and was closed.")
    assert list(verified(store, 1)) == [13]
    assert session.handle_scan("P5").kind == "ok"  # the next package opens normally


def test_scanning_another_package_switches_and_keeps_the_scans(store, session):
    scans(session, "P1", SHIRT_EAN)
    outcome = session.handle_scan("P5")
    assert (outcome.kind, session.package_id) == ("ok", 5)
    assert "Package P1 kept with 1 item scanned." in outcome.message
    assert session.handle_scan("P1").kind == "ok"
    assert session.view.verified_count == 1 and list(verified(store, 1)) == [11]


def test_a_restart_reopens_the_packers_package(store, session):
    scans(session, "P1", SHIRT_EAN)
    assert session_for(store).package_id == 1
    assert session_for(store, packer="bob").package_id is None


def test_an_item_scan_with_nothing_open_opens_its_package_or_asks(session):
    assert (session.handle_scan("SOCKS").kind, session.package_id) == ("choose", None)
    outcome = session.handle_scan("MUG-1")
    assert (outcome.kind, outcome.package_id, outcome.saved) == ("ok", 1, False)


# --- verifying items ------------------------------------------------------------------


def test_items_verify_by_barcode_sku_attribute_and_selected_barcode(store, session):
    kinds = [o.kind for o in scans(session, "P1", SHIRT_EAN, "SHIRT-M", MUG_EAN)]
    assert kinds == ["ok", "partial", "partial", "partial"]
    assert verified(store, 1) == {11: (SHIRT_EAN, None, None, "ann"),
                                  12: ("SHIRT-M", None, None, "ann"),
                                  13: (MUG_EAN, None, None, "ann")}
    # A barcode an item once carried as selected_barcode identifies its product.
    assert [o.kind for o in scans(session, "P3", "PICKED-31")] == ["ok", "complete"]
    assert verified(store, 3)[31][0] == "PICKED-31"


def test_gtin_14_spelling_matches_and_the_printed_barcode_is_kept(store, session):
    outcome = scans(session, "P1", "0" + SHIRT_EAN)[1]
    assert (outcome.kind, outcome.item_id, outcome.saved) == ("partial", 11, True)
    assert verified(store, 1)[11][0] == SHIRT_EAN


def test_gs1_serial_and_weight_are_captured_for_the_item_they_match(store, session):
    serial_scan = f"]C101{'0' + SHIRT_EAN}21SN-1"
    outcomes = scans(session, "P1", serial_scan, serial_scan)
    assert outcomes[1].kind == "partial"
    assert (outcomes[2].kind, outcomes[2].message) == (
        "over", "Put it back: serial SN-1 is already scanned in package P1.")
    assert verified(store, 1)[11] == (SHIRT_EAN, "SN-1", None, "ann")


def test_gs1_net_weight_goes_to_unit_weight(store):
    cheese_ean = "2000000000008"
    weighed = product_json(3, sku="CHEESE-KG", name="Cheese", barcode=cheese_ean)
    upsert_page(store, page(package_json(5, number="P5", order_number="O5",
                                         modified="2024-05-01T11:00:00Z",
                                         items=[item_json(51, weighed)])), synced_at=SYNCED_AT)
    session = session_for(store)
    outcome = scans(session, "P5", f"(01)0{cheese_ean}(3103)001250")[1]
    assert (outcome.kind, outcome.item_id) == ("complete", 51)
    assert verified(store, 5)[51] == (cheese_ean, None, "1.250", "ann")


def test_same_product_takes_the_next_unit_then_over_scan_says_put_one_back(session):
    outcomes = scans(session, "P1", "SHIRT-M", "SHIRT-M", "SHIRT-M", "MUG-1", "MUG-1")
    assert [(o.kind, o.item_id) for o in outcomes[1:]] == [
        ("partial", 11), ("partial", 12), ("over", None), ("partial", 13), ("over", None)]
    assert [o.message for o in outcomes[1:]] == [
        "Scan the next item — 3 left. Blue T-shirt (SKU SHIRT-M): 1 of 2 OK.",
        "Scan the next item — 2 left. Blue T-shirt (SKU SHIRT-M): all 2 OK.",
        "Too many: put 1 × Blue T-shirt (SKU SHIRT-M) back. (Only 2 were ordered.)",
        "Scan the next item — 1 left. Mug (SKU MUG-1): OK.",  # never "1 of 1"
        "Too many: put 1 × Mug (SKU MUG-1) back. (Only 1 was ordered.)"]


def test_wrong_item_says_put_it_back_naming_the_code_and_the_package(store, session):
    outcomes = scans(session, "P1", "SHIRT-M", "TWIN-A", "8690000000017")
    assert (outcomes[2].kind, outcomes[2].message) == (
        "wrong", "Wrong item: put it back. (TWIN-A is not in package P1)")
    assert (outcomes[3].kind, outcomes[3].message) == (
        "wrong", "Wrong item: put it back. (8690000000017 is not in package P1)")
    assert list(verified(store, 1)) == [11]


def test_a_cancelled_item_is_not_packed(session):
    outcome = scans(session, "P1", "SOCKS")[1]
    assert (outcome.kind, outcome.saved) == ("wrong", False)
    assert outcome.message == "Do not pack it: Socks (SKU SOCKS) was cancelled in package P1."


def test_a_code_of_two_products_asks_and_the_choice_keeps_the_scanned_code(store, session):
    outcome = scans(session, "P4", "SHARED")[1]
    assert outcome.kind == "choose" and not outcome.saved
    assert [(c.kind, c.id, c.code) for c in outcome.choices] == [
        ("item", 42, "TWIN-A"), ("item", 43, "TWIN-B")]
    chosen = session.choose(outcome.choices[1])
    assert (chosen.kind, chosen.item_id) == ("partial", 43)
    assert verified(store, 4) == {43: ("SHARED", None, None, "ann")}


def test_last_item_completes_and_names_the_completing_key_and_card(session):
    outcomes = scans(session, "P1", "SHIRT-M", "SHIRT-M", "MUG-1", "CHEESE-KG")
    assert outcomes[-1].kind == "complete"
    assert outcomes[-1].message == (
        "Finish: press F4 or scan the COMPLETE_NO_SHIPMENT card — all 4 items scanned.")
    single = scans(session, "P5", "CHEESE-KG")[-1]
    assert (single.kind, single.message) == ("complete", "Finish: press F4 or scan the "
                                             "COMPLETE_NO_SHIPMENT card — the item is scanned.")


@pytest.mark.parametrize("raw", ["", "   ", "ab\x00cd", "x" * 5000, "\udcff", "CMD:", "CMD:é"])
def test_unreadable_scans_are_unknown_never_an_exception(session, raw):
    outcome = session.handle_scan(raw)
    assert outcome.kind == "unknown" and not outcome.saved
    assert outcome.message.startswith("Scan it again: unreadable scan (")


def test_an_unknown_code_with_nothing_open_says_so(session):
    outcome = session.handle_scan("NOPE-42")
    assert (outcome.kind, outcome.message) == (
        "unknown", "Unknown code: scan a package, order or item. (NOPE-42 is not at this "
        "station)")


def test_a_failing_store_gives_an_error_outcome_saying_not_saved(store, session):
    session.handle_scan("P1")
    store.conn.execute("CREATE TRIGGER no_writes BEFORE INSERT ON verifications "
                       "BEGIN SELECT RAISE(ABORT, 'disk trouble'); END")
    outcome = session.handle_scan("SHIRT-M")
    assert (outcome.kind, outcome.saved) == ("error", False)
    assert "NOT saved" in outcome.message and "disk trouble" in outcome.message
    assert verified(store, 1) == {}


def test_a_verification_is_on_disk_when_the_outcome_says_saved(tmp_path, store, session):
    outcome = scans(session, "P1", "MUG-1")[1]
    assert outcome.saved
    with open_store(tmp_path / "station.db") as other:  # another connection sees it
        assert list(verified(other, 1)) == [13]


def test_one_verification_per_unit_is_enforced_by_the_schema(store, session):
    scans(session, "P1", "MUG-1")
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute("INSERT INTO verifications (package_id, item_id, scanned_code, "
                           "verified_at, packer) VALUES (1, 13, 'x', 'now', 'bob')")


# --- command cards --------------------------------------------------------------------


def test_complete_card_queues_the_command_and_closes_the_package(store, session):
    scans(session, "P1", "SHIRT-M", "SHIRT-M", "MUG-1", "CHEESE-KG")
    outcome = session.handle_scan("CMD:COMPLETE_PACKAGING_WITHOUT_SHIPMENT")
    assert (outcome.kind, outcome.saved) == ("saved", True)
    assert outcome.message == "Done — put the label on. (Complete saved for package P1)"
    assert queued(store) == [(1, 32, {}, 35)]
    assert outbox.get_entry(store, outcome.outbox_id).command_type == \
        "COMPLETE_PACKAGING_WITHOUT_SHIPMENT"
    assert session.package_id is None and session_for(store).package_id is None


def test_complete_is_blocked_until_every_item_is_verified(store, session):
    scans(session, "P1", "SHIRT-M", "SHIRT-M", "MUG-1")
    outcome = session.handle_scan("CMD:COMPLETE_PACKAGING_WITHOUT_SHIPMENT")
    assert (outcome.kind, outcome.saved) == ("input_needed", False)
    assert outcome.message == ("Scan the rest first, or get a supervisor override. Still "
                               "expected: 1 × Cheese (SKU CHEESE-KG).")
    assert queued(store) == [] and session.package_id == 1


def test_a_supervisor_override_completes_short_and_is_audited(store, session):
    scans(session, "P1", "SHIRT-M")
    outcome = session.run_command("COMPLETE_PACKAGING_WITHOUT_SHIPMENT", override_by="SUP-7")
    assert outcome.kind == "saved"
    overrides = [row for row in outbox.audit_trail(store) if row["action"] == "override"]
    assert len(overrides) == 1
    assert overrides[0]["outbox_id"] == outcome.outbox_id
    assert overrides[0]["detail"] == {
        "override_by": "SUP-7", "command_type": "COMPLETE_PACKAGING_WITHOUT_SHIPMENT",
        "transition_id": 32, "missing_item_ids": [12, 13, 14]}


def test_out_of_stock_sends_exactly_the_units_the_packer_chose(store, session):
    scans(session, "P1", "SHIRT-M", "MUG-1")
    asked = session.handle_scan("CMD:OUT_OF_STOCK")
    assert asked.kind == "choose" and queued(store) == []  # nothing goes out unasked
    assert "CMD:OK" in [choice.code for choice in asked.choices]
    chosen = session.handle_scan("SHIRT-M")  # the unscanned shirt (12), not the scanned 11
    assert "1 chosen" in chosen.message
    outcome = session.handle_scan("CMD:OK")
    assert outcome.kind == "saved" and session.package_id is None  # left packable states
    assert queued(store) == [(1, 25, {"package_items": [12]}, 35)]


def test_legacy_type_card_still_asks_which_command_then_which_units(store, session):
    scans(session, "P1")
    assert session.handle_scan("CMD:DETECTED_OUT_OF_STOCK_ITEM").kind == "choose"
    assert session.handle_scan("CMD:25").kind == "choose"  # now: which units?
    scans(session, "CHEESE-KG")
    assert session.handle_scan("CMD:OK").kind == "saved"
    assert queued(store) == [(1, 25, {"package_items": [14]}, 35)]


def test_defective_may_name_a_scanned_unit(store, session):
    scans(session, "P5", "CHEESE-KG")
    assert session.handle_scan("CMD:DEFECTIVE").kind == "choose"
    scans(session, "CHEESE-KG")
    assert session.handle_scan("CMD:OK").kind == "saved"
    assert queued(store) == [(5, 30, {"package_items": [51]}, 35)]


def test_units_question_ok_without_units_and_cancel_send_nothing(store, session):
    scans(session, "P1")
    session.handle_scan("CMD:OUT_OF_STOCK")
    assert session.handle_scan("CMD:OK").message.startswith("No unit chosen yet.")
    assert session.handle_scan("P2").kind == "choose"  # still asking: no package switch
    cancelled = session.handle_scan("CMD:CANCEL")
    assert cancelled.kind == "closed" and session.package_id == 1  # package stays open
    assert queued(store) == []


def test_units_question_undo_unchooses_and_a_click_toggles(store, session):
    scans(session, "P1")
    asked = session.handle_scan("CMD:OUT_OF_STOCK")
    shirt = next(c for c in asked.choices if c.id == 11)
    assert "1 chosen" in session.choose(shirt).message
    assert "0 chosen" in session.choose(shirt).message  # clicked again: un-chosen
    scans(session, "MUG-1", "CHEESE-KG")
    assert "1 chosen" in session.handle_scan("CMD:UNDO").message
    assert session.handle_scan("CMD:OK").kind == "saved"
    assert queued(store) == [(1, 25, {"package_items": [13]}, 35)]


def test_objects_profile_sends_captured_data_with_completing(store):
    session = session_for(store, profile=ApiProfile(package_items_shape="objects"))
    cheese = f"(01)0{SHIRT_EAN}(3103)000500"
    scans(session, "P2", "CMD:OK", cheese)  # P2 is Preparing, not started here: take over
    assert session.handle_scan("CMD:COMPLETE_PACKAGING_WITHOUT_SHIPMENT").kind == "saved"
    assert queued(store) == [(2, 33, {"package_items": [
        {"id": 21, "selected_barcode": SHIRT_EAN, "unit_weight": "0.500"}]}, 37)]


def test_unknown_command_card_lists_what_is_available(session):
    scans(session, "P1")
    outcome = session.handle_scan("CMD:SHIP_IT")
    assert outcome.kind == "unknown"
    assert outcome.message == (
        "Not now: SHIP_IT is not offered for package P1 (Waiting). Try: F1 Start preparing, "
        "F4 Complete without shipment, F5 Out of stock, F6 Defective.")


def test_a_card_not_offered_now_is_named_by_its_label_not_its_code(session):
    scans(session, "P1")
    outcome = session.handle_scan("CMD:UNBLOCK")
    assert outcome.kind == "unknown"
    assert outcome.message.startswith("Not now: Unblock is not offered for package P1")
    assert "UNBLOCK" not in outcome.message and "START_PREPARING" not in outcome.message


def test_a_command_card_with_nothing_open_is_an_error(session):
    outcome = session.handle_scan("CMD:COMPLETE_PACKAGING_WITHOUT_SHIPMENT")
    assert (outcome.kind, outcome.message) == ("error", "Scan a package first: no package is "
                                               "open.")


def test_cancel_card_closes_without_a_command_and_keeps_scans(store, session):
    outcome = scans(session, "P1", "MUG-1", "CMD:CANCEL")[-1]
    assert (outcome.kind, outcome.package_id) == ("closed", 1)
    assert outcome.message == "Package P1 closed: nothing sent, its 1 scan is kept."
    assert session.package_id is None and queued(store) == []
    assert list(verified(store, 1)) == [13]


# --- commands offered -----------------------------------------------------------------


def test_commands_come_from_the_snapshot_filtered_by_visibility(session):
    session.handle_scan("P1")
    assert [(c.transition_id, c.learned) for c in session.available_commands()] == [
        (1, False), (25, False), (30, False), (32, False)]  # 70 is web-only


def test_after_an_offline_command_the_learned_graph_offers_the_next(store, session):
    scans(session, "P1", "CMD:PKG_STATE_TRANSITION")
    assert session.package_id == 1  # Preparing is still packable: stays open
    view = session.view
    assert (view.local_state_id, view.state_name, view.pending_command) == (37, "Preparing", True)
    assert [(c.transition_id, c.learned) for c in view.commands] == [
        (2, True), (26, True), (33, True)]
    scans(session, "SHIRT-M", "SHIRT-M", "MUG-1", "CHEESE-KG")
    assert session.handle_scan("CMD:COMPLETE_PACKAGING_WITHOUT_SHIPMENT").kind == "saved"
    assert queued(store) == [(1, 1, {}, 35), (1, 33, {}, 37)]


def test_opening_a_waiting_package_starts_preparing(store):
    session = session_for(store, auto_start_preparing=True)
    outcome = session.handle_scan("P1")
    assert (outcome.kind, outcome.saved, outcome.command_type) == (
        "ok", True, "PKG_STATE_TRANSITION")
    assert "Started preparing." in outcome.message
    assert queued(store) == [(1, 1, {}, 35)]
    assert outbox.get_entry(store, outcome.outbox_id).transition_id == 1
    scans(session, "P2", "CMD:CANCEL", "P1")  # back again: already Preparing locally, nothing more
    assert len(queued(store)) == 1


# --- one packer per package -------------------------------------------------------------


def test_a_package_being_packed_elsewhere_opens_read_only_until_taken_over(store, session):
    outcome = session.handle_scan("P2")  # OMS shows it Preparing; nothing here started it
    assert outcome.kind == "choose" and "being packed at another station" in outcome.message
    assert [c.code for c in outcome.choices] == ["CMD:OK", "CMD:CANCEL"]
    for refused in (SHIRT_EAN, "CMD:COMPLETE_NO_SHIPMENT", "CMD:UNDO"):
        assert session.handle_scan(refused).message.startswith("Read-only.")
    assert verified(store, 2) == {} and queued(store) == []
    restarted = session_for(store)  # not remembered while read-only
    assert restarted.package_id is None
    taken = session.handle_scan("CMD:OK")
    assert (taken.kind, taken.saved) == ("ok", True)
    [audit] = [r for r in outbox.audit_trail(store) if r["action"] == "takeover"]
    assert (audit["package_id"], audit["packer"]) == (2, "ann")
    scans(session, SHIRT_EAN)
    assert session.handle_scan("CMD:COMPLETE_NO_SHIPMENT").kind == "saved"
    assert session_for(store).handle_scan("P2").kind != "choose"  # claimed here now


def test_scanning_another_package_leaves_a_read_only_one(store, session):
    """A packer who does not take the package over scans the next one: it opens (a
    read-only package must not swallow every following scan)."""
    assert session.handle_scan("P2").kind == "choose"
    moved_on = session.handle_scan("P1")
    assert moved_on.kind == "ok" and moved_on.package_id == 1
    assert session.question is None


def test_leaving_a_package_being_packed_elsewhere_closes_it(store, session):
    scans(session, "P2")
    assert session.handle_scan("CMD:CANCEL").kind == "closed"
    assert session.package_id is None and queued(store) == []


def test_a_badge_switches_the_packer_keeping_the_package_and_audited(store, session):
    scans(session, "P1", SHIRT_EAN)
    switched = session.handle_scan("PACKER:Bora")
    assert switched.kind == "ok" and session.packer == "Bora" and session.package_id == 1
    scans(session, "MUG-1", "CMD:OUT_OF_STOCK", "CHEESE-KG", "CMD:OK")
    assert [v[-1] for v in verified(store, 1).values()] == ["ann", "Bora"]
    assert [e.packer for e in outbox.entries(store)] == ["Bora"]
    [audit] = [r for r in outbox.audit_trail(store) if r["action"] == "packer_switch"]
    assert audit["detail"] == {"from": "ann", "to": "Bora"}
    assert session_for(store, packer="Bora").package_id is None  # the command closed it


def test_a_reason_card_with_nothing_asking_is_explained(session):
    scans(session, "P1")
    outcome = session.handle_scan("REASON:2")
    assert (outcome.kind, outcome.message) == (
        "input_needed", "Refuse or block first (F7 / F8): nothing asks for reason 2 now.")

