"""Printed documents in the station's language: a Turkish slip, label (PDF and ZPL) and
invoice carry Turkish captions and dates and still scan back; English stays the default.
Read back by poppler and zxing; the Turkish ones are also written to /tmp/doclang/*.png
for a person to look at."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from station.documents import (
    StationInfo,
    Text,
    package_label,
    packing_slip,
    render_pdf,
    render_zpl,
)
from station.documents import captions as words
from station.documents.invoice import build as build_invoice
from station.documents.invoice import read_invoice
from station.documents.settings import PrintSettings
from station.errors import UsageError
from station.simulator import documents as sim_documents

from .geometry import problems
from .payloads import package
from .readback import code128, pdf_pages, pdf_text
from .test_invoice import priced

LOOK_AT = Path("/tmp/doclang")
ENGLISH = StationInfo("Moda Mağazası Kadıköy", "İstanbul Depo")
TURKISH = replace(ENGLISH, language="tr")
NUMBER = "2236607691411584P1"
FIELD = re.compile(r"\^FD(.*?)\^FS", re.S)


def texts(document) -> list[str]:
    return [e.text for page in document.pages for e in page.elements if isinstance(e, Text)]


def gift_package(items: int = 2) -> dict:
    payload = package(items, gift_note="Mutlu yıllar", notes="Kapıya bırakın", repeat=2)
    payload["is_click_and_collect"] = True
    return payload


def look_at(pdf: bytes, name: str) -> None:
    """The first page as PNG through poppler, for a person to look at."""
    LOOK_AT.mkdir(parents=True, exist_ok=True)
    pdf_pages(pdf, dpi=150)[0].save(LOOK_AT / f"{name}.png")


def test_turkish_slip_reads_turkish_and_scans_back() -> None:
    document = packing_slip(gift_package(), TURKISH, "A5")
    assert problems(document) == []
    printed = texts(document)
    for expected in ("Paketleme fişi", "Sipariş", "Sipariş tarihi", "15.03.2023", "Kanal",
                     "Teslimat", "Aynı gün", "Kargo", "Takip no", "Fatura", "HEDİYE PAKETİ",
                     "AYNI GÜN", "MAĞAZADAN TESLİM", "Hediye notu", "Sipariş notları",
                     "Adet", "Ürün", "Bu paketteki ürünler: 4", "Sayfa 1 / 1"):
        assert expected in printed, expected
    details = [t for t in printed if t.startswith("SKU: SKU-0000")]
    assert details == ["SKU: SKU-0000 · Beden: M · Renk: Lacivert · Barkod: 8600000000000"]
    for english in ("Packing slip", "Order", "GIFT BOX", "Gift note", "Qty", "2023-03-15"):
        assert english not in printed, english
    pdf = render_pdf(document)
    text = pdf_text(pdf)
    assert "Paketleme fişi" in text and "HEDİYE PAKETİ" in text and "Sipariş notları" in text
    assert code128(pdf_pages(pdf)[0]) == [NUMBER]
    look_at(pdf, "slip-tr")


def test_turkish_label_reads_turkish_in_pdf_and_zpl() -> None:
    document = package_label(gift_package(), TURKISH, "100x150")
    assert problems(document) == []
    printed = texts(document)
    for expected in ("SİPARİŞ", "ALICI", "ÜRÜN", "HEDİYE", "AYNI GÜN"):
        assert expected in printed, expected
    assert not {"ORDER", "TO", "ITEMS", "GIFT", "SAME DAY"} & set(printed)
    pdf = render_pdf(document)
    assert "SİPARİŞ" in pdf_text(pdf) and "ALICI" in pdf_text(pdf)
    assert code128(pdf_pages(pdf)[0]) == [NUMBER]
    look_at(pdf, "label-tr")

    zpl = render_zpl(document, dpi=203)
    assert zpl.index("^CI28") < zpl.index("^FD")  # UTF-8 announced before any field
    fields = FIELD.findall(zpl)
    for expected in ("SİPARİŞ", "ALICI", "ÜRÜN", "HEDİYE", "AYNI GÜN"):
        assert expected in fields, expected
    assert re.search(rf"\^BCN,\d+,N,N,N,A\^FH\^FD{NUMBER}\^FS", zpl)
    zpl.encode("utf-8")  # what the printer is sent


def test_turkish_invoice_reads_turkish_with_turkish_numbers() -> None:
    payload = priced(package(3, repeat=2))
    answer = sim_documents.invoice(42, payload, "2026-11-29T13:45:00.000000Z")
    answer["address"]["tax_office"], answer["address"]["tax_no"] = "Kadıköy", "1234567890"
    document = build_invoice(read_invoice(answer, payload), TURKISH)
    assert problems(document) == []
    printed = texts(document)
    for expected in ("Fatura", "Fatura no", "Fatura tarihi", "29.11.2026", "Sipariş tarihi",
                     "15.03.2023", "Fatura adresi", "Ürün", "Adet", "KDV %", "KDV", "İndirim",
                     "Net", "Toplam", "Ödenecek tutar", "%20", "600,00 TRY",
                     "Vergi dairesi: Kadıköy Vergi no: 1234567890", "Sayfa 1 / 1"):
        assert expected in printed, expected
    assert not {"Invoice", "Billed to", "Tax %", "Amount due", "2026-11-29"} & set(printed)
    pdf = render_pdf(document)
    assert "Ödenecek tutar" in pdf_text(pdf)
    assert code128(pdf_pages(pdf)[0]) == [answer["number"]]
    look_at(pdf, "invoice-tr")


def test_english_is_unchanged_by_default() -> None:
    payload = gift_package()
    for default in (ENGLISH, replace(ENGLISH, language="en"), replace(ENGLISH, language="de")):
        assert packing_slip(payload, default, "A4") == packing_slip(payload, ENGLISH, "A4")
        assert package_label(payload, default) == package_label(payload, ENGLISH)
    printed = texts(packing_slip(payload, ENGLISH, "A4"))
    for expected in ("Packing slip", "Placed", "2023-03-15", "Same day", "GIFT BOX",
                     "CLICK & COLLECT", "Items in this package: 4", "Page 1 / 1"):
        assert expected in printed, expected
    label = texts(package_label(payload, ENGLISH))
    assert {"ORDER", "TO", "ITEMS", "GIFT", "SAME DAY"} <= set(label)


def test_a_long_turkish_caption_keeps_the_quantity_column_clear() -> None:
    """"Adet" is wider than "Qty", and all three marks are longer in Turkish: the item
    column moves over and the marks still fit, on every paper size."""
    for size in ("A4", "A5", "A6"):
        assert problems(packing_slip(gift_package(12), TURKISH, size)) == []


@pytest.mark.parametrize(("given", "expected"), [
    ("tr", "tr"), ("TR", "tr"), ("tr_TR", "tr"), ("tr-TR.UTF-8", "tr"), ("en_GB", "en"),
    ("", "en"), (None, "en"), ("de", "en")])
def test_language_names_are_read_like_locales(given: str | None, expected: str) -> None:
    assert words.language_of(given) == expected


def test_formats_follow_the_language() -> None:
    assert words.date("2026-03-05", "tr") == "05.03.2026"
    assert words.date("2026-03-05", "en") == "2026-03-05"
    assert words.date("05/03/2026", "tr") == "05/03/2026"  # not ours to guess: as it came
    assert words.money(Decimal("1234.5"), "tr") == "1.234,50"
    assert words.money(Decimal("1234.5"), "en") == "1,234.50"
    assert words.percent("20", "tr") == "%20" and words.percent("20.00", "en") == "20.00%"
    assert words.percent("20.00", "tr") == "%20" and words.percent("8.50", "tr") == "%8,5"
    assert words.delivery_type("Same day", "tr") == "Aynı gün"
    assert words.delivery_type("Express", "tr") == "Express"


def test_every_language_names_every_caption() -> None:
    for document in ("slip", "label", "invoice"):
        assert set(words.captions(document, "tr")) == set(words.captions(document, "en"))


def test_the_settings_file_names_the_printing_language() -> None:
    assert PrintSettings.from_json({}).language == ""
    assert PrintSettings.from_json({"language": "tr"}).language == "tr"
    assert PrintSettings.from_json({"language": " EN "}).language == "en"
    for bad in ("de", "turkish", 1, None):
        with pytest.raises(UsageError, match="is not a language documents print in"):
            PrintSettings.from_json({"language": bad})
