"""Scan lookups: exact matches only, every kind of code, and index use."""

from __future__ import annotations

import re

import pytest

from station.store import (
    archive_packages,
    items_by_code,
    learned_transitions_from,
    open_store,
    package_detail,
    packages_by_number_or_order,
    products_by_code,
    states_by_id,
    upsert_page,
)
from station.store.codes import attribute_codes, is_barcode_attribute
from tests.unit.store_factory import (
    SYNCED_AT,
    command_json,
    item_json,
    package_json,
    page,
    product_json,
)

SHIRT = product_json(1, sku="SHIRT-M", barcode="8690000000011",
                     attributes={"EAN13": "8690000000028", "color": "8690000000035",
                                 "supplier_code": "SUP-1", "extra_barcodes": ["B-1", "B-2"]})
SOCKS = product_json(2, sku="SOCKS", attributes={"gtin": 4006381333931})
# Two products share a barcode (a re-labelled product, a multipack).
TWIN_A = product_json(3, sku="TWIN-A", barcode="SHARED")
TWIN_B = product_json(4, sku="TWIN-B", barcode="SHARED")


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "station.db", barcode_attributes=["Supplier_Code"]) as opened:
        upsert_page(opened, page(
            package_json(1, number="100001", order_number="ORD-1", items=[
                item_json(11, SHIRT), item_json(12, SHIRT), item_json(13, SOCKS),
                item_json(14, TWIN_A, selected_barcode="PICKED-14")]),
            package_json(2, number="100002", order_number="ORD-1", items=[
                item_json(21, SHIRT), item_json(22, TWIN_B)]),
            package_json(3, number="100003", order_number="ORD-3", items=[
                item_json(31, SOCKS)]),
        ), synced_at=SYNCED_AT)
        yield opened


def ids(rows):
    return [row["id"] for row in rows]


def test_package_by_number_or_order_number(store):
    assert ids(packages_by_number_or_order(store, "100002")) == [2]
    assert ids(packages_by_number_or_order(store, "ORD-1")) == [1, 2]
    (package,) = packages_by_number_or_order(store, "ORD-3")
    assert (package["number"], package["state_name"], package["archived"]) == (
        "100003", "Waiting", False)


@pytest.mark.parametrize("text", ["10000", "100002 ", " 100002", "ORD-", "ord-1", "", "%"])
def test_package_lookup_is_exact(store, text):
    assert packages_by_number_or_order(store, text) == []


def test_archived_packages_come_last_and_flagged(store):
    archive_packages(store, [1], "left location")
    assert [(r["id"], r["archived"]) for r in packages_by_number_or_order(store, "ORD-1")] == [
        (2, False), (1, True)]


@pytest.mark.parametrize(("code", "expected"), [
    ("8690000000011", [11, 12]),  # product.barcode
    ("SHIRT-M", [11, 12]),  # sku
    ("8690000000028", [11, 12]),  # EAN13 attribute
    ("B-2", [11, 12]),  # list under a *barcode* attribute
    ("SUP-1", [11, 12]),  # configured attribute key
    ("4006381333931", [13]),  # integer gtin attribute
    ("PICKED-14", [14]),  # selected_barcode of an item
])
def test_items_of_a_package_by_each_kind_of_code(store, code, expected):
    assert ids(items_by_code(store, code, package_id=1)) == expected


@pytest.mark.parametrize("code", ["8690000000035", "869000000001", "SHIRT", "shirt-m",
                                  "SHIRT-M ", "B-"])
def test_item_lookup_is_exact_and_ignores_other_attributes(store, code):
    assert items_by_code(store, code, package_id=1) == []


def test_code_shared_by_several_products_finds_all(store):
    assert ids(items_by_code(store, "SHARED")) == [14, 22]
    assert [p["id"] for p in products_by_code(store, "SHARED")] == [3, 4]
    assert ids(items_by_code(store, "SHARED", package_id=2)) == [22]


def test_item_rows_carry_their_product(store):
    (item,) = items_by_code(store, "SOCKS", package_id=3)
    assert (item["product_id"], item["product_sku"], item["product_name"],
            item["state_name"], item["package_id"]) == (2, "SOCKS", "Product 2", "Waiting", 3)


def test_items_without_package_skip_archived_packages(store):
    assert ids(items_by_code(store, "SOCKS")) == [13, 31]
    archive_packages(store, [3], "packed elsewhere")
    assert ids(items_by_code(store, "SOCKS")) == [13]
    assert ids(items_by_code(store, "SOCKS", package_id=3)) == [31]


