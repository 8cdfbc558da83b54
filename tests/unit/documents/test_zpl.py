"""ZPL II output: structure a Zebra printer relies on, checked on the text itself."""

from __future__ import annotations

import re

import pytest

from station.documents import StationInfo, package_label, packing_slip, render_zpl
from station.documents.zpl import escape

from .payloads import EMOJI_NOTE, TURKISH, all_fixture_packages, package

INFO = StationInfo("Moda Mağazası Kadıköy", "İstanbul Depo")
FIELD = re.compile(r"\^FD(.*?)\^FS", re.S)


def formats(zpl: str) -> list[str]:
    assert zpl.count("^XA") == zpl.count("^XZ")
    return re.findall(r"\^XA.*?\^XZ", zpl, re.S)


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("size", ["100x150", "100x100"])
@pytest.mark.parametrize("payload", all_fixture_packages(), ids=lambda p: p["number"])
def test_label_structure(payload: dict, size: str, dpi: int) -> None:
    zpl = render_zpl(package_label(payload, INFO, size), dpi)
    [label] = formats(zpl)
    assert label.index("^CI28") < label.index("^FD")  # UTF-8 before any field
    barcode = re.search(r"\^BY(\d+)\^BCN,(\d+),N,N,N,A\^FH\^FD(.*?)\^FS", label)
    assert barcode is not None and barcode.group(3) == payload["number"]
    assert int(barcode.group(1)) == (4 if dpi == 203 else 6)  # 0.5 mm modules
    assert all("^" not in f and "~" not in f for f in FIELD.findall(label))
    assert "^A0N," in label  # the scalable resident font
    # The white-on-black GIFT mark is reversed text, and only there when it is a gift.
    assert ("^FR" in label) == (payload.get("order_has_gift_box") is True)


def test_dots_scale_with_dpi() -> None:
    document = package_label(package(), INFO, "100x150")
    low, high = render_zpl(document, 203), render_zpl(document, 300)
    assert "^PW799\n^LL1199" in low and "^PW1181\n^LL1772" in high
    # Text and rules sit where the millimetre layout puts them at either resolution
    # (barcodes move a little: their modules are rounded to whole dots).
    placed = r"\^F[OT](\d+),(\d+)(?![\d]|\^BY)"
    positions_low = [tuple(map(int, p)) for p in re.findall(placed, low)]
    positions_high = [tuple(map(int, p)) for p in re.findall(placed, high)]
    assert len(positions_low) == len(positions_high) > 5
    for (x1, y1), (x2, y2) in zip(positions_low, positions_high, strict=True):
        assert abs(x2 - x1 * 300 / 203) <= 2 and abs(y2 - y1 * 300 / 203) <= 2
    assert "^BY4^" in low and "^BY6^" in high


def test_turkish_letters_go_out_as_utf8_text() -> None:
    info = StationInfo(TURKISH, "İstanbul Depo")
    zpl = render_zpl(package_label(package(city="Muğla"), info), 203)
    assert f"^FD{TURKISH}^FS" in zpl and "^FDMuğla^FS" in zpl


def test_carets_tildes_and_underscores_are_hex_escaped() -> None:
    assert escape("a^b~c_d\ne") == "a_5Eb_7Ec_5Fd e"
    zpl = render_zpl(package_label(package(city="^XZ~JR_x"), INFO), 203)
    assert "^FD_5EXZ_7EJR_5Fx^FS" in zpl
    assert zpl.count("^XZ") == 1


def test_a_multi_page_slip_is_one_format_per_page() -> None:
    document = packing_slip(package(items=40, gift_note=EMOJI_NOTE), INFO, "A6")
    zpl = render_zpl(document, 300)
    assert len(formats(zpl)) == len(document.pages) >= 2
    assert "🎉" not in zpl


def test_other_resolutions_are_refused() -> None:
    with pytest.raises(ValueError, match="203"):
        render_zpl(package_label(package(), INFO), 600)
