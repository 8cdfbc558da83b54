"""Whether one GS1 application identifier's data is valid, and why not.

Owns the rules every AI's data must follow, by its entry in the AI table
(station.scanning.ai_table): the components and their lengths, the character sets
(CSET 82, CSET 39, CSET 64), and the dictionary's content checks that decide whether
data is possible at all — check digits, dates (two-digit years by GS1 General
Specifications §7.12, 29 February only in leap years, day 00 where allowed), times,
"piece of total", fixed digits. `check_value` says why a value is not valid, as a
packer-facing Message naming the AI, or None.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date

from station.messages import Message, msg
from station.scanning.ai_table import AiEntry, Component
from station.scanning.gtin import gtin_check_digit, has_valid_check_digit, is_ascii_digits

__all__ = ["CSET39", "CSET64", "CSET82", "Rule", "check_value", "excerpt_of", "full_year"]


# GS1 General Specifications, figure 7.11-1: the 82 characters allowed in
# alphanumeric AI data ("CSET 82"); CSET 39 and the URI-safe base64 set (CSET 64)
# for the few AIs that use them.
CSET82 = frozenset(
    "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
)
CSET39 = frozenset("#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
CSET64 = frozenset("-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")
_CHARSETS = {"X": CSET82, "Y": CSET39, "Z": CSET64}


# Names the packer knows for the AIs the station uses; other AIs use GS1's title.
# Our own words are Messages, so they translate; GS1's titles are GS1's data.
_NAMES: dict[str, str] = {
    "00": "SSCC", "01": "GTIN", "02": msg("GTIN of contained items"), "10": msg("batch/lot"),
    "11": msg("production date"), "12": msg("due date"), "13": msg("packaging date"),
    "15": msg("best before date"), "16": msg("sell by date"), "17": msg("expiry date"),
    "20": msg("variant"), "21": msg("serial"), "22": msg("consumer product variant"),
    "30": msg("count"), "37": msg("count of contained items"),
    "8006": msg("piece of an item (ITIP)"),
    "8026": msg("piece of contained items (ITIP content)"),
    **{ai: "GLN" for ai in ("410", "411", "412", "413", "414", "415", "416", "417")},
    **{f"310{n}": msg("net weight (kg)") for n in range(6)},
    **{f"320{n}": msg("net weight (lb)") for n in range(6)},
    **{f"330{n}": msg("gross weight (kg)") for n in range(6)},
}


def full_year(two_digits: int, today: date) -> int:
    """The year of a two-digit GS1 year (General Specifications §7.12): 51 or more years
    ahead of `today` is the past century, 50 or more behind the next one."""
    century, current = divmod(today.year, 100)
    difference = two_digits - current
    if difference >= 51:
        century -= 1
    elif difference <= -50:
        century += 1
    return century * 100 + two_digits


# A content check: why the data is impossible, or None.
Rule = Callable[[AiEntry, str, date], Message | None]


def _label(entry: AiEntry) -> Message:
    name = _NAMES.get(entry.ai) or entry.title or msg("no title")
    return msg("GS1 AI {ai} ({name})", ai=entry.ai, name=name)


def check_value(entry: AiEntry, value: str, today: date | None) -> Message | None:
    """Why `value` is not valid data for the AI, or None when it is."""
    if not value:
        return msg("{label} has no data", label=_label(entry))
    parts = _split_components(entry, value)
    if parts is None:
        return _length_problem(entry, value)
    for component, part in parts:
        problem = _check_characters(entry, component, part) or _check_content(
            entry, component, part, today or date.today()
        )
        if problem:
            return problem
    return None


def _split_components(entry: AiEntry, value: str) -> list[tuple[Component, str]] | None:
    """Cut `value` into the AI's components (each takes its length from the front; the
    last may vary; optional ones may be missing at the end), or None if it cannot be."""
    parts: list[tuple[Component, str]] = []
    rest = value
    for component in entry.components:
        if not rest and component.optional:
            break
        part = rest[: component.max_length] if component.fixed else rest
        if len(part) < component.min_length or len(part) > component.max_length:
            return None
        parts.append((component, part))
        rest = rest[len(part) :]
    return parts if not rest else None


def _length_problem(entry: AiEntry, value: str) -> Message:
    fixed = entry.fixed_length
    if fixed is not None:
        return msg("{label} needs {fixed} characters, got {length}", label=_label(entry),
                   fixed=fixed, length=len(value))
    if len(value) > entry.max_length:
        return msg("{label} is too long: {length} characters, at most {most}",
                   label=_label(entry), length=len(value), most=entry.max_length)
    return msg("{label} does not fit its format {format}: {excerpt} ({length} characters)",
               label=_label(entry), format=entry.format, excerpt=excerpt_of(value),
               length=len(value))


def _check_characters(entry: AiEntry, component: Component, part: str) -> Message | None:
    if component.kind == "N":
        if not is_ascii_digits(part):
            return msg("{label} must be digits only, got {excerpt}", label=_label(entry),
                       excerpt=excerpt_of(part))
        return None
    allowed = _CHARSETS[component.kind]
    body = part.rstrip("=") if component.kind == "Z" else part  # base64 padding
    bad = next((c for c in body if c not in allowed), None)
    if bad is not None:
        return msg("{label} contains a character GS1 does not allow: {char}",
                   label=_label(entry), char=_char_name(bad))
    return None


def _check_content(
    entry: AiEntry, component: Component, part: str, today: date
) -> Message | None:
    for check in component.checks:
        rule = _CONTENT_RULES.get(check)
        problem = rule(entry, part, today) if rule else None
        if problem:
            return problem
    return None


def _check_digit_rule(entry: AiEntry, part: str, today: date) -> Message | None:
    if has_valid_check_digit(part):
        return None
    return msg("GS1 check digit wrong in {name} {code} (should end in {digit})",
               name=_NAMES.get(entry.ai) or entry.title, code=part,
               digit=gtin_check_digit(part[:-1]))


def _date_rule(pattern: str, day_zero: bool) -> Rule:
    """A check for YYMMDD/YYYYMMDD data; `day_zero`: day 00 (end of month) allowed."""

    def check(entry: AiEntry, part: str, today: date) -> Message | None:
        problem = _date_problem(part, today, day_zero)
        if problem is None:
            return None
        if problem:
            return msg("{label} is not a valid date ({pattern}): {value} "
                       "({year} is not a leap year)", label=_label(entry), pattern=pattern,
                       value=part, year=problem)
        return msg("{label} is not a valid date ({pattern}): {value}", label=_label(entry),
                   pattern=pattern, value=part)

    return check


def _date_problem(part: str, today: date, day_zero: bool) -> int | None:
    """None when fine; else the year that is not a leap year (29 February), or 0."""
    if len(part) == 8:
        year, rest = int(part[:4]), part[4:]
    else:
        year, rest = full_year(int(part[:2]), today), part[2:]
    month, day = int(rest[:2]), int(rest[2:])
    if not 1 <= month <= 12 or (day == 0 and not day_zero):
        return 0
    if day > calendar.monthrange(year, month)[1]:
        return year if (month, day) == (2, 29) else 0
    return None


def _range_rule(what: Message, low: int, high: int) -> Rule:
    """A check for 2-digit hours, minutes or seconds (HH, MI, SS)."""

    def check(entry: AiEntry, part: str, today: date) -> Message | None:
        if low <= int(part) <= high:
            return None
        return msg("{label} has an impossible {what}: {value}", label=_label(entry), what=what,
                   value=part)

    return check


def _time_rule(entry: AiEntry, part: str, today: date) -> Message | None:
    if int(part[:2]) <= 23 and int(part[2:]) <= 59:
        return None
    return msg("{label} has an impossible time (HHMM): {value}", label=_label(entry), value=part)


def _piece_rule(entry: AiEntry, part: str, today: date) -> Message | None:
    half = len(part) // 2
    number, total = int(part[:half]), int(part[half:])
    if number == 0 or total == 0 or number > total:
        return msg("{label} is not a valid piece of total: piece {number} of {total}",
                   label=_label(entry), number=number, total=total)
    return None


def _digit_rule(allowed: str, what: str) -> Rule:
    def check(entry: AiEntry, part: str, today: date) -> Message | None:
        if part in allowed:
            return None
        return msg("{label} must be {what}, got {value}", label=_label(entry), what=what,
                   value=part)

    return check


def _nonzero_rule(entry: AiEntry, part: str, today: date) -> Message | None:
    if int(part) != 0:
        return None
    return msg("{label} has a zero value: {value}", label=_label(entry), value=part)


def _no_zero_prefix_rule(entry: AiEntry, part: str, today: date) -> Message | None:
    if part.startswith("0") and part != "0":
        return msg("{label} must not start with 0: {value}", label=_label(entry), value=part)
    return None


def _hyphen_rule(entry: AiEntry, part: str, today: date) -> Message | None:
    if part == "-":
        return None
    return msg("{label} may only end in '-', got {value}", label=_label(entry), value=repr(part))


# The dictionary's content checks ("linters") that decide whether data is possible at
# all. Its other linters (ISO 3166/4217 codes, IBAN, coupons, company prefixes, …) are
# semantics the station does not need and are skipped.
_CONTENT_RULES: dict[str, Rule] = {
    "csum": _check_digit_rule,
    "yymmd0": _date_rule("YYMMDD", day_zero=True),
    "yymmdd": _date_rule("YYMMDD", day_zero=False),
    "yyyymmd0": _date_rule("YYYYMMDD", day_zero=True),
    "yyyymmdd": _date_rule("YYYYMMDD", day_zero=False),
    "hh": _range_rule(msg("hour"), 0, 23),
    "mi": _range_rule(msg("minute"), 0, 59),
    "ss": _range_rule(msg("second"), 0, 59),
    "hhmi": _time_rule,
    "hhmm": _time_rule,
    "pieceoftotal": _piece_rule,
    "zero": _digit_rule("0", "0"),
    "yesno": _digit_rule("01", msg("0 or 1")),
    "winding": _digit_rule("019", msg("0, 1 or 9")),
    "nonzero": _nonzero_rule,
    "nozeroprefix": _no_zero_prefix_rule,
    "hyphen": _hyphen_rule,
}


def _char_name(char: str) -> str:
    return repr(char) if char.isprintable() else f"U+{ord(char):04X}"


def excerpt_of(text: str, limit: int = 12) -> str:
    shown = "".join(c if c.isprintable() else f"<U+{ord(c):04X}>" for c in text[:limit])
    return f"'{shown}…'" if len(text) > limit else f"'{shown}'"
