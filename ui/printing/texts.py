"""How printing reads to a packer: a document type's name and a print job's state.

Owns `document_label` and `print_state_text`, the one place these words live (the
print jobs screen, the printing settings page, History, Packed today and the reprint
dialog all show them).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def document_label(document: str) -> str:
    """A document type as the packer reads it."""
    labels = {
        "slip": QCoreApplication.translate("Printing", "Packing slip"),
        "label": QCoreApplication.translate("Printing", "Package label"),
        "shipping-label": QCoreApplication.translate("Printing", "Shipping label"),
        "invoice": QCoreApplication.translate("Printing", "Invoice"),
    }
    return labels.get(document, document)


def print_state_text(state: str, *, waiting: bool = False) -> str:
    """A print job's state; `waiting`: a queued job already failed once (printer off)."""
    texts = {
        "queued": QCoreApplication.translate("Printing", "waiting for the printer")
        if waiting else QCoreApplication.translate("Printing", "to print"),
        "printing": QCoreApplication.translate("Printing", "printing"),
        "printed": QCoreApplication.translate("Printing", "printed"),
        "failed": QCoreApplication.translate("Printing", "failed"),
        "uncertain": QCoreApplication.translate("Printing", "may have printed"),
        "cancelled": QCoreApplication.translate("Printing", "cancelled"),
    }
    return texts.get(state, state)
