"""Code128 for documents: sizing a barcode to its space, and its bars as an image.

python-barcode encodes (it picks the Code128 subsets, so a run of digits packs
two to a symbol) and its Pillow `ImageWriter` draws; its SVG writer is not used
because its mm units render at the wrong size. The image is drawn once per code
at exactly two pixels per module and reduced to one pixel per module: renderers
scale that strip by whole pixels (PNG) or place it at an exact width (PDF), so
no bar is ever resampled to an uneven width.
"""

from __future__ import annotations

import functools

# python-barcode ships no type information; what is used here is checked by tests.
import barcode
from barcode.writer import ImageWriter
from PIL import Image

from station.documents.layout import QUIET_MODULES, Barcode

# The writer draws with float arithmetic that can shave a pixel off a bar's right
# edge, so it draws 4 px per module (0.4 mm at 254 dpi) and `strip` samples the
# centre of each module, which is always right.
_WRITER_DPI = 254
_OVERSAMPLE = 4
_WRITER_OPTIONS = {"module_width": 0.4, "module_height": 0.1, "quiet_zone": 0.0,
                   "write_text": False, "margin_top": 0.0, "margin_bottom": 0.0}


@functools.lru_cache(maxsize=256)
def pattern(data: str) -> str:
    """The modules of Code128(`data`), "1" for bar and "0" for space."""
    return str(barcode.get("code128", data).build()[0])


def fitted(data: str, *, x: float, y: float, width: float, height: float,
           module: float) -> Barcode:
    """A barcode centred in the `width` mm from `x`, its modules `module` mm wide
    or narrower if that is what it takes to keep the quiet zones inside `width`."""
    modules = len(pattern(data))
    module = min(module, width / (modules + 2 * QUIET_MODULES))
    bars = modules * module
    return Barcode(x=x + (width - bars) / 2, y=y, data=data, module=module,
                   height=height, modules=modules)


@functools.lru_cache(maxsize=64)
def strip(data: str) -> Image.Image:
    """The bars of Code128(`data`) as a one-pixel-high, one-pixel-per-module
    grey image (black bars on white). Cached: the slip repeats it on every page."""
    writer = ImageWriter(mode="L", dpi=_WRITER_DPI)
    drawn: Image.Image = barcode.get("code128", data, writer=writer).render(
        dict(_WRITER_OPTIONS))
    row = drawn.crop((0, 0, drawn.width, 1))
    # Nearest-neighbour takes each module's centre pixel (4i+2), never its edge.
    return row.resize((drawn.width // _OVERSAMPLE, 1), Image.Resampling.NEAREST)


def scaled(data: str, module_px: int, height_px: int) -> Image.Image:
    """The bars at `module_px` whole pixels per module, `height_px` tall."""
    bars = strip(data)
    return bars.resize((bars.width * module_px, height_px), Image.Resampling.NEAREST)


def whole_units(module: float, units_per_mm: float) -> int:
    """Device units (pixels, printer dots) per module: the nearest whole number,
    rounding down unless that loses more than a quarter unit, so a barcode never
    grows much past the width its layout reserved (its quiet zone absorbs it)."""
    return max(1, int(module * units_per_mm + 0.25))
