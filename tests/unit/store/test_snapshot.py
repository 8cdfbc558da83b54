"""Writing the snapshot: seed payloads read back column by column, re-upserts,
command lists, raw JSON formats, archiving, learned transitions, quarantine, and
atomicity of a page."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import zlib

import msgspec
import pytest

from station.oms.models import decode_package, decode_page
from station.outbox.queue import CommandSpec, enqueue_command, entries
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
from station.store.rows import COMMAND_FIELDS
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
    assert all(tuple(c) == COMMAND_FIELDS for c in commands)
    learned = learned_transitions_from(store, 35)
    assert [t["command_id"] for t in learned] == [1, 16, 19, 25, 30, 32]
    assert learned_transitions_from(store, 36) == []


def test_raw_payload_is_kept_compressed_and_returned_exactly(store, seed_page):
    upsert_page(store, seed_page, synced_at=SYNCED_AT)
    (stored,) = rows(store, "SELECT raw FROM package_raw WHERE package_id = 2")[0]
    original = dict((p.id, raw) for p, raw in seed_page)[2]
    assert stored[:4] == b"\x28\xb5\x2f\xfd"  # a zstd frame
    assert len(stored) < len(original) / 2
    assert package_raw(store, 2) == original
    assert package_raw(store, 999) is None


@pytest.mark.parametrize("encode", [lambda raw: zlib.compress(raw, 1), lambda raw: raw],
                         ids=["zlib", "plain"])
def test_raw_stored_by_other_versions_still_reads(store, encode):
    upsert_page(store, page(package_json(1)), synced_at=SYNCED_AT)
    original = msgspec.json.encode(package_json(1))
    store.conn.execute("UPDATE package_raw SET raw = ? WHERE package_id = 1",
                       (encode(original),))
    assert package_raw(store, 1) == original


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
    assert [c["id"] for c in package_detail(store, 1)["commands"]] == [50]
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
    spec = CommandSpec("PKG_STATE_TRANSITION", 1, None, "start", 35, 37)
    queued = enqueue_command(store, package_id=1, spec=spec, input_parameters={}, packer="p")
    assert archive_packages(store, [1], "left location", at=LATER) == 1
    assert archive_packages(store, [1, 2], "second reason", at=LATER) == 1
    assert live_package_ids(store, 6) == set()
    assert rows(store, "SELECT id, archived, archived_reason, archived_at FROM packages") == [
        (1, 1, "left location", "2024-05-01T12:05:00.000000Z"),
        (2, 1, "second reason", "2024-05-01T12:05:00.000000Z")]
    assert rows(store, "SELECT count(*) FROM package_items") == [(2,)]
    assert [(e.id, e.package_id, e.status) for e in entries(store)] == [
        (queued.id, 1, "pending")]
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
    # after its packages, command lists and products went in.
    store.conn.execute(
        "CREATE TEMP TRIGGER fail_on_package_3 BEFORE INSERT ON package_items "
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


def test_packages_in_one_state_share_one_command_list(store):
    commands = [command_json(16, 35, 40), command_json(25, 35, 51, item_param=True)]
    upsert_page(store, page(package_json(1, commands=commands), package_json(2, commands=commands),
                            package_json(3, commands=[])), synced_at=SYNCED_AT)
    upsert_page(store, page(package_json(4, commands=commands)), synced_at=LATER)
    assert rows(store, "SELECT count(*) FROM command_lists") == [(1,)]
    first = package_detail(store, 1)["commands"]
    assert [(c["id"], c["is_packageitem_parameter_required"]) for c in first] == [
        (16, False), (25, True)]
    assert package_detail(store, 4)["commands"] == first
    assert package_detail(store, 3)["commands"] == []


def test_command_list_no_package_uses_goes(store):
    upsert_page(store, page(package_json(1, commands=[command_json(16, 35, 40)]),
                            package_json(2, commands=[command_json(16, 35, 40)])),
                synced_at=SYNCED_AT)
    moved_on = [command_json(50, PREPARING[0], PACKED[0])]
    upsert_page(store, page(package_json(1, state=PREPARING, commands=moved_on,
                                         modified="2024-05-01T11:00:00Z")), synced_at=LATER)
    assert rows(store, "SELECT count(*) FROM command_lists") == [(2,)]  # 2 still uses it
    upsert_page(store, page(package_json(2, state=PREPARING, commands=moved_on,
                                         modified="2024-05-01T11:00:00Z")), synced_at=LATER)
    (remaining,) = rows(store, "SELECT commands FROM command_lists")
    assert [c["id"] for c in json.loads(remaining[0])] == [50]
    assert [c["id"] for c in package_detail(store, 2)["commands"]] == [50]


def test_archived_package_keeps_its_commands(store):
    upsert_page(store, page(package_json(1)), synced_at=SYNCED_AT)
    archive_packages(store, [1], "left location")
    upsert_page(store, page(package_json(2, commands=[])), synced_at=LATER)
    assert [c["id"] for c in package_detail(store, 1)["commands"]] == [16]


def test_a_changed_label_is_a_new_list_for_that_package_only(store):
    upsert_page(store, page(package_json(1), package_json(2)), synced_at=SYNCED_AT)
    relabelled = [command_json(16, 35, 40, label="Paketle")]
    upsert_page(store, page(package_json(2, commands=relabelled,
                                         modified="2024-05-01T11:00:00Z")), synced_at=LATER)
    assert package_detail(store, 1)["commands"][0]["label"] == "Complete"
    assert package_detail(store, 2)["commands"][0]["label"] == "Paketle"
    (learned,) = learned_transitions_from(store, 35)
    assert learned["label"] == "Paketle"


def test_unchanged_package_is_only_marked_synced(store):
    upsert_page(store, page(package_json(1)), synced_at=SYNCED_AT)
    archive_packages(store, [1], "left location")
    # Rewriting the items would now fail: an unchanged package must not touch them.
    store.conn.execute("CREATE TEMP TRIGGER no_item_writes BEFORE INSERT ON package_items "
                       "BEGIN SELECT RAISE(ABORT, 'items rewritten'); END")
    result = upsert_page(store, page(package_json(1)), synced_at=LATER)
    assert (result.written, result.skipped_stale, result.unchanged) == (1, 0, 1)
    assert rows(store, "SELECT archived, archived_reason, synced_at FROM packages") == [
        (0, None, "2024-05-01T12:05:00.000000Z")]
    (learned,) = learned_transitions_from(store, 35)
    assert learned["last_seen"] == "2024-05-01T12:05:00.000000Z"


def test_same_modified_date_but_other_json_is_rewritten(store):
    upsert_page(store, page(package_json(1)), synced_at=SYNCED_AT)
    # OMS changed the command list without bumping modified_date.
    changed = package_json(1, commands=[command_json(16, 35, 40, label="Paketle")])
    result = upsert_page(store, page(changed), synced_at=LATER)
    assert (result.written, result.unchanged) == (1, 0)
    assert package_detail(store, 1)["commands"][0]["label"] == "Paketle"
    assert json.loads(package_raw(store, 1)) == changed


def test_rows_of_an_older_rows_version_are_rewritten(store):
    upsert_page(store, page(package_json(1)), synced_at=SYNCED_AT)
    store.conn.execute("UPDATE packages SET rows_version = 0, state_enum = 'wrong'")
    result = upsert_page(store, page(package_json(1)), synced_at=LATER)
    assert result.unchanged == 0
    assert rows(store, "SELECT state_enum FROM packages") == [("100",)]
