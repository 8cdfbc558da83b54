"""How the "today" screens word and colour statuses (translated, never SQL).

Owns `delivery_text` / `DELIVERY_COLOURS` (a command's delivery status, one of
`station.stats.DELIVERY_STATUSES`) and `documents_text` (the documents printed for a
package; their names and states are ui.printing.texts').
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui.printing.texts import document_label, print_state_text

DELIVERY_COLOURS = {
    "delivered": "#c8e6c9", "conflict": "#ffcdd2", "failed": "#ffcdd2",
    "uncertain": "#fff3c4", "pending": "#e3f2fd", "discarded": "#e0e0e0",
}


def delivery_text(status: str) -> str:
    texts = {
        "pending": QCoreApplication.translate("Today", "waiting to send"),
        "delivered": QCoreApplication.translate("Today", "delivered"),
        "uncertain": QCoreApplication.translate("Today", "checking with OMS"),
        "conflict": QCoreApplication.translate("Today", "conflict"),
        "failed": QCoreApplication.translate("Today", "refused by OMS"),
        "discarded": QCoreApplication.translate("Today", "discarded"),
    }
    return texts.get(status, status)




def documents_text(documents: list[tuple[str, str]]) -> str:
    """"Packing slip: printed, Shipping label: waiting" (the newest job of each type)."""
    newest = dict(documents)
    return ", ".join(f"{document_label(doc)}: {print_state_text(state)}"
                     for doc, state in newest.items())
