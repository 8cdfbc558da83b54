"""Printable Code128 labels: the demo barcode sheet (a multi-page A4 PDF).

Barcodes are rendered as PNG-style Pillow images by python-barcode's ImageWriter
(its SVG output uses mm units that QtSvg renders at the wrong size) and laid out
with Pillow, which also writes the PDF. The sheet carries, for a few packages of
the store, the package number and under it each item's scan code, plus a page of
command cards (`CMD:…`, from the station command catalogue), the denial-reason cards
(`REASON:<id>`) and the scanner test code, so a demo can be driven with a
real scanner. Pure Python: no Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import barcode
from barcode.writer import ImageWriter
from PIL import Image, ImageDraw, ImageFont

from station.documents.fonts import font_path
from station.packing.catalogue import CATALOGUE
from station.scanning.keyboard import LAYOUT_TEST_CODE
from station.store.db import Store
from station.store.denial_reasons import DenialReason, denial_reasons

DPI = 200
PAGE_SIZE = (1654, 2339)  # A4 at DPI
MARGIN = 90
COLUMN_GAP = 60
CAPTION_WIDTH = 620  # captions may run past short barcodes, up to about a column
# 0.254 mm at 200 dpi is exactly 2 px a module: whole-pixel bars scan reliably.
_WRITER_OPTIONS = {"module_width": 0.254, "module_height": 9.0, "quiet_zone": 3.0,
                   "font_size": 9, "text_distance": 3.5, "dpi": DPI}

# (card, caption): what each printed command card does when scanned in a package —
# generated from the station command catalogue, so paper and screen always agree.
COMMAND_CARDS: tuple[tuple[str, str], ...] = tuple(
    (action.card, f"{action.key} · {action.caption}") for action in CATALOGUE.actions)
SCANNER_TEST_CAPTION = "Scanner test code (checks the keyboard layout)"


@dataclass(frozen=True)
class Label:
    """One barcode on the sheet: the code it encodes and the caption under it."""

    code: str
    caption: str


@dataclass(frozen=True)
class PackageLabels:
    number: Label
    items: tuple[Label, ...]


def demo_sheet_pdf(
    store: Store, path: str | Path, *, stock_location_id: int, packages: int = 12
) -> list[Image.Image]:
    """Write the demo barcode sheet for up to `packages` live packages of the
    location to `path` (PDF) and return its page images (for previews and tests)."""
    blocks = [_package_block(labels) for labels in
              demo_packages(store, stock_location_id=stock_location_id, limit=packages)]
    pages = _flow_in_columns(blocks, "Demo packages — scan the package, then its items")
    pages.extend(command_card_page(denial_reasons(store)))
    save_pdf(pages, path)
    return pages


def demo_packages(store: Store, *, stock_location_id: int, limit: int) -> list[PackageLabels]:
    """The packages to print: live ones of the location, oldest first, each item
    product once (the code a packer scans: product barcode, else SKU)."""
    rows = store.conn.execute(
        "SELECT id, number, order_number FROM packages "
        "WHERE stock_location_id = ? AND archived = 0 ORDER BY id LIMIT ?",
        (stock_location_id, limit),
    ).fetchall()
    return [PackageLabels(Label(number, f"Package · order {order_number or '—'}"),
                          tuple(_item_labels(store, package_id)))
            for package_id, number, order_number in rows]


def _item_labels(store: Store, package_id: int) -> Iterable[Label]:
    rows = store.conn.execute(
        "SELECT coalesce(pr.barcode, pr.sku) AS code, pr.name, count(*) FROM package_items i "
        "JOIN products pr ON pr.id = i.product_id WHERE i.package_id = ? "
        "AND coalesce(pr.barcode, pr.sku) IS NOT NULL "
        "GROUP BY pr.id ORDER BY min(i.position)",
        (package_id,),
    )
    for code, name, quantity in rows:
        suffix = f"  ×{quantity}" if quantity > 1 else ""
        yield Label(code, f"{name or code}{suffix}")


def command_card_labels(reasons: Sequence[DenialReason] = ()) -> list[Label]:
    """The catalogue's cards (key and caption under each), the reason cards of the
    cached denial reasons, then the scanner test code."""
    labels = [Label(card, caption) for card, caption in COMMAND_CARDS]
    labels += [Label(reason.card, f"Reason: {reason.title}") for reason in reasons]
    labels.append(Label(LAYOUT_TEST_CODE, SCANNER_TEST_CAPTION))
    return labels


def command_card_page(reasons: Sequence[DenialReason] = ()) -> list[Image.Image]:
    """Pages of command cards, reason cards and the scanner test code, captioned."""
    blocks = [labelled_barcode(label, caption_size=30)
              for label in command_card_labels(reasons)]
    return _flow_in_columns(blocks, "Command cards — scan while a package is open")


def labelled_barcode(
    label: Label, *, caption_size: int = 28, caption_width: int = CAPTION_WIDTH
) -> Image.Image:
    """The Code128 barcode of `label.code` (human-readable code under the bars)
    with `label.caption` under it, on white."""
    bars = barcode_image(label.code)
    font = _font(caption_size)
    caption = _fit(label.caption, font, max(bars.width, caption_width))
    width = max(bars.width, int(font.getlength(caption)) + 2 * _quiet_px())
    image = Image.new("RGB", (width, bars.height + caption_size + 16), "white")
    image.paste(bars, (0, 0))
    ImageDraw.Draw(image).text((_quiet_px(), bars.height), caption, font=font, fill="black")
    return image


def barcode_image(code: str) -> Image.Image:
    """Code128 of `code` as a Pillow image at DPI."""
    symbol = barcode.get("code128", code, writer=ImageWriter())
    return symbol.render(_WRITER_OPTIONS).convert("RGB")


def save_pdf(pages: Sequence[Image.Image], path: str | Path) -> None:
    """One PDF page per image, A4 at DPI."""
    if not pages:
        raise ValueError("a PDF needs at least one page")
    first, *rest = pages
    first.save(Path(path), "PDF", save_all=True, append_images=rest, resolution=float(DPI))


def _package_block(labels: PackageLabels) -> Image.Image:
    """A package's number barcode with its item barcodes indented under it."""
    parts = [labelled_barcode(labels.number, caption_size=30)]
    parts += [labelled_barcode(item) for item in labels.items]
    indent, gap = 40, 18
    width = max(part.width + (indent if n else 0) for n, part in enumerate(parts))
    height = sum(part.height for part in parts) + gap * len(parts)
    block = Image.new("RGB", (width, height), "white")
    y = 0
    for n, part in enumerate(parts):
        block.paste(part, (indent if n else 0, y))
        y += part.height + gap
    return block


