"""Every fixed word a printed document carries, in the station's printing languages.

Owns the caption tables of the packing slip, the package label and the invoice in
English ("en") and Turkish ("tr"), and the way dates, amounts and tax rates are
written on paper in each language. `captions(document, language)` is the one entry:
an unknown or empty language prints English, so a document always prints.

The Turkish words are the ones a Turkish store's paperwork uses: the slip is a
"Paketleme fişi" (never "Sevk irsaliyesi": that is a legal document the station does
not issue), tax is "KDV".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

LANGUAGES = ("en", "tr")
DEFAULT_LANGUAGE = "en"

_SLIP = {
    "en": {
        "title": "Packing slip", "order": "Order", "placed": "Placed", "channel": "Channel",
        "delivery": "Delivery", "cargo": "Cargo", "tracking": "Tracking",
        "invoice": "Invoice", "gift": "GIFT BOX", "same_day": "SAME DAY",
        "collect": "CLICK & COLLECT", "gift_note": "Gift note", "notes": "Order notes",
        "qty": "Qty", "item": "Item", "sku": "SKU", "size": "Size", "colour": "Colour",
        "barcode": "Barcode", "units": "Items in this package", "page": "Page",
        "package": "Package",
    },
    "tr": {
        "title": "Paketleme fişi", "order": "Sipariş", "placed": "Sipariş tarihi",
        "channel": "Kanal", "delivery": "Teslimat", "cargo": "Kargo", "tracking": "Takip no",
        "invoice": "Fatura", "gift": "HEDİYE PAKETİ", "same_day": "AYNI GÜN",
        "collect": "MAĞAZADAN TESLİM", "gift_note": "Hediye notu", "notes": "Sipariş notları",
        "qty": "Adet", "item": "Ürün", "sku": "SKU", "size": "Beden", "colour": "Renk",
        "barcode": "Barkod", "units": "Bu paketteki ürünler", "page": "Sayfa",
        "package": "Paket",
    },
}

_LABEL = {
    "en": {"order": "ORDER", "to": "TO", "items": "ITEMS", "gift": "GIFT",
           "same_day": "SAME DAY"},
    "tr": {"order": "SİPARİŞ", "to": "ALICI", "items": "ÜRÜN", "gift": "HEDİYE",
           "same_day": "AYNI GÜN"},
}

_INVOICE = {
    "en": {
        "title": "Invoice", "number": "Invoice no.", "date": "Invoice date", "order": "Order",
        "placed": "Order date", "package": "Package", "billed": "Billed to",
        "tax_office": "Tax office", "tax_no": "Tax no.", "item": "Item", "sku": "SKU",
        "qty": "Qty", "rate": "Tax %", "tax": "Tax", "discount": "Discount", "net": "Net",
        "total": "Total", "totals": "Totals", "grand": "Amount due", "page": "Page",
    },
    "tr": {
        "title": "Fatura", "number": "Fatura no", "date": "Fatura tarihi",
        "order": "Sipariş", "placed": "Sipariş tarihi", "package": "Paket",
        "billed": "Fatura adresi", "tax_office": "Vergi dairesi", "tax_no": "Vergi no",
        "item": "Ürün", "sku": "SKU", "qty": "Adet", "rate": "KDV %", "tax": "KDV",
        "discount": "İndirim", "net": "Net", "total": "Toplam", "totals": "Ara toplam",
        "grand": "Ödenecek tutar", "page": "Sayfa",
    },
}

_TABLES: Mapping[str, Mapping[str, Mapping[str, str]]] = {
    "slip": _SLIP, "label": _LABEL, "invoice": _INVOICE}

# OMS's delivery_type as `facts.read_package` makes it readable, in other languages.
_DELIVERY_TYPES = {"tr": {"same day": "Aynı gün", "standard": "Standart"}}

_TURKISH_SEPARATORS = str.maketrans(",.", ".,")  # 1,234.50 → 1.234,50
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def language_of(language: str | None) -> str:
    """The printing language a setting or locale names ("tr_TR" → "tr"); English for
    anything this station does not print in."""
    code = re.split(r"[_\-.]", (language or "").strip().lower(), maxsplit=1)[0]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def captions(document: str, language: str | None) -> Mapping[str, str]:
    """The caption table of `document` ("slip", "label" or "invoice") in `language`."""
    return _TABLES[document][language_of(language)]


def date(iso: str, language: str | None) -> str:
    """A YYYY-MM-DD date as the language writes it short: 31.12.2026 in Turkish,
    2026-12-31 in English. Anything else is printed as it came."""
    found = _ISO_DATE.match(iso)
    if found is None or language_of(language) != "tr":
        return iso
    year, month, day = found.groups()
    return f"{day}.{month}.{year}"


def money(value: Decimal, language: str | None) -> str:
    """An amount with two decimals: 1,234.50 in English, 1.234,50 in Turkish."""
    text = f"{value:,.2f}"
    if language_of(language) == "tr":
        return text.translate(_TURKISH_SEPARATORS)
    return text


def percent(rate: str, language: str | None) -> str:
    """A tax rate: 20.00% in English (as OMS wrote it), %20 in Turkish (no zero
    decimals, a decimal comma: %8,5); nothing for no rate."""
    if not rate:
        return ""
    if language_of(language) != "tr":
        return f"{rate}%"
    whole, point, fraction = rate.partition(".")
    fraction = fraction.rstrip("0") if whole.isdigit() and fraction.isdigit() else fraction
    return f"%{whole},{fraction}" if point and fraction else f"%{whole}"


def delivery_type(readable: str, language: str | None) -> str:
    """The package's delivery type in `language`; an unknown one as OMS named it."""
    return _DELIVERY_TYPES.get(language_of(language), {}).get(readable.lower(), readable)
