"""GS1 Digital Link QR codes (station.scanning.digital_link): any domain with a primary
key path, qualifiers in GS1's order, query attributes, and the scan event they give."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station.scanning.digital_link import parse_digital_link
from station.scanning.gs1 import Gs1Fields, Gs1Problem
from station.scanning.interpret import Code, Gs1, Unknown, interpret


@pytest.mark.parametrize(
    "raw",
    [
        "https://id.gs1.org/01/09506000134352/10/ABC",
        "]Q1https://id.gs1.org/01/09506000134352/10/ABC",
        "HTTPS://ID.GS1.ORG/01/09506000134352/10/ABC",
        "https://brand.example.com/products/shoes/01/09506000134352/10/ABC?linkType=all",
        "]d1http://example.com:8080/01/9506000134352/10/ABC#fragment",
        "https://qr.shop.example/01/09506000134352/10/AB%43",
    ],
)
def test_digital_link_qr_codes_become_the_gtin_and_its_ais(raw):
    event = interpret(raw)
    assert isinstance(event, Gs1), event
    assert event.gtin == "09506000134352"
    assert event.batch == "ABC"
    assert event.text == "(01)09506000134352(10)ABC"
    assert event.candidates() == ("9506000134352", "09506000134352")


def test_query_attributes_are_kept_with_the_path_ais():
    event = interpret(
        "https://example.com/01/09506000134352/22/2A/10/L1/21/S%2F9?17=270131&3103=000195&x=1"
    )
    assert isinstance(event, Gs1)
    assert event.raw_ais == {
        "01": "09506000134352", "22": "2A", "10": "L1", "21": "S/9",
        "17": "270131", "3103": "000195",
    }
    assert (event.serial, str(event.net_weight_kg)) == ("S/9", "0.195")


@pytest.mark.parametrize(
    ("uri", "reason"),
    [
        ("https://id.gs1.org/01/09506000134353", "GS1 check digit wrong in GTIN 09506000134353"),
        ("https://id.gs1.org/01/09506000134352/10/A/22/B", "10/22 may not follow AI 01"),
        ("https://id.gs1.org/01/09506000134352/17/270131", "17 may not follow AI 01"),
        ("https://id.gs1.org/01/09506000134352?10=ABC", "AI 10 may not be a query parameter"),
        ("https://id.gs1.org/01/09506000134352?99=A&99=A", "GS1 AI 99 appears twice"),
        ("https://id.gs1.org/01/09506000134352?891=A", "?891= is not a GS1 application identifier"),
        ("https://id.gs1.org/01/09506000134352?17=", "AI 17 has no data"),
        ("https://id.gs1.org/01/09506000134352?17=230229", "2023 is not a leap year"),
        ("https://$/01/09506000134352", "no valid domain"),
    ],
)
def test_broken_digital_links_are_refused_with_a_reason(uri, reason):
    result = parse_digital_link(uri)
    assert isinstance(result, Gs1Problem), result
    assert reason in result.reason
    event = interpret(uri)
    assert isinstance(event, Unknown) and reason in event.reason


@pytest.mark.parametrize(
    "raw",
    ["https://example.com/", "https://example.com/shop/item/42", "http://a/b/c/01",
     "HtTpS://id.gs1.org/01/09506000134352", "ftp://id.gs1.org/01/09506000134352",
     "https://example.com/gtin/09506000134352"],
)
def test_other_urls_are_plain_codes(raw):
    assert parse_digital_link(raw) is None
    assert interpret(raw) == Code(raw)


def test_other_primary_keys_are_read_too():
    assert parse_digital_link("https://id.gs1.org/414/9520123456788/254/32a%2Fb") == Gs1Fields(
        {"414": "9520123456788", "254": "32a/b"}
    )
    assert parse_digital_link("https://x.example/8006/095060001343520102/21/S1") == Gs1Fields(
        {"8006": "095060001343520102", "21": "S1"}
    )


@given(st.text(alphabet="htps:/?&=#%+01234567890ABCabc.-", max_size=60), st.sampled_from(
    ["", "https://", "https://id.gs1.org/", "https://a/01/09506000134352", "HTTP://a/01/"]))
def test_url_like_noise_always_gives_an_event(tail, head):
    event = interpret(head + tail)
    assert isinstance(event, Gs1 | Code | Unknown)
    if isinstance(event, Unknown):
        assert event.reason and not event.reason.startswith("internal error")
