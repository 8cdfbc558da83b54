"""The layout model every document is built as and every renderer reads.

A `Document` is pages of positioned elements — `Text`, `Barcode`, `Line`, `Box` —
in millimetres from the page's top-left corner. Builders (slip, label) decide
where things go; renderers (PDF, PNG, ZPL) only translate units, so the three
outputs of one document cannot disagree about content or position.

Conventions the renderers rely on:

* `Text.y` is the baseline (PDF, Pillow's "ls" anchor and ZPL's ^FT all position
  text by baseline, so no renderer has to guess a font's ascent); text is already
  drawable and already fits — builders run it through `fonts.fit`/`fonts.wrap`.
* `Line` and `Box` borders lie inside their rectangle, as ZPL's ^GB draws them.
* `Barcode` is Code128 of `data`; `width` covers the bars only, and the builder
  has left a quiet zone of `QUIET_MODULES` modules clear on either side.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

SlipSize = Literal["A4", "A5", "A6"]
LabelSize = Literal["100x150", "100x100"]
SLIP_SIZES: dict[str, tuple[float, float]] = {
    "A4": (210.0, 297.0), "A5": (148.0, 210.0), "A6": (105.0, 148.0)}
LABEL_SIZES: dict[str, tuple[float, float]] = {
    "100x150": (100.0, 150.0), "100x100": (100.0, 100.0)}
QUIET_MODULES = 10  # Code128's minimum quiet zone, in modules, each side


@dataclass(frozen=True)
class Text:
    """One line of text, left-aligned at `x`, baseline at `y`; size in points."""

    x: float
    y: float
    text: str
    size: float
    bold: bool = False
    inverse: bool = False  # white on a black `Box` drawn before it


@dataclass(frozen=True)
class Barcode:
    """Code128 of `data`: `modules` bars-and-spaces units of `module` mm each."""

    x: float
    y: float
    data: str
    module: float
    height: float
    modules: int

    @property
    def width(self) -> float:
        return self.modules * self.module


@dataclass(frozen=True)
class Line:
    """A horizontal or vertical rule from (`x`, `y`), `length` long, `thickness` thick."""

    x: float
    y: float
    length: float
    thickness: float = 0.3
    vertical: bool = False

    @property
    def width(self) -> float:
        return self.thickness if self.vertical else self.length

    @property
    def height(self) -> float:
        return self.length if self.vertical else self.thickness


@dataclass(frozen=True)
class Box:
    """A rectangle: a border `thickness` thick inside it, or solid when `filled`."""

    x: float
    y: float
    width: float
    height: float
    thickness: float = 0.3
    filled: bool = False


Element = Text | Barcode | Line | Box


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    elements: tuple[Element, ...]


@dataclass(frozen=True)
class Document:
    """What to print: `kind` ("packing-slip" or "package-label"), a file-name
    `name` without extension, the package number it is for, and its pages."""

    kind: str
    name: str
    package_number: str
    pages: tuple[Page, ...]


def moved(element: Element, dx: float = 0.0, dy: float = 0.0) -> Element:
    """`element` shifted by (`dx`, `dy`) mm: blocks are built at the origin and
    placed where the page flow puts them."""
    return dataclasses.replace(element, x=element.x + dx, y=element.y + dy)


def moved_all(elements: Sequence[Element], dx: float = 0.0, dy: float = 0.0
              ) -> list[Element]:
    return [moved(element, dx, dy) for element in elements]
