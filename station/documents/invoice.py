"""Our invoice document, rendered from OMS's invoice answer and the cached package.

`POST packages/{pk}/invoice/` (oms-api §7.3) answers with the invoice as JSON —
number, dates, billing address, `invoiceitem_set` (tax rate and amounts per
package item, each naming its `order_item`) — but with ids where a person wants
names. `read_invoice` joins it with the package payload (product name and SKU by
order item id, the address's city and district names) into `InvoiceFacts`;
`build` lays it out on A4: the seller (store and stock location), the invoice
number as text and Code128 on every page, the invoice and order dates as OMS
wrote them, the billing address, one row per order item (quantity, tax rate, tax,
discount, net, total) flowing onto further pages under a repeated heading, and
the totals. Set in DejaVu (`station.documents.fonts`), so Turkish letters print;
captions, dates and amounts are in `StationInfo.language` (`station.documents.captions`).
Reading is forgiving like `facts.read_package`: a missing field leaves its line
off; only the invoice number is required, as it is the barcode.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from station.documents import barcodes, captions, flow, fonts
from station.documents.facts import Json, StationInfo, load_payload
from station.documents.flow import Block
from station.documents.layout import (
    QUIET_MODULES,
    SLIP_SIZES,
    Document,
    Element,
    Line,
    moved_all,
)
from station.errors import DecodeError

CAPTIONS = captions.captions("invoice", "en")  # English; see station.documents.captions
MARGIN = 12.0
TITLE, BODY, SMALL = 15.0, 9.0, 7.5
MODULE, BAR_HEIGHT = 0.33, 13.0
RULE = 0.2
# Column widths in mm after the item column, which takes what is left of the page.
COLUMNS = (("qty", 11.0), ("rate", 14.0), ("tax", 21.0), ("discount", 21.0), ("net", 23.0),
           ("total", 23.0))
ZERO = Decimal("0")
Words = Mapping[str, str]  # one language's captions


@dataclass(frozen=True)
class InvoiceLine:
    name: str
    sku: str
    quantity: int
    tax_rate: str
    tax: Decimal
    discount: Decimal
    net: Decimal
    total: Decimal


@dataclass(frozen=True)
class InvoiceFacts:
    number: str
    date: str  # as OMS wrote it: YYYY-MM-DD
    order_number: str
    order_date: str
    package_number: str
    currency: str
    billing: tuple[str, ...]  # address lines, name first
    lines: tuple[InvoiceLine, ...]
    tax_ids: tuple[str, str] = ("", "")  # the buyer's tax office and tax number

    def sum_of(self, field: str) -> Decimal:
        return sum((getattr(line, field) for line in self.lines), ZERO)


def read_invoice(invoice: Json | bytes | str, package: Json | bytes | str | None
                 ) -> InvoiceFacts:
    """The facts the invoice prints, from OMS's answer and the package payload."""
    data = invoice if isinstance(invoice, Mapping) else _json_object(invoice)
    payload = load_payload(package) if package is not None else {}
    number = _text(data.get("number"))
    if not number or not all(" " <= char <= "~" for char in number):
        raise DecodeError(f"the invoice has no number that can be a barcode: {number!r}",
                          path="number")
    order = _mapping(data.get("order"))
    products = _products(payload)
    return InvoiceFacts(
        number=number, date=_text(data.get("created_date"))[:10],
        order_number=_text(order.get("number")) or _text(payload.get("order_number")),
        order_date=(_text(order.get("date_placed")) or _text(payload.get("date_placed")))[:10],
        package_number=_text(data.get("package_number")) or _text(payload.get("number")),
        currency=_currency(payload),
        billing=_billing(_mapping(data.get("address")), payload),
        lines=_lines(data.get("invoiceitem_set"), products),
        tax_ids=(_text(_mapping(data.get("address")).get("tax_office")),
                 _text(_mapping(data.get("address")).get("tax_no"))))


