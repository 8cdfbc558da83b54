"""Reprinting a package's documents from the "today" screens.

Owns `Reprinter` (queues new print jobs through `station.documents.queue.reprint`;
the UI runs no SQL) and `ReprintDialog` (which documents to print again: one check
box per document type that has a printer at this station).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from station.documents import queue as print_queue
from station.documents.settings import DOCUMENTS, PrintSettings
from station.errors import StationError
from station.store.db import Store
from ui.printing.texts import document_label

logger = logging.getLogger(__name__)




@dataclass
class Reprinter:
    """Queues a packer's reprint on the UI thread's store (a few rows, durably)."""

    store: Store
    settings: PrintSettings
    packer: Callable[[], str]  # who asks, read at the time of asking (badges switch)
    wake: Callable[[], object] = lambda: None  # the print worker: new jobs are due now

    def documents(self) -> list[str]:
        """The document types that have a printer here, in the usual order."""
        return [doc for doc in DOCUMENTS if self.settings.destination_for(doc)]

    def __call__(self, package_id: int, documents: Sequence[str]) -> list[int]:
        """New print jobs' ids (documents without a printer are left out)."""
        jobs = print_queue.reprint(self.store, package_id, list(documents), self.settings,
                                   packer=self.packer())
        self.wake()
        return jobs


class ReprintDialog(QDialog):
    """Choose the documents to print again for one package.

    Signals:
        documents_chosen(package_id, documents): OK with at least one box checked.
    """

    documents_chosen = Signal(int, list)

    def __init__(self, package_id: int, number: str, documents: Sequence[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.package_id = package_id
        self.setWindowTitle(self.tr("Reprint"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Print again for package {number}:").format(
            number=number)))
        self.boxes: dict[str, QCheckBox] = {}
        for document in documents:
            box = QCheckBox(document_label(document))
            box.setChecked(True)
            box.toggled.connect(self._update_ok)
            self.boxes[document] = box
            layout.addWidget(box)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Print"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update_ok()

    def chosen(self) -> list[str]:
        return [document for document, box in self.boxes.items() if box.isChecked()]

    def accept(self) -> None:
        chosen = self.chosen()
        if chosen:
            self.documents_chosen.emit(self.package_id, chosen)
            super().accept()

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.chosen()))


def ask_reprint(parent: QWidget, reprinter: Reprinter | None, package_id: int,
                number: str, report: Callable[[str], None]) -> ReprintDialog | None:
    """Open the reprint dialog for a package (non-modal: the scanner keeps working);
    `report` gets the one sentence saying what happened. None when nothing can print."""
    documents = reprinter.documents() if reprinter is not None else []
    if reprinter is None or not documents:
        report(QCoreApplication.translate(
            "Reprint", "No printer is set up at this station: nothing to reprint."))
        return None
    dialog = ReprintDialog(package_id, number, documents, parent)
    dialog.documents_chosen.connect(
        lambda pid, chosen: _queue(reprinter, pid, number, chosen, report))
    dialog.open()
    return dialog


def _queue(reprinter: Reprinter, package_id: int, number: str, documents: list[str],
           report: Callable[[str], None]) -> None:
    try:
        jobs = reprinter(package_id, documents)
    except (sqlite3.Error, StationError, OSError, ValueError) as exc:
        logger.warning("reprint of package %s not queued", package_id, exc_info=exc)
        report(QCoreApplication.translate(
            "Reprint", "The reprint could not be saved: {reason}").format(reason=exc))
        return
    names = ", ".join(document_label(d) for d in documents)
    report(QCoreApplication.translate(
        "Reprint", "Reprinting {documents} for package {number} ({count} jobs queued).").format(
        documents=names, number=number, count=len(jobs)))
