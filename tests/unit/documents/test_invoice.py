"""Our invoice, rendered from OMS's invoice answer (the simulator's generator of the
documented 201 body) and the package payload: read back by poppler and zxing, and
a 40-item invoice written to /tmp/invoice/*.png for a person to look at."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from station.documents import StationInfo, render_pdf, render_png_pages
from station.documents.invoice import build, read_invoice
from station.errors import DecodeError
from station.simulator import documents as sim_documents
from tests.unit.documents.payloads import LONG_NAME, TURKISH, package
from tests.unit.documents.readback import code128, pdf_pages, pdf_text, png_image

LOOK_AT = Path("/tmp/invoice")
STATION = StationInfo("Moda Şehri Mağazacılık", "Kadıköy Depo")


def priced(payload: dict) -> dict:
    """The package with the amounts OMS keeps on each order item."""
    for entry in payload["packageitem_set"]:
        entry["order_item"].update({"tax_rate": "20.00", "tax_amount": "16.67",
                                    "discount_amount": "5.00", "net_amount": "83.33",
                                    "price": "100.00", "price_currency": "try"})
    payload["shipping_address"] = {
        "id": 77, "first_name": "Ayşe", "last_name": "Gündoğdu", "line": "Bağdat Cad. No: 5",
        "postcode": "34710", "city": {"pk": 34, "name": "İstanbul"},
        "district": {"pk": 9, "name": "Kadıköy"}, "email": "ayse@example.com"}
    return payload


def invoice_for(payload: dict, invoice_id: int = 42) -> dict:
    return sim_documents.invoice(invoice_id, payload, "2026-11-29T13:45:00.000000Z")


def test_lines_join_products_by_order_item_and_sum_the_units():
    payload = priced(package(3, repeat=2))
    facts = read_invoice(invoice_for(payload), payload)
    assert facts.number == "INV00000042" and facts.date == "2026-11-29"
    assert facts.package_number == payload["number"] and facts.order_date == "2023-03-15"
    assert [(line.name, line.sku, line.quantity) for line in facts.lines] == [
        ("Ürün 0 Şal Örgü", "SKU-0000", 2), ("Ürün 1 Şal Örgü", "SKU-0001", 2),
        ("Ürün 2 Şal Örgü", "SKU-0002", 2)]
    assert facts.lines[0].total == Decimal("200.00") and facts.lines[0].tax == Decimal("33.34")
    assert facts.sum_of("total") == Decimal("600.00") and facts.currency == "TRY"
    assert facts.billing[0] == "Ayşe Gündoğdu"
    assert "34710 Kadıköy / İstanbul" in facts.billing


def test_an_invoice_without_a_number_cannot_be_printed():
    payload = priced(package(1))
    answer = invoice_for(payload)
    answer["number"] = None
    with pytest.raises(DecodeError, match="no number"):
        read_invoice(answer, payload)


def test_every_page_scans_back_to_the_invoice_and_turkish_letters_survive():
    payload = priced(package(40, name=f"{TURKISH} {LONG_NAME}"))
    layout = build(read_invoice(invoice_for(payload), payload), STATION)
    pdf = render_pdf(layout)
    pages = pdf_pages(pdf)
    assert len(pages) == len(layout.pages) >= 2
    assert all(code128(page) == ["INV00000042"] for page in pages)
    text = pdf_text(pdf)
    assert TURKISH in text and STATION.store_name in text and "Ayşe Gündoğdu" in text
    assert "4,000.00 TRY" in text  # the amount due: 40 × 100.00
    assert f"Page {len(pages)} / {len(pages)}" in text


def test_a_forty_item_invoice_as_png_for_a_person_to_look_at():
    payload = priced(package(40, repeat=1))
    payload["packageitem_set"][3]["order_item"]["product"]["name"] = LONG_NAME
    layout = build(read_invoice(invoice_for(payload, 7), payload), STATION)
    LOOK_AT.mkdir(parents=True, exist_ok=True)
    for old in LOOK_AT.glob("invoice-40-items-*.png"):
        old.unlink()
    for number, png in enumerate(render_png_pages(layout, dpi=110), start=1):
        (LOOK_AT / f"invoice-40-items-{number}.png").write_bytes(png)
        assert code128(png_image(png)) == ["INV00000007"]
    assert len(list(LOOK_AT.glob("invoice-40-items-*.png"))) == len(layout.pages)
