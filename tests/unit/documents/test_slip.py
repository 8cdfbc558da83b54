"""The packing slip's layout: content, page flow, and no collisions on any size."""

from __future__ import annotations

import pytest

from station.documents import Barcode, Document, StationInfo, Text, packing_slip
from station.documents.layout import SLIP_SIZES

from .geometry import problems
from .payloads import EMOJI_NOTE, LONG_NAME, TURKISH, all_fixture_packages, package

INFO = StationInfo("Moda Mağazası Kadıköy", "İstanbul Depo")
SIZES = list(SLIP_SIZES)


def texts(document: Document, page: int | None = None) -> list[str]:
    pages = document.pages if page is None else [document.pages[page]]
    return [e.text for p in pages for e in p.elements if isinstance(e, Text)]


def barcodes(document: Document, page: int) -> list[Barcode]:
    return [e for e in document.pages[page].elements if isinstance(e, Barcode)]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("payload", all_fixture_packages(), ids=lambda p: p["number"])
def test_fixture_packages_lay_out_cleanly(payload: dict, size: str) -> None:
    document = packing_slip(payload, INFO, size)
    assert problems(document) == []
    assert [b.data for b in barcodes(document, 0)] == [payload["number"]]
    assert payload["number"] in texts(document, 0)
    assert (document.pages[0].width, document.pages[0].height) == SLIP_SIZES[size]


def test_first_page_carries_the_order_facts() -> None:
    document = packing_slip(package(gift_note="Mutlu yıllar", notes="Kapıya bırakın"),
                            INFO, "A4")
    words = texts(document, 0)
    for expected in ("Moda Mağazası Kadıköy", "İstanbul Depo", "2236607691411584",
                     "Same day", "Yurtiçi Kargo", "68993", "SEP2018000149774",
                     "GIFT BOX", "SAME DAY", "Gift note", "Mutlu yıllar", "Order notes",
                     "Kapıya bırakın", "Ürün 0 Şal Örgü"):
        assert expected in words, expected
    details = [t for t in words if t.startswith("SKU: SKU-0000")]
    assert details == ["SKU: SKU-0000 · Size: M · Colour: Lacivert · Barcode: 8600000000000"]


@pytest.mark.parametrize("size", SIZES)
def test_forty_items_flow_onto_pages_with_the_header_again(size: str) -> None:
    document = packing_slip(package(items=40), INFO, size)
    assert len(document.pages) >= 2
    assert problems(document) == []
    listed = [t for t in texts(document) if t.startswith("Ürün ")]
    assert listed == [f"Ürün {n} Şal Örgü" for n in range(40)]  # all, in order, once
    for number, _ in enumerate(document.pages):
        page_texts = texts(document, number)
        assert [b.data for b in barcodes(document, number)] == ["2236607691411584P1"]
        assert "Moda Mağazası Kadıköy" in page_texts
        assert "Qty" in page_texts and "Item" in page_texts  # table heading repeated
        assert f"Page {number + 1} / {len(document.pages)}" in page_texts
    assert "Items in this package: 40" in texts(document, len(document.pages) - 1)


@pytest.mark.parametrize("size", SIZES)
def test_long_names_turkish_and_emoji_stay_inside_the_page(size: str) -> None:
    payload = package(items=3, name=f"{LONG_NAME} {TURKISH} {LONG_NAME}", gift_note=EMOJI_NOTE * 3,
                      notes=("Lütfen dikkatli taşıyın. " * 30), repeat=2)
    document = packing_slip(payload, INFO, size)
    assert problems(document) == []
    joined = " ".join(texts(document))
    assert "Doğum günün kutlu olsun! ?" in joined and "🎉" not in joined
    assert any(t.endswith("…") for t in texts(document))  # the long name was cut


def test_one_item_fits_on_one_page() -> None:
    assert len(packing_slip(package(items=1), INFO, "A6").pages) == 1


def test_unknown_page_size_is_refused() -> None:
    with pytest.raises(ValueError, match="A4"):
        packing_slip(package(), INFO, "Letter")
