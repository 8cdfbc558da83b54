"""The packing slip: what is in the parcel, for the customer and for the packer.

Every page carries the store and the package number as Code128 and as text, so
any page scans back to its package; the first page adds the order facts, the
gift and same-day marks, the gift note and the order notes; then the items,
one row each (name, SKU, size, colour, quantity), flowing onto further pages
under a repeated column heading. A4 and A5 set the barcode beside the store
name; A6 is too narrow for that and stacks them.
The captions and dates are in `StationInfo.language` (`station.documents.captions`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from station.documents import barcodes, captions, flow, fonts
from station.documents.facts import ItemLine, PackageFacts, StationInfo
from station.documents.flow import Block
from station.documents.layout import (
    QUIET_MODULES,
    SLIP_SIZES,
    Document,
    Element,
    Line,
    Text,
    moved_all,
)

CAPTIONS = captions.captions("slip", "en")  # English; see station.documents.captions
RULE = 0.2
Words = Mapping[str, str]  # one language's captions


@dataclass(frozen=True)
class SlipStyle:
    margin: float
    title: float  # point sizes
    body: float
    small: float
    module: float  # barcode module, mm
    bar_height: float
    side_by_side: bool  # barcode beside the store name, else under it


STYLES = {
    "A4": SlipStyle(12.0, 16.0, 10.0, 8.0, 0.33, 14.0, True),
    "A5": SlipStyle(9.0, 13.0, 9.0, 7.0, 0.30, 12.0, True),
    "A6": SlipStyle(5.0, 10.0, 8.0, 6.5, 0.30, 10.0, False),
}


def build(facts: PackageFacts, info: StationInfo, page_size: str = "A4") -> Document:
    """The packing slip of `facts` on `page_size` paper ("A4", "A5" or "A6")."""
    key = page_size.upper()
    if key not in STYLES:
        raise ValueError(f"unknown slip page size {page_size!r}; use one of {sorted(STYLES)}")
    style, size = STYLES[key], SLIP_SIZES[key]
    words = captions.captions("slip", info.language)
    width = size[0] - 2 * style.margin
    header = _header(facts, info, style, width, words)
    body = [*_order_facts(facts, style, width, info.language), *_notes(facts, style, width, words),
            *_items(facts, style, width, words)]
    footer_top = size[1] - style.margin - fonts.line_height(style.small)

    def footer(page: int, pages: int) -> list[Element]:
        return _footer(facts, style, width, footer_top, page, pages, words)

    pages = flow.paginate(size, header, [_shift(block, style.margin) for block in body],
                          top=style.margin, bottom=footer_top - 3.0, footer=footer)
    return Document("packing-slip", f"slip-{facts.number}", facts.number, pages)


def _shift(block: Block, dx: float) -> Block:
    """Body blocks are built from x = 0; the page margin is added once, here."""
    repeat = None if block.repeat is None else _shift(block.repeat, dx)
    return Block(block.height, tuple(moved_all(block.elements, dx=dx)),
                 block.keep_with_next, repeat)


def _header(facts: PackageFacts, info: StationInfo, style: SlipStyle, width: float,
            words: Words) -> Block:
    """Store, location and title on the left; barcode and number on the right
    (or under them on A6). Repeated on every page."""
    x = style.margin
    code_width = min(width * 0.45, 85.0) if style.side_by_side else width
    text_width = width - code_width - 4.0 if style.side_by_side else width
    location = info.stock_location_name or facts.stock_location
    texts = [flow.line(x, 0.0, info.store_name, style.title, text_width, bold=True)]
    y = fonts.line_height(style.title)
    lines = [c for c in (location, words["title"]) if c]
    if not style.side_by_side:  # A6: every millimetre of height counts
        lines = [" · ".join(lines)] if lines else []
    for caption in lines:
        texts.append(flow.line(x, y, caption, style.body, text_width))
        y += fonts.line_height(style.body)
    code_x = x + width - code_width if style.side_by_side else x
    code_top = 0.0 if style.side_by_side else y + 1.5
    code = _number_code(facts.number, style, code_x, code_top, code_width)
    bottom = max(y, code[-1].y + fonts.em_mm(style.body) * 0.4) + 2.0
    rule = Line(x, bottom, width, 0.4)
    return Block(bottom + 4.0, (*texts, *code, rule))


def _number_code(number: str, style: SlipStyle, x: float, top: float,
                 width: float) -> list[Element]:
    """The barcode with the number centred under it; beside the store name both
    sit flush right, the right quiet zone running into the page margin."""
    bars = barcodes.fitted(number, x=x, y=top, width=width, height=style.bar_height,
                           module=style.module)
    if style.side_by_side:
        quiet = QUIET_MODULES * bars.module
        bars = replace(bars, x=x + width - bars.width - min(quiet, style.margin / 2))
        x, width = bars.x, bars.width
    text_top = top + style.bar_height + 0.8
    return [bars, flow.centred(x - 10.0, text_top, number, style.body, width + 20.0,
                               bold=True)]


def _order_facts(facts: PackageFacts, style: SlipStyle, width: float,
                 language: str) -> list[Block]:
    """Caption/value pairs, two to a row where the page is wide enough."""
    words = captions.captions("slip", language)
    pairs = [(words[key], value) for key, value in (
        ("order", facts.order_number), ("placed", captions.date(facts.date_placed, language)),
        ("channel", facts.channel),
        ("delivery", captions.delivery_type(facts.delivery_type, language)),
        ("cargo", facts.cargo_company), ("tracking", facts.tracking_number),
        ("invoice", facts.invoice_number)) if value]
    columns = 2 if style.side_by_side else 1
    column_width = width / columns
    caption_width = max((fonts.width_mm(c, style.small) for c, _ in pairs), default=0) + 2
    step = fonts.line_height(style.body)
    blocks = []
    for start in range(0, len(pairs), columns):
        elements: list[Element] = []
        for n, (caption, value) in enumerate(pairs[start:start + columns]):
            left = n * column_width
            value_text = flow.line(left + caption_width, 0.0, value, style.body,
                                   column_width - caption_width - 3.0, bold=True)
            caption_text = flow.line(left, 0.0, caption, style.small, caption_width)
            # One baseline for both sizes, so the pair reads as one line.
            elements += [replace(caption_text, y=value_text.y), value_text]
        blocks.append(Block(step, tuple(elements)))
    return [*blocks, *_marks(facts, style, words)]


def _marks(facts: PackageFacts, style: SlipStyle, words: Words) -> list[Block]:
    labels = [words[key] for key, on in (("gift", facts.gift_box),
              ("same_day", facts.same_day), ("collect", facts.click_and_collect)) if on]
    if not labels:
        return []
    elements = flow.marks(0.0, 2.0, labels, style.body)
    return [Block(flow.mark_height(style.body) + 3.0, tuple(elements))]


def _notes(facts: PackageFacts, style: SlipStyle, width: float, words: Words) -> list[Block]:
    """The gift note and the order notes, each under its heading, flowing freely."""
    blocks: list[Block] = []
    for caption, text in ((words["gift_note"], facts.gift_note),
                          (words["notes"], facts.order_notes)):
        if not text:
            continue
        heading = flow.line(0.0, 1.5, caption, style.body, width, bold=True)
        blocks.append(Block(fonts.line_height(style.body) + 1.5, (heading,),
                            keep_with_next=True))
        blocks.extend(flow.text_block(3.0, text, style.body, width - 3.0))
    return blocks


def _items(facts: PackageFacts, style: SlipStyle, width: float, words: Words) -> list[Block]:
    heading = _items_heading(style, width, words)
    rows = [Block(block.height, block.elements, repeat=heading)
            for block in (_item_row(item, style, width, words) for item in facts.items)]
    if rows:  # the total never stands alone on a page: the last item goes with it
        rows[-1] = replace(rows[-1], keep_with_next=True)
    total = _total(facts, style, width, words)
    return [Block(heading.height + 3.0, tuple(moved_all(heading.elements, dy=3.0)),
                  keep_with_next=True), *rows, total]


def _qty_width(style: SlipStyle, words: Words) -> float:
    return fonts.width_mm(words["qty"], style.small, True) + 4.0


def _items_heading(style: SlipStyle, width: float, words: Words) -> Block:
    qty = _qty_width(style, words)
    step = fonts.line_height(style.small)
    elements = (flow.line(0.0, 0.0, words["qty"], style.small, qty, bold=True),
                flow.line(qty, 0.0, words["item"], style.small, width - qty, bold=True),
                Line(0.0, step + 0.5, width, 0.3))
    return Block(step + 1.5, elements)


def _item_row(item: ItemLine, style: SlipStyle, width: float, words: Words) -> Block:
    """Quantity (white on black when more than one, so it is not missed), the
    name in bold on up to three lines, the SKU, size, colour and barcode under it."""
    qty = _qty_width(style, words)
    top = 1.2
    quantity = _quantity(item.quantity, style, top)
    name = flow.lines(qty, top, item.name, style.body, width - qty, bold=True, max_lines=3)
    details_top = top + len(name) * fonts.line_height(style.body)
    details = flow.lines(qty, details_top, _details(item, words), style.small, width - qty,
                         max_lines=2)
    height = details_top + len(details) * fonts.line_height(style.small) + 1.2
    return Block(height + RULE, (*quantity, *name, *details, Line(0.0, height, width, RULE)))


def _quantity(quantity: int, style: SlipStyle, top: float) -> list[Element]:
    if quantity == 1:
        return [flow.line(0.0, top, "1", style.body, 10.0, bold=True)]
    elements, _ = flow.mark(0.0, top - 0.6, f"{quantity}", style.body)
    return elements


def _details(item: ItemLine, words: Words) -> str:
    parts = [(words["sku"], item.sku), (words["size"], item.size),
             (words["colour"], item.colour), (words["barcode"], item.barcode)]
    return " · ".join(f"{caption}: {value}" for caption, value in parts if value)


def _total(facts: PackageFacts, style: SlipStyle, width: float, words: Words) -> Block:
    text = f"{words['units']}: {facts.unit_count}"
    return Block(fonts.line_height(style.body) + 3.0,
                 (flow.right_aligned(0.0, 2.0, text, style.body, width, bold=True),))


def _footer(facts: PackageFacts, style: SlipStyle, width: float, top: float,
            page: int, pages: int, words: Words) -> list[Element]:
    x = style.margin
    left = f"{words['order']} {facts.order_number}" if facts.order_number else ""
    left = f"{left}   {words['package']} {facts.number}".strip()
    right = f"{words['page']} {page} / {pages}"
    right_text = flow.right_aligned(x, top, right, style.small, width)
    room = width - fonts.width_mm(right_text.text, style.small) - 3.0
    texts: list[Text] = [flow.line(x, top, left, style.small, room), right_text]
    return [Line(x, top - 1.0, width, RULE), *texts]