def _flow_in_columns(blocks: Sequence[Image.Image], title: str) -> list[Image.Image]:
    """Blocks top to bottom in two columns, a new page when both are full."""
    column_width = (PAGE_SIZE[0] - 2 * MARGIN - COLUMN_GAP) // 2
    top, bottom = MARGIN + 80, PAGE_SIZE[1] - MARGIN
    pages: list[Image.Image] = []
    column, y = 2, bottom  # forces a new page for the first block
    for block in blocks:
        block = _shrink_to(block, column_width, bottom - top)
        if y + block.height > bottom:
            column, y = column + 1, top
            if column > 1:
                pages.append(_titled_page(title, len(pages) + 1))
                column = 0
        x = MARGIN + column * (column_width + COLUMN_GAP)
        pages[-1].paste(block, (x, y))
        y += block.height + 40
    return pages or [_titled_page(title, 1)]


def _shrink_to(block: Image.Image, width: int, height: int) -> Image.Image:
    # Only a very long code or a package with very many items overflows a column;
    # a smaller (still whole-pixel) copy is better than a cut-off barcode.
    if block.width <= width and block.height <= height:
        return block
    scale = min(width / block.width, height / block.height)
    size = (max(1, int(block.width * scale)), max(1, int(block.height * scale)))
    return block.resize(size, Image.Resampling.NEAREST)


def _titled_page(title: str, number: int) -> Image.Image:
    page = _blank_page()
    ImageDraw.Draw(page).text((MARGIN, MARGIN), f"{title}  ({number})",
                              font=_font(40, bold=True), fill="black")
    return page


def _blank_page() -> Image.Image:
    return Image.new("RGB", PAGE_SIZE, "white")


def _quiet_px() -> int:
    return round(_WRITER_OPTIONS["quiet_zone"] * DPI / 25.4)


def _fit(text: str, font: ImageFont.ImageFont | ImageFont.FreeTypeFont, width: int) -> str:
    """`text`, cut with an ellipsis so it fits `width` pixels (captions of long names)."""
    limit = width - 2 * _quiet_px()
    if font.getlength(text) <= limit:
        return text
    while text and font.getlength(text + "…") > limit:
        text = text[:-1]
    return text + "…"


def _font(size: int, *, bold: bool = False) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(str(font_path(bold=bold)), size)
    except OSError:  # DejaVu not installed: readable, if plain
        return ImageFont.load_default(size)
