"""GS1 element strings: GTIN check digits and parsing of scanned GS1 data by GS1's own
Application Identifier table.

Owns the GS1 syntax the station reads: how scanners mark GS1 data (symbology
identifiers `]C1` `]d2` `]Q3` `]e0`, a leading FNC1 sent as GS, GS between
variable-length fields), the human-readable form with brackets
`(01)09506000134352(21)ABC`, and the rules every AI's data must follow. The AI table
itself (all ~540 AIs of the GS1 Barcode Syntax Dictionary) is read by ai_table.py.

Every AI is parsed by its format: fixed or variable length, its components and their
character sets. What the station does not use is kept, not refused. A scan is
rejected only when it breaks GS1 syntax: an AI GS1 does not define (its length cannot
be known), data of the wrong length or characters, a wrong check digit, an
impossible date or time (two-digit years by the GS1 General Specifications §7.12
rule, so 29 February only in leap years; day 00 means the month's last day), a bad
"piece of total", or the same AI twice with different values. Deeper content checks
of the dictionary (country and currency codes, IBAN, coupon codes, company prefixes)
and AI pairing rules are not applied: they do not change what the item is.

Nothing here raises on bad input (`gtin_check_digit` is a helper for known digit
strings and raises ValueError on misuse).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from station.scanning.ai_table import AI_TABLE, AiEntry, Component, ai_at, ai_table

__all__ = [
    "AI_TABLE",
    "CSET39",
    "CSET64",
    "CSET82",
    "GS",
    "GS1_SYMBOLOGY_IDS",
    "GTIN_LENGTHS",
    "Gs1Fields",
    "Gs1Problem",
    "Piece",
    "date_value",
    "gtin_check_digit",
    "gtin_forms",
    "has_valid_check_digit",
    "human_readable",
    "is_valid_ean",
    "is_valid_gtin",
    "net_weight_kg",
    "parse_gs1",
    "piece_of",
    "validate_fields",
]

GS = "\x1d"
GS1_SYMBOLOGY_IDS = ("]C1", "]d2", "]Q3", "]e0")
GTIN_LENGTHS = frozenset({8, 12, 13, 14})

# GS1 General Specifications, figure 7.11-1: the 82 characters allowed in
# alphanumeric AI data ("CSET 82"); CSET 39 and the URI-safe base64 set (CSET 64)
# for the few AIs that use them.
CSET82 = frozenset(
    "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
)
CSET39 = frozenset("#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
CSET64 = frozenset("-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")
_CHARSETS = {"X": CSET82, "Y": CSET39, "Z": CSET64}
_ASCII_DIGITS = re.compile(r"[0-9]+")
_BRACKETED_AI = re.compile(r"(?<!\\)\(([0-9]{2,4})\)")

# Names the packer knows for the AIs the station uses; other AIs use GS1's title.
_NAMES = {
    "00": "SSCC", "01": "GTIN", "02": "GTIN of contained items", "10": "batch/lot",
    "11": "production date", "12": "due date", "13": "packaging date",
    "15": "best before date", "16": "sell by date", "17": "expiry date", "20": "variant",
    "21": "serial", "22": "consumer product variant", "30": "count",
    "37": "count of contained items", "8006": "piece of an item (ITIP)",
    "8026": "piece of contained items (ITIP content)",
    **{ai: "GLN" for ai in ("410", "411", "412", "413", "414", "415", "416", "417")},
    **{f"310{n}": "net weight (kg)" for n in range(6)},
    **{f"320{n}": "net weight (lb)" for n in range(6)},
    **{f"330{n}": "gross weight (kg)" for n in range(6)},
}


@dataclass(frozen=True)
class Gs1Fields:
    """A fully valid GS1 element string: AI → data, in scanned order."""

    ais: dict[str, str]


@dataclass(frozen=True)
class Gs1Problem:
    """Text that is marked as GS1 but is not valid GS1; `reason` is for the packer."""

    reason: str


@dataclass(frozen=True)
class Piece:
    """One box of an item shipped in several (AI 8006), or of items inside a
    logistic unit (AI 8026): `gtin` of the whole item, piece `number` of `total`."""

    ai: str
    gtin: str
    number: int
    total: int

    def __str__(self) -> str:
        return f"piece {self.number} of {self.total}"


# --- GTINs and check digits ------------------------------------------------------------


def gtin_check_digit(digits: str) -> int:
    """The GS1 mod-10 check digit for `digits` (a GTIN, GLN or SSCC without its last digit)."""
    if not _is_ascii_digits(digits):
        raise ValueError(f"gtin_check_digit needs ASCII digits, got {digits!r}")
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return (10 - total % 10) % 10


def has_valid_check_digit(code: str) -> bool:
    """True when `code` is ASCII digits (2 or more) ending in their GS1 check digit."""
    return (
        len(code) >= 2 and _is_ascii_digits(code) and gtin_check_digit(code[:-1]) == int(code[-1])
    )


def is_valid_gtin(code: str) -> bool:
    """True for a GTIN-8/12/13/14 (EAN-8, UPC-A, EAN-13, GTIN-14) with a correct check digit."""
    return isinstance(code, str) and len(code) in GTIN_LENGTHS and has_valid_check_digit(code)


def is_valid_ean(code: str) -> bool:
    """True for a product barcode as printed: EAN-8, UPC-A (12) or EAN-13, check digit correct."""
    return is_valid_gtin(code) and len(code) != 14


def gtin_forms(code: str) -> tuple[str, ...]:
    """Every spelling of the same valid GTIN: 13, 14, 12 then 8 digits (those that exist).

    GTINs are equal when they are equal after left-padding with zeros to 14 digits.
    Returns () for anything that is not a valid GTIN.
    """
    if not is_valid_gtin(code):
        return ()
    gtin14 = code.zfill(14)
    forms = [gtin14[1:] if gtin14.startswith("0") else "", gtin14]
    forms.append(gtin14[2:] if gtin14.startswith("00") else "")
    forms.append(gtin14[6:] if gtin14.startswith("000000") else "")
    return tuple(form for form in forms if form)


# --- values derived from the fields ----------------------------------------------------


def net_weight_kg(ais: Mapping[str, str]) -> Decimal | None:
    """The net weight in kg from AI 310n (n = decimals), exactly as encoded; None if absent."""
    for decimals in range(6):
        value = ais.get(f"310{decimals}")
        if value is not None:
            return Decimal(int(value)).scaleb(-decimals)
    return None


def piece_of(ais: Mapping[str, str]) -> Piece | None:
    """The "piece N of M" of AI 8006 (or 8026), when the scan carries one."""
    for ai in ("8006", "8026"):
        value = ais.get(ai)
        if value is not None and len(value) == 18 and _is_ascii_digits(value):
            return Piece(ai, value[:14], int(value[14:16]), int(value[16:]))
    return None


def human_readable(ais: Mapping[str, str]) -> str:
    """The bracketed form printed under GS1 barcodes, e.g. `(01)09506000134352(21)ABC`."""
    return "".join(f"({ai}){value}" for ai, value in ais.items())


def date_value(value: str, today: date | None = None) -> date | None:
    """The date of a GS1 YYMMDD value (day 00 = last day of the month), or None when
    it is not a date. The century follows GS1 General Specifications §7.12: a year 51
    or more years ahead of `today` is in the past century, 50 or more years behind
    is in the next one."""
    if len(value) != 6 or not _is_ascii_digits(value):
        return None
    year = _full_year(int(value[:2]), today or date.today())
    month, day = int(value[2:4]), int(value[4:6])
    if not 1 <= month <= 12:
        return None
    last_day = calendar.monthrange(year, month)[1]
    if day > last_day:
        return None
    return date(year, month, day or last_day)


def _full_year(two_digits: int, today: date) -> int:
    century, current = divmod(today.year, 100)
    difference = two_digits - current
    if difference >= 51:
        century -= 1
    elif difference <= -50:
        century += 1
    return century * 100 + two_digits


# --- parsing ---------------------------------------------------------------------------


def parse_gs1(
    text: str, separators: tuple[str, ...] = (GS,), today: date | None = None
) -> Gs1Fields | Gs1Problem | None:
    """Parse scanned text as GS1, or return None when it is not GS1 at all.

    Text marked as GS1 (symbology identifier, leading FNC1/GS, a GS inside, or the
    bracketed form) gives Gs1Fields or a Gs1Problem. Unmarked text that merely starts
    like GS1 (`01` + a valid GTIN-14, as scanners send when they drop the leading FNC1)
    gives Gs1Fields only when it parses completely, else None, so it stays a plain code.
    `today` places two-digit years in their century (default: the current date).
    """
    if _BRACKETED_AI.match(text):
        return _parse_bracketed(text, today)
    body, marked = _strip_marker(text, separators)
    if marked:
        if not body:
            return Gs1Problem("GS1 scan contains no data")
        return _parse_element_string(body, separators, today)
    if len(text) >= 16 and text.startswith("01") and is_valid_gtin(text[2:16]):
        result = _parse_element_string(text, separators, today)
        return result if isinstance(result, Gs1Fields) else None
    return None


def validate_fields(
    fields: Iterable[tuple[str, str]], today: date | None = None, repeats: bool = True
) -> Gs1Fields | Gs1Problem:
    """Check AI/value pairs (e.g. from a Digital Link URI) by the AI table.
    `repeats=False` refuses any AI given twice, as Digital Link does."""
    ais: dict[str, str] = {}
    for ai, value in fields:
        entry = ai_table().get(ai)
        if entry is None:
            return Gs1Problem(f"unknown GS1 application identifier ({ai})")
        if ai in ais and not repeats:
            return Gs1Problem(f"GS1 AI {ai} appears twice")
        problem = _store(ais, entry, value, today)
        if problem:
            return problem
    return Gs1Fields(ais)


def _strip_marker(text: str, separators: tuple[str, ...]) -> tuple[str, bool]:
    """Remove a symbology identifier and/or a leading FNC1; say whether text is marked GS1."""
    body, marked = text, False
    for symbology in GS1_SYMBOLOGY_IDS:
        if body.startswith(symbology):
            body, marked = body[len(symbology) :], True
            break
    for separator in separators:
        if body.startswith(separator):
            return body[len(separator) :], True
    return body, marked or any(sep in body for sep in separators)


def _parse_element_string(
    body: str, separators: tuple[str, ...], today: date | None
) -> Gs1Fields | Gs1Problem:
    """Parse AI+data fields; variable-length data ends at a separator or at the end."""
    ais: dict[str, str] = {}
    position = 0
    while position < len(body):
        entry = ai_at(body, position)
        if entry is None:
            return Gs1Problem(f"unknown GS1 application identifier at {_excerpt(body[position:])}")
        start = position + len(entry.ai)
        end = _field_end(body, start, entry, separators)
        problem = _store(ais, entry, body[start:end], today)
        if problem:
            return problem
        position = _skip_separators(body, end, separators)
    return Gs1Fields(ais)


def _field_end(body: str, start: int, entry: AiEntry, separators: tuple[str, ...]) -> int:
    """Where an AI's data ends: after its fixed length (a separator there is optional,
    so data of a known length parses either way), else at the next separator."""
    separator_at = _next_separator(body, start, separators)
    fixed = entry.fixed_length
    return separator_at if fixed is None else min(start + fixed, separator_at)


def _parse_bracketed(text: str, today: date | None) -> Gs1Fields | Gs1Problem:
    """Parse `(AI)data(AI)data…`; spaces around fields are allowed (GS1 data has none)
    and `\\(` stands for a bracket inside the data."""
    pieces = _BRACKETED_AI.split(text)  # ["", ai, data, ai, data, …]: text starts with "("
    ais: dict[str, str] = {}
    for ai, value in zip(pieces[1::2], pieces[2::2], strict=True):
        entry = ai_table().get(ai)
        if entry is None:
            return Gs1Problem(f"unknown GS1 application identifier ({ai})")
        problem = _store(ais, entry, value.strip(" ").replace("\\(", "("), today)
        if problem:
            return problem
    return Gs1Fields(ais)


def _store(
    ais: dict[str, str], entry: AiEntry, value: str, today: date | None
) -> Gs1Problem | None:
    problem = _check_value(entry, value, today)
    if problem:
        return Gs1Problem(problem)
    if ais.get(entry.ai, value) != value:
        return Gs1Problem(f"GS1 AI {entry.ai} appears twice with different values")
    ais[entry.ai] = value
    return None


def _next_separator(body: str, start: int, separators: tuple[str, ...]) -> int:
    found = [i for i in (body.find(sep, start) for sep in separators) if i >= 0]
    return min(found, default=len(body))


def _skip_separators(body: str, position: int, separators: tuple[str, ...]) -> int:
    """Step over the separators after a field (allowed after fixed-length fields too;
    a doubled one is harmless)."""
    moved = True
    while moved:
        moved = False
        for separator in separators:
            if body.startswith(separator, position):
                position, moved = position + len(separator), True
    return position


# --- checking one value ----------------------------------------------------------------


def _label(entry: AiEntry) -> str:
    name = _NAMES.get(entry.ai) or entry.title or "no title"
    return f"GS1 AI {entry.ai} ({name})"


def _check_value(entry: AiEntry, value: str, today: date | None) -> str | None:
    """Why `value` is not valid data for the AI, or None when it is."""
    if not value:
        return f"{_label(entry)} has no data"
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


def _length_problem(entry: AiEntry, value: str) -> str:
    fixed = entry.fixed_length
    if fixed is not None:
        return f"{_label(entry)} needs {fixed} characters, got {len(value)}"
    if len(value) > entry.max_length:
        return f"{_label(entry)} is too long: {len(value)} characters, at most {entry.max_length}"
    return (
        f"{_label(entry)} does not fit its format {entry.format}: "
        f"{_excerpt(value)} ({len(value)} characters)"
    )


def _check_characters(entry: AiEntry, component: Component, part: str) -> str | None:
    if component.kind == "N":
        if not _is_ascii_digits(part):
            return f"{_label(entry)} must be digits only, got {_excerpt(part)}"
        return None
    allowed = _CHARSETS[component.kind]
    body = part.rstrip("=") if component.kind == "Z" else part  # base64 padding
    bad = next((c for c in body if c not in allowed), None)
    if bad is not None:
        return f"{_label(entry)} contains a character GS1 does not allow: {_char_name(bad)}"
    return None


def _check_content(entry: AiEntry, component: Component, part: str, today: date) -> str | None:
    for check in component.checks:
        rule = _CONTENT_RULES.get(check)
        problem = rule(entry, part, today) if rule else None
        if problem:
            return problem
    return None


def _check_digit_rule(entry: AiEntry, part: str, today: date) -> str | None:
    if has_valid_check_digit(part):
        return None
    name = _NAMES.get(entry.ai) or entry.title
    return f"GS1 check digit wrong in {name} {part} (should end in {gtin_check_digit(part[:-1])})"


def _date_rule(pattern: str, day_zero: bool) -> Callable[[AiEntry, str, date], str | None]:
    """A check for YYMMDD/YYYYMMDD data; `day_zero`: day 00 (end of month) allowed."""

    def check(entry: AiEntry, part: str, today: date) -> str | None:
        problem = _date_problem(part, today, day_zero)
        if problem is None:
            return None
        return f"{_label(entry)} is not a valid date ({pattern}): {part}{problem}"

    return check


def _date_problem(part: str, today: date, day_zero: bool) -> str | None:
    """None when fine; else what to add to the message: " (2023 is not a leap year)" or ""."""
    if len(part) == 8:
        year, rest = int(part[:4]), part[4:]
    else:
        year, rest = _full_year(int(part[:2]), today), part[2:]
    month, day = int(rest[:2]), int(rest[2:])
    if not 1 <= month <= 12 or (day == 0 and not day_zero):
        return ""
    if day > calendar.monthrange(year, month)[1]:
        return f" ({year} is not a leap year)" if (month, day) == (2, 29) else ""
    return None


def _range_rule(what: str, low: int, high: int) -> Callable[[AiEntry, str, date], str | None]:
    """A check for 2-digit hours, minutes or seconds (HH, MI, SS)."""

    def check(entry: AiEntry, part: str, today: date) -> str | None:
        if low <= int(part) <= high:
            return None
        return f"{_label(entry)} has an impossible {what}: {part}"

    return check


def _time_rule(entry: AiEntry, part: str, today: date) -> str | None:
    if int(part[:2]) <= 23 and int(part[2:]) <= 59:
        return None
    return f"{_label(entry)} has an impossible time (HHMM): {part}"


def _piece_rule(entry: AiEntry, part: str, today: date) -> str | None:
    half = len(part) // 2
    number, total = int(part[:half]), int(part[half:])
    if number == 0 or total == 0 or number > total:
        return f"{_label(entry)} is not a valid piece of total: piece {number} of {total}"
    return None


def _digit_rule(allowed: str, what: str) -> Callable[[AiEntry, str, date], str | None]:
    def check(entry: AiEntry, part: str, today: date) -> str | None:
        return None if part in allowed else f"{_label(entry)} must be {what}, got {part}"

    return check


def _nonzero_rule(entry: AiEntry, part: str, today: date) -> str | None:
    return f"{_label(entry)} has a zero value: {part}" if int(part) == 0 else None


def _no_zero_prefix_rule(entry: AiEntry, part: str, today: date) -> str | None:
    if part.startswith("0") and part != "0":
        return f"{_label(entry)} must not start with 0: {part}"
    return None


def _hyphen_rule(entry: AiEntry, part: str, today: date) -> str | None:
    return None if part == "-" else f"{_label(entry)} may only end in '-', got {part!r}"


# The dictionary's content checks ("linters") that decide whether data is possible at
# all. Its other linters (ISO 3166/4217 codes, IBAN, coupons, company prefixes, …) are
# semantics the station does not need and are skipped.
_CONTENT_RULES: dict[str, Callable[[AiEntry, str, date], str | None]] = {
    "csum": _check_digit_rule,
    "yymmd0": _date_rule("YYMMDD", day_zero=True),
    "yymmdd": _date_rule("YYMMDD", day_zero=False),
    "yyyymmd0": _date_rule("YYYYMMDD", day_zero=True),
    "yyyymmdd": _date_rule("YYYYMMDD", day_zero=False),
    "hh": _range_rule("hour", 0, 23),
    "mi": _range_rule("minute", 0, 59),
    "ss": _range_rule("second", 0, 59),
    "hhmi": _time_rule,
    "hhmm": _time_rule,
    "pieceoftotal": _piece_rule,
    "zero": _digit_rule("0", "0"),
    "yesno": _digit_rule("01", "0 or 1"),
    "winding": _digit_rule("019", "0, 1 or 9"),
    "nonzero": _nonzero_rule,
    "nozeroprefix": _no_zero_prefix_rule,
    "hyphen": _hyphen_rule,
}


def _is_ascii_digits(text: str) -> bool:
    # str.isdigit() accepts non-ASCII digits such as '٣'; GS1 data never contains them.
    return isinstance(text, str) and _ASCII_DIGITS.fullmatch(text) is not None


def _char_name(char: str) -> str:
    return repr(char) if char.isprintable() else f"U+{ord(char):04X}"


def _excerpt(text: str, limit: int = 12) -> str:
    shown = "".join(c if c.isprintable() else f"<U+{ord(c):04X}>" for c in text[:limit])
    return f"'{shown}…'" if len(text) > limit else f"'{shown}'"
