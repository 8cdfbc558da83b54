"""GTINs and GS1 check digits.

Owns the GS1 mod-10 check digit (GTINs, GLNs, SSCCs), which codes are GTIN-8/12/13/14
or a printed EAN/UPC, and the spellings of one GTIN (13, 14, 12 and 8 digits). Only
ASCII digits count as digits. Used by GS1 parsing (station.scanning.gs1), UPC-E and
add-ons (station.scanning.ean_upc) and scan interpretation.
"""

from __future__ import annotations

import re

__all__ = [
    "GTIN_LENGTHS",
    "gtin_check_digit",
    "gtin_forms",
    "has_valid_check_digit",
    "is_ascii_digits",
    "is_valid_ean",
    "is_valid_gtin",
]


GTIN_LENGTHS = frozenset({8, 12, 13, 14})
_ASCII_DIGITS = re.compile(r"[0-9]+")


def gtin_check_digit(digits: str) -> int:
    """The GS1 mod-10 check digit for `digits` (a GTIN, GLN or SSCC without its last digit)."""
    if not is_ascii_digits(digits):
        raise ValueError(f"gtin_check_digit needs ASCII digits, got {digits!r}")
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return (10 - total % 10) % 10


def has_valid_check_digit(code: str) -> bool:
    """True when `code` is ASCII digits (2 or more) ending in their GS1 check digit."""
    return (
        len(code) >= 2 and is_ascii_digits(code) and gtin_check_digit(code[:-1]) == int(code[-1])
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


def is_ascii_digits(text: str) -> bool:
    # str.isdigit() accepts non-ASCII digits such as '٣'; GS1 data never contains them.
    return isinstance(text, str) and _ASCII_DIGITS.fullmatch(text) is not None
