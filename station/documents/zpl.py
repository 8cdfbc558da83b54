"""ZPL II output of a `Document`, in the printer's own commands (no bitmap).

One `^XA … ^XZ` format per page. `^CI28` comes first, so every field is read as
UTF-8 and Turkish letters print; text uses the scalable resident font `^A0`
placed by its baseline (`^FT`), rules and boxes are `^GB`, the barcode is `^BC`
in automatic subset mode. Millimetres become dots at the printer's resolution
(203 dpi is 8 dots/mm, 300 dpi is 11.8).

Field data is escaped rather than rejected: `^FH` turns on hex escapes, and `^`,
`~` and the escape character `_` itself are sent as `_5E`, `_7E`, `_5F`, so a
gift note with a caret cannot end its field early or inject a command.
"""

from __future__ import annotations

from collections.abc import Callable

from station.documents import barcodes
from station.documents.layout import Barcode, Box, Document, Element, Line, Page, Text

DPIS = (203, 300)
_ESCAPES = {"^": "_5E", "~": "_7E", "_": "_5F"}
_Dots = Callable[[float], int]  # millimetres to printer dots


def render_zpl(document: Document, dpi: int = 203) -> str:
    """The whole document as ZPL II for a `dpi` (203 or 300) thermal printer.

    Returns text; send it encoded as UTF-8 (what `^CI28` announces)."""
    if dpi not in DPIS:
        raise ValueError(f"ZPL printers here are {DPIS} dpi, not {dpi}")
    dots_per_mm = dpi / 25.4
    return "".join(_page(page, dots_per_mm) for page in document.pages)


def _page(page: Page, dots_per_mm: float) -> str:
    def dots(mm: float) -> int:
        return round(mm * dots_per_mm)

    commands = ["^XA", "^CI28", f"^PW{dots(page.width)}", f"^LL{dots(page.height)}",
                "^LH0,0"]
    commands += [_element(element, dots, dots_per_mm) for element in page.elements]
    commands.append("^XZ")
    return "\n".join(commands) + "\n"


def _element(element: Element, dots: _Dots, dots_per_mm: float) -> str:
    if isinstance(element, Text):
        return _text(element, dots, dots_per_mm)
    if isinstance(element, Barcode):
        return _barcode(element, dots, dots_per_mm)
    if isinstance(element, Line):
        return _rect(element.x, element.y, element.width, element.height,
                     min(element.width, element.height), dots)
    return _box(element, dots)


def _text(text: Text, dots: _Dots, dots_per_mm: float) -> str:
    height = max(10, round(text.size * 25.4 / 72 * dots_per_mm))
    reverse = "^FR" if text.inverse else ""  # prints white over the black box under it
    return (f"^FT{dots(text.x)},{dots(text.y)}^A0N,{height},{height}{reverse}"
            f"^FH^FD{escape(text.text)}^FS")


def _barcode(bars: Barcode, dots: _Dots, dots_per_mm: float) -> str:
    module = barcodes.whole_units(bars.module, dots_per_mm)
    # Keep the bars centred where the layout put them, whatever rounding did.
    centre = (bars.x + bars.width / 2) * dots_per_mm
    x = max(0, round(centre - bars.modules * module / 2))
    height = dots(bars.height)
    # Mode A (automatic): the printer picks the subsets (digit runs pack in C) and
    # reads the whole ASCII set literally, so ">" needs no invocation-code escape.
    return (f"^FO{x},{dots(bars.y)}^BY{module}^BCN,{height},N,N,N,A"
            f"^FH^FD{escape(bars.data)}^FS")


def _box(box: Box, dots: _Dots) -> str:
    thickness = min(box.width, box.height) if box.filled else box.thickness
    return _rect(box.x, box.y, box.width, box.height, thickness, dots)


def _rect(x: float, y: float, width: float, height: float, thickness: float,
          dots: _Dots) -> str:
    # ^GB needs width and height of at least its thickness, and one dot at least.
    border = max(1, dots(thickness))
    return (f"^FO{dots(x)},{dots(y)}^GB{max(border, dots(width))},"
            f"{max(border, dots(height))},{border},B,0^FS")


def escape(text: str) -> str:
    """Field data safe inside `^FH^FD…^FS`; control characters become spaces."""
    return "".join(_ESCAPES.get(char, " " if char < " " or char == "\x7f" else char)
                   for char in text)
