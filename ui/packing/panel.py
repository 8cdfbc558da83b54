"""The open package: header, notes, items grouped by product (thumbnail, name, SKU,
barcode, scanned vs expected) and the command buttons with their F-keys and cards."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
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

from station.packing.commands import AvailableCommand
from station.packing.view import PackageView
from ui.packing.thumbnails import Thumbnails

COMMAND_KEYS = 8  # F1–F8
NO_PACKAGE = "No package open — scan a package number"
_DONE = QColor("#c8e6c9")



class PackagePanel(QWidget):
    """The open package: header, notes, items by product (a thumbnail first, from the
    image cache), command buttons."""

    commandClicked = Signal(int)  # transition id

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
        layout.addWidget(self.header)
        layout.addWidget(self.subheader)
        layout.addWidget(self.notes)
        layout.addWidget(self.items, 1)
        layout.addLayout(self.buttons)

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
        self.subheader.setText(
            f"{order}{view.state_name} · {view.verified_count} of {view.expected_count} scanned"
        )
        self.notes.setText("\n".join(view.notes))
        self.notes.setVisible(bool(view.notes))
        self._fill_items(view)
        self._set_commands(view.commands[:COMMAND_KEYS])

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

    def _set_commands(self, commands: tuple[AvailableCommand, ...]) -> None:
        for button in self.command_buttons:
            self.buttons.removeWidget(button)
            button.hide()  # deleteLater waits for the event loop; a grab must not see it
            button.deleteLater()
        self.command_buttons = []
        types = [command.command_type for command in commands]
        for number, command in enumerate(commands):
            # A card whose type several commands share would ask "which one?": show the
            # card that names exactly this command instead.
            card = command.card if types.count(command.command_type) == 1 else command.id_card
            button = QPushButton(f"F{number + 1}  {command.label}\n{card}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # scans and Enter stay with the form
            button.setMinimumHeight(52)
            button.setToolTip(f"Scan {card} or press F{number + 1}")
            button.clicked.connect(
                lambda _=False, tid=command.transition_id: self.commandClicked.emit(tid)
            )
            self.buttons.addWidget(button, number // 2, number % 2)
            self.command_buttons.append(button)
