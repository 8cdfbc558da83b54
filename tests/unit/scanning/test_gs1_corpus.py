"""The GS1 corpus (tests/fixtures/gs1/gs1-corpus.json): several hundred scans taken from
the published tests of independent GS1 readers (GS1's own gs1-syntax-engine, biip, zint,
zxing-cpp), each with the AIs or GTIN a correct reader extracts, or a must-reject.
tests/fixtures/gs1/README.md says where each comes from and how it was transcribed."""

from __future__ import annotations

import json
import pathlib
from datetime import date

import pytest

from station.scanning.gs1 import Gs1Fields, Gs1Problem, date_value, parse_gs1
from station.scanning.interpret import Code, Gs1, Unknown, interpret

CORPUS = json.loads(
    (pathlib.Path(__file__).parents[2] / "fixtures" / "gs1" / "gs1-corpus.json").read_text(
        encoding="utf-8"
    )
)
TODAY = date(2025, 6, 15)  # none of the vectors depends on it; fixed for repeatability


def _cases(outcome: str) -> list:
    return [
        pytest.param(vector, id=f"{index}-{vector['source']}")
        for index, vector in enumerate(CORPUS["vectors"])
        if outcome in vector
    ]


def test_the_corpus_is_large_and_sourced():
    vectors = CORPUS["vectors"]
    assert len(vectors) >= 500
    assert {v["source"] for v in vectors} <= set(CORPUS["sources"])


@pytest.mark.parametrize("vector", _cases("ais"))
def test_gs1_scans_give_their_application_identifiers(vector):
    event = interpret(vector["input"], today=TODAY)
    assert isinstance(event, Gs1), event
    assert [list(pair) for pair in event.raw_ais.items()] == vector["ais"]


@pytest.mark.parametrize("vector", _cases("gtin"))
def test_product_codes_give_their_gtin_and_add_on(vector):
    event = interpret(vector["input"], today=TODAY)
    assert isinstance(event, Code), event
    assert (event.gtin, event.addon) == (vector["gtin"], vector["addon"])
    assert vector["gtin"] in event.candidates()


@pytest.mark.parametrize("vector", _cases("reject"))
def test_invalid_scans_give_neither_gs1_data_nor_a_gtin(vector):
    event = interpret(vector["input"], today=TODAY)
    assert isinstance(event, Code | Unknown), event
    if isinstance(event, Code):
        assert event.gtin is None, event
    else:
        assert event.reason


@pytest.mark.parametrize("vector", CORPUS["dates"], ids=lambda v: f"{v['ai']}-{v['value']}")
def test_dates_follow_the_two_digit_year_rule(vector):
    today = date.fromisoformat(vector["today"])
    expected = vector["date"] and date.fromisoformat(vector["date"])
    assert date_value(vector["value"], today) == expected
    parsed = parse_gs1(f"({vector['ai']}){vector['value']}", today=today)
    assert isinstance(parsed, Gs1Fields if expected else Gs1Problem), parsed
