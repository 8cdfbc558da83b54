"""PDF output, read back by poppler and zxing-cpp as a printer and a scanner would."""

from __future__ import annotations

import pytest

from station.documents import StationInfo, package_label, packing_slip, render_pdf

from .payloads import EMOJI_NOTE, TURKISH, all_fixture_packages, package
from .readback import code128, pdf_pages, pdf_text

INFO = StationInfo("Moda Mağazası Kadıköy", "İstanbul Depo")


@pytest.mark.parametrize("size", ["A4", "A5", "A6"])
@pytest.mark.parametrize("payload", all_fixture_packages(), ids=lambda p: p["number"])
def test_slip_barcode_scans_back_to_the_package_number(payload: dict, size: str) -> None:
    pdf = render_pdf(packing_slip(payload, INFO, size))
    assert pdf.startswith(b"%PDF-")
    pages = pdf_pages(pdf, dpi=200)
    assert len(pages) == 1
    assert code128(pages[0]) == [payload["number"]]


@pytest.mark.parametrize("size", ["100x150", "100x100"])
@pytest.mark.parametrize("payload", all_fixture_packages(), ids=lambda p: p["number"])
def test_label_pdf_scans_at_thermal_resolution(payload: dict, size: str) -> None:
    pages = pdf_pages(render_pdf(package_label(payload, INFO, size)), dpi=203)
    assert code128(pages[0]) == [payload["number"]]


@pytest.mark.parametrize("size", ["A4", "A6"])
def test_every_page_of_forty_items_scans(size: str) -> None:
    document = packing_slip(package(items=40), INFO, size)
    pages = pdf_pages(render_pdf(document), dpi=200)
    assert len(pages) == len(document.pages) >= 2
    assert all(code128(page) == ["2236607691411584P1"] for page in pages)


def test_turkish_text_is_embedded_and_extractable() -> None:
    payload = package(name=f"Tişört {TURKISH}", gift_note=EMOJI_NOTE)
    text = pdf_text(render_pdf(packing_slip(payload, INFO, "A4")))
    assert "Moda Mağazası Kadıköy" in text
    assert TURKISH in text
    assert "Doğum günün kutlu olsun! ?" in text  # emoji replaced, the rest intact


def test_a_long_number_narrows_its_modules_and_still_scans() -> None:
    number = "PKG-" + "A1B2C3D4E5" * 3
    pages = pdf_pages(render_pdf(package_label(package(number=number), INFO, "100x100")),
                      dpi=300)
    assert code128(pages[0]) == [number]