def _json_object(raw: bytes | str) -> Json:
    try:
        decoded = json.loads(raw)
    except ValueError as error:
        raise DecodeError(f"the invoice is not JSON: {error}", raw=raw) from error
    if not isinstance(decoded, Mapping):
        raise DecodeError("the invoice is not a JSON object", raw=raw)
    return decoded


def _products(payload: Json) -> dict[object, tuple[str, str]]:
    """(name, SKU) by order item id, from the package's items."""
    found: dict[object, tuple[str, str]] = {}
    for entry in _list(payload.get("packageitem_set")):
        order_item = _mapping(_mapping(entry).get("order_item"))
        product = _mapping(order_item.get("product"))
        sku = _text(product.get("sku"))
        found[order_item.get("id")] = (_text(product.get("name")) or sku or "—", sku)
    return found


def _lines(raw: object, products: Mapping[object, tuple[str, str]]) -> tuple[InvoiceLine, ...]:
    """One line per order item (OMS lists one invoice item per unit), in OMS's order."""
    grouped: dict[object, InvoiceLine] = {}
    for entry in (_mapping(item) for item in _list(raw)):
        key = entry.get("order_item")
        name, sku = products.get(key, (f"#{_text(key) or '?'}", ""))
        line = InvoiceLine(name, sku, 1, _text(entry.get("tax_rate")),
                           _amount(entry.get("tax_amount")),
                           _amount(entry.get("discount_amount")),
                           _amount(entry.get("net_amount")), _amount(entry.get("total_amount")))
        known = grouped.get(key)
        grouped[key] = line if known is None else replace(
            known, quantity=known.quantity + 1, tax=known.tax + line.tax,
            discount=known.discount + line.discount, net=known.net + line.net,
            total=known.total + line.total)
    return tuple(grouped.values())


def _billing(address: Json, payload: Json) -> tuple[str, ...]:
    """The invoice's address as lines; its city and district are ids, so their names
    come from the package's address with the same id (billing, else shipping)."""
    named = _named_address(address.get("pk"), payload)
    name = " ".join(p for p in (_text(address.get("first_name")),
                                _text(address.get("last_name"))) if p)
    places = [_text(_mapping(named.get(key)).get("name"))
              for key in ("district", "township", "city")]
    lines = [_text(address.get("company_name")), name, _text(address.get("line")),
             " ".join(p for p in (_text(address.get("postcode")), " / ".join(
                 p for p in places if p)) if p)]
    lines.append("   ".join(p for p in (_text(address.get("email")),
                                        _text(address.get("phone_number"))) if p))
    return tuple(line for line in lines if line.strip())


def _named_address(pk: object, payload: Json) -> Json:
    for key in ("billing_address", "shipping_address"):
        candidate = _mapping(payload.get(key))
        if candidate and (pk is None or candidate.get("id") == pk):
            return candidate
    return {}


def _currency(payload: Json) -> str:
    for entry in _list(payload.get("packageitem_set")):
        currency = _text(_mapping(_mapping(entry).get("order_item")).get("price_currency"))
        if currency:
            return currency.upper()
    return ""


def money(value: Decimal, language: str = "en") -> str:
    return captions.money(value, language)


# --- layout --------------------------------------------------------------------------


def build(facts: InvoiceFacts, info: StationInfo, stock_location: str = "") -> Document:
    """The invoice on A4 paper."""
    size = SLIP_SIZES["A4"]
    width = size[0] - 2 * MARGIN
    words = captions.captions("invoice", info.language)
    header = _header(facts, info, stock_location, width, words)
    body = [*_facts(facts, width, info.language), *_address(facts, width, words),
            *_rows(facts, width, info.language), _totals(facts, width, info.language)]
    footer_top = size[1] - MARGIN - fonts.line_height(SMALL)

    def footer(page: int, pages: int) -> list[Element]:
        return _footer(facts, width, footer_top, page, pages, words)

    pages = flow.paginate(size, header, [_shift(block) for block in body], top=MARGIN,
                          bottom=footer_top - 3.0, footer=footer)
    return Document("invoice", f"invoice-{facts.number}", facts.package_number, pages)


