"""The open package: a one-line header, a compact notes strip, the items grouped by
product (thumbnail, name with size/colour, SKU and barcode, scanned vs expected big)
and the command row: one fixed-width key per slot of the station command catalogue
(station.packing.catalogue), always in the same place with the same key and card. An
action not available now is greyed in its slot; OMS's own label of the transition it
would run is in the key's text and tooltip (ui.packing.command_row).

The items dominate: notes take at most two lines (the whole note in the tooltip), and
the row just scanned is selected and scrolled into view (`reveal_item`). Fonts follow
the window's (`scale_fonts`), so a font-size change applies without a restart.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.packing.catalogue import CATALOGUE, Action, Catalogue
from station.packing.commands import AvailableCommand
from station.packing.view import ItemGroup, PackageView
from ui.i18n import render
from ui.packing.command_row import CommandKey
from ui.packing.eliding import ElidingLabel
from ui.packing.preview import ProductPreview
from ui.packing.thumbnails import THUMB_PX, Thumbnails

SCANNED_COLUMN = 4
PREVIEW_MIN_PANEL_PX = 1000  # below it the picture would squeeze the product names
SKU_COLUMN, BARCODE_COLUMN = 2, 3  # kept for code that reads them; shown in the product cell
NOTE_LINES = 2
_DONE = QColor("#c8e6c9")


def no_package_text() -> str:
    return QCoreApplication.translate("PackagePanel", "No package open — scan a package number")


NO_PACKAGE = "No package open — scan a package number"  # the English text, for tests


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
        self.open = False
        self.header = QLabel(no_package_text())
        self.subheader = ElidingLabel()
        self.notes = self._build_notes()
        self.items = self._build_items()
        self._groups: tuple[ItemGroup, ...] = ()  # the shown view's product groups, row by row
        self.preview = ProductPreview(lambda: self.thumbnails.images)
        self.preview.setObjectName("product_preview")
        self.items.itemSelectionChanged.connect(self._preview_selected)
        self.command_row = QWidget()  # the window may move it to span its whole width
        self.buttons = QHBoxLayout(self.command_row)
        self.buttons.setContentsMargins(0, 0, 0, 0)
        self.buttons.setSpacing(4)
        self.command_buttons: list[CommandKey] = []
        self.catalogue: Catalogue = CATALOGUE
        self.shortcuts: list[QShortcut] = []
        heading = QHBoxLayout()
        heading.addWidget(self.header)
        heading.addWidget(self.subheader, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(heading)
        layout.addWidget(self.notes)
        body = QHBoxLayout()
        body.addWidget(self.items, 1)
        body.addWidget(self.preview)
        layout.addLayout(body, 1)
        layout.addWidget(self.command_row)
        self.set_catalogue(CATALOGUE)
        self.scale_fonts(self.font().pointSize())

    def _build_notes(self) -> QLabel:
        notes = QLabel()
        notes.setWordWrap(True)
        # Any note fits the width; what is over two lines is in the tooltip.
        notes.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Maximum)
        notes.setStyleSheet("background: #fff59d; color: #111; padding: 2px 6px; "
                            "border: 2px solid #f9a825;")
        notes.hide()
        return notes

    def _build_items(self) -> QTableWidget:
        items = QTableWidget(0, 5)
        items.setHorizontalHeaderLabels(("", self.tr("Product"), self.tr("SKU"),
                                         self.tr("Barcode"), self.tr("Scanned")))
        items.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        items.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        items.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        items.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        items.setWordWrap(False)
        items.setTextElideMode(Qt.TextElideMode.ElideRight)
        items.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = items.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(SCANNED_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        items.setColumnHidden(SKU_COLUMN, True)
        items.setColumnHidden(BARCODE_COLUMN, True)
        items.verticalHeader().hide()
        items.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        items.setMinimumHeight(0)
        Thumbnails.prepare(items)
        items.setColumnWidth(0, THUMB_PX + 8)
        return items

    def scale_fonts(self, points: int) -> None:
        """Size every text from the base font size `points` (the window's)."""
        self.header.setFont(_sized(self.font(), round(points * 1.4), bold=True))
        self.subheader.setFont(_sized(self.font(), points))
        self.notes.setFont(_sized(self.font(), points, bold=True))
        self.items.setFont(_sized(self.font(), points))
        self.items.horizontalHeader().setFont(_sized(self.font(), max(8, points - 3)))
        for button in self.command_buttons:
            button.setFont(_sized(self.font(), max(8, points - 2)))
        line = self.items.fontMetrics().lineSpacing()
        self.items.verticalHeader().setDefaultSectionSize(max(THUMB_PX + 8, 2 * line + 10))
        note_line = self.notes.fontMetrics().lineSpacing()
        self.notes.setMaximumHeight(NOTE_LINES * note_line + 10)
        for row in range(self.items.rowCount()):
            self._style_scanned(row)

    def show_view(self, view: PackageView | None, scanned_item_id: int | None = None) -> None:
        """Show `view` (None: nothing open); the row holding unit `scanned_item_id` (the
        one just scanned) is selected and scrolled into view."""
        self.open = view is not None
        if view is None:
            self.header.setText(no_package_text())
            self.subheader.setText("")
            self.notes.hide()
            self._groups = ()
            self.items.setRowCount(0)
            self.preview.show_product(None, "")
            self._set_commands(())
            return
        self.header.setText(self.tr("Package {number}").format(number=view.number))
        self.subheader.setText(self._summary(view))
        self.subheader.setToolTip(self.subheader.text())
        notes = "\n".join(render(note) for note in view.notes)
        self.notes.setText(notes)
        self.notes.setToolTip(notes)
        self.notes.setVisible(bool(view.notes))
        self._groups = view.groups
        self._fill_items(view)
        self._set_commands(view.commands)
        if scanned_item_id is not None:
            self.reveal_item(view, scanned_item_id)
        self._preview_selected()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # The big picture only where the items keep room for their names beside it.
        self.preview.setVisible(event.size().width() >= PREVIEW_MIN_PANEL_PX)

    def _preview_selected(self) -> None:
        """The big picture follows the selected row (the one just scanned), else the
        first row still to scan."""
        rows = [index.row() for index in self.items.selectionModel().selectedRows()]
        if not rows:
            rows = [row for row, group in enumerate(self._groups) if group.missing] or [0]
        row = rows[0]
        if row >= len(self._groups):
            self.preview.show_product(None, "")
            return
        group = self._groups[row]
        if group.product_id == self.preview.product_id:
            return
        caption = "\n".join(filter(None, (group.name, " · ".join(group.attributes))))
        self.preview.show_product(group.product_id, caption)

    def _summary(self, view: PackageView) -> str:
        parts = [self.tr("{done} of {total} scanned").format(done=view.verified_count,
                                                              total=view.expected_count),
                 view.state_name]
        if view.order_number:
            parts.append(self.tr("Order {number}").format(number=view.order_number))
        if view.invoice_number:
            parts.append(self.tr("Invoice {number}").format(number=view.invoice_number))
        if view.remote_id:
            parts.append(self.tr("Remote id {id}").format(id=view.remote_id))
        return " · ".join(parts)

    def reveal_item(self, view: PackageView, item_id: int) -> int | None:
        """Select and scroll to the row of unit `item_id`; its row, or None."""
        for row, group in enumerate(view.groups):
            if any(line.item_id == item_id for line in group.lines):
                self.items.selectRow(row)
                self.items.scrollTo(self.items.model().index(row, 1),
                                    QAbstractItemView.ScrollHint.EnsureVisible)
                return row
        return None

    def _fill_items(self, view: PackageView) -> None:
        self.items.clearSelection()
        self.items.setRowCount(len(view.groups))
        for row, group in enumerate(view.groups):
            # Size and colour first: what tells look-alikes apart ("XL · Lacivert").
            details = " · ".join(filter(None, (*group.attributes, group.sku, group.barcode)))
            name = group.name or self.tr("Unnamed product")
            cells = (f"{name}\n{details}" if details else name, group.sku or "",
                     group.barcode or "", f"{group.verified} / {group.expected}")
            self.items.setItem(row, 0, self.thumbnails.cell(group.product_id))
            for column, text in enumerate(cells, start=1):
                item = QTableWidgetItem(text)
                if group.missing == 0:
                    item.setBackground(_DONE)
                if column == 1:
                    item.setToolTip(f"{name}\n{details}")
                self.items.setItem(row, column, item)
            self._style_scanned(row)

    def _style_scanned(self, row: int) -> None:
        """Scanned / expected, large enough to read from a metre away."""
        item = self.items.item(row, SCANNED_COLUMN)
        if item is not None:
            points = self.items.font().pointSize()
            item.setFont(_sized(self.items.font(), round(points * 1.4), bold=True))
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)

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
        for action in catalogue.slots:
            button = CommandKey(action.key, render(action.label))
            button.setFont(self.command_row.font())
            button.clicked.connect(lambda _=False, card=action.card: self.card_clicked.emit(card))
            self.buttons.addWidget(button, 1)
            self.command_buttons.append(button)
        self._set_commands(())

    def _set_commands(self, commands: tuple[AvailableCommand, ...]) -> None:
        """Fill every slot: enabled with OMS's label when its transition is offered."""
        for button, action in zip(self.command_buttons, self.catalogue.slots, strict=True):
            command = self.catalogue.find(action.name, commands)
            available = command is not None or (action.local and self.open)
            label = render(action.label)
            oms = f" · {command.label}" if command is not None and command.label not in (
                action.label, label) else ""
            button.setText(f"{action.key}  {label}{oms}\n{action.card}")
            button.setEnabled(available)
            button.setToolTip(_tooltip(action, command, available))


def _sized(base: QFont, points: int, *, bold: bool = False) -> QFont:
    font = QFont(base)
    font.setPointSize(points)
    font.setBold(bold)
    return font


def _tooltip(action: Action, command: AvailableCommand | None, available: bool) -> str:
    if not available:
        return QCoreApplication.translate(
            "PackagePanel", "{label}: not available for this package now").format(
                label=render(action.label))
    oms = f" (OMS: {command.oms_label or command.label})" if command is not None else ""
    return QCoreApplication.translate(
        "PackagePanel", "{caption}{oms}. Scan {card} or press {key}").format(
        caption=render(action.caption), oms=oms, card=action.card, key=action.key)
