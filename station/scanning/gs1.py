"""GS1 element strings: GTIN check digits and exact parsing of scanned GS1 data.

Owns the GS1 knowledge the station needs: the application identifiers (AIs) of
common product and logistic labels, how scanners mark GS1 data (symbology
identifiers `]C1` `]d2` `]Q3` `]e0`, a leading FNC1 sent as GS, GS between
variable-length fields) and the human-readable form with brackets
`(01)09506000134352(21)ABC`.

Parsing is exact: a string is either fully valid GS1 or it is rejected with a
sentence a packer can read. Nothing here raises on bad input (`gtin_check_digit`
is a helper for known digit strings and raises ValueError on misuse).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

GS = "\x1d"
GS1_SYMBOLOGY_IDS = ("]C1", "]d2", "]Q3", "]e0")
GTIN_LENGTHS = frozenset({8, 12, 13, 14})

# GS1 General Specifications, figure 7.11-1: the 82 characters allowed in
# alphanumeric AI data ("CSET 82").
CSET82 = frozenset(
    "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
)
_ASCII_DIGITS = re.compile(r"[0-9]+")
_BRACKETED_AI = re.compile(r"\(([0-9]{2,4})\)")


@dataclass(frozen=True)
class AiSpec:
    """How the data of one application identifier looks."""

    name: str
    length: int  # exact length when fixed, else the maximum
    fixed: bool = True
    numeric: bool = True
    check_digit: bool = False
    date: bool = False


def _build_ai_table() -> dict[str, AiSpec]:
    table = {
        "00": AiSpec("SSCC", 18, check_digit=True),
        "01": AiSpec("GTIN", 14, check_digit=True),
        "02": AiSpec("GTIN of contained items", 14, check_digit=True),
        "10": AiSpec("batch/lot", 20, fixed=False, numeric=False),
        "11": AiSpec("production date", 6, date=True),
        "12": AiSpec("due date", 6, date=True),
        "13": AiSpec("packaging date", 6, date=True),
        "15": AiSpec("best before date", 6, date=True),
        "16": AiSpec("sell by date", 6, date=True),
        "17": AiSpec("expiry date", 6, date=True),
        "20": AiSpec("variant", 2),
        "21": AiSpec("serial", 20, fixed=False, numeric=False),
        "22": AiSpec("consumer product variant", 20, fixed=False, numeric=False),
        "240": AiSpec("additional product id", 30, fixed=False, numeric=False),
        "241": AiSpec("customer part number", 30, fixed=False, numeric=False),
        "250": AiSpec("secondary serial", 30, fixed=False, numeric=False),
        "251": AiSpec("source entity reference", 30, fixed=False, numeric=False),
        "30": AiSpec("count", 8, fixed=False),
        "37": AiSpec("count of contained items", 8, fixed=False),
        "400": AiSpec("customer order number", 30, fixed=False, numeric=False),
        "401": AiSpec("consignment number", 30, fixed=False, numeric=False),
        "403": AiSpec("routing code", 30, fixed=False, numeric=False),
        "420": AiSpec("ship-to postal code", 20, fixed=False, numeric=False),
        "422": AiSpec("country of origin", 3),
    }
    for ai in ("410", "411", "412", "413", "414", "415"):
        table[ai] = AiSpec("GLN", 13, check_digit=True)
    measures = {
        "310": "net weight (kg)",
        "311": "length (m)",
        "312": "width (m)",
        "313": "depth (m)",
        "314": "area (m²)",
        "315": "net volume (l)",
        "316": "net volume (m³)",
        "320": "net weight (lb)",
        "330": "gross weight (kg)",
    }
    for prefix, name in measures.items():
        for decimals in range(6):
            table[f"{prefix}{decimals}"] = AiSpec(name, 6)
    for ai in ["90", *(str(n) for n in range(91, 100))]:
        table[ai] = AiSpec("internal", 30 if ai == "90" else 90, fixed=False, numeric=False)
    return table


# The GS1 AI table is prefix-free (no AI is the start of another), so the first
# 2-, 3- or 4-digit prefix found in the table is the AI. A unit test checks it.
AI_TABLE: dict[str, AiSpec] = _build_ai_table()


@dataclass(frozen=True)
class Gs1Fields:
    """A fully valid GS1 element string: AI → data, in scanned order."""

    ais: dict[str, str]


@dataclass(frozen=True)
class Gs1Problem:
    """Text that is marked as GS1 but is not valid GS1; `reason` is for the packer."""

    reason: str


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


def net_weight_kg(ais: dict[str, str]) -> Decimal | None:
    """The net weight in kg from AI 310n (n = decimals), exactly as encoded; None if absent."""
    for decimals in range(6):
        value = ais.get(f"310{decimals}")
        if value is not None:
            return Decimal(int(value)).scaleb(-decimals)
    return None


def human_readable(ais: dict[str, str]) -> str:
    """The bracketed form printed under GS1 barcodes, e.g. `(01)09506000134352(21)ABC`."""
    return "".join(f"({ai}){value}" for ai, value in ais.items())


def parse_gs1(text: str, separators: tuple[str, ...] = (GS,)) -> Gs1Fields | Gs1Problem | None:
    """Parse scanned text as GS1, or return None when it is not GS1 at all.

    Text marked as GS1 (symbology identifier, leading FNC1/GS, a GS inside, or the
    bracketed form) gives Gs1Fields or a Gs1Problem. Unmarked text that merely starts
    like GS1 (`01` + a valid GTIN-14, as scanners send when they drop the leading FNC1)
    gives Gs1Fields only when it parses completely, else None, so it stays a plain code.
    """
    if _BRACKETED_AI.match(text):
        return _parse_bracketed(text)
    body, marked = _strip_marker(text, separators)
    if marked:
        if not body:
            return Gs1Problem("GS1 scan contains no data")
        return _parse_element_string(body, separators)
    if len(text) >= 16 and text.startswith("01") and is_valid_gtin(text[2:16]):
        result = _parse_element_string(text, separators)
        return result if isinstance(result, Gs1Fields) else None
    return None


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


def _parse_element_string(body: str, separators: tuple[str, ...]) -> Gs1Fields | Gs1Problem:
    """Parse AI+data fields; variable-length data ends at a separator or at the end."""
    ais: dict[str, str] = {}
    position = 0
    while position < len(body):
        ai = _ai_at(body, position)
        if ai is None:
            return Gs1Problem(f"unknown GS1 application identifier at {_excerpt(body[position:])}")
        spec = AI_TABLE[ai]
        start = position + len(ai)
        end = start + spec.length if spec.fixed else _next_separator(body, start, separators)
        if not spec.fixed and end - start > spec.length:
            return Gs1Problem(_too_long(ai, spec, end - start))
        problem = _store(ais, ai, body[start:end])
        if problem:
            return problem
        position = _skip_one_separator(body, min(end, len(body)), separators)
    return Gs1Fields(ais)


def _parse_bracketed(text: str) -> Gs1Fields | Gs1Problem:
    """Parse `(AI)data(AI)data…`; spaces around fields are allowed (GS1 data has none)."""
    pieces = _BRACKETED_AI.split(text)  # ["", ai, data, ai, data, …]: text starts with "("
    ais: dict[str, str] = {}
    for ai, value in zip(pieces[1::2], pieces[2::2], strict=True):
        if ai not in AI_TABLE:
            return Gs1Problem(f"unknown GS1 application identifier ({ai})")
        spec = AI_TABLE[ai]
        value = value.strip(" ")
        if not spec.fixed and len(value) > spec.length:
            return Gs1Problem(_too_long(ai, spec, len(value)))
        problem = _store(ais, ai, value)
        if problem:
            return problem
    return Gs1Fields(ais)


def _store(ais: dict[str, str], ai: str, value: str) -> Gs1Problem | None:
    problem = _check_value(ai, AI_TABLE[ai], value)
    if problem:
        return Gs1Problem(problem)
    if ais.get(ai, value) != value:
        return Gs1Problem(f"GS1 AI {ai} appears twice with different values")
    ais[ai] = value
    return None


def _check_value(ai: str, spec: AiSpec, value: str) -> str | None:
    """Why `value` is not valid data for `ai`, or None when it is."""
    label = f"GS1 AI {ai} ({spec.name})"
    if not value:
        return f"{label} has no data"
    if spec.fixed and len(value) != spec.length:
        return f"{label} needs {spec.length} characters, got {len(value)}"
    if spec.numeric and not _is_ascii_digits(value):
        return f"{label} must be digits only, got {_excerpt(value)}"
    if not spec.numeric:
        bad = next((c for c in value if c not in CSET82), None)
        if bad is not None:
            return f"{label} contains a character GS1 does not allow: {_char_name(bad)}"
    if spec.check_digit and not has_valid_check_digit(value):
        expected = gtin_check_digit(value[:-1])
        return f"GS1 check digit wrong in {spec.name} {value} (should end in {expected})"
    if spec.date and not _is_valid_yymmdd(value):
        return f"{label} is not a valid date (YYMMDD): {value}"
    return None


def _ai_at(body: str, position: int) -> str | None:
    for length in (2, 3, 4):
        candidate = body[position : position + length]
        if len(candidate) == length and candidate in AI_TABLE:
            return candidate
    return None


def _next_separator(body: str, start: int, separators: tuple[str, ...]) -> int:
    found = [i for i in (body.find(sep, start) for sep in separators) if i >= 0]
    return min(found, default=len(body))


def _skip_one_separator(body: str, position: int, separators: tuple[str, ...]) -> int:
    """Step over one separator after a field (allowed after fixed-length fields too)."""
    for separator in separators:
        if body.startswith(separator, position):
            return position + len(separator)
    return position


def _too_long(ai: str, spec: AiSpec, length: int) -> str:
    return f"GS1 AI {ai} ({spec.name}) is too long: {length} characters, at most {spec.length}"


def _is_valid_yymmdd(value: str) -> bool:
    # Day 00 means "end of the month" in GS1 dates. February allows 29: the
    # century is not known from YYMMDD alone.
    month, day = int(value[2:4]), int(value[4:6])
    days_in_month = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    return 1 <= month <= 12 and day <= days_in_month[month - 1]


def _is_ascii_digits(text: str) -> bool:
    # str.isdigit() accepts non-ASCII digits such as '٣'; GS1 data never contains them.
    return isinstance(text, str) and _ASCII_DIGITS.fullmatch(text) is not None


def _char_name(char: str) -> str:
    return repr(char) if char.isprintable() else f"U+{ord(char):04X}"


def _excerpt(text: str, limit: int = 12) -> str:
    shown = "".join(c if c.isprintable() else f"<U+{ord(c):04X}>" for c in text[:limit])
    return f"'{shown}…'" if len(text) > limit else f"'{shown}'"
