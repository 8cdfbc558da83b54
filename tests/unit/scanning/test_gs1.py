"""GS1 helpers and exact parsing (station.scanning.gs1): check digits, GTIN spellings,
the AI table, every notation scanners send, and a clear reason for each defect."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station.scanning.gs1 import (
    AI_TABLE,
    GS,
    Gs1Fields,
    Gs1Problem,
    gtin_check_digit,
    gtin_forms,
    human_readable,
    is_valid_ean,
    is_valid_gtin,
    net_weight_kg,
    parse_gs1,
)

digits = st.text(alphabet="0123456789", min_size=1, max_size=17)


def ais_of(text: str, separators: tuple[str, ...] = (GS,)) -> dict[str, str]:
    result = parse_gs1(text, separators)
    assert isinstance(result, Gs1Fields), result
    return result.ais


def reason_of(text: str) -> str:
    result = parse_gs1(text)
    assert isinstance(result, Gs1Problem), result
    return result.reason


# --- check digits and GTINs ---------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("4006381333931", "EAN-13"),
        ("5901234123457", "EAN-13"),
        ("036000291452", "UPC-A"),
        ("96385074", "EAN-8"),
        ("09506000134352", "GTIN-14"),
        ("10012345678902", "GTIN-14 case"),
    ],
)
def test_real_gtins_are_valid(code, kind):
    assert is_valid_gtin(code), kind
    assert gtin_check_digit(code[:-1]) == int(code[-1])


@pytest.mark.parametrize(
    "code",
    [
        "4006381333932",  # wrong check digit
        "400638133393",  # 12 digits but not a UPC-A
        "40063813339",  # 11 digits: no such GTIN length
        "400638133393١",  # Arabic-Indic digit one
        "4006381333931 ",
        "",
        "0",
    ],
)
def test_invalid_gtins_are_rejected(code):
    assert not is_valid_gtin(code)


def test_is_valid_ean_excludes_gtin14():
    assert is_valid_ean("5901234123457")
    assert is_valid_ean("036000291452")
    assert is_valid_ean("96385074")
    assert not is_valid_ean("09506000134352")


def test_check_digit_refuses_non_digits():
    with pytest.raises(ValueError, match="ASCII digits"):
        gtin_check_digit("12a4")


@given(digits)
def test_appending_the_check_digit_always_gives_a_valid_code(body):
    from station.scanning.gs1 import has_valid_check_digit

    assert has_valid_check_digit(body + str(gtin_check_digit(body)))


@given(st.text(alphabet="0123456789", min_size=13, max_size=13), st.data())
def test_any_single_digit_change_breaks_the_check_digit(body, data):
    gtin = body + str(gtin_check_digit(body))
    index = data.draw(st.integers(0, 13))
    other = data.draw(st.sampled_from([d for d in "0123456789" if d != gtin[index]]))
    assert not is_valid_gtin(gtin[:index] + other + gtin[index + 1 :])


def test_gtin_forms_list_every_spelling_of_one_product():
    assert gtin_forms("5901234123457") == ("5901234123457", "05901234123457")
    assert gtin_forms("09506000134352") == ("9506000134352", "09506000134352")
    assert gtin_forms("036000291452") == ("0036000291452", "00036000291452", "036000291452")
    assert gtin_forms("96385074") == (
        "0000096385074",
        "00000096385074",
        "000096385074",
        "96385074",
    )
    assert gtin_forms("10012345678902") == ("10012345678902",)
    assert gtin_forms("5901234123458") == ()


# --- the AI table ---------------------------------------------------------------------


def test_ai_table_is_prefix_free():
    """The parser takes the first 2/3/4-digit prefix found; that is only right if no AI
    starts another one."""
    clashes = [(a, b) for a in AI_TABLE for b in AI_TABLE if a != b and b.startswith(a)]
    assert clashes == []


def test_required_ais_are_known():
    for ai in ("01", "10", "11", "15", "17", "21", "30", "37", *(f"310{n}" for n in range(6))):
        assert ai in AI_TABLE


# --- parsing: notations --------------------------------------------------------------

EXAMPLE_AIS = {"01": "09506000134352", "10": "ABC123", "21": "12345"}


@pytest.mark.parametrize(
    "text",
    [
        "(01)09506000134352(10)ABC123(21)12345",
        "(01) 09506000134352 (10) ABC123 (21) 12345",
        "]C10109506000134352" + "10ABC123" + GS + "2112345",
        "]d2" + GS + "0109506000134352" + "10ABC123" + GS + "2112345",
        "]Q30109506000134352" + "10ABC123" + GS + "2112345",
        "]e00109506000134352" + "10ABC123" + GS + "2112345",
        GS + "0109506000134352" + "10ABC123" + GS + "2112345",
        "0109506000134352" + "10ABC123" + GS + "2112345",  # GS inside marks it
        "0109506000134352" + GS + "10ABC123" + GS + "2112345" + GS,  # GS after fixed + trailing
    ],
)
def test_every_notation_gives_the_same_fields(text):
    assert ais_of(text) == EXAMPLE_AIS


def test_gs1_datamatrix_example_with_expiry_date():
    ais = ais_of("]d201095011015300031714070410AB-123")
    assert ais == {"01": "09501101530003", "17": "140704", "10": "AB-123"}


def test_variable_field_without_separator_runs_to_the_end():
    """GS1 semantics: without a GS, later text belongs to the serial."""
    assert ais_of("]C1010950600013435221ABC3103001250") == {
        "01": "09506000134352",
        "21": "ABC3103001250",
    }


def test_configured_separator_stands_in_for_gs():
    ais = ais_of("~0109506000134352" + "21ABC~3103001250", separators=("~", GS))
    assert ais == {"01": "09506000134352", "21": "ABC", "3103": "001250"}


def test_counts_dates_and_sscc_parse():
    ais = ais_of("(00)106141411234567897(11)240101(15)241231(30)12(37)500")
    assert ais == {
        "00": "106141411234567897",
        "11": "240101",
        "15": "241231",
        "30": "12",
        "37": "500",
    }


@pytest.mark.parametrize("text", ["0109506000134352", "01095060001343522112345"])
def test_unmarked_text_is_gs1_only_when_it_parses_completely(text):
    assert isinstance(parse_gs1(text), Gs1Fields)


@pytest.mark.parametrize(
    "text",
    [
        "0109506000134353",  # wrong check digit
        "01095060001343527003XYZ",  # unknown AI after the GTIN
        "5901234123457",
        "PKG-000123",
        "205822684507",
        "",
    ],
)
def test_unmarked_text_that_is_not_valid_gs1_is_not_gs1(text):
    assert parse_gs1(text) is None


# --- parsing: defects ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(01)09506000134353", "GS1 check digit wrong in GTIN 09506000134353 (should end in 2)"),
        ("]C10109506000134353", "GS1 check digit wrong in GTIN 09506000134353"),
        ("(01)0950600013435", "GS1 AI 01 (GTIN) needs 14 characters, got 13"),
        ("(01)095060001343521", "GS1 AI 01 (GTIN) needs 14 characters, got 15"),
        ("]C1010950600013435", "GS1 AI 01 (GTIN) needs 14 characters, got 13"),
        ("(01)0950600013435A", "GS1 AI 01 (GTIN) must be digits only"),
        ("(3103)00125X", "GS1 AI 3103 (net weight (kg)) must be digits only"),
        ("(3106)001250", "unknown GS1 application identifier (3106)"),
        ("(7003)2401011200", "unknown GS1 application identifier (7003)"),
        ("]C10109506000134352XYZ", "unknown GS1 application identifier at 'XYZ'"),
        ("]C1" + "0109506000134352" + "21" + "A" * 21, "GS1 AI 21 (serial) is too long: 21"),
        ("(10)" + "B" * 21, "GS1 AI 10 (batch/lot) is too long: 21 characters, at most 20"),
        ("(30)123456789", "GS1 AI 30 (count) is too long: 9 characters, at most 8"),
        ("(21)", "GS1 AI 21 (serial) has no data"),
        ("]C121" + GS + "10ABC", "GS1 AI 21 (serial) has no data"),
        ("(21)ABC é", "GS1 AI 21 (serial) contains a character GS1 does not allow: ' '"),
        ("(21)ABCé", "GS1 AI 21 (serial) contains a character GS1 does not allow: 'é'"),
        ("(17)241301", "GS1 AI 17 (expiry date) is not a valid date (YYMMDD): 241301"),
        ("(17)240231", "GS1 AI 17 (expiry date) is not a valid date (YYMMDD): 240231"),
        ("(21)A(21)B", "GS1 AI 21 appears twice with different values"),
        ("]C1", "GS1 scan contains no data"),
        (GS, "GS1 scan contains no data"),
    ],
)
def test_malformed_gs1_is_rejected_with_a_reason(text, expected):
    assert reason_of(text).startswith(expected)


def test_date_day_zero_means_end_of_month_and_is_valid():
    assert ais_of("(17)241200") == {"17": "241200"}


def test_repeated_ai_with_the_same_value_is_accepted():
    assert ais_of("(21)A(21)A") == {"21": "A"}


def test_problem_text_renders_control_characters_visibly():
    assert "<U+001D>" in reason_of("]C1" + GS + GS + "01")


# --- derived values ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ai", "value", "kg"),
    [
        ("3103", "001250", Decimal("1.250")),
        ("3100", "000007", Decimal("7")),
        ("3105", "123456", Decimal("1.23456")),
        ("3102", "000000", Decimal("0.00")),
    ],
)
def test_net_weight_uses_the_decimal_indicator(ai, value, kg):
    weight = net_weight_kg({ai: value})
    assert weight == kg
    assert str(weight) == str(kg)  # the encoded precision is kept


def test_net_weight_absent_and_pounds_are_not_kilograms():
    assert net_weight_kg({"01": "09506000134352"}) is None
    assert net_weight_kg({"3203": "001250"}) is None


def test_human_readable_keeps_scanned_order():
    assert human_readable({"21": "X", "01": "09506000134352"}) == "(21)X(01)09506000134352"
