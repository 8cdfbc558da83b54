"""Why a scan is unreadable is a translatable sentence (station.messages.Message): every
reason interpret, gs1 and digital_link give is a Message whose template keeps the scanned
data out (so one catalogue entry serves every scan), and our own words inside it (an AI's
name, "hour") are Messages too; the keyboard-layout diagnosis speaks the same way."""

from __future__ import annotations

import pytest

from station.messages import Message
from station.scanning.interpret import ScannerConfig, Unknown, interpret
from station.scanning.keyboard import (
    LAYOUT_TEST_CODE,
    KeyboardLayout,
    as_typed,
    detect_layout_mismatch,
)
from tests.unit.test_messages import nested

BAD_SCANS = [
    "", "ABC\r\nDEF", "AB\x00C", "AB\ud800C", "AB\u200bC", "CMD:", "CMD:COMPLETE.PACKAGING",
    "REASON:abc", "PACKER:", "]C1", "]C1(99", "]C10109506000134353",  # bad check digit
    "]C10109506000134352" + "10" + "A" * 21, "(01)09506000134352(17)230230",
    "(01)09506000134352(17)230229", "(01)0950600013435X", "(01)09506000134352(10)AB\u00e7",
    "(01)09506000134352(8008)2401012561", "(01)09506000134352(8006)095060001343520302",
    "(01)09506000134352(10)A(10)B", "(01)09506000134352(7011)2401012561",
    "(01)09506000134352(4321)2", "(01)09506000134352(8001)12345678901234",
    "https://example.com/01/09506000134352?17=", "https://example.com/01/09506000134352?10=AB",
    "https://example.com/01/09506000134352/21/A/10/B", "(98)",
]


def reasons() -> list[tuple[str, str]]:
    found = []
    for raw in BAD_SCANS:
        event = interpret(raw)
        if isinstance(event, Unknown):
            found.append((raw, event.reason))
    found.append(("long", interpret("12345", ScannerConfig(max_length=4)).reason))
    found.append(("not text", interpret(None).reason))  # type: ignore[arg-type]
    return found


def test_the_corpus_really_is_unreadable():
    assert len(reasons()) == len(BAD_SCANS) + 2


@pytest.mark.parametrize(("raw", "reason"), reasons())
def test_every_unreadable_reason_is_a_message_without_the_scan_in_its_template(raw, reason):
    assert isinstance(reason, Message), (raw, reason)
    for part in nested(reason):
        for value in part.params.values():
            if isinstance(value, str) and not isinstance(value, Message) and len(value) > 3:
                assert value not in part.template, (raw, part.template)


def test_names_and_units_of_our_own_inside_a_reason_translate_too():
    bad_date = interpret("(01)09506000134352(17)230230").reason
    hour = interpret("(01)09506000134352(7011)2401012561").reason
    templates = {part.template for reason in (bad_date, hour) for part in nested(reason)}
    assert {"expiry date", "GS1 AI {ai} ({name})"} <= templates
    assert bad_date == "GS1 AI 17 (expiry date) is not a valid date (YYMMDD): 230230"


@pytest.mark.parametrize(("layout", "caps"), [(KeyboardLayout.TURKISH_Q, False),
                                              (KeyboardLayout.GERMAN_QWERTZ, True),
                                              (KeyboardLayout.US, True)])
def test_the_keyboard_layout_diagnosis_is_a_message(layout, caps):
    said = detect_layout_mismatch(LAYOUT_TEST_CODE, as_typed(LAYOUT_TEST_CODE, layout, caps))
    assert isinstance(said, Message) and said[0].isupper()
    assert isinstance(detect_layout_mismatch(LAYOUT_TEST_CODE, "nothing alike"), Message)
