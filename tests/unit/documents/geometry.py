"""Layout checks on the model itself: everything on the page, nothing overlapping.

A text's box runs from its left edge to its measured width, and from DejaVu's
ascent above the baseline to its descent below; a barcode's box includes its
quiet zones. These are the properties a human would check on a print-out.
"""

from __future__ import annotations

from itertools import combinations

from station.documents import fonts
from station.documents.layout import QUIET_MODULES, Barcode, Box, Document, Element, Line, Text

Rect = tuple[float, float, float, float]  # left, top, right, bottom
EPSILON = 0.05  # mm: rounding, not design


def rect(element: Element) -> Rect:
    if isinstance(element, Text):
        em = fonts.em_mm(element.size)
        width = fonts.width_mm(element.text, element.size, element.bold)
        return element.x, element.y - 0.93 * em, element.x + width, element.y + 0.24 * em
    if isinstance(element, Barcode):
        quiet = QUIET_MODULES * element.module
        return (element.x - quiet, element.y, element.x + element.width + quiet,
                element.y + element.height)
    if isinstance(element, Line):
        return element.x, element.y, element.x + element.width, element.y + element.height
    return element.x, element.y, element.x + element.width, element.y + element.height


def overlap(a: Rect, b: Rect) -> bool:
    return (a[0] < b[2] - EPSILON and b[0] < a[2] - EPSILON
            and a[1] < b[3] - EPSILON and b[1] < a[3] - EPSILON)


def problems(document: Document) -> list[str]:
    """Every element off its page and every pair that collides, described."""
    found = []
    for number, page in enumerate(document.pages, 1):
        for element in page.elements:
            left, top, right, bottom = rect(element)
            if left < -EPSILON or top < -EPSILON or right > page.width + EPSILON \
                    or bottom > page.height + EPSILON:
                found.append(f"page {number}: off the page: {element}")
        for a, b in combinations(page.elements, 2):
            if _may_touch(a, b) or not overlap(rect(a), rect(b)):
                continue
            found.append(f"page {number}: {a} overlaps {b}")
    return found


def _may_touch(a: Element, b: Element) -> bool:
    """Pairs that share space by design: an inverse text on its black box, rules
    meeting rules."""
    pair = {type(a), type(b)}
    if pair == {Text, Box}:
        text = a if isinstance(a, Text) else b
        return isinstance(text, Text) and text.inverse
    return pair <= {Line, Box}
