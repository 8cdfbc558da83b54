"""What a scanner sent: raw scan text → a typed scan event (item code, GS1 element
string, command card, or unknown), never raising.

* `interpret` — interpretation of one raw scan, command cards;
* `keyboard` — the keyboard-layout diagnosis (a scanner typing through the wrong layout);
* `gs1` — GS1 element strings: every application identifier of GS1's Syntax Dictionary
  (`ai_table`, data in gs1-syntax-dictionary.txt), dates, "piece N of M"; whether one
  AI's data is valid is `gs1_rules`;
* `gtin` — GTINs and GS1 check digits;
* `digital_link` — GS1 Digital Link URIs (`https://…/01/<gtin>/…`) as element strings;
* `ean_upc` — UPC-E ↔ UPC-A and EAN/UPC add-ons.
"""

from station.scanning.gs1 import Piece
from station.scanning.interpret import (
    DEFAULT,
    Code,
    CommandCard,
    Gs1,
    ScannerConfig,
    Unknown,
    interpret,
    render,
)
from station.scanning.keyboard import LAYOUT_TEST_CODE, detect_layout_mismatch

__all__ = [
    "DEFAULT", "LAYOUT_TEST_CODE", "Code", "CommandCard", "Gs1", "Piece", "ScannerConfig",
    "Unknown",
    "detect_layout_mismatch", "interpret", "render",
]
