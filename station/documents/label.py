"""The package label: the thermal sticker that goes on the parcel, 100×150 or 100×100 mm.

Read from a distance, top to bottom: the store, the order number, the
destination city (largest: it is what the parcel is sorted by), the item count,
white-on-black GIFT and SAME DAY marks, and at the bottom the package number as
a wide Code128 with the number under it. Modules are 0.5 mm — four dots on a
203 dpi printer, six on a 300 dpi one — for scanning from arm's length; a very
long number gets narrower modules rather than losing its quiet zone. The captions
are in `StationInfo.language` (`station.documents.captions`).
"""

from __future__ import annotations

from dataclasses import dataclass

from station.documents import barcodes, captions, flow, fonts
from station.documents.facts import PackageFacts, StationInfo
from station.documents.layout import LABEL_SIZES, Document, Element, Line, Page

CAPTIONS = captions.captions("label", "en")  # English; see station.documents.captions
MARGIN = 4.0
# Code128's quiet zone may run into the page margin, not past the page edge.
BARCODE_EDGE = 1.5


@dataclass(frozen=True)
class LabelStyle:
    store: float  # point sizes
    caption: float
    order: float
    city: float
    count: float
    mark: float
    number: float
    bar_height: float  # mm
    module: float


STYLES = {
    "100x150": LabelStyle(14.0, 8.0, 20.0, 30.0, 20.0, 16.0, 16.0, 32.0, 0.5),
    "100x100": LabelStyle(11.0, 6.5, 14.0, 18.0, 14.0, 11.0, 13.0, 20.0, 0.5),
}


def build(facts: PackageFacts, info: StationInfo, size: str = "100x150") -> Document:
    """The package label of `facts` on a `size` ("100x150" or "100x100") label."""
    key = size.lower().replace("×", "x").replace(" ", "")
    if key not in STYLES:
        raise ValueError(f"unknown label size {size!r}; use one of {sorted(STYLES)}")
    style, (page_width, page_height) = STYLES[key], LABEL_SIZES[key]
    width = page_width - 2 * MARGIN
    elements, _ = _top(facts, info, style, width)
    elements += _code(facts.number, style, page_width, page_height)
    page = Page(page_width, page_height, tuple(elements))
    return Document("package-label", f"label-{facts.number}", facts.number, (page,))


def _top(facts: PackageFacts, info: StationInfo, style: LabelStyle,
         width: float) -> tuple[list[Element], float]:
    """Everything above the barcode; returns the elements and where they end."""
    x, y = MARGIN, MARGIN
    words = captions.captions("label", info.language)
    elements: list[Element] = [flow.line(x, y, info.store_name, style.store, width, bold=True)]
    y += fonts.line_height(style.store)
    location = info.stock_location_name or facts.stock_location
    if location:
        elements.append(flow.line(x, y, location, style.caption + 1, width))
        y += fonts.line_height(style.caption + 1)
    elements.append(Line(x, y + 1.0, width, 0.5))
    y += 3.0
    for caption, value, size in ((words["order"], facts.order_number, style.order),
                                 (words["to"], facts.city, style.city),
                                 (words["items"], str(facts.unit_count), style.count)):
        if not value:
            continue
        elements.append(flow.line(x, y, caption, style.caption, width))
        y += fonts.line_height(style.caption)
        # Smaller rather than cut: "Kahramanmaraş" must be read whole.
        elements.append(flow.shrunk(x, y, value, size, width, smallest=size * 0.5,
                                    bold=True))
        y += fonts.line_height(size) + 1.0
    labels = [words[key] for key, on in (("gift", facts.gift_box),
                                            ("same_day", facts.same_day)) if on]
    if labels:
        elements += flow.marks(x, y + 1.0, labels, style.mark)
        y += flow.mark_height(style.mark) + 2.0
    return elements, y


def _code(number: str, style: LabelStyle, page_width: float,
          page_height: float) -> list[Element]:
    """The package number's barcode and text, anchored to the bottom of the label."""
    text_top = page_height - MARGIN - fonts.line_height(style.number)
    bar_top = text_top - 1.0 - style.bar_height
    bars = barcodes.fitted(number, x=BARCODE_EDGE, y=bar_top,
                           width=page_width - 2 * BARCODE_EDGE,
                           height=style.bar_height, module=style.module)
    text = flow.centred(MARGIN, text_top, number, style.number,
                        page_width - 2 * MARGIN, bold=True)
    return [Line(MARGIN, bar_top - 2.5, page_width - 2 * MARGIN, 0.5), bars, text]