def _shift(block: Block) -> Block:
    """Body blocks are built from x = 0; the page margin is added once, here."""
    repeat = None if block.repeat is None else _shift(block.repeat)
    return Block(block.height, tuple(moved_all(block.elements, dx=MARGIN)),
                 block.keep_with_next, repeat)


def _header(facts: InvoiceFacts, info: StationInfo, location: str, width: float,
            words: Words) -> Block:
    """The seller and the title on the left, the invoice number's barcode on the right."""
    x, code_width = MARGIN, min(width * 0.45, 85.0)
    text_width = width - code_width - 4.0
    texts = [flow.line(x, 0.0, info.store_name or location, TITLE, text_width, bold=True)]
    y = fonts.line_height(TITLE)
    for caption in (info.stock_location_name or location, words["title"]):
        if caption and caption != texts[0].text:
            texts.append(flow.line(x, y, caption, BODY, text_width))
            y += fonts.line_height(BODY)
    bars = barcodes.fitted(facts.number, x=x + width - code_width, y=0.0, width=code_width,
                           height=BAR_HEIGHT, module=MODULE)
    quiet = QUIET_MODULES * bars.module
    bars = replace(bars, x=x + width - bars.width - min(quiet, MARGIN / 2))
    number = flow.centred(bars.x - 10.0, BAR_HEIGHT + 0.8, facts.number, BODY,
                          bars.width + 20.0, bold=True)
    bottom = max(y, number.y + fonts.em_mm(BODY) * 0.4) + 2.0
    return Block(bottom + 4.0, (*texts, bars, number, Line(x, bottom, width, 0.4)))


def _facts(facts: InvoiceFacts, width: float, language: str) -> list[Block]:
    """Caption/value pairs, two to a row; dates as the language writes them."""
    words = captions.captions("invoice", language)
    pairs = [(words[key], value) for key, value in (
        ("number", facts.number), ("date", captions.date(facts.date, language)),
        ("order", facts.order_number), ("placed", captions.date(facts.order_date, language)),
        ("package", facts.package_number)) if value]
    column = width / 2
    caption_width = max((fonts.width_mm(c, SMALL) for c, _ in pairs), default=0) + 2
    blocks = []
    for start in range(0, len(pairs), 2):
        elements: list[Element] = []
        for n, (caption, value) in enumerate(pairs[start:start + 2]):
            left = n * column
            value_text = flow.line(left + caption_width, 0.0, value, BODY,
                                   column - caption_width - 3.0, bold=True)
            caption_text = flow.line(left, 0.0, caption, SMALL, caption_width)
            elements += [replace(caption_text, y=value_text.y), value_text]
        blocks.append(Block(fonts.line_height(BODY), tuple(elements)))
    return blocks


def _address(facts: InvoiceFacts, width: float, words: Words) -> list[Block]:
    office, number = facts.tax_ids
    tax = (f"{words['tax_office']}: {office}   {words['tax_no']}: {number}"
           if office or number else "")
    if not facts.billing and not tax:
        return []
    heading = flow.line(0.0, 3.0, words["billed"], BODY, width, bold=True)
    blocks = [Block(fonts.line_height(BODY) + 3.0, (heading,), keep_with_next=True)]
    for text in (*facts.billing, tax) if tax else facts.billing:
        blocks.extend(flow.text_block(0.0, text, BODY, width, max_lines=2))
    return blocks


def _item_width(width: float) -> float:
    return width - sum(size for _, size in COLUMNS)


def _cells(values: Sequence[str], width: float, size: float, top: float, *,
           bold: bool = False) -> list[Element]:
    """The number columns, right-aligned, from the item column's right edge."""
    x, cells = _item_width(width), list[Element]()
    for (_, column), value in zip(COLUMNS, values, strict=True):
        cells.append(flow.right_aligned(x, top, value, size, column - 1.0, bold=bold))
        x += column
    return cells


