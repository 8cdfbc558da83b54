"""PNG output of a `Document` page, drawn with Pillow at a chosen resolution.

For previews, for printers that take images, and for tests that scan the
barcode back. Greyscale; millimetres become pixels at `dpi`. Barcodes are the
python-barcode strip scaled by a whole number of pixels per module (never
resampled in between), centred where the layout put them.
"""

from __future__ import annotations

import functools
import io

from PIL import Image, ImageDraw, ImageFont

from station.documents import barcodes, fonts
from station.documents.layout import Barcode, Box, Document, Element, Line, Page, Text

MM_PER_INCH = 25.4


def render_png(document: Document, dpi: int = 203, page: int = 0) -> bytes:
    """Page `page` (0-based) of `document` as PNG bytes at `dpi`."""
    if not 0 <= page < len(document.pages):
        raise IndexError(f"{document.name} has {len(document.pages)} page(s), not {page + 1}")
    return _encode(render_image(document.pages[page], dpi), dpi)


def render_png_pages(document: Document, dpi: int = 203) -> list[bytes]:
    """Every page of `document` as PNG bytes."""
    return [_encode(render_image(page, dpi), dpi) for page in document.pages]


def render_image(page: Page, dpi: int) -> Image.Image:
    """A page as a greyscale Pillow image (white paper, black ink)."""
    scale = dpi / MM_PER_INCH
    image = Image.new("L", (round(page.width * scale), round(page.height * scale)), 255)
    draw = ImageDraw.Draw(image)
    for element in page.elements:
        _element(image, draw, element, scale, dpi)
    return image


def _encode(image: Image.Image, dpi: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(dpi, dpi))
    return buffer.getvalue()


def _element(image: Image.Image, draw: ImageDraw.ImageDraw, element: Element,
             scale: float, dpi: int) -> None:
    if isinstance(element, Text):
        font = _font(element.bold, element.size * dpi / 72)
        draw.text((element.x * scale, element.y * scale), element.text, font=font,
                  fill=255 if element.inverse else 0, anchor="ls")
    elif isinstance(element, Barcode):
        _barcode(image, element, scale)
    elif isinstance(element, Line):
        _rect(draw, element.x, element.y, element.width, element.height, scale, fill=True)
    else:
        _box(draw, element, scale)


def _barcode(image: Image.Image, bars: Barcode, scale: float) -> None:
    module_px = barcodes.whole_units(bars.module, scale)
    strip = barcodes.scaled(bars.data, module_px, max(1, round(bars.height * scale)))
    centre = (bars.x + bars.width / 2) * scale
    image.paste(strip, (round(centre - strip.width / 2), round(bars.y * scale)))


def _box(draw: ImageDraw.ImageDraw, box: Box, scale: float) -> None:
    if box.filled:
        _rect(draw, box.x, box.y, box.width, box.height, scale, fill=True)
        return
    thickness = max(1, round(box.thickness * scale))
    corners = _corners(box.x, box.y, box.width, box.height, scale)
    draw.rectangle(corners, outline=0, width=thickness)


def _rect(draw: ImageDraw.ImageDraw, x: float, y: float, width: float, height: float,
          scale: float, *, fill: bool) -> None:
    draw.rectangle(_corners(x, y, width, height, scale), fill=0 if fill else None)


def _corners(x: float, y: float, width: float, height: float, scale: float
             ) -> tuple[int, int, int, int]:
    # Pillow's rectangle includes its last pixel; at least one pixel is drawn so
    # a hairline rule does not vanish at low resolution.
    left, top = round(x * scale), round(y * scale)
    right = max(left, round((x + width) * scale) - 1)
    bottom = max(top, round((y + height) * scale) - 1)
    return left, top, right, bottom


@functools.lru_cache(maxsize=64)
def _font(bold: bool, pixels: float) -> ImageFont.FreeTypeFont:
    # A fractional size, not a rounded one: text sets as wide as it was measured.
    return ImageFont.truetype(str(fonts.font_path(bold)), max(1.0, pixels),
                              layout_engine=ImageFont.Layout.BASIC)
