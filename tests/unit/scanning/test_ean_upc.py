"""EAN/UPC codes (station.scanning.ean_upc): UPC-E ↔ UPC-A, EAN/UPC add-ons, and the
spellings a scan offers so that a product stored in any of them is found."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station.scanning.ean_upc import RetailCode, read_retail_code, upca_to_upce, upce_to_upca
from station.scanning.gs1 import gtin_check_digit
from station.scanning.interpret import Code, interpret

# GS1 General Specifications' four zero-suppression rules, as in biip's tests.
UPC_PAIRS = [
    ("02345673", "023456000073"),  # manufacturer ends 000/100/200
    ("02345147", "023450000017"),  # manufacturer ends 00
    ("06397126", "063200009716"),  # manufacturer ends 0
    ("08679339", "086700000939"),  # item 0000 5..9
    ("04252614", "042100005264"),
]


@pytest.mark.parametrize(("upce", "upca"), UPC_PAIRS)
def test_upce_expands_to_upca_and_back(upce, upca):
    assert upce_to_upca(upce) == upca
    assert upca_to_upce(upca) == upce


@pytest.mark.parametrize(
    "upce",
    ["04252613",  # check digit
     "24252614",  # number system 2
     "0120453" + "x",  # not digits
     "01204537"],  # 3rd digit 0-2 with last digit 3: not a form GS1 allows
)
def test_invalid_upce_does_not_expand(upce):
    assert upce_to_upca(upce) is None


@given(st.sampled_from("01"), st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_every_suppressible_upca_round_trips(system, body):
    upca = system + body + str(gtin_check_digit(system + body))
    upce = upca_to_upce(upca)
    if upce is not None:
        assert upce_to_upca(upce) == upca


@pytest.mark.parametrize(("upce", "upca"), UPC_PAIRS)
def test_a_upce_scan_finds_the_product_stored_as_upca_and_back(upce, upca):
    for raw in (upce, "]E0" + upce, "]E0" + upca.zfill(13)):
        assert upca in interpret(raw).candidates(), raw
    for raw in (upca, "]E0" + upca.zfill(13), f"(01)00{upca}"):
        assert upce in interpret(raw).candidates(), raw


def test_eight_digits_valid_as_ean8_and_upce_offer_both_products():
    assert interpret("12345670").gtin == "00000012345670"
    assert "123456000070" in interpret("12345670").candidates()
    assert interpret("]E412345670").candidates() == (
        "12345670", "0000012345670", "00000012345670", "000012345670")
    assert interpret("]E012345670").gtin == "00123456000070"


@pytest.mark.parametrize(
    "raw",
    ["]E3978073520044951299", "978073520044951299", "9780735200449 51299"],
)
def test_an_add_on_is_kept_and_the_base_code_matches(raw):
    event = interpret(raw)
    assert isinstance(event, Code)
    assert (event.gtin, event.addon) == ("09780735200449", "51299")
    assert event.candidates()[1:] == ("9780735200449", "09780735200449")


@pytest.mark.parametrize(
    ("raw", "gtin", "addon"),
    [
        ("]E3590123412345712", "05901234123457", "12"),
        ("590123412345712", "05901234123457", "12"),
        ("]E3003600029145251299", "00036000291452", "51299"),  # UPC-A as 13 digits
        ("036000291452 51299", "00036000291452", "51299"),
        ("04252614 01", "00042100005264", "01"),  # UPC-E with add-on
        ("]E3004210000526401", "00042100005264", "01"),
    ],
)
def test_two_and_five_digit_add_ons(raw, gtin, addon):
    assert read_retail_code(*((raw[3:], raw[:3]) if raw.startswith("]") else (raw,))) == (
        RetailCode(gtin, addon)
    )


@pytest.mark.parametrize(
    "raw",
    ["]E3590123412345812", "]E35901234123457123", "590123412345812", "5901234123457 123",
     "]E15901234123457", "]E212345"],
)
def test_wrong_add_on_forms_name_no_product(raw):
    event = interpret(raw)
    assert isinstance(event, Code) and event.gtin is None and event.addon is None
