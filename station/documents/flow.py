"""Building blocks for layouts, and the page flow that puts them on pages.

A `Block` is a strip of elements built at y = 0 with a known height. `paginate`
stacks blocks down the page body and starts a new page, with the page header
again, when the next block does not fit — a block is never split, so an item's
name is never separated from its SKU line. A block can name a `repeat` block (a
table's column heading) that is set first whenever that block opens a page.

The helpers (`line`, `lines`, `mark`) turn text into positioned `Text` that
already fits its width, with the baseline placed from the font's own metrics.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from station.documents import fonts
from station.documents.layout import Box, Element, Page, Text, moved_all


@dataclass(frozen=True)
class Block:
    height: float
    elements: tuple[Element, ...]
    keep_with_next: bool = False  # a heading: never the last thing on a page
    repeat: Block | None = None


def line(x: float, top: float, text: str, size: float, width: float, *,
         bold: bool = False) -> Text:
    """One line of `text` whose line box starts at `top`, cut to `width` mm."""
    return Text(x=x, y=top + fonts.em_mm(size) * fonts.ASCENT,
                text=fonts.fit(text, size, width, bold), size=size, bold=bold)


def shrunk(x: float, top: float, text: str, size: float, width: float, *,
           smallest: float, bold: bool = False) -> Text:
    """Like `line`, but set smaller (down to `smallest` pt) rather than cut, for
    text that must be read whole — a city, an order number. The baseline stays
    where a full-size line would put it, so the layout does not move."""
    drawable = fonts.drawable(text)
    natural = fonts.width_mm(drawable, size, bold)
    used = size if natural <= width else max(smallest, size * width / natural * 0.99)
    baseline = top + fonts.em_mm(size) * fonts.ASCENT
    return Text(x=x, y=baseline, text=fonts.fit(drawable, used, width, bold), size=used,
                bold=bold)


def centred(x: float, top: float, text: str, size: float, width: float, *,
            bold: bool = False) -> Text:
    """Like `line`, centred in the `width` mm from `x`."""
    placed = line(x, top, text, size, width, bold=bold)
    offset = (width - fonts.width_mm(placed.text, size, bold)) / 2
    return Text(x=x + max(0.0, offset), y=placed.y, text=placed.text, size=size, bold=bold)


def right_aligned(x: float, top: float, text: str, size: float, width: float, *,
                  bold: bool = False) -> Text:
    """Like `line`, its right edge at `x + width`."""
    placed = line(x, top, text, size, width, bold=bold)
    offset = width - fonts.width_mm(placed.text, size, bold)
    return Text(x=x + max(0.0, offset), y=placed.y, text=placed.text, size=size, bold=bold)


def lines(x: float, top: float, text: str, size: float, width: float, *,
          bold: bool = False, max_lines: int | None = None) -> list[Text]:
    """`text` wrapped to `width` mm, one `Text` per line from `top` down."""
    step = fonts.line_height(size)
    wrapped = fonts.wrap(text, size, width, bold=bold, max_lines=max_lines)
    return [line(x, top + n * step, part, size, width, bold=bold)
            for n, part in enumerate(wrapped)]


def text_block(x: float, text: str, size: float, width: float, *,
               bold: bool = False, max_lines: int | None = None) -> list[Block]:
    """A paragraph as one block per line, so a long note flows across pages."""
    wrapped = fonts.wrap(text, size, width, bold=bold, max_lines=max_lines)
    return [Block(fonts.line_height(size), (line(x, 0.0, part, size, width, bold=bold),))
            for part in wrapped]


def mark(x: float, top: float, text: str, size: float) -> tuple[list[Element], float]:
    """A white-on-black tag ("GIFT", "SAME DAY"); returns its elements and width."""
    pad = fonts.em_mm(size) * 0.35
    label = fonts.drawable(text)
    width = fonts.width_mm(label, size, True) + 2 * pad
    height = fonts.line_height(size) + pad
    box = Box(x=x, y=top, width=width, height=height, filled=True)
    baseline = top + pad / 2 + fonts.em_mm(size) * fonts.ASCENT
    return [box, Text(x + pad, baseline, label, size, bold=True, inverse=True)], width


def marks(x: float, top: float, labels: Sequence[str], size: float) -> list[Element]:
    """Several tags side by side."""
    elements: list[Element] = []
    for label in labels:
        placed, width = mark(x, top, label, size)
        elements.extend(placed)
        x += width + fonts.em_mm(size) * 0.6
    return elements


def mark_height(size: float) -> float:
    return fonts.line_height(size) + fonts.em_mm(size) * 0.35


Footer = Callable[[int, int], Sequence[Element]]


def paginate(size: tuple[float, float], header: Block, body: Sequence[Block], *,
             top: float, bottom: float, footer: Footer) -> tuple[Page, ...]:
    """Blocks flowed onto pages of `size` mm between `top` and `bottom`, the
    `header` at `top` of every page, `footer(page, pages)` added last."""
    pages: list[list[Element]] = []
    y = bottom
    fresh = False  # nothing but the header on the current page yet
    for index, block in enumerate(body):
        needed = block.height + _next_height(body, index) if block.keep_with_next else 0.0
        if y + max(block.height, needed) > bottom and not fresh:
            pages.append(moved_all(header.elements, dy=top))
            y, fresh = top + header.height, True
            if block.repeat is not None:
                pages[-1].extend(moved_all(block.repeat.elements, dy=y))
                y += block.repeat.height
        pages[-1].extend(moved_all(block.elements, dy=y))
        y, fresh = y + block.height, False
    if not pages:
        pages.append(moved_all(header.elements, dy=top))
    total = len(pages)
    return tuple(Page(size[0], size[1], tuple(elements) + tuple(footer(n + 1, total)))
                 for n, elements in enumerate(pages))


def _next_height(body: Sequence[Block], index: int) -> float:
    return body[index + 1].height if index + 1 < len(body) else 0.0
