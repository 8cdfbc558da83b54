"""What a scanner sent: raw scan text → a typed scan event (item code, GS1 element
string, command card, or unknown), never raising.

* `interpret` — interpretation of one raw scan, command cards, the keyboard-layout
  diagnosis (a scanner typing through the wrong layout);
* `gs1` — GS1 element strings: application identifiers, check digits, GTIN spellings.
"""

from station.scanning.interpret import (
    DEFAULT,
    LAYOUT_TEST_CODE,
    Code,
    CommandCard,
    Gs1,
    ScannerConfig,
    Unknown,
    detect_layout_mismatch,
    interpret,
    render,
)

__all__ = [
    "DEFAULT", "LAYOUT_TEST_CODE", "Code", "CommandCard", "Gs1", "ScannerConfig", "Unknown",
    "detect_layout_mismatch", "interpret", "render",
]
