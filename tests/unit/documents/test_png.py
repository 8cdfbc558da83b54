"""PNG output: whole-pixel barcodes that scan at every printer resolution."""

from __future__ import annotations

import pytest

from station.documents import (
    StationInfo,
    package_label,
    packing_slip,
    render_png,
    render_png_pages,
)

from .payloads import EMOJI_NOTE, LONG_NAME, all_fixture_packages, package
from .readback import code128, png_image

INFO = StationInfo("Moda Mağazası Kadıköy", "İstanbul Depo")


@pytest.mark.parametrize("dpi", [150, 203, 300])
@pytest.mark.parametrize("payload", all_fixture_packages(), ids=lambda p: p["number"])
def test_label_png_scans(payload: dict, dpi: int) -> None:
    image = png_image(render_png(package_label(payload, INFO, "100x150"), dpi))
    assert image.size == (round(100 * dpi / 25.4), round(150 * dpi / 25.4))
    assert code128(image) == [payload["number"]]


@pytest.mark.parametrize("size", ["A4", "A5", "A6"])
def test_slip_png_scans_on_every_page(size: str) -> None:
    document = packing_slip(package(items=40, name=LONG_NAME, gift_note=EMOJI_NOTE),
                            INFO, size)
    pages = render_png_pages(document, 150)
    assert len(pages) == len(document.pages)
    for data in pages:
        assert code128(png_image(data)) == ["2236607691411584P1"]


def test_png_records_its_resolution() -> None:
    image = png_image(render_png(package_label(package(), INFO, "100x100"), 300))
    assert tuple(round(v) for v in image.info["dpi"]) == (300, 300)


def test_page_out_of_range_is_an_index_error() -> None:
    with pytest.raises(IndexError):
        render_png(package_label(package(), INFO), 203, page=1)
