"""GS1 element strings: parsing of scanned GS1 data by GS1's own Application Identifier
table, and the values the station reads from it.

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

Whether one AI's data is valid (lengths, character sets, check digits, dates) is
station.scanning.gs1_rules; GTINs and check digits are station.scanning.gtin, whose
functions are importable from here too.

Nothing here raises on bad input (`gtin_check_digit` is a helper for known digit
strings and raises ValueError on misuse).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from station.messages import Message, msg
from station.scanning.ai_table import AI_TABLE, AiEntry, ai_at, ai_table
from station.scanning.gs1_rules import check_value, excerpt_of, full_year
from station.scanning.gtin import (
    GTIN_LENGTHS,
    gtin_check_digit,
    gtin_forms,
    has_valid_check_digit,
    is_ascii_digits,
    is_valid_ean,
    is_valid_gtin,
)

__all__ = [
    "AI_TABLE",
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

_BRACKETED_AI = re.compile(r"(?<!\\)\(([0-9]{2,4})\)")


@dataclass(frozen=True)
class Gs1Fields:
    """A fully valid GS1 element string: AI → data, in scanned order."""

    ais: dict[str, str]


@dataclass(frozen=True)
class Gs1Problem:
    """Text that is marked as GS1 but is not valid GS1; `reason` is for the packer
    (a Message, so the GUI shows it in the packer's language)."""

    reason: Message


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
        if value is not None and len(value) == 18 and is_ascii_digits(value):
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
    if len(value) != 6 or not is_ascii_digits(value):
        return None
    year = full_year(int(value[:2]), today or date.today())
    month, day = int(value[2:4]), int(value[4:6])
    if not 1 <= month <= 12:
        return None
    last_day = calendar.monthrange(year, month)[1]
    if day > last_day:
        return None
    return date(year, month, day or last_day)


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
            return Gs1Problem(msg("GS1 scan contains no data"))
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
            return _unknown_ai(ai)
        if ai in ais and not repeats:
            return Gs1Problem(msg("GS1 AI {ai} appears twice", ai=ai))
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
            return Gs1Problem(msg("unknown GS1 application identifier at {excerpt}",
                                  excerpt=excerpt_of(body[position:])))
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
            return _unknown_ai(ai)
        problem = _store(ais, entry, value.strip(" ").replace("\\(", "("), today)
        if problem:
            return problem
    return Gs1Fields(ais)


def _store(
    ais: dict[str, str], entry: AiEntry, value: str, today: date | None
) -> Gs1Problem | None:
    problem = check_value(entry, value, today)
    if problem:
        return Gs1Problem(problem)
    if ais.get(entry.ai, value) != value:
        return Gs1Problem(msg("GS1 AI {ai} appears twice with different values", ai=entry.ai))
    ais[entry.ai] = value
    return None


def _unknown_ai(ai: str) -> Gs1Problem:
    return Gs1Problem(msg("unknown GS1 application identifier ({ai})", ai=ai))


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
