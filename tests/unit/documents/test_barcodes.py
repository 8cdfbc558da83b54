"""The Code128 strip: exactly the modules python-barcode encodes, one pixel each."""

from __future__ import annotations

import random
import string

import pytest
from PIL import Image

from station.documents import barcodes
from station.documents.layout import QUIET_MODULES

from .readback import code128


def modules_of(data: str) -> str:
    image = barcodes.strip(data)  # greyscale, one row: one byte per module
    return "".join("1" if value < 128 else "0" for value in image.tobytes())


def test_strip_matches_the_encoding_for_many_codes() -> None:
    # The writer draws with floats; sampling module centres must never pick an edge.
    rng = random.Random(7)
    alphabet = string.ascii_letters + string.digits + string.punctuation + " "
    for _ in range(400):
        data = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
        assert modules_of(data) == barcodes.pattern(data), data


def test_scaled_strip_scans() -> None:
    image = barcodes.scaled("2236607691411584P1", 3, 120)
    paper = Image.new("L", (image.width + 80, image.height + 40), 255)  # quiet zones
    paper.paste(image, (40, 20))
    assert code128(paper) == ["2236607691411584P1"]


def test_fitted_keeps_quiet_zones_inside_the_width() -> None:
    wide = barcodes.fitted("479381848963", x=10, y=0, width=90, height=20, module=0.5)
    assert wide.module == 0.5
    assert wide.x - 10 == pytest.approx(100 - wide.x - wide.width)  # centred
    narrow = barcodes.fitted("X" * 60, x=0, y=0, width=90, height=20, module=0.5)
    assert narrow.module < 0.5
    assert (narrow.modules + 2 * QUIET_MODULES) * narrow.module <= 90 + 1e-9


def test_whole_units_round_down_unless_far_off() -> None:
    assert barcodes.whole_units(0.5, 203 / 25.4) == 4  # 3.996 dots
    assert barcodes.whole_units(0.5, 300 / 25.4) == 6  # 5.9 dots
    assert barcodes.whole_units(0.33, 150 / 25.4) == 2  # 1.95 px
    assert barcodes.whole_units(0.05, 100 / 25.4) == 1
