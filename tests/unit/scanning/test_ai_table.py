"""The GS1 AI table (station.scanning.ai_table): all of GS1's application identifiers,
shipped as package data, read once on first use, and each one parsed by its format."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources

import pytest

from station.scanning.ai_table import AI_TABLE, AiEntry, Component, ai_table
from station.scanning.gs1 import GS, Gs1Fields, Gs1Problem, gtin_check_digit, parse_gs1


def test_the_table_has_every_ai_of_the_syntax_dictionary():
    assert len(AI_TABLE) == 541
    expected = {
        *(f"31{m}{n}" for m in range(7) for n in range(6)),
        *(f"3{m}{n}{d}" for m in (2, 4, 6) for n in range(10) for d in range(6)),
        *(f"39{m}{n}" for m in (0, 1, 2, 3) for n in range(10)),
        *(f"72{m}" for m in range(30, 43)),
        *(f"71{n}" for n in range(8)),
        *(f"9{n}" for n in range(10)),
        "00", "01", "02", "03", "235", "253", "255", "4330", "7007", "7040", "7041",
        "8006", "8026", "8030", "8043", "8200",
    }
    assert expected <= set(AI_TABLE)
    assert not {"3106", "3376", "3944", "3956", "89", "718", "8100"} & set(AI_TABLE)


def test_predefined_length_ais_need_no_separator():
    """GS1 General Specifications figure 7.8.5-2: only these AIs run on without FNC1."""
    free = {ai for ai, entry in AI_TABLE.items() if not entry.needs_separator}
    prefixes = {ai[:2] for ai in free}
    assert prefixes == {"00", "01", "02", "03", "11", "12", "13", "15", "16", "17", "20",
                        "31", "32", "33", "34", "35", "36", "41"}
    assert {"10", "21", "37", "3920", "7003", "8006", "8026", "710"} <= set(AI_TABLE) - free


def test_formats_titles_and_digital_link_roles_come_from_the_dictionary():
    assert AI_TABLE["253"] == AiEntry(
        ai="253",
        title="GDTI",
        spec="N13,csum,gcppos1 [X..17]",
        components=(
            Component("N", 13, 13, False, ("csum", "gcppos1")),
            Component("X", 1, 17, True, ()),
        ),
        needs_separator=True,
        dl_attribute=True,
        dl_qualifiers=((),),
    )
    assert AI_TABLE["8006"].format == "N14 N4"
    assert AI_TABLE["8006"].fixed_length == 18
    assert AI_TABLE["01"].dl_qualifiers == (("22", "10", "21"), ("235",))
    assert AI_TABLE["10"].dl_qualifiers is None
    assert AI_TABLE["717"].title == "NHRN SRN"


def test_the_dictionary_is_package_data_with_its_licence():
    text = resources.files("station.scanning").joinpath("gs1-syntax-dictionary.txt").read_text(
        encoding="utf-8"
    )
    assert "Licensed under the Apache License, Version 2.0" in text
    assert "GS1 AISBL" in text


def test_the_dictionary_is_read_once_and_only_when_needed():
    assert ai_table() is ai_table()
    probe = (
        "import station.scanning.ai_table as t;"
        "from station.scanning import interpret;"
        "print(t.ai_table.cache_info().currsize);"
        "interpret('(01)09506000134352');"
        "print(t.ai_table.cache_info().currsize)"
    )
    output = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    assert output == ["0", "1"]


# --- every AI parses by its format ----------------------------------------------------------

_CONTENT = {  # valid data for each content check (check digits are computed below)
    "yymmd0": "250115", "yymmdd": "250115", "yyyymmd0": "20250115", "yyyymmdd": "20250115",
    "hh": "12", "mi": "30", "ss": "30", "hhmi": "1230", "hhmm": "1230",
    "zero": "0", "yesno": "1", "winding": "1", "hyphen": "-",
}


def _sample_component(component: Component) -> str:
    size = component.max_length
    if "csum" in component.checks:
        body = "1" * (size - 1)
        return body + str(gtin_check_digit(body))
    if "pieceoftotal" in component.checks:
        return "1".zfill(size // 2) + "2".zfill(size // 2)
    fitting = [_CONTENT[c] for c in component.checks if c in _CONTENT]
    if fitting and len(fitting[0]) == size:
        return fitting[0]
    return ("1" if component.kind == "N" else "A") * size


def _sample(entry: AiEntry) -> str:
    return "".join(_sample_component(c) for c in entry.components)


def _tail(ai: str) -> str:
    return "98" if ai != "98" else "97"


@pytest.mark.parametrize("ai", sorted(AI_TABLE))
def test_every_ai_reads_a_value_of_its_format_and_keeps_it(ai):
    entry = AI_TABLE[ai]
    value = _sample(entry)
    separator = GS if entry.needs_separator else ""
    scanned = parse_gs1(f"]C1{ai}{value}{separator}{_tail(ai)}X")
    bracketed = parse_gs1(f"({ai}){value}({_tail(ai)})X")
    assert scanned == bracketed == Gs1Fields({ai: value, _tail(ai): "X"})


@pytest.mark.parametrize("ai", sorted(ai for ai, e in AI_TABLE.items() if e.fixed_length is None))
def test_every_variable_length_ai_refuses_data_longer_than_its_maximum(ai):
    entry = AI_TABLE[ai]
    extra = "1" if entry.components[-1].kind == "N" else "A"
    result = parse_gs1(f"({ai}){_sample(entry)}{extra}")
    assert isinstance(result, Gs1Problem)
    assert f"GS1 AI {ai} (" in result.reason
