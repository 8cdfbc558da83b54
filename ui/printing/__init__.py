"""Printing on the system's printers through Qt (QPrinter): the print worker's Qt
sender and the printer dialog. See `ui.printing.qprinter`."""

from __future__ import annotations

from ui.printing.qprinter import choose_printer, print_content

__all__ = ["choose_printer", "print_content"]
