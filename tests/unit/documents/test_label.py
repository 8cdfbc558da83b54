"""The thermal package label's layout."""

from __future__ import annotations

import pytest

from station.documents import Barcode, StationInfo, Text, package_label
from station.documents.layout import LABEL_SIZES

from .geometry import problems
from .payloads import LONG_NAME, all_fixture_packages, package

INFO = StationInfo("Moda Mağazası Kadıköy", "İstanbul Depo")


@pytest.mark.parametrize("size", list(LABEL_SIZES))
@pytest.mark.parametrize("payload", all_fixture_packages(), ids=lambda p: p["number"])
def test_fixture_labels_lay_out_cleanly(payload: dict, size: str) -> None:
    document = package_label(payload, INFO, size)
    assert len(document.pages) == 1 and problems(document) == []
    page = document.pages[0]
    assert (page.width, page.height) == LABEL_SIZES[size]
    bars = [e for e in page.elements if isinstance(e, Barcode)]
    assert [b.data for b in bars] == [payload["number"]]
    assert bars[0].module >= 0.375  # three dots at 203 dpi at the least


def test_label_says_order_city_count_and_marks() -> None:
    document = package_label(package(items=2, repeat=3, gift_note="x"), INFO, "100x100")
    words = [e.text for e in document.pages[0].elements if isinstance(e, Text)]
    for expected in ("Moda Mağazası Kadıköy", "2236607691411584", "İstanbul", "6",
                     "GIFT", "SAME DAY", "2236607691411584P1"):
        assert expected in words, expected


def test_no_marks_without_gift_or_same_day() -> None:
    document = package_label(package(delivery_type="standard"), INFO, "100x150")
    words = [e.text for e in document.pages[0].elements if isinstance(e, Text)]
    assert "GIFT" not in words and "SAME DAY" not in words


@pytest.mark.parametrize("size", list(LABEL_SIZES))
def test_long_texts_and_a_long_number_still_fit(size: str) -> None:
    payload = package(city=LONG_NAME, number="PKG-" + "1234567890" * 4)
    info = StationInfo(LONG_NAME, LONG_NAME)
    document = package_label(payload, info, size)
    assert problems(document) == []


def test_unknown_label_size_is_refused() -> None:
    with pytest.raises(ValueError, match="100x150"):
        package_label(package(), INFO, "4x6")