def _heading(width: float, words: Words) -> Block:
    step = fonts.line_height(SMALL)
    titles = [words[key] for key, _ in COLUMNS]
    elements = (flow.line(0.0, 0.0, words["item"], SMALL, _item_width(width), bold=True),
                *_cells(titles, width, SMALL, 0.0, bold=True),
                Line(0.0, step + 0.5, width, 0.3))
    return Block(step + 1.5, elements)


def _rows(facts: InvoiceFacts, width: float, language: str) -> list[Block]:
    heading = _heading(width, captions.captions("invoice", language))
    rows = [Block(row.height, row.elements, repeat=heading)
            for row in (_row(line, width, language) for line in facts.lines)]
    if rows:  # the totals never stand alone on a page
        rows[-1] = replace(rows[-1], keep_with_next=True)
    return [Block(heading.height + 4.0, tuple(moved_all(heading.elements, dy=4.0)),
                  keep_with_next=True), *rows]


def _row(line: InvoiceLine, width: float, language: str) -> Block:
    """The product's name (up to two lines) and SKU; the numbers on the first line."""
    top = 1.0
    name = flow.lines(0.0, top, line.name, BODY, _item_width(width) - 2.0, bold=True,
                      max_lines=2)
    sku_top = top + len(name) * fonts.line_height(BODY)
    sku_caption = captions.captions("invoice", language)["sku"]
    sku = [flow.line(0.0, sku_top, f"{sku_caption}: {line.sku}", SMALL,
                     _item_width(width) - 2.0)] if line.sku else []
    values = [str(line.quantity), captions.percent(line.tax_rate, language),
              *(money(amount, language) for amount in (line.tax, line.discount, line.net,
                                                       line.total))]
    height = sku_top + len(sku) * fonts.line_height(SMALL) + 1.0
    return Block(height + RULE, (*name, *sku, *_cells(values, width, BODY, top),
                                 Line(0.0, height, width, RULE)))


def _totals(facts: InvoiceFacts, width: float, language: str) -> Block:
    """Sums of the columns, then the amount due in bold, right-aligned."""
    step = fonts.line_height(BODY)
    suffix = f" {facts.currency}" if facts.currency else ""
    words = captions.captions("invoice", language)
    rows = [(words["net"], facts.sum_of("net")), (words["tax"], facts.sum_of("tax")),
            (words["discount"], facts.sum_of("discount")),
            (words["grand"], facts.sum_of("total"))]
    label_x, label_width = width - 95.0, 50.0
    elements: list[Element] = []
    top = 3.0
    for n, (caption, value) in enumerate(rows):
        bold = n == len(rows) - 1
        elements += [flow.line(label_x, top, caption, BODY, label_width, bold=bold),
                     flow.right_aligned(label_x + label_width, top,
                                        money(value, language) + suffix,
                                        BODY, 44.0, bold=bold)]
        top += step
    return Block(top + 2.0, tuple(elements))


def _footer(facts: InvoiceFacts, width: float, top: float, page: int,
            pages: int, words: Words) -> list[Element]:
    left = f"{words['title']} {facts.number}   {words['package']} {facts.package_number}"
    right = flow.right_aligned(MARGIN, top, f"{words['page']} {page} / {pages}", SMALL,
                               width)
    room = width - fonts.width_mm(right.text, SMALL) - 3.0
    return [Line(MARGIN, top - 1.0, width, RULE), flow.line(MARGIN, top, left, SMALL, room),
            right]


# --- forgiving readers ------------------------------------------------------------------


def _amount(value: object) -> Decimal:
    try:
        return Decimal(str(value)) if isinstance(value, str | int | float) else ZERO
    except InvalidOperation:
        return ZERO


def _mapping(value: object) -> Json:
    return value if isinstance(value, Mapping) else {}


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _text(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    return str(value).strip() if isinstance(value, str | int | float) else ""
