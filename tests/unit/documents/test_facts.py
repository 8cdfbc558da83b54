"""Reading a package payload into the facts its documents print."""

from __future__ import annotations

import json

import pytest

from station.documents import read_package
from station.errors import DecodeError, RejectedError

from .payloads import package, reference_packages, seed_packages


def test_seed_package_facts() -> None:
    facts = read_package(seed_packages()[0])
    assert facts.number == "479381848963"
    assert facts.order_number == "449225433900"
    assert facts.date_placed == "2022-04-28"
    assert facts.city == "City_mKlloM"
    assert facts.gift_box and not facts.gift_note
    assert not facts.same_day and facts.delivery_type == ""
    assert facts.stock_location == "SL_LcMccTdb"
    assert [(item.name, item.sku, item.quantity) for item in facts.items] == [
        ("TcEBWQDsvVqF", "sku_7", 1)]


def test_reference_package_reads_shipment_and_attribute_labels() -> None:
    delivered, preparing = (read_package(p) for p in reference_packages())
    assert delivered.cargo_company == "Speeta"
    assert delivered.tracking_number == "68993"
    assert delivered.delivery_type == "Standard"
    assert delivered.items[0].name.startswith("Ultimate Organic Cotton")
    # A product without a name is listed by its SKU; Turkish values survive.
    assert preparing.items[0].name == "1185177001"
    assert (preparing.items[0].size, preparing.items[0].colour) == ("Standart", "RENKSİZ")
    assert preparing.cargo_company == "" and preparing.tracking_number == ""


def test_units_of_one_product_are_grouped() -> None:
    facts = read_package(package(items=3, repeat=2))
    assert [item.quantity for item in facts.items] == [2, 2, 2]
    assert facts.unit_count == 6


def test_same_day_and_raw_bytes() -> None:
    facts = read_package(json.dumps(package()).encode())
    assert facts.same_day and facts.delivery_type == "Same day"
    assert facts.cargo_company == "Yurtiçi Kargo"


@pytest.mark.parametrize("number", [None, "", True, {"x": 1}])
def test_missing_number_is_a_rejected_payload(number: object) -> None:
    payload = package()
    payload["number"] = number
    with pytest.raises(DecodeError) as caught:
        read_package(payload)
    assert caught.value.path == "number"


def test_number_that_code128_cannot_carry_is_rejected() -> None:
    with pytest.raises(RejectedError, match="Code128"):
        read_package(package(number="PAKET-İ"))


def test_wrong_types_leave_lines_off_instead_of_failing() -> None:
    payload = package()
    payload.update(shipment=7, order_gift_box_note={"no": 1}, city=None,
                   packageitem_set=[None, {"order_item": "x"}])
    facts = read_package(payload)
    assert facts.cargo_company == "" and facts.gift_note == ""
    assert facts.city == "İstanbul"  # from the shipping address instead
    assert [item.name for item in facts.items] == ["—"]
    assert facts.unit_count == 2


def test_not_json_is_a_decode_error() -> None:
    with pytest.raises(DecodeError):
        read_package(b"{truncated")
    with pytest.raises(DecodeError):
        read_package(b"[1, 2]")
