"""The "Packed today" screen: the packages completed today at this station.

Owns `PackedTodayWidget`: a search box (package or order number), a table (completed
at, package, order, packer, units, command, delivery status, documents printed),
"Reopen" (asks the main window to open the package: to check it, or to scan
`CMD:REPRINT` there) and "Reprint…" (chosen documents, queued through
`station.documents`). Rows come from `station.stats.packed_today`, read off the UI
thread (`ui.today.reading`); the widget runs no SQL.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station import stats
from station.config import utcnow
from station.store.db import Store
from ui.i18n import format_datetime
from ui.today.reading import StoreReader
from ui.today.reprint import ReprintDialog, Reprinter, ask_reprint
from ui.today.texts import DELIVERY_COLOURS, delivery_text, documents_text

logger = logging.getLogger(__name__)

SEARCH_PAUSE_MS = 250  # typing pauses this long before the rows are read again
DELIVERY_COLUMN = 4
COMMAND_COLUMN = 7  # the least needed: it gives way when the window is narrow


class PackedTodayWidget(QWidget):
    """Today's completed packages, newest first; `refresh()` reads them again.

    Signals:
        open_package_requested(package_id): "Reopen" (or a double click) on a row.
        loaded(rows): new `PackedPackage` rows are on screen.
        load_failed(message): reading them failed; the sentence is shown too.
    """

    open_package_requested = Signal(int)
    loaded = Signal(list)
    load_failed = Signal(str)

    def __init__(self, store: Store, *, packer: str | None = None,
                 now: Callable[[], dt.datetime] = utcnow, tz: dt.tzinfo | None = None,
                 reprinter: Reprinter | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._packer = packer
        self._now = now
        self._tz = tz
        self._reprinter = reprinter
        self._reader = StoreReader("packed-today", store, self)
        self.rows: list[stats.PackedPackage] = []
        self.reprint_dialog: ReprintDialog | None = None
        self.setWindowTitle(self.tr("Packed today"))
        self._build()
        self.refresh()

    def _build(self) -> None:
        self.title = QLabel(self.tr("Packed today"))
        self.title.setStyleSheet("font-size: 22pt; font-weight: bold;")
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search package or order number"))
        self.search.setClearButtonEnabled(True)
        self._search_pause = QTimer(self, singleShot=True, interval=SEARCH_PAUSE_MS)
        self._search_pause.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._search_pause.start())
        self.table = _table([
            self.tr("Completed"), self.tr("Package"), self.tr("Order"), self.tr("Units"),
            self.tr("Delivery"), self.tr("Documents"), self.tr("Packer"), self.tr("Command")])
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.reopen())
        self.reopen_button = QPushButton(self.tr("Reopen"))
        self.reopen_button.clicked.connect(self.reopen)
        self.reprint_button = QPushButton(self.tr("Reprint…"))
        self.reprint_button.clicked.connect(self.reprint)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.reopen_button)
        buttons.addWidget(self.reprint_button)
        layout.addLayout(buttons)
        self._update_buttons()

    # --- reading --------------------------------------------------------------------

    def refresh(self) -> None:
        """Read today's packages again (off the UI thread), with the search text."""
        day = self._now().astimezone(self._tz).date()
        query = functools.partial(_packed, day=day, search=self.search.text(),
                                  packer=self._packer, tz=self._tz)
        self._reader.read(query, self._show, self._failed)

    def _show(self, rows: list[stats.PackedPackage]) -> None:
        chosen = self.selected()
        self.rows = rows
        self.title.setText(self.tr("Packed today ({count})").format(count=len(rows)))
        self.table.setRowCount(len(rows))
        for number, row in enumerate(rows):
            for column, text in enumerate(_cells(row)):
                item = QTableWidgetItem(text)
                colour = DELIVERY_COLOURS.get(row.delivery)
                if colour and column == DELIVERY_COLUMN:
                    item.setBackground(QBrush(QColor(colour)))
                self.table.setItem(number, column, item)
            if chosen is not None and row.package_id == chosen.package_id:
                self.table.selectRow(number)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(
            COMMAND_COLUMN, QHeaderView.ResizeMode.Stretch)
        if not rows:
            self.status.setText(self.tr("Nothing packed today matches.") if
                                self.search.text().strip() else
                                self.tr("Nothing packed yet today."))
        self._update_buttons()
        self.loaded.emit(rows)

    def _failed(self, exc: BaseException) -> None:
        logger.warning("packed today not read", exc_info=exc)
        message = self.tr("Today's packages could not be read: {reason}").format(reason=exc)
        self.status.setText(message)
        self.load_failed.emit(message)

    # --- actions --------------------------------------------------------------------

    def selected(self) -> stats.PackedPackage | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.rows):
            return None
        return self.rows[rows[0].row()]

    def reopen(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_package_requested.emit(row.package_id)

    def reprint(self) -> None:
        row = self.selected()
        if row is not None:
            self.reprint_dialog = ask_reprint(self, self._reprinter, row.package_id,
                                              row.number, self._reprinted)

    def _reprinted(self, sentence: str) -> None:
        self.status.setText(sentence)
        self.refresh()  # the new jobs show in the Documents column

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.reopen_button.setEnabled(chosen)
        self.reprint_button.setEnabled(chosen and self._reprinter is not None)


def _packed(store: Store, *, day: dt.date, search: str, packer: str | None,
            tz: dt.tzinfo | None) -> list[stats.PackedPackage]:
    return stats.packed_today(store, day=day, search=search, packer=packer, tz=tz)


def _cells(row: stats.PackedPackage) -> tuple[str, ...]:
    return (format_datetime(row.completed_at, with_date=False), row.number,
            row.order_number or "", str(row.items), delivery_text(row.delivery),
            documents_text([(doc.document, doc.state) for doc in row.documents]), row.packer,
            row.command)


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setStyleSheet("font-size: 13pt;")
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return table
