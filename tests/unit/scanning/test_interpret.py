"""Scan interpretation (station.scanning.interpret): totality on any input, GS1 round-trips in
every notation, command cards, plain codes, framing, and keyboard-layout diagnosis."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station.scanning.gs1 import GS, gtin_check_digit
from station.scanning.gs1_rules import CSET82
from station.scanning.interpret import (
    DEFAULT,
    Code,
    CommandCard,
    Gs1,
    Piece,
    ScannerConfig,
    Unknown,
    interpret,
    render,
)
from station.scanning.keyboard import (
    LAYOUT_TEST_CODE,
    KeyboardLayout,
    as_typed,
    detect_layout_mismatch,
    remap,
)

EVENT_TYPES = (CommandCard, Gs1, Code, Unknown)
ANY_CHAR = st.characters(codec=None, exclude_categories=())  # incl. surrogates, Cc, Cn


def assert_well_formed(event) -> None:
    assert isinstance(event, EVENT_TYPES)
    assert isinstance(event.candidates(), tuple)
    assert all(isinstance(c, str) and c for c in event.candidates())
    if isinstance(event, Unknown):
        assert event.reason
        assert not event.reason.startswith("internal error"), event
        assert event.text.isprintable()
        assert len(event.text) <= 61  # truncated: at most 60 characters and an ellipsis


# --- totality ---------------------------------------------------------------------------


@given(st.text(alphabet=ANY_CHAR))
def test_any_text_gives_an_event(raw):
    assert_well_formed(interpret(raw))


@given(st.binary().map(lambda b: b.decode("latin-1")))
def test_any_bytes_as_latin1_give_an_event(raw):
    assert_well_formed(interpret(raw))


GS1ISH = st.text(alphabet="0123456789()]CdQe12~ABC-/\x1d\r\n\t ", max_size=60)


@given(GS1ISH)
def test_gs1_like_noise_gives_an_event(raw):
    assert_well_formed(interpret(raw, ScannerConfig(group_separators=(GS, "~"))))


@given(st.text(alphabet=ANY_CHAR, min_size=1, max_size=20))
def test_ten_kilobyte_scans_are_refused_as_too_long(chunk):
    raw = (chunk * 10240)[:10240]
    event = interpret(raw)
    assert event == Unknown(render(raw), "scan too long (10240 characters)")


@given(
    st.text(alphabet=ANY_CHAR, min_size=1, max_size=20),
    st.sampled_from(["", "]C1", "]d2" + GS, "(01)", "CMD:", "01095060001343522"]),
)
def test_ten_kilobyte_scans_are_interpreted_when_allowed(chunk, head):
    raw = head + (chunk * 10240)[:10240]
    assert_well_formed(interpret(raw, ScannerConfig(max_length=20000)))


@given(st.text(alphabet=ANY_CHAR), st.text(alphabet=ANY_CHAR, max_size=3))
def test_any_prefix_and_suffix_config_is_total(raw, affix):
    config = ScannerConfig(prefix=affix, suffix=affix, command_prefix=affix)
    assert_well_formed(interpret(raw, config))


@pytest.mark.parametrize("raw", [None, b"123", 42])
def test_non_text_input_is_unknown_not_an_exception(raw):
    assert interpret(raw) == Unknown("", "scan is not text")


# --- GS1 round trips ------------------------------------------------------------------

SERIAL = st.text(alphabet=sorted(CSET82), min_size=1, max_size=20)
NOTATIONS = ["brackets", "gs", "]C1", "]d2", "]Q3", "]e0", "]d2+gs", "tilde"]


def element_string(fields: list[tuple[str, str]], separator: str) -> str:
    """AI+data with a separator after each variable-length field that is not last."""
    parts = []
    for index, (ai, value) in enumerate(fields):
        parts.append(ai + value)
        if ai == "21" and index < len(fields) - 1:
            parts.append(separator)
    return "".join(parts)


def encode(fields: list[tuple[str, str]], notation: str) -> str:
    if notation == "brackets":
        return "".join(f"({ai}){value}" for ai, value in fields)
    if notation == "tilde":
        return "~" + element_string(fields, "~")
    head = {"gs": GS, "]d2+gs": "]d2" + GS}.get(notation, notation)
    return head + element_string(fields, GS)


@st.composite
def gs1_labels(draw):
    body = draw(st.text(alphabet="0123456789", min_size=13, max_size=13))
    gtin = body + str(gtin_check_digit(body))
    serial = draw(SERIAL)
    decimals = draw(st.integers(0, 5))
    weight = draw(st.integers(0, 999_999))
    notation = draw(st.sampled_from(NOTATIONS))
    if notation == "brackets":  # "(21)…(10)…" inside bracketed data would be ambiguous
        serial = serial.replace("(", "x").replace(")", "y")
    fields = [("01", gtin), ("21", serial), (f"310{decimals}", f"{weight:06d}")]
    fields = draw(st.permutations(fields))
    return fields, notation, Decimal(weight).scaleb(-decimals)


CONFIG_WITH_TILDE = ScannerConfig(group_separators=(GS, "~"))


@given(gs1_labels())
def test_valid_gs1_parses_back_exactly_in_every_notation(label):
    fields, notation, kg = label
    event = interpret(encode(fields, notation), CONFIG_WITH_TILDE)
    values = dict(fields)
    assert isinstance(event, Gs1), event
    assert event.gtin == values["01"]
    assert event.serial == values["21"]
    assert event.net_weight_kg == kg
    assert event.batch is None
    assert event.raw_ais == values
    assert event.text == "".join(f"({ai}){value}" for ai, value in fields)
    assert event.candidates()[:2] == (
        (values["01"][1:], values["01"]) if values["01"].startswith("0") else (values["01"],)
    )


@given(gs1_labels(), st.data())
def test_one_wrong_gtin_digit_makes_the_scan_unknown(label, data):
    fields, notation, _ = label
    gtin = dict(fields)["01"]
    index = data.draw(st.integers(0, 13))
    other = data.draw(st.sampled_from([d for d in "0123456789" if d != gtin[index]]))
    broken = [
        (ai, gtin[:index] + other + gtin[index + 1 :] if ai == "01" else v) for ai, v in fields
    ]
    event = interpret(encode(broken, notation), CONFIG_WITH_TILDE)
    assert isinstance(event, Unknown), event
    assert event.reason.startswith("GS1 check digit wrong in GTIN ")


def test_real_world_label_in_brackets():
    event = interpret("(01)09506000134352(10)ABC123(21)12345")
    assert event == Gs1(
        gtin="09506000134352",
        serial="12345",
        net_weight_kg=None,
        batch="ABC123",
        raw_ais={"01": "09506000134352", "10": "ABC123", "21": "12345"},
        text="(01)09506000134352(10)ABC123(21)12345",
        source="(01)09506000134352(10)ABC123(21)12345",
    )
    assert event.gtin13 == "9506000134352"
    assert event.candidates() == ("9506000134352", "09506000134352")


def test_weighed_product_label_from_a_scanner():
    event = interpret("]C1" + "0109506000134352" + "21SN-77" + GS + "3103001250\r\n")
    assert isinstance(event, Gs1)
    assert (event.gtin, event.serial, event.net_weight_kg) == (
        "09506000134352",
        "SN-77",
        Decimal("1.250"),
    )


def test_case_gtin_has_no_ean13_form():
    event = interpret("(01)10012345678902(30)12")
    assert isinstance(event, Gs1)
    assert event.gtin13 is None
    assert event.candidates() == ("10012345678902",)
    assert event.raw_ais["30"] == "12"


def test_gs1_without_gtin_has_no_candidates():
    event = interpret("(3103)001250")
    assert isinstance(event, Gs1)
    assert (event.gtin, event.net_weight_kg, event.candidates()) == (None, Decimal("1.250"), ())


def test_unmarked_gs1_keeps_the_scan_as_last_candidate():
    event = interpret("010950600013435221ABC")
    assert isinstance(event, Gs1)
    assert event.serial == "ABC"
    assert event.candidates() == ("9506000134352", "09506000134352", "010950600013435221ABC")


def test_unmarked_text_with_a_wrong_gtin_stays_an_exact_code():
    assert interpret("0109506000134353") == Code("0109506000134353")


def test_gs1_event_is_hashable_and_frozen():
    event = interpret("(01)09506000134352")
    assert hash(event) == hash(interpret("(01)09506000134352"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.gtin = "x"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("(01)09506000134353", "GS1 check digit wrong in GTIN 09506000134353 (should end in 2)"),
        ("]C10109506000134352XYZ", "unknown GS1 application identifier at 'XYZ'"),
        ("]d2(01)09506000134352", "unknown GS1 application identifier at '(01)09506000…'"),
    ],
)
def test_malformed_gs1_is_unknown_never_a_near_parse(raw, reason):
    assert interpret(raw) == Unknown(render(raw), reason)


def test_a_correct_item_with_ais_the_station_does_not_use_is_still_that_item():
    """A pharma Data Matrix: GTIN, expiry, lot, then AIs only the pharmacy reads
    (710 PZN, 7240 protocol, 7003 expiry time). They are kept in the event."""
    raw = ("]d2" + "0109506000134352" + "17270131" + "10LOT-7" + GS + "710PZN1234567" + GS
           + "7240PROTO-1" + GS + "70032701311200" + "21SN9")
    event = interpret(raw)
    assert isinstance(event, Gs1), event
    assert (event.gtin, event.batch, event.serial) == ("09506000134352", "LOT-7", "SN9")
    assert event.raw_ais == {
        "01": "09506000134352", "17": "270131", "10": "LOT-7", "710": "PZN1234567",
        "7240": "PROTO-1", "7003": "2701311200", "21": "SN9",
    }
    assert event.candidates() == ("9506000134352", "09506000134352")


def test_a_box_of_an_item_shipped_in_several_is_that_item_and_says_which_box():
    event = interpret("]C1" + "8006" + "09506000134352" + "0203" + GS + "21SN9")
    assert isinstance(event, Gs1)
    assert event.gtin == "09506000134352"
    assert event.piece == Piece("8006", "09506000134352", 2, 3)
    assert event.candidates() == ("9506000134352", "09506000134352")
    assert interpret("(01)09506000134352").piece is None


def test_pieces_inside_a_logistic_unit_are_shown_but_are_not_the_scanned_item():
    event = interpret("(00)106141411234567897(8026)095060001343520102(37)1")
    assert isinstance(event, Gs1)
    assert event.piece == Piece("8026", "09506000134352", 1, 2)
    assert event.gtin is None


def test_dates_are_judged_against_the_given_day():
    raw = "(01)09506000134352(17)000229"
    assert isinstance(interpret(raw, today=date(2025, 6, 15)), Gs1)  # 2000-02-29
    event = interpret(raw, today=date(2060, 1, 1))  # 2100: no 29 February
    assert isinstance(event, Unknown)
    assert event.reason.endswith("000229 (2100 is not a leap year)")


def test_the_symbology_identifier_decides_how_eight_digits_are_read():
    assert interpret("]E004252614") == Code("04252614", "]E0")
    assert interpret("]E004252614").gtin == "00042100005264"
    assert interpret("]E404252614").gtin is None  # not a valid EAN-8
    assert Code("04252614", "]E0") == Code("04252614")  # framing is not identity


EANISH = st.text(alphabet="0123456789 ]E34I1", max_size=24)


@given(EANISH)
def test_ean_like_noise_gives_an_event(raw):
    event = interpret(raw)
    assert_well_formed(event)
    if isinstance(event, Code) and event.gtin is not None:
        assert len(event.gtin) == 14
        assert event.gtin in event.candidates() or event.gtin[1:] in event.candidates()


# --- plain codes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw", ["205822684507", "sku_7", "TLPjjuzd", "PKG 0001", "4006381333932", "ŞEKER-1"]
)
def test_plain_scans_are_exact_codes(raw):
    assert interpret(raw) == Code(raw)
    assert interpret(raw).candidates()[0] == raw


def test_valid_ean_is_a_code_with_its_gtin_spellings_after_the_exact_text():
    event = interpret("5901234123457")
    assert event == Code("5901234123457")
    assert event.is_valid_ean
    assert event.candidates() == ("5901234123457", "05901234123457")
    upc = interpret("036000291452")
    assert upc.candidates() == ("036000291452", "0036000291452", "00036000291452")


def test_wrong_check_digit_ean_is_kept_as_scanned():
    event = interpret("5901234123458")
    assert event == Code("5901234123458")
    assert not event.is_valid_ean
    assert event.candidates() == ("5901234123458",)


def test_non_gs1_symbology_identifier_is_dropped():
    assert interpret("]E05901234123457") == Code("5901234123457")
    assert interpret("]C0PKG-1") == Code("PKG-1")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty scan"),
        (" \r\n\t", "empty scan"),
        ("]E0", "empty scan"),
        ("ABC\r\nDEF", "contains a line break at character 4: two scans may have run together"),
        ("AB\x00C", "contains control characters (<NUL> at character 3)"),
        ("AB\tC", "contains control characters (<TAB> at character 3)"),
        ("AB\x07C", "contains control characters (<U+0007> at character 3)"),
        ("AB\ud800C", "contains broken text (an unpaired surrogate) at character 3"),
        ("AB\u200bC", "contains an invisible or unknown character (<U+200B>) at character 3"),
        ("AB\u00a0C", "contains an invisible or unknown character (<U+00A0>) at character 3"),
    ],
)
def test_unusable_plain_scans_say_why(raw, reason):
    event = interpret(raw)
    assert isinstance(event, Unknown)
    assert event.reason == reason


def test_unknown_text_is_printable_and_truncated():
    event = interpret("A\x07" * 100)
    assert isinstance(event, Unknown)
    assert event.text.startswith("A<U+0007>A<U+0007>")
    assert event.text.endswith("…")
    assert event.text.isprintable()


def test_max_length_is_configurable_and_reason_counts_characters():
    assert interpret("1234", ScannerConfig(max_length=4)) == Code("1234")
    assert interpret("12345", ScannerConfig(max_length=4)).reason == "scan too long (5 characters)"


# --- framing: terminators, prefix, suffix --------------------------------------------


@pytest.mark.parametrize("terminator", ["\r", "\n", "\r\n", "\t", " \r\n", "\n\n"])
def test_terminators_are_stripped(terminator):
    assert interpret("PKG-1" + terminator) == Code("PKG-1")
    assert interpret(terminator + "PKG-1" + terminator) == Code("PKG-1")


def test_terminators_are_kept_when_stripping_is_off():
    event = interpret("PKG-1\r\n", ScannerConfig(strip_whitespace=False))
    assert isinstance(event, Unknown)
    assert "line break" in event.reason


def test_prefix_and_suffix_are_stripped_only_when_present():
    config = ScannerConfig(prefix="@@", suffix="#")
    assert interpret("@@PKG-1#\r\n", config) == Code("PKG-1")
    assert interpret("PKG-1#", config) == Code("PKG-1")
    assert interpret("@@PKG-1", config) == Code("PKG-1")
    assert interpret("PKG-@@1", config) == Code("PKG-@@1")
    assert interpret("@@#", config) == Unknown("", "empty scan")


def test_prefix_stripping_applies_to_gs1_and_command_cards():
    config = ScannerConfig(prefix="~S", suffix="~E")
    assert isinstance(interpret("~S]C10109506000134352~E", config), Gs1)
    assert interpret("~SCMD:CANCEL~E", config) == CommandCard("CANCEL")


def test_bad_config_is_refused():
    with pytest.raises(ValueError, match="max_length"):
        ScannerConfig(max_length=0)
    with pytest.raises(ValueError, match="group_separators"):
        ScannerConfig(group_separators=("",))


def test_default_config():
    assert ScannerConfig() == DEFAULT
    assert (DEFAULT.command_prefix, DEFAULT.max_length, DEFAULT.strip_whitespace) == (
        "CMD:",
        4096,
        True,
    )


# --- command cards -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "command"),
    [
        ("CMD:COMPLETE_PACKAGING_WITHOUT_SHIPMENT", "COMPLETE_PACKAGING_WITHOUT_SHIPMENT"),
        ("CMD:DETECTED_OUT_OF_STOCK_ITEM\r\n", "DETECTED_OUT_OF_STOCK_ITEM"),
        ("cmd:complete_packaging", "COMPLETE_PACKAGING"),  # Caps Lock
        ("CMD: complete packaging ", "COMPLETE_PACKAGING"),
        ("Cmd:complete-packaging", "COMPLETE_PACKAGING"),
        ("]C0CMD:CANCEL", "CANCEL"),
    ],
)
def test_valid_command_cards(raw, command):
    assert interpret(raw) == CommandCard(command)


def test_cancel_card():
    event = interpret("CMD:CANCEL")
    assert event.is_cancel
    assert not CommandCard("COMPLETE_PACKAGING").is_cancel
    assert event.candidates() == ()


@pytest.mark.parametrize(
    ("raw", "reason_start"),
    [
        ("CMD:", "command card has no command after 'CMD:'"),
        ("CMD:   ", "command card has no command after 'CMD:'"),
        ("CMD:COMPLETE.PACKAGING", "command card may only contain letters A–Z, digits and _"),
        ("CMD:complete_packagıng", "command card may only contain letters A–Z, digits and _"),
        ("CMD:CANCEL\x00", "command card may only contain letters A–Z, digits and _"),
    ],
)
def test_invalid_command_cards_are_unknown(raw, reason_start):
    event = interpret(raw)
    assert isinstance(event, Unknown)
    assert event.reason.startswith(reason_start)


def test_command_prefix_is_configurable_and_can_be_disabled():
    assert interpret("#CANCEL", ScannerConfig(command_prefix="#")) == CommandCard("CANCEL")
    assert interpret("CMD:CANCEL", ScannerConfig(command_prefix="")) == Code("CMD:CANCEL")


# --- keyboard layouts --------------------------------------------------------------------

SETUPS = [(layout, caps) for layout in KeyboardLayout for caps in (False, True)][1:]
US_KEYS = (  # every key a US scanner types, unshifted then shifted
    "`1234567890-=qwertyuiop[]\\asdfghjkl;'zxcvbnm,./"
    '~!@#$%^&*()_+QWERTYUIOP{}|ASDFGHJKL:"ZXCVBNM<>?'
)


@pytest.mark.parametrize(
    ("layout", "sent", "typed"),
    [
        (KeyboardLayout.TURKISH_Q, "i;.", "ışç"),
        (KeyboardLayout.GERMAN_QWERTZ, "yz-YZ", "zyßZY"),
        (KeyboardLayout.FRENCH_AZERTY, "1234567890", "&é\"'(-è_çà"),
        (KeyboardLayout.FRENCH_AZERTY, "aqzw", "qawz"),
        (KeyboardLayout.US, "Az7-y;i.m", "Az7-y;i.m"),
    ],
)
def test_as_typed_matches_real_layouts(layout, sent, typed):
    assert as_typed(sent, layout) == typed


def test_caps_lock_inverts_letter_case_only():
    assert as_typed("Ab1-", KeyboardLayout.US, caps_lock=True) == "aB1-"
    assert as_typed("iI", KeyboardLayout.TURKISH_Q, caps_lock=True) == "Iı"


@pytest.mark.parametrize(("layout", "caps"), SETUPS)
def test_each_setup_is_detected_from_the_test_code(layout, caps):
    message = detect_layout_mismatch(LAYOUT_TEST_CODE, as_typed(LAYOUT_TEST_CODE, layout, caps))
    assert message is not None
    if layout is KeyboardLayout.US:
        assert message.startswith("Caps Lock is on")
    else:
        name = {"tr_q": "Turkish Q", "de_qwertz": "German QWERTZ", "fr_azerty": "French AZERTY"}
        assert f"uses the {name[layout.value]} layout" in message
        assert ("Caps Lock is on" in message) == caps
        assert message.startswith("The scanner types for a US keyboard")


def test_test_code_tells_every_setup_apart():
    typed = {as_typed(LAYOUT_TEST_CODE, layout, caps) for layout, caps in SETUPS}
    assert len(typed) == len(SETUPS)
    assert LAYOUT_TEST_CODE not in typed


def test_matching_scan_has_no_mismatch():
    assert detect_layout_mismatch(LAYOUT_TEST_CODE, LAYOUT_TEST_CODE) is None
    assert detect_layout_mismatch("12345", "12345") is None


def test_partly_explained_scan_names_the_probable_layout():
    got = as_typed(LAYOUT_TEST_CODE, KeyboardLayout.GERMAN_QWERTZ)[:-1] + "X"
    message = detect_layout_mismatch(LAYOUT_TEST_CODE, got)
    assert message.startswith("Probably the scanner types for a US keyboard")
    assert "German QWERTZ" in message


def test_unexplained_scan_says_it_does_not_match():
    message = detect_layout_mismatch("ABC123", "XYZ")
    assert message == (
        "The scan does not match the test code (expected 'ABC123', got 'XYZ'). "
        "Check the scanner's keyboard language and Caps Lock."
    )


@pytest.mark.parametrize(("layout", "caps"), SETUPS)
def test_every_layout_is_one_to_one_on_us_keys(layout, caps):
    typed = [as_typed(char, layout, caps) for char in US_KEYS]
    assert len(set(typed)) == len(US_KEYS)


@given(
    st.text(alphabet=US_KEYS, max_size=40),
    st.sampled_from(list(KeyboardLayout)),
    st.booleans(),
)
def test_remap_undoes_the_layout(sent, layout, caps):
    assert remap(as_typed(sent, layout, caps), layout, caps) == sent


def test_remap_examples():
    assert remap("&é\"'(-è_çà", "fr_azerty") == "1234567890"
    assert remap("Qwerty", KeyboardLayout.FRENCH_AZERTY) == "Azerty"
    assert remap("ışç", KeyboardLayout.TURKISH_Q) == "i;."
    assert remap("Zebra", KeyboardLayout.GERMAN_QWERTZ) == "Yebra"
    assert remap("pKG", KeyboardLayout.US, caps_lock=True) == "Pkg"


@given(st.text(alphabet=ANY_CHAR, max_size=30))
def test_command_cards_always_carry_an_upper_case_command_name(body):
    event = interpret("CMD:" + body)
    assert isinstance(event, CommandCard | Unknown)
    if isinstance(event, CommandCard):
        assert re.fullmatch(r"[A-Z0-9_]+", event.command)
