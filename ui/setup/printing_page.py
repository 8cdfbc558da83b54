"""The settings dialog's Printing page: where each document type prints.

Owns `PrintingPage`: per document type (`station.documents.settings.DOCUMENTS`) a
destination field with a "Choose…" menu (`ui.printing.destinations`: the system's
printers, Qt's printer dialog, a network label printer, a PDF folder) and an
"On completion" box; whether to wait for a shipping label OMS has not made yet,
and the store name printed on the documents. `values()` gives the settings file's
`"printing"` object, checked the way the file is checked when loaded.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station.documents.settings import DEFAULT_AUTO_PRINT, DOCUMENTS, Destination
from station.errors import UsageError
from ui.printing.destinations import DestinationChooser
from ui.printing.texts import document_label
from ui.settings import SettingsError

log = logging.getLogger(__name__)


class PrintingPage(QWidget):
    """The printing settings of one station; `values()` after editing. The system's
    printers appear in the menus once listed (`chooser.printers_listed`)."""

    def __init__(self, printing: Mapping[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.original = dict(printing or {})
        destinations = self.original.get("destinations") or {}
        auto = set(self.original.get("auto_print", sorted(DEFAULT_AUTO_PRINT)))
        self.destination_edits: dict[str, QLineEdit] = {}
        # The menus offer the printers the other fields name now.
        self.chooser = DestinationChooser(self, known=lambda: [
            edit.text().strip() for edit in self.destination_edits.values()])
        self.choose_buttons: dict[str, QPushButton] = {}
        self.auto_print_checks: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("<b>Document</b>")), 0, 0)
        grid.addWidget(QLabel(self.tr("<b>Printer</b>")), 0, 1, 1, 2)
        grid.addWidget(QLabel(self.tr("<b>On completion</b>")), 0, 3)
        for row, document in enumerate(DOCUMENTS, start=1):
            self._document_row(grid, row, document, str(destinations.get(document, "")),
                               document in auto)
        self.wait_label_check = QCheckBox(self.tr("Wait for a shipping label OMS has not "
                                                  "made yet"))
        self.wait_label_check.setChecked(bool(self.original.get("wait_for_shipping_label",
                                                                True)))
        self.store_name_edit = QLineEdit(str(self.original.get("store_name", "")))
        form = QFormLayout()
        form.addRow("", self.wait_label_check)
        form.addRow(self.tr("Store name on documents"), self.store_name_edit)
        hint = QLabel(self.tr("Choose… picks a system printer, a network label printer "
                              "(tcp://host:9100) or a folder to save PDFs in; a raw CUPS "
                              "queue is typed as cups:QUEUE. Changes apply to the next "
                              "print job."))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addStretch(1)

    def _document_row(self, grid: QGridLayout, row: int, document: str, destination: str,
                      auto: bool) -> None:
        edit = QLineEdit(destination)
        edit.setPlaceholderText(self.tr("not printed"))
        button = QPushButton(self.tr("Choose…"))
        menu = QMenu(button)
        menu.aboutToShow.connect(lambda: self.choose(document))
        button.setMenu(menu)
        check = QCheckBox(self.tr("Print"))
        check.setChecked(auto)
        grid.addWidget(QLabel(document_label(document)), row, 0)
        grid.addWidget(edit, row, 1)
        grid.addWidget(button, row, 2)
        grid.addWidget(check, row, 3)
        self.destination_edits[document] = edit
        self.choose_buttons[document] = button
        self.auto_print_checks[document] = check
        self.choose(document)

    def choose(self, document: str) -> QMenu:
        """The "Choose…" menu of `document`, filled, with its choices going into the
        field (what the button shows; tests trigger its actions)."""
        button = self.choose_buttons[document]
        menu = button.menu()
        edit = self.destination_edits[document]
        return self.chooser.fill_menu(menu, edit.text().strip(), edit.setText)

    def values(self) -> dict[str, Any]:
        """The `"printing"` object; raises SettingsError naming a bad destination."""
        destinations: dict[str, str] = {}
        for document, edit in self.destination_edits.items():
            text = edit.text().strip()
            if not text:
                continue
            try:
                Destination.parse(text)
            except UsageError as exc:
                raise SettingsError(self.tr("{document} printer: {problem}").format(
                    document=document_label(document), problem=exc)) from exc
            destinations[document] = text
        printing = dict(self.original)  # sizes, dpi…: kept as they are
        printing.update(
            destinations=destinations,
            auto_print=[d for d, check in self.auto_print_checks.items() if check.isChecked()],
            wait_for_shipping_label=self.wait_label_check.isChecked(),
            store_name=self.store_name_edit.text().strip())
        return printing
