"""EAN/UPC product codes as scanners send them: the GTIN inside, UPC-E ↔ UPC-A, add-ons.

Owns reading a non-GS1 scan as a retail product code: EAN-13, UPC-A, EAN-8, ITF-14,
UPC-E (zero-suppressed UPC-A, expanded by the GS1 General Specifications rules and
compressed back), and the 2- or 5-digit add-on printed beside EAN-13/UPC (periodicals,
books). Scanners send an add-on three ways: with symbology identifier `]E3` and the
base code as 13 digits (15 or 18 digits in all, ISO/IEC 15420), as the bare 15/18-digit
concatenation, or after a space (`5025121072311 51299`). The add-on is kept; the
product is its base code.

The AIM symbology identifier decides ambiguous lengths: 8 digits are an EAN-8 under
`]E4` and a UPC-E under `]E0`; without one, a valid EAN-8 is read as EAN-8 (its UPC-E
reading is still offered as a spelling). Bare 15/18 digits are read as code + add-on
when their first 13 digits are a valid EAN-13, even if the 18 digits could also be an
SSCC: the exact scan stays the first lookup candidate, so a package number still
matches, while a book with a price add-on would otherwise be refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from station.scanning.gtin import gtin_forms, has_valid_check_digit, is_valid_gtin

__all__ = ["RetailCode", "read_retail_code", "retail_forms", "upca_to_upce", "upce_to_upca"]

_ADDON_LENGTHS = (2, 5)


@dataclass(frozen=True)
class RetailCode:
    """The product a retail barcode names (`gtin`, 14 digits) and its add-on, if any.
    `other_gtin`: the second reading of 8 digits that are both a valid EAN-8 and a
    valid UPC-E (`gtin` is then the EAN-8)."""

    gtin: str
    addon: str | None = None
    other_gtin: str | None = None

    def spellings(self) -> tuple[str, ...]:
        """Every spelling a catalogue may hold for this product (see retail_forms)."""
        forms = retail_forms(self.gtin)
        other = retail_forms(self.other_gtin) if self.other_gtin else ()
        return (*forms, *(form for form in other if form not in forms))


def read_retail_code(text: str, symbology: str = "") -> RetailCode | None:
    """The GTIN (and add-on) of an EAN/UPC/ITF-14 scan; None when `text` is not one.
    `symbology` is the AIM identifier the scanner sent (`]E0`, `]E3`, `]E4`, …) or ""."""
    if symbology == "]E3":
        return _with_addon(text, base_lengths=(13, 12, 8))
    if symbology in ("]E1", "]E2"):  # an add-on scanned on its own names no product
        return None
    if not symbology:
        spaced = _spaced_addon(text)
        if spaced is not None:
            return spaced
        if len(text) in (15, 18):
            return _with_addon(text, base_lengths=(13,))
    gtin = _base_gtin(text, symbology, upce_first=symbology == "]E0")
    if gtin is None:
        return None
    upca = upce_to_upca(text) if symbology != "]E4" else None
    other = upca.zfill(14) if upca and upca.zfill(14) != gtin else None
    return RetailCode(gtin, other_gtin=other)


def retail_forms(gtin14: str) -> tuple[str, ...]:
    """Every spelling of a GTIN a catalogue may hold: the GTIN-13/14/12/8 forms and,
    for a UPC-A that zero-suppresses, its 8-digit UPC-E."""
    forms = gtin_forms(gtin14)
    upce = upca_to_upce(gtin14[2:]) if len(gtin14) == 14 and gtin14.startswith("00") else None
    return (*forms, upce) if upce and upce not in forms else forms


def upce_to_upca(upce: str) -> str | None:
    """The UPC-A (12 digits) an 8-digit UPC-E stands for; None unless `upce` is a valid
    UPC-E: number system 0 or 1, check digit right, and in its one canonical form."""
    if len(upce) != 8 or upce[0] not in "01" or not upce.isascii() or not upce.isdigit():
        return None
    digits, last = upce[1:7], upce[6]
    if last in "012":
        body = digits[:2] + last + "0000" + digits[2:5]
    elif last == "3":
        body = digits[:3] + "00000" + digits[3:5]
    elif last == "4":
        body = digits[:4] + "00000" + digits[4]
    else:
        body = digits[:5] + "0000" + last
    upca = upce[0] + body + upce[7]
    # A UPC-E that does not compress back the same way (e.g. 3rd digit 0-2 with last
    # digit 3) is not one GS1 allows; reading it would invent a product code.
    if not has_valid_check_digit(upca) or upca_to_upce(upca) != upce:
        return None
    return upca


def upca_to_upce(upca: str) -> str | None:
    """The 8-digit UPC-E of a UPC-A that GS1's zero-suppression rules compress; else None."""
    if len(upca) != 12 or upca[0] not in "01" or not has_valid_check_digit(upca):
        return None
    system, maker, item, check = upca[0], upca[1:6], upca[6:11], upca[11]
    if maker[2] in "012" and maker[3:] == "00" and item[:2] == "00":
        middle = maker[:2] + item[2:] + maker[2]
    elif maker[3:] == "00" and item[:3] == "000":
        middle = maker[:3] + item[3:] + "3"
    elif maker[4] == "0" and item[:4] == "0000":
        middle = maker[:4] + item[4] + "4"
    elif item[:4] == "0000" and item[4] in "56789":
        middle = maker + item[4]
    else:
        return None
    return system + middle + check


def _base_gtin(code: str, symbology: str, upce_first: bool) -> str | None:
    """The GTIN-14 of a bare product code, or None."""
    if len(code) == 8:
        upca = upce_to_upca(code)
        ean8 = code if symbology != "]E0" and is_valid_gtin(code) else None
        if symbology == "]E4":
            return ean8.zfill(14) if ean8 else None
        if upca and (upce_first or not ean8):
            return upca.zfill(14)
        return ean8.zfill(14) if ean8 else None
    if len(code) in (12, 13, 14) and is_valid_gtin(code):
        return code.zfill(14)
    return None


def _with_addon(digits: str, base_lengths: tuple[int, ...]) -> RetailCode | None:
    if not digits.isascii() or not digits.isdigit():
        return None
    for length in base_lengths:
        addon = digits[length:]
        if len(addon) in _ADDON_LENGTHS:
            gtin = _base_gtin(digits[:length], "]E3", upce_first=True)
            if gtin:
                return RetailCode(gtin, addon)
    return None


def _spaced_addon(text: str) -> RetailCode | None:
    """`5025121072311 51299`: a code, one space, the add-on (zxing-cpp's output)."""
    base, space, addon = text.partition(" ")
    if not space or len(addon) not in _ADDON_LENGTHS or not addon.isascii() or not addon.isdigit():
        return None
    if len(base) not in (8, 12, 13):
        return None
    # An add-on beside an 8-digit code marks it as UPC-E: EAN-8 has no add-on.
    gtin = _base_gtin(base, "", upce_first=True)
    return RetailCode(gtin, addon) if gtin else None

