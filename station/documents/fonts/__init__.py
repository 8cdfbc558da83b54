"""The typeface every document is set in: DejaVu Sans (regular and bold), shipped here.

Owns three things the layouts and renderers share, so they agree with each other:

* where the TTF files are — found through `importlib.resources`, never a system
  path, so a packaged build (wheel, PyInstaller) prints the same as a checkout;
* which characters the font can draw, and `drawable()` that makes any text safe
  to set (emoji in gift notes become a placeholder instead of a crash or a tofu box);
* text measurement in millimetres, plus `fit()` (one line, cut with an ellipsis)
  and `wrap()` (several lines), which the layouts use to keep text inside its box.

DejaVu is used because it carries every Turkish letter (ğüşıöçĞÜŞİÖÇ) in both
weights; its licence is LICENSE-DejaVu.txt beside the fonts.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import unicodedata
from importlib import resources
from pathlib import Path

from fontTools.ttLib import TTFont  # fpdf2's own dependency
from PIL import ImageFont

REGULAR_FILE = "DejaVuSans.ttf"
BOLD_FILE = "DejaVuSans-Bold.ttf"
# What stands in for a character the font cannot draw. Plain ASCII on purpose: the
# same text goes to ZPL, whose printer-resident font is not DejaVu.
PLACEHOLDER = "?"
ELLIPSIS = "…"
PT_TO_MM = 25.4 / 72
# Vertical metrics as fractions of the font size (em), rounded from DejaVu's
# hhea table (ascender 0.928, descender 0.236): a line's baseline sits ASCENT
# below its top, and lines follow each other LINE_HEIGHT apart.
ASCENT = 0.93
LINE_HEIGHT = 1.2
_MEASURE_PX = 200  # measuring size: large enough that rounding is negligible

_files = contextlib.ExitStack()
atexit.register(_files.close)


@functools.cache
def font_path(bold: bool = False) -> Path:
    """A real file path for the TTF (fpdf2 and FreeType want a path). From a zip
    import, `as_file` extracts it to a temporary file that lives until exit."""
    resource = resources.files(__name__).joinpath(BOLD_FILE if bold else REGULAR_FILE)
    return _files.enter_context(resources.as_file(resource))


@functools.cache
def _coverage() -> frozenset[int]:
    """Code points both weights can draw: text is checked once, whatever its weight."""
    common: set[int] | None = None
    for bold in (False, True):
        with TTFont(font_path(bold), lazy=True) as font:
            points = set(font.getBestCmap())
        common = points if common is None else common & points
    return frozenset(common or ())


def drawable(text: str) -> str:
    """`text` with what the font cannot draw replaced, so no renderer ever meets it.

    NFC first (a decomposed "ş" becomes one drawable letter); control and format
    characters (zero-width joiners, variation selectors, line breaks inside a
    field) go; every run of undrawable characters — an emoji, a flag, a whole ZWJ
    family — becomes one PLACEHOLDER, so the reader sees that something was there.
    """
    covered = _coverage()
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if char in "\n\t\r":
            char = " "
        elif unicodedata.category(char) in ("Cc", "Cf") or _is_variation_selector(char):
            continue
        if ord(char) not in covered:
            char = PLACEHOLDER
            if out and out[-1] == PLACEHOLDER:
                continue
        out.append(char)
    return "".join(out)


def _is_variation_selector(char: str) -> bool:
    point = ord(char)
    return 0xFE00 <= point <= 0xFE0F or 0xE0100 <= point <= 0xE01EF


@functools.cache
def _measuring_font(bold: bool) -> ImageFont.FreeTypeFont:
    # BASIC layout: no raqm shaping, the same advances fpdf2 uses for the PDF.
    return ImageFont.truetype(str(font_path(bold)), _MEASURE_PX,
                              layout_engine=ImageFont.Layout.BASIC)


def em_mm(size_pt: float) -> float:
    """The font size in millimetres."""
    return size_pt * PT_TO_MM


def line_height(size_pt: float) -> float:
    """Distance in mm from one line's baseline to the next."""
    return em_mm(size_pt) * LINE_HEIGHT


def width_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """How wide `text` sets at `size_pt`, in millimetres."""
    return _measuring_font(bold).getlength(text) / _MEASURE_PX * em_mm(size_pt)


def fit(text: str, size_pt: float, width: float, bold: bool = False) -> str:
    """`text` made drawable and cut with an ellipsis so it fits `width` mm."""
    text = drawable(text)
    if width_mm(text, size_pt, bold) <= width:
        return text
    low, high = 0, len(text)  # binary search: long notes would make a loop slow
    while low < high:
        middle = (low + high + 1) // 2
        if width_mm(text[:middle].rstrip() + ELLIPSIS, size_pt, bold) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ELLIPSIS


def wrap(text: str, size_pt: float, width: float, *, bold: bool = False,
         max_lines: int | None = None) -> list[str]:
    """`text` made drawable and broken into lines of at most `width` mm, at spaces
    where it can, inside a word where a word alone is too wide. With `max_lines`
    the last kept line ends in an ellipsis when text was left out."""
    lines: list[str] = []
    for paragraph in unicodedata.normalize("NFC", text).splitlines() or [""]:
        lines.extend(_wrap_paragraph(drawable(paragraph).strip(), size_pt, width, bold))
    if max_lines is not None and len(lines) > max_lines:
        kept = lines[:max_lines]
        kept[-1] = fit(kept[-1] + ELLIPSIS, size_pt, width, bold)
        return kept
    return lines


def _wrap_paragraph(text: str, size_pt: float, width: float, bold: bool) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if width_mm(candidate, size_pt, bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while width_mm(current, size_pt, bold) > width and len(current) > 1:
            cut = _longest_prefix(current, size_pt, width, bold)
            lines.append(current[:cut])
            current = current[cut:]
    lines.append(current)
    return lines


def _longest_prefix(word: str, size_pt: float, width: float, bold: bool) -> int:
    cut = 1
    while cut < len(word) and width_mm(word[:cut + 1], size_pt, bold) <= width:
        cut += 1
    return cut
