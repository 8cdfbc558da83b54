"""Writing the snapshot: seed payloads read back column by column, re-upserts,
archiving, learned transitions, quarantine, and atomicity of a page."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import msgspec
import pytest

from station.oms.models import decode_package, decode_page
from station.store import (
    archive_packages,
    clear_quarantine,
    items_by_code,
    learned_transitions_from,
    live_package_ids,
    open_store,
    package_detail,
    package_raw,
    quarantine,
    quarantined,
    status,
    upsert_page,
    write_transaction,
)
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

LATER = SYNCED_AT + dt.timedelta(minutes=5)


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "station.db") as opened:
        yield opened


@pytest.fixture
def seed_page(fixtures_dir):
    payload = json.loads((fixtures_dir / "seed_order_webhook.json").read_text())
    raws = [msgspec.json.encode(package) for package in payload["payload"]["packages"]]
    return [(decode_package(raw), raw) for raw in raws]


def rows(store, sql, *params):
    return store.conn.execute(sql, params).fetchall()


def test_seed_packages_read_back(store, seed_page):
    result = upsert_page(store, seed_page, synced_at=SYNCED_AT)
    assert (result.written, result.skipped_stale) == (3, 0)
    (package,) = rows(store, "SELECT number, order_number, order_id, state_id, state_enum, "
                      "stock_location_id, channel_name, is_click_and_collect, "
                      "order_has_gift_box, modified_date, created_date, archived, synced_at "
                      "FROM packages WHERE id = 2")
    assert package == ("314653737746", "449225433900", 5, 35, "100", 5, "Channel_qmQMZV", 0, 1,
                       "2022-04-28T08:19:09.415069Z", "2022-04-28T08:19:09.415055Z", 0,
                       "2024-05-01T12:00:00.000000Z")
    assert rows(store, "SELECT id, position, product_id, order_item_id, state_id, state_enum "
                "FROM package_items WHERE package_id = 2 ORDER BY position") == [
        (7, 0, 8, 9, 57, "100"), (6, 1, 8, 8, 57, "100")]
    assert rows(store, "SELECT id, name, sku, base_code, barcode, omnitron_id, attributes, "
                "image_urls FROM products") == [
        (8, "TcEBWQDsvVqF", "sku_7", "TLPjjuzd", None, 8, "{}", "[]")]
    assert rows(store, "SELECT code, product_id, kind FROM codes") == [("sku_7", 8, "sku")]
    assert rows(store, "SELECT id, enum_class, enum_value, name FROM states ORDER BY id") == [
        (20, "OrderStatus", "200", "Waiting"), (35, "PackageStatus", "100", "Waiting"),
        (36, "PackageStatus", "150", "Waiting Remote Action"),
        (57, "PackageItemStatus", "100", "Waiting")]
    assert (6, "SL_LcMccTdb", "ERP_dEHw", "warehouse", 6) in rows(
        store, "SELECT id, name, erp_code, type, omnitron_id FROM stock_locations")


def test_seed_commands_and_transitions_read_back(store, seed_page):
    upsert_page(store, seed_page, synced_at=SYNCED_AT)
    commands = package_detail(store, 2)["commands"]
    assert [(c["id"], c["command_type"], c["destination_state"]) for c in commands] == [
        (1, "PKG_STATE_TRANSITION", 37), (25, "DETECTED_OUT_OF_STOCK_ITEM", 51),
        (30, "DETECTED_OUT_OF_STOCK_ITEM", 50), (32, "COMPLETE_PACKAGING_WITHOUT_SHIPMENT", 40),
        (16, "COMPLETE_PACKAGING", 40), (19, "CHANNEL_BASED_COMPLETE_PACKAGING", 40)]
    assert commands[1]["label"] == "Paketlenemedi / Ürün bulunamadı"
    assert commands[1]["is_packageitem_parameter_required"] is True
    assert commands[0]["ui_visibility"] == ["oms_web", "instore", "third_party"]
    assert commands[0]["configuration"] == {}
    learned = learned_transitions_from(store, 35)
    assert [t["command_id"] for t in learned] == [1, 16, 19, 25, 30, 32]
    assert learned_transitions_from(store, 36) == []


def test_raw_payload_is_kept_compressed_and_returned_exactly(store, seed_page):
    upsert_page(store, seed_page, synced_at=SYNCED_AT)
    (stored,) = rows(store, "SELECT raw FROM packages WHERE id = 2")[0]
    original = dict((p.id, raw) for p, raw in seed_page)[2]
    assert stored[:1] == b"x" and len(stored) < len(original) / 2
    assert package_raw(store, 2) == original
    assert package_raw(store, 999) is None


def test_raw_straight_from_a_decoded_page_envelope(store):
    body = msgspec.json.encode({"count": 1, "results": [package_json(1)]})
    (raw,) = decode_page(body).results
    upsert_page(store, [(decode_package(raw), raw)], synced_at=SYNCED_AT)
    assert json.loads(package_raw(store, 1)) == package_json(1)


def test_reupsert_replaces_items_commands_and_product_codes(store):
    first = package_json(1, items=[
        item_json(11, product_json(101, barcode="8690000000011")),
        item_json(12, product_json(102)), item_json(13, product_json(103))],
        commands=[command_json(16, 35, 40), command_json(25, 35, 51, item_param=True)])
    upsert_page(store, page(first), synced_at=SYNCED_AT)
    second = package_json(1, state=PREPARING, modified="2024-05-01T11:00:00Z", items=[
        item_json(11, product_json(101, barcode="8690000000099"), serial_no="SN1",
                  unit_weight="1.250", selected_barcode="SEL-1")],
        commands=[command_json(50, PREPARING[0], PACKED[0])])
    upsert_page(store, page(second), synced_at=LATER)
    assert rows(store, "SELECT id, serial_no, unit_weight, selected_barcode FROM package_items"
                ) == [(11, "SN1", "1.250", "SEL-1")]
    assert rows(store, "SELECT id FROM commands") == [(50,)]
    assert rows(store, "SELECT state_enum, synced_at FROM packages") == [
        ("200", "2024-05-01T12:05:00.000000Z")]
    assert items_by_code(store, "8690000000011") == []
    assert [i["id"] for i in items_by_code(store, "8690000000099")] == [11]
    assert [i["id"] for i in items_by_code(store, "SEL-1")] == [11]


def test_learned_transitions_survive_packages_moving_on(store):
    upsert_page(store, page(package_json(1, commands=[command_json(16, 35, 40, label="Old")])),
                synced_at=SYNCED_AT)
    moved = package_json(1, state=PACKED, commands=[], modified="2024-05-01T11:00:00Z")
    upsert_page(store, page(moved), synced_at=LATER)
    archive_packages(store, [1], "left packable states")
    (learned,) = learned_transitions_from(store, 35)
    assert (learned["command_id"], learned["destination_state"], learned["label"]) == (
        16, 40, "Old")
    assert learned["first_seen"] == "2024-05-01T12:00:00.000000Z"


def test_learned_transition_keeps_first_seen_and_takes_new_label(store):
    upsert_page(store, page(package_json(1, commands=[command_json(16, 35, 40, label="A")])),
                synced_at=SYNCED_AT)
    upsert_page(store, page(package_json(2, commands=[command_json(16, 35, 40, label="B")])),
                synced_at=LATER)
    (learned,) = learned_transitions_from(store, 35)
    assert (learned["label"], learned["first_seen"], learned["last_seen"]) == (
        "B", "2024-05-01T12:00:00.000000Z", "2024-05-01T12:05:00.000000Z")


def test_archive_keeps_rows_and_data_pointing_at_them(store):
    upsert_page(store, page(package_json(1), package_json(2)), synced_at=SYNCED_AT)
    # A stand-in for the outbox (added by a later migration), tied to packages.
    store.conn.execute("CREATE TABLE outbox (id TEXT PRIMARY KEY, "
                       "package_id INTEGER REFERENCES packages(id), status TEXT)")
    store.conn.execute("INSERT INTO outbox VALUES ('e1', 1, 'pending')")
    assert archive_packages(store, [1], "left location", at=LATER) == 1
    assert archive_packages(store, [1, 2], "second reason", at=LATER) == 1
    assert live_package_ids(store, 6) == set()
    assert rows(store, "SELECT id, archived, archived_reason, archived_at FROM packages") == [
        (1, 1, "left location", "2024-05-01T12:05:00.000000Z"),
        (2, 1, "second reason", "2024-05-01T12:05:00.000000Z")]
    assert rows(store, "SELECT count(*) FROM package_items") == [(2,)]
    assert rows(store, "SELECT * FROM outbox") == [("e1", 1, "pending")]
    assert package_detail(store, 1)["package"]["archived"] is True


def test_package_that_comes_back_is_live_again(store):
    upsert_page(store, page(package_json(1)), synced_at=SYNCED_AT)
    archive_packages(store, [1], "left location")
    upsert_page(store, page(package_json(1, modified="2024-05-01T11:00:00Z")), synced_at=LATER)
    assert rows(store, "SELECT archived, archived_reason, archived_at FROM packages") == [
        (0, None, None)]
    assert live_package_ids(store, 6) == {1}


def test_older_copy_of_a_package_does_not_overwrite_a_newer_one(store):
    newer = package_json(1, state=PREPARING, modified="2024-05-01T11:00:00Z")
    upsert_page(store, page(newer), synced_at=SYNCED_AT)
    older = package_json(1, state=WAITING, modified="2024-05-01T10:00:00Z")
    result = upsert_page(store, page(older, package_json(2)), synced_at=LATER)
    assert (result.written, result.skipped_stale) == (1, 1)
    assert rows(store, "SELECT id, state_enum FROM packages ORDER BY id") == [
        (1, "200"), (2, "100")]


def test_same_package_twice_in_a_page_keeps_the_last(store):
    upsert_page(store, page(package_json(1, number="A"), package_json(1, number="B")),
                synced_at=SYNCED_AT)
    assert rows(store, "SELECT number FROM packages") == [("B",)]


def test_empty_page_changes_nothing(store):
    upsert_page(store, page(package_json(1)), synced_at=SYNCED_AT)
    result = upsert_page(store, [], synced_at=LATER)
    assert (result.written, result.skipped_stale) == (0, 0)
    assert live_package_ids(store, 6) == {1}


def test_failure_mid_page_leaves_previous_page_intact(store):
    upsert_page(store, page(package_json(1)), synced_at=SYNCED_AT)
    # Fault injection: make SQLite fail half-way through writing the next page,
    # after its packages, items and products went in.
    store.conn.execute(
        "CREATE TEMP TRIGGER fail_on_package_3 BEFORE INSERT ON commands "
        "WHEN NEW.package_id = 3 BEGIN SELECT RAISE(ABORT, 'injected failure'); END")
    second = page(package_json(1, state=PREPARING, modified="2024-05-01T11:00:00Z"),
                  package_json(2), package_json(3))
    with pytest.raises(sqlite3.IntegrityError, match="injected failure"):
        upsert_page(store, second, synced_at=LATER)
    assert not store.conn.in_transaction
    assert rows(store, "SELECT id, state_enum, synced_at FROM packages") == [
        (1, "100", "2024-05-01T12:00:00.000000Z")]
    assert rows(store, "SELECT count(*) FROM package_items") == [(1,)]
    assert rows(store, "SELECT id FROM products") == [(10,)]


def test_exception_after_upsert_in_callers_transaction_rolls_it_back(store):
    upsert_page(store, page(package_json(1)), synced_at=SYNCED_AT)
    with pytest.raises(RuntimeError), write_transaction(store):
        upsert_page(store, page(package_json(2)), synced_at=LATER)
        raise RuntimeError("crash before the high-water mark was written")
    assert live_package_ids(store, 6) == {1}


def test_quarantine_counts_repeats_of_one_package(store):
    assert quarantine(store, package_id=7, number="PKG7", reason="bad state",
                      path="$.state", raw=b'{"id": 7}') == 1
    assert quarantine(store, package_id=7, number=None, reason="bad items",
                      path="$.packageitem_set[0]", raw=b'{"id": 7, "x": 1}') == 2
    (row,) = quarantined(store)
    assert (row["package_id"], row["number"], row["reason"], row["path"], row["raw"],
            row["count"]) == (7, "PKG7", "bad items", "$.packageitem_set[0]",
                              b'{"id": 7, "x": 1}', 2)
    assert status(store)["packages"]["quarantined"] == 1


def test_quarantine_without_id_is_keyed_by_payload(store):
    quarantine(store, package_id=None, number=None, reason="not JSON", raw=b"garbage")
    quarantine(store, package_id=None, number=None, reason="not JSON", raw=b"garbage")
    quarantine(store, package_id=None, number=None, reason="not JSON", raw="other garbage")
    assert sorted(row["count"] for row in quarantined(store)) == [1, 2]


def test_quarantine_is_cleared_when_the_package_decodes(store):
    quarantine(store, package_id=1, number=None, reason="bad", raw=b"{}")
    quarantine(store, package_id=2, number=None, reason="bad", raw=b"{}")
    upsert_page(store, page(package_json(1)), synced_at=SYNCED_AT)
    assert [row["package_id"] for row in quarantined(store)] == [2]
    assert clear_quarantine(store, [2]) == 1
    assert quarantined(store) == []