def test_products_by_code_names_the_kinds(store):
    (shirt,) = products_by_code(store, "SHIRT-M")
    assert (shirt["id"], shirt["kinds"]) == (1, ["sku"])


def test_package_detail(store):
    detail = package_detail(store, 1)
    assert detail["package"]["number"] == "100001"
    assert detail["package"]["order_gift_box_note"] == "Happy birthday"
    assert ids(detail["items"]) == [11, 12, 13, 14]
    assert detail["items"][0]["product_attributes"]["EAN13"] == "8690000000028"
    assert detail["items"][0]["product_image_urls"] == ["https://img/1/a.jpg",
                                                        "https://img/1/b.jpg"]
    assert [c["id"] for c in detail["commands"]] == [16]
    assert package_detail(store, 999) is None


def test_learned_transitions_and_states(store):
    upsert_page(store, page(package_json(4, commands=[
        command_json(25, 35, 51, command=None,
                     slug="package__detected_out_of_stock_item__waiting__oos")])),
        synced_at=SYNCED_AT)
    learned = learned_transitions_from(store, 35)
    assert [(t["command_id"], t["command_type"]) for t in learned] == [
        (16, "COMPLETE_PACKAGING"), (25, "DETECTED_OUT_OF_STOCK_ITEM")]
    states = states_by_id(store, [35, 57, 999])
    assert {k: (v["enum_value"], v["translations"]) for k, v in states.items()} == {
        35: ("100", {"tr": {"name": "WAITING"}}), 57: ("100", {"tr": {"name": "WAITING"}})}
    assert set(states_by_id(store)) == {20, 35, 57}


@pytest.mark.parametrize(("key", "counts"), [
    ("barcode", True), ("Barcode2", True), ("extra_barcodes", True), ("EAN", True),
    ("ean13", True), ("EAN_13", True), ("productGtin", True), ("GTIN14", True),
    ("ocean_color", False), ("meaning", False), ("clean", False), ("gtinny", False),
    ("color", False), ("supplier_code", False),
])
def test_which_attribute_keys_hold_barcodes(key, counts):
    assert is_barcode_attribute(key) is counts


def test_attribute_values_that_count():
    attributes = {"ean": " 123 ", "barcodes": ["A", 7, None, {"x": 1}, True, ""],
                  "gtin": 4.5, "sup": "S-9"}
    assert attribute_codes(attributes, frozenset({"sup"})) == ["123", "A", "7", "S-9"]


def test_lookups_use_indexes_not_table_scans(store):
    """Each lookup's SQL, captured as run, is planned without scanning a big table."""
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    packages_by_number_or_order(store, "ORD-1")
    items_by_code(store, "SHARED", package_id=2)
    items_by_code(store, "SHARED")
    package_detail(store, 1)
    learned_transitions_from(store, 35)
    store.conn.set_trace_callback(None)
    assert len(statements) == 7
    for sql in statements:
        plan = [row[3] for row in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
        scans = [step for step in plan
                 if re.match(r"SCAN (packages|package_items|products|codes|command_lists|"
                             r"learned_transitions|[a-z]+)\b", step)
                 and "INDEX" not in step]
        assert scans == [], (sql, plan)


def test_changing_configured_attributes_rebuilds_codes_on_open(tmp_path):
    path = tmp_path / "station.db"
    product = product_json(5, attributes={"supplier_code": "SUP-5"})
    with open_store(path) as plain:
        upsert_page(plain, page(package_json(1, items=[
            item_json(11, product, selected_barcode="PICKED")])), synced_at=SYNCED_AT)
        assert items_by_code(plain, "SUP-5") == []
    with open_store(path, barcode_attributes=["Supplier_Code"]) as configured:
        assert ids(items_by_code(configured, "SUP-5")) == [11]
        assert ids(items_by_code(configured, "PICKED")) == [11]
    with open_store(path) as remembered:  # another connection: the same keys, untold
        assert ids(items_by_code(remembered, "SUP-5")) == [11]
    with open_store(path, barcode_attributes=[]) as plain_again:
        assert items_by_code(plain_again, "SUP-5") == []
        assert ids(items_by_code(plain_again, "SKU-5")) == [11]
        assert ids(items_by_code(plain_again, "PICKED")) == [11]
