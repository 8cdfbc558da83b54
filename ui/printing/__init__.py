"""Printing in the window: the system's printers through Qt (QPrinter), choosing a
printer (`destinations`), the print jobs screen (`jobs`) and the status bar's printer
line (`status`, wired in by `attach_printing`)."""

from __future__ import annotations

from ui.printing.qprinter import choose_printer, print_content
from ui.printing.status import PrintingUi, attach_printing

__all__ = ["PrintingUi", "attach_printing", "choose_printer", "print_content"]
