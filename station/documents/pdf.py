"""PDF output of a `Document`, through fpdf2 (pure Python, embeds a subset of the TTF).

Units are the model's millimetres, so this module only picks fonts and colours.
Barcodes go in as their one-pixel-per-module strip placed at the exact width of
the layout: PDF images are not interpolated by default, so each module prints
as one sharp bar at whatever resolution the printer has.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from station.documents import barcodes, fonts
from station.documents.layout import Barcode, Box, Document, Element, Line, Page, Text

if TYPE_CHECKING:
    from fpdf import FPDF

FAMILY = "DejaVu"
CREATOR = "Packing Station"


def render_pdf(document: Document) -> bytes:
    """The whole document as one PDF, a page per `Page` at its own size."""
    # Imported here: fpdf2 takes a quarter of a second to import, which the app
    # should pay on its first PDF, not at start-up.
    from fpdf import FPDF

    pdf = FPDF(unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.set_creator(CREATOR)
    pdf.set_title(document.name)
    pdf.add_font(FAMILY, "", str(fonts.font_path(False)))
    pdf.add_font(FAMILY, "B", str(fonts.font_path(True)))
    for page in document.pages:
        _page(pdf, page)
    return bytes(pdf.output())


def _page(pdf: FPDF, page: Page) -> None:
    pdf.add_page(format=(page.width, page.height))
    for element in page.elements:
        _element(pdf, element)


def _element(pdf: FPDF, element: Element) -> None:
    if isinstance(element, Text):
        _text(pdf, element)
    elif isinstance(element, Barcode):
        strip = barcodes.strip(element.data)
        pdf.image(strip, x=element.x, y=element.y, w=element.width, h=element.height)
    elif isinstance(element, Line):
        pdf.set_fill_color(0)
        pdf.rect(element.x, element.y, element.width, element.height, style="F")
    else:
        _box(pdf, element)


def _text(pdf: FPDF, text: Text) -> None:
    pdf.set_font(FAMILY, "B" if text.bold else "", text.size)
    pdf.set_text_color(255 if text.inverse else 0)
    pdf.text(text.x, text.y, text.text)


def _box(pdf: FPDF, box: Box) -> None:
    if box.filled:
        pdf.set_fill_color(0)
        pdf.rect(box.x, box.y, box.width, box.height, style="F")
        return
    # PDF strokes straddle the path; inset by half a stroke to keep it inside.
    half = box.thickness / 2
    pdf.set_draw_color(0)
    pdf.set_line_width(box.thickness)
    pdf.rect(box.x + half, box.y + half, box.width - box.thickness,
             box.height - box.thickness, style="D")
