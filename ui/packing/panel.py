"""The open package: header, notes, items grouped by product (thumbnail, name, SKU,
barcode, scanned vs expected) and the command row: one button per slot of the station
command catalogue (station.packing.catalogue), always in the same place with the same
key and card. An action not available now is greyed in its slot; OMS's own label of
the transition it would run is shown beside the station's name."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.packing.catalogue import CATALOGUE, Action, Catalogue
from station.packing.commands import AvailableCommand
from station.packing.view import PackageView
from ui.packing.thumbnails import Thumbnails

COMMAND_COLUMNS = 4
NO_PACKAGE = "No package open — scan a package number"
_DONE = QColor("#c8e6c9")



class PackagePanel(QWidget):
    """The open package: header, notes, items by product (a thumbnail first, from the
    image cache), the command row.

    Signals:
        card_clicked(str): a command button or its key was pressed; the card it stands
            for (`CMD:REFUSE`), to be handled exactly like a scan of that card.
    """

    card_clicked = Signal(str)

    def __init__(
        self, parent: QWidget | None = None, *, thumbnails: Thumbnails | None = None
    ) -> None:
        super().__init__(parent)
        self.thumbnails = thumbnails if thumbnails is not None else Thumbnails()
        layout = QVBoxLayout(self)
        self.header = QLabel(NO_PACKAGE)
        self.header.setStyleSheet("font-size: 22pt; font-weight: bold;")
        self.header.setWordWrap(True)
        self.subheader = QLabel()
        self.subheader.setStyleSheet("font-size: 16pt;")
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet(
            "background: #fff59d; color: #111; font-size: 18pt; "
            "font-weight: bold; padding: 8px; border: 2px solid #f9a825;"
        )
        self.notes.hide()
        self.items = QTableWidget(0, 5)
        self.items.setHorizontalHeaderLabels(("", "Product", "SKU", "Barcode", "Scanned"))
        self.items.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.items.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.items.verticalHeader().hide()
        Thumbnails.prepare(self.items)
        self.buttons = QGridLayout()
        self.command_buttons: list[QPushButton] = []
        self.catalogue: Catalogue = CATALOGUE
        self.shortcuts: list[QShortcut] = []
        layout.addWidget(self.header)
        layout.addWidget(self.subheader)
        layout.addWidget(self.notes)
        layout.addWidget(self.items, 1)
        layout.addLayout(self.buttons)
        self.set_catalogue(CATALOGUE)

    def show_view(self, view: PackageView | None) -> None:
        if view is None:
            self.header.setText(NO_PACKAGE)
            self.subheader.setText("")
            self.notes.hide()
            self.items.setRowCount(0)
            self._set_commands(())
            return
        order = f"Order {view.order_number} · " if view.order_number else ""
        self.header.setText(f"Package {view.number}")
        invoice = f" · Invoice {view.invoice_number}" if view.invoice_number else ""
        invoice += f" · Remote id {view.remote_id}" if view.remote_id else ""
        self.subheader.setText(
            f"{order}{view.state_name} · {view.verified_count} of {view.expected_count} "
            f"scanned{invoice}"
        )
        self.notes.setText("\n".join(view.notes))
        self.notes.setVisible(bool(view.notes))
        self._fill_items(view)
        self._set_commands(view.commands)

    def _fill_items(self, view: PackageView) -> None:
        self.items.setRowCount(len(view.groups))
        for row, group in enumerate(view.groups):
            cells = (
                group.name or "Unnamed product",
                group.sku or "",
                group.barcode or "",
                f"{group.verified} / {group.expected}",
            )
            self.items.setItem(row, 0, self.thumbnails.cell(group.product_id))
            for column, text in enumerate(cells, start=1):
                item = QTableWidgetItem(text)
                if group.missing == 0:
                    item.setBackground(_DONE)
                self.items.setItem(row, column, item)
        self.items.resizeColumnsToContents()
        self.items.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def set_catalogue(self, catalogue: Catalogue) -> None:
        """The catalogue whose slots, keys and cards this row shows (the session's)."""
        self.catalogue = catalogue
        for shortcut in self.shortcuts:
            shortcut.setEnabled(False)
            shortcut.deleteLater()
        # Keys work in every state: a greyed action's key says why it is not available.
        self.shortcuts = []
        for action in catalogue.actions:
            shortcut = QShortcut(QKeySequence(action.key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda card=action.card: self.card_clicked.emit(card))
            self.shortcuts.append(shortcut)
        for button in self.command_buttons:
            self.buttons.removeWidget(button)
            button.hide()  # deleteLater waits for the event loop; a grab must not see it
            button.deleteLater()
        self.command_buttons = []
        for number, action in enumerate(catalogue.slots):
            button = QPushButton()
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # scans and Enter stay with the form
            button.setMinimumHeight(52)
            button.clicked.connect(lambda _=False, card=action.card: self.card_clicked.emit(card))
            self.buttons.addWidget(button, number // COMMAND_COLUMNS, number % COMMAND_COLUMNS)
            self.command_buttons.append(button)
        self._set_commands(())

    def _set_commands(self, commands: tuple[AvailableCommand, ...]) -> None:
        """Fill every slot: enabled with OMS's label when its transition is offered."""
        open_package = self.header.text() != NO_PACKAGE
        for button, action in zip(self.command_buttons, self.catalogue.slots, strict=True):
            command = self.catalogue.find(action.name, commands)
            available = command is not None or (action.local and open_package)
            oms = f" · {command.label}" if command is not None and command.label != action.label \
                else ""
            button.setText(f"{action.key}  {action.label}{oms}\n{action.card}")
            button.setEnabled(available)
            button.setToolTip(_tooltip(action, command, available))


def _tooltip(action: Action, command: AvailableCommand | None, available: bool) -> str:
    if not available:
        return f"{action.label}: not available for this package now"
    oms = f" (OMS: {command.oms_label or command.label})" if command is not None else ""
    return f"{action.caption}{oms}. Scan {action.card} or press {action.key}"
