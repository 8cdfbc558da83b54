"""Decoding OMS payloads: the real seed packages, hand-broken variants, and pages
whose packages are decoded one by one (station.oms.models, station.oms.pages)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import pathlib

import msgspec
import pytest

from station.errors import DecodeError
from station.oms import errors_map
from station.oms.models import Command, Package, StockLocation, decode, decode_package
from station.oms.pages import decode_list_page, decode_package_page

FIXTURES = pathlib.Path(__file__).parents[2] / "fixtures"


def seed_packages() -> list[dict]:
    payload = json.loads((FIXTURES / "seed_order_webhook.json").read_text())
    return payload["payload"]["packages"]


def as_bytes(value: object) -> bytes:
    return json.dumps(value).encode()


def page_bytes(results: list[bytes], next_url: str | None = None, count: int | None = None):
    body = b",".join(results)
    count = len(results) if count is None else count
    nxt = json.dumps(next_url).encode()
    return b'{"count": %d, "next": %s, "previous": null, "results": [%s]}' % (count, nxt, body)


# --- the seed payload ------------------------------------------------------------------


def test_all_three_seed_packages_decode():
    packages = [decode_package(as_bytes(raw)) for raw in seed_packages()]

    assert [(p.id, p.number) for p in packages] == [
        (4, "479381848963"),
        (3, "205822684507"),
        (2, "314653737746"),
    ]
    assert [p.state.enum for p in packages] == ["150", "150", "100"]
    assert [p.stock_location.erp_code for p in packages] == ["ERP_dEHw", "ERP_dEHw", "ERP_zxIo"]
    assert all(p.modified_date.tzinfo is not None for p in packages)


def test_seed_items_products_and_documented_nulls():
    package = decode_package(as_bytes(seed_packages()[2]))

    assert [item.id for item in package.packageitem_set] == [7, 6]
    item = package.packageitem_set[0]
    assert item.state.enum_class == "PackageItemStatus"
    assert (item.selected_barcode, item.serial_no, item.unit_weight) == (None, None, None)
    product = item.order_item.product
    assert product.barcode is None  # null in every documented example
    assert (product.id, product.sku, product.base_code) == (8, "sku_7", "TLPjjuzd")
    assert package.order_number is not None
    assert package.date_placed == package.date_placed.astimezone(dt.UTC)


def test_seed_commands_without_slug_take_type_from_command():
    package = decode_package(as_bytes(seed_packages()[2]))

    by_id = {command.id: command for command in package.commands}
    assert sorted(by_id) == [1, 16, 19, 25, 30, 32]
    out_of_stock = by_id[25]
    assert out_of_stock.slug is None
    assert out_of_stock.command_type == "DETECTED_OUT_OF_STOCK_ITEM"
    assert out_of_stock.is_packageitem_parameter_required is True
    assert "third_party" in out_of_stock.ui_visibility
    assert (out_of_stock.source_state, out_of_stock.destination_state) == (35, 51)


def test_command_with_slug_and_no_command_reads_type_from_slug():
    raw = copy.deepcopy(seed_packages()[2])
    entry = raw["commands"][3]
    del entry["command"]
    entry["slug"] = "package__complete_packaging__waiting__packed-all-items"

    command = decode_package(as_bytes(raw)).commands[3]

    assert command.command is None
    assert command.command_type == "COMPLETE_PACKAGING"


def test_unknown_fields_are_ignored():
    raw = copy.deepcopy(seed_packages()[0])
    raw["brand_new_field"] = {"nested": [1, 2, 3]}
    raw["packageitem_set"][0]["another_new_field"] = "x"

    assert decode_package(as_bytes(raw)).id == 4


def test_stock_location_alone_decodes_from_seed():
    location = decode(as_bytes(seed_packages()[0]["stock_location"]), StockLocation)
    assert (location.id, location.name, location.is_active) == (6, "SL_LcMccTdb", True)


def test_command_requires_its_states():
    with pytest.raises(DecodeError) as caught:
        decode(b'{"id": 1, "destination_state": 2}', Command)
    assert "source_state" in str(caught.value)


# --- hand-broken variants --------------------------------------------------------------


def test_missing_id_is_one_decode_error_naming_the_field():
    raw = (FIXTURES / "package_broken_missing_id.json").read_bytes()

    with pytest.raises(DecodeError) as caught:
        decode_package(raw)

    assert "`id`" in str(caught.value)
    assert caught.value.path.startswith("$")
    assert caught.value.raw == raw


def test_wrong_type_in_nested_item_names_the_path():
    raw = (FIXTURES / "package_broken_item_type.json").read_bytes()

    with pytest.raises(DecodeError) as caught:
        decode_package(raw)

    assert caught.value.path == "$.packageitem_set[0].order_item.product.id"
    assert "Expected `int`" in str(caught.value)


def test_invalid_json_is_a_decode_error_but_not_truncation():
    raw = (FIXTURES / "package_broken_invalid_json.json").read_bytes()

    with pytest.raises(DecodeError) as caught:
        decode_package(raw)

    assert "invalid JSON" in str(caught.value)
    assert not errors_map.is_truncated(caught.value)


def test_truncated_json_is_a_decode_error_recognised_as_truncation():
    raw = (FIXTURES / "package_broken_truncated.json").read_bytes()

    with pytest.raises(DecodeError) as caught:
        decode_package(raw)

    assert errors_map.is_truncated(caught.value)


@pytest.mark.parametrize("raw", [b"", b'{"count": 1, "results": [', b"[1, 2"])
def test_truncation_detection_relies_on_msgspec_wording(raw):
    # Pins msgspec's "truncated" message, which the client uses to retry such bodies.
    with pytest.raises(msgspec.DecodeError, match="truncated"):
        msgspec.json.decode(raw)


# --- pages: envelope first, then each package ------------------------------------------


def test_page_with_one_bad_package_keeps_the_good_ones():
    good = [as_bytes(raw) for raw in seed_packages()[:2]]
    bad = (FIXTURES / "package_broken_item_type.json").read_bytes()
    raw = page_bytes([good[0], bad, good[1]], next_url="https://oms.test/p/?page=2", count=40)

    page = decode_package_page(raw, "https://oms.test/p/")

    assert (page.count, page.next_url, page.url) == (
        40,
        "https://oms.test/p/?page=2",
        "https://oms.test/p/",
    )
    assert [p.id for p in page.packages] == [4, 3]
    [failure] = page.failures
    assert (failure.package_id, failure.number) == (2, "314653737746")
    assert failure.package is None
    assert failure.error.path == "$.packageitem_set[0].order_item.product.id"
    assert json.loads(failure.raw)["id"] == 2  # the raw JSON is kept for the quarantine
    assert [r.ok for r in page.results] == [True, False, True]


def test_bad_package_without_id_is_still_named_by_number():
    bad = (FIXTURES / "package_broken_missing_id.json").read_bytes()

    [result] = decode_package_page(page_bytes([bad]), "u").results

    assert (result.package_id, result.number) == (None, "314653737746")
    assert result.error is not None


@pytest.mark.parametrize("entry", [b"[]", b'"text"', b"null", b'{"id": "7", "number": 12}'])
def test_unidentifiable_entries_are_reported_without_crashing(entry):
    [result] = decode_package_page(page_bytes([entry]), "u").results

    assert result.error is not None and result.package is None
    assert result.package_id is None
    if entry.startswith(b"{"):
        assert result.number == "12"  # numeric package numbers are read as text


def test_good_result_carries_its_raw_bytes():
    raw = as_bytes(seed_packages()[1])

    [result] = decode_package_page(page_bytes([raw]), "u").results

    assert result.raw == raw
    assert isinstance(result.package, Package)
    assert (result.package_id, result.number, result.error) == (3, "205822684507", None)


@pytest.mark.parametrize(
    "raw",
    [
        b'{"next": null, "results": []}',  # no count
        b'{"count": 1, "results": {}}',  # results not a list
        b'{"count": 1, "results": []} trailing',  # invalid JSON
        b'[{"id": 1}]',  # a bare list where an envelope is expected
        (FIXTURES / "package_broken_truncated.json").read_bytes(),
    ],
)
def test_broken_envelope_is_a_decode_error(raw):
    with pytest.raises(DecodeError):
        decode_package_page(raw, "u")


def test_empty_page_is_fine():
    page = decode_package_page(page_bytes([]), "u")
    assert (page.count, page.results, page.next_url) == (0, [], None)


# --- list endpoints: bare list or envelope ---------------------------------------------


def test_list_page_accepts_a_bare_list_and_an_envelope():
    rows, next_url = decode_list_page(b' [{"id": 1, "name": "A"}]', StockLocation, "loc")
    assert ([r.name for r in rows], next_url) == (["A"], None)

    envelope = b'{"count": 3, "next": "/x/?page=2", "results": [{"id": 2}]}'
    rows, next_url = decode_list_page(envelope, StockLocation, "loc")
    assert ([r.id for r in rows], next_url) == ([2], "/x/?page=2")


def test_list_page_row_error_points_at_the_row():
    envelope = b'{"count": 2, "results": [{"id": 1}, {"id": "two"}]}'

    with pytest.raises(DecodeError) as caught:
        decode_list_page(envelope, StockLocation, "stock location")

    assert caught.value.path == "$.results[1].id"
    assert "row 1" in str(caught.value)


# --- payloads no parser accepts whole ----------------------------------------------------


def _with_raw(package: dict, field: str, raw_value: bytes) -> bytes:
    return as_bytes({**package, field: "PLACEHOLDER"}).replace(b'"PLACEHOLDER"', raw_value)


def test_deep_nesting_is_a_decode_error_not_a_recursion_error():
    deep = _with_raw(seed_packages()[0], "extra_information", b"[" * 100_000 + b"]" * 100_000)
    with pytest.raises(DecodeError, match="nested too deeply"):
        decode(deep, Package, "package")


def test_a_page_keeps_its_good_packages_around_unparseable_ones():
    first, second, third = seed_packages()[:3]
    surrogate = _with_raw(second, "order_notes", b'"\\ud83d"')
    deep = _with_raw(third, "extra_information", b"[" * 50_000 + b"]" * 50_000)
    raw = page_bytes([as_bytes(first), surrogate, deep], next_url="https://oms.test/?page=2")
    page = decode_package_page(raw, "u")
    assert page.count == 3 and page.next_url == "https://oms.test/?page=2"
    assert [r.ok for r in page.results] == [True, False, False]
    assert [r.package_id for r in page.results] == [first["id"], second["id"], third["id"]]
    assert "invalid JSON (a lone UTF-16 surrogate escape \\ud83d;" in str(page.results[1].error)
    assert "nested too deeply" in str(page.results[2].error)
    assert page.results[1].raw == surrogate


def test_a_truncated_page_is_never_salvaged():
    first, second = seed_packages()[:2]
    raw = page_bytes([as_bytes(first), as_bytes(second)])[:-200]
    with pytest.raises(DecodeError) as caught:
        decode_package_page(raw, "u")
    assert errors_map.is_truncated(caught.value)  # so the client retries it


def test_a_broken_envelope_around_a_bad_package_is_still_a_page_error():
    (first,) = seed_packages()[:1]
    raw = b'{"count": "many", "next": null, "results": [%s, "\\ud83d"]}' % as_bytes(first)
    with pytest.raises(DecodeError):
        decode_package_page(raw, "u")


def test_a_package_without_items_names_the_field():
    package = dict(seed_packages()[0])
    del package["packageitem_set"]
    with pytest.raises(DecodeError) as caught:
        decode_package(as_bytes(package))
    assert caught.value.path == "$.packageitem_set"
    with pytest.raises(DecodeError) as caught:
        decode_package(as_bytes({**package, "packageitem_set": []}))
    assert caught.value.path == "$.packageitem_set"
