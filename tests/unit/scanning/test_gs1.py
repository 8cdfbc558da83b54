"""GS1 helpers and exact parsing (station.scanning.gs1): check digits, GTIN spellings,
the AI table, every notation scanners send, and a clear reason for each defect."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station.scanning.gs1 import (
    AI_TABLE,
    GS,
    Gs1Fields,
    Gs1Problem,
    Piece,
    date_value,
    gtin_check_digit,
    gtin_forms,
    human_readable,
    is_valid_ean,
    is_valid_gtin,
    net_weight_kg,
    parse_gs1,
    piece_of,
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
        "01095060001343527003XYZ",  # AI 7003 needs a date and a time, not XYZ
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
        ("(8999)123", "unknown GS1 application identifier (8999)"),
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


def test_ais_the_station_does_not_use_are_kept_not_refused():
    """Once AI 7003 (expiry date and time) made the whole scan unreadable."""
    assert ais_of("(7003)2401011200") == {"7003": "2401011200"}
    assert ais_of("]C10109506000134352" + "70032401011200" + GS + "10AB") == {
        "01": "09506000134352",
        "7003": "2401011200",
        "10": "AB",
    }


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


# --- dates: GS1 General Specifications §7.12 ---------------------------------------------

SUMMER_2025 = date(2025, 6, 15)


@pytest.mark.parametrize(
    ("value", "today", "expected"),
    [
        ("250526", SUMMER_2025, date(2025, 5, 26)),
        ("750526", SUMMER_2025, date(2075, 5, 26)),  # 50 years ahead: this century
        ("760526", SUMMER_2025, date(1976, 5, 26)),  # 51 years ahead: the last one
        ("110526", date(2060, 1, 1), date(2011, 5, 26)),  # 49 years back: this century
        ("100526", date(2060, 1, 1), date(2110, 5, 26)),  # 50 years back: the next one
        ("240200", SUMMER_2025, date(2024, 2, 29)),  # day 00: last day of the month
        ("250200", SUMMER_2025, date(2025, 2, 28)),
        ("241200", SUMMER_2025, date(2024, 12, 31)),
        ("240229", SUMMER_2025, date(2024, 2, 29)),
        ("230229", SUMMER_2025, None),
        ("000229", SUMMER_2025, date(2000, 2, 29)),
        ("000229", date(2060, 1, 1), None),  # 00 is then 2100: not a leap year
        ("241301", SUMMER_2025, None),
        ("240431", SUMMER_2025, None),
        ("2404", SUMMER_2025, None),
        ("24O401", SUMMER_2025, None),
    ],
)
def test_two_digit_years_follow_the_gs1_century_rule(value, today, expected):
    assert date_value(value, today) == expected


def test_29_february_is_refused_outside_leap_years():
    assert ais_of("(17)240229") == {"17": "240229"}
    reason = parse_gs1("(17)230229", today=SUMMER_2025)
    assert reason == Gs1Problem(
        "GS1 AI 17 (expiry date) is not a valid date (YYMMDD): 230229 (2023 is not a leap year)"
    )
    assert isinstance(parse_gs1("(11)000229", today=SUMMER_2025), Gs1Fields)
    assert isinstance(parse_gs1("(11)000229", today=date(2060, 1, 1)), Gs1Problem)


def test_day_zero_only_where_gs1_allows_it():
    assert isinstance(parse_gs1("(15)250200"), Gs1Fields)  # YYMMD0
    assert reason_of("(7006)250200").startswith("GS1 AI 7006 (FIRST FREEZE DATE) is not a valid")


def test_four_digit_years_are_checked_for_leap_years_too():
    assert isinstance(parse_gs1("(8018)123456789012345675(7250)20240229"), Gs1Fields)
    assert "2023 is not a leap year" in reason_of("(8018)123456789012345675(7250)20230229")


# --- pieces of one item: AI 8006 / 8026 -----------------------------------------------------


def test_8006_says_which_box_of_an_item_this_is():
    ais = ais_of("]C1" + "8006" + "09506000134352" + "0102" + GS + "21SN1")
    assert piece_of(ais) == Piece("8006", "09506000134352", 1, 2)
    assert str(piece_of(ais)) == "piece 1 of 2"
    assert piece_of(ais_of("(8026)095060001343520303(37)5")) == Piece(
        "8026", "09506000134352", 3, 3
    )
    assert piece_of({"01": "09506000134352"}) is None


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("095060001343520300", "piece 3 of 0"),
        ("095060001343520003", "piece 0 of 3"),
        ("095060001343520302", "piece 3 of 2"),
        ("095060001343530102", "GS1 check digit wrong in piece of an item (ITIP) 09506000134353"),
        ("0950600013435201", "needs 18 characters, got 16"),
    ],
)
def test_impossible_pieces_are_refused(value, reason):
    assert reason in reason_of(f"(8006){value}")


# --- pharma and other AIs of the whole table --------------------------------------------------


@pytest.mark.parametrize("ai", ["710", "711", "712", "713", "714", "715", "716", "717"])
def test_national_healthcare_reimbursement_numbers_are_read(ai):
    text = "]d2" + "0109506000134352" + "17270131" + "10LOT7" + GS + f"{ai}AB-12345" + GS + "21S1"
    assert ais_of(text) == {
        "01": "09506000134352",
        "17": "270131",
        "10": "LOT7",
        ai: "AB-12345",
        "21": "S1",
    }
    assert "is too long: 21 characters, at most 20" in reason_of(f"({ai})" + "A" * 21)


@pytest.mark.parametrize("decimals", range(10))
def test_392n_price_is_read_with_any_decimal_indicator(decimals):
    text = f"]C1010950600013435230123{GS}392{decimals}12599"
    assert ais_of(text) == {"01": "09506000134352", "30": "123", f"392{decimals}": "12599"}
