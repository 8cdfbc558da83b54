"""The "History" screen: what this packer did today, one row per event, live.

Owns `HistoryWidget`: the events since the start of the station's local day
(`station.stats.history`), newest first — every scan (a verified unit, a wrong item,
one too many, a unit taken back), every alert (a refused override, a package taken
over, a print that failed), every supervisor override, and ONE row per command with
its delivery status now (waiting to send, delivered, checking with OMS, conflict,
refused, discarded), so the packer sees at a glance whether OMS has what they did.
"Reprint…" on a command's row prints that package's documents again.

The rows are read off the UI thread (`ui.today.reading`). The screen follows the
station as it works: `refresh()` is the slot the main window connects to its
delivery and scan signals, and a timer re-reads while the screen is visible in case
a change came by another way (the CLI, another window).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QTimer, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
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
from ui.today.texts import DELIVERY_COLOURS, delivery_text, print_state_text

logger = logging.getLogger(__name__)

WHAT_COLUMN, PACKAGE_COLUMN, DETAIL_COLUMN, STATUS_COLUMN = 1, 2, 3, 4
REFRESH_MS = 5000  # the timer fallback, while the screen is visible
HISTORY_LIMIT = 1000  # rows shown: a long day's scans, without reading a year
_ALERT_COLOUR = "#ffcdd2"
_OVERRIDE_COLOUR = "#ffe0b2"


def start_of_local_day(now: dt.datetime, tz: dt.tzinfo | None = None) -> dt.datetime:
    """Midnight of `now`'s day in `tz` (None: the station's local time zone), aware."""
    return stats.Shift.today(now, tz).start


class HistoryWidget(QWidget):
    """Today's events of one packer, newest first; `refresh()` re-reads them.

    Signals:
        loaded(rows): new `station.stats.HistoryEvent` rows are on screen.
        load_failed(message): reading them failed; the sentence is shown too.
    """

    loaded = Signal(list)
    load_failed = Signal(str)

    def __init__(self, store: Store, packer: str, *,
                 now: Callable[[], dt.datetime] = utcnow, tz: dt.tzinfo | None = None,
                 reprinter: Reprinter | None = None, refresh_ms: int = REFRESH_MS,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._packer = packer
        self._now = now
        self._tz = tz
        self._reprinter = reprinter
        self._reader = StoreReader("history", store, self)
        self.rows: list[stats.HistoryEvent] = []
        self.reprint_dialog: ReprintDialog | None = None
        self._build()
        self.timer = QTimer(self, interval=refresh_ms)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        self.refresh()

    def _build(self) -> None:
        self.setWindowTitle(self.tr("History — {packer}").format(packer=self._packer))
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 22pt; font-weight: bold;")
        headers = [self.tr("Time"), self.tr("What"), self.tr("Package"), self.tr("Details"),
                   self.tr("Delivery")]
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setStyleSheet("font-size: 15pt;")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.reprint_button = QPushButton(self.tr("Reprint…"))
        self.reprint_button.clicked.connect(self.reprint)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.reprint_button)
        layout.addLayout(bottom)
        self._update_buttons()

    # --- reading --------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Read today's events again (off the UI thread)."""
        query = functools.partial(stats.history, since=start_of_local_day(self._now(), self._tz),
                                  limit=HISTORY_LIMIT, packer=self._packer)
        self._reader.read(query, self._show, self._failed)

    def set_packer(self, packer: str) -> None:
        """Show another packer's day (a badge scan switched who packs)."""
        self._packer = packer
        self.setWindowTitle(self.tr("History — {packer}").format(packer=packer))
        self.refresh()

    def _tick(self) -> None:
        if self.isVisible() and not self._reader.busy:
            self.refresh()

    def _show(self, rows: list[stats.HistoryEvent]) -> None:
        chosen = self.selected()
        self.rows = rows
        self.title.setText(self.tr("Today — {packer} ({count} events)").format(
            packer=self._packer, count=len(rows)))
        self.table.setRowCount(len(rows))
        for number, row in enumerate(rows):
            self._fill_row(number, row)
            if chosen is not None and _same_event(row, chosen):
                self.table.selectRow(number)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(
            DETAIL_COLUMN, QHeaderView.ResizeMode.Stretch)
        self._update_buttons()
        self.loaded.emit(rows)

    def _fill_row(self, number: int, row: stats.HistoryEvent) -> None:
        cells = (format_datetime(row.at, with_date=False), what_text(row),
                 row.package_number or (str(row.package_id) if row.package_id else ""),
                 detail_text(row), status_text(row))
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            colour = _colour(row, column)
            if colour:
                item.setBackground(QBrush(QColor(colour)))
            self.table.setItem(number, column, item)

    def _failed(self, exc: BaseException) -> None:
        logger.warning("history not read", exc_info=exc)
        message = self.tr("The history could not be read: {reason}").format(reason=exc)
        self.status.setText(message)
        self.load_failed.emit(message)

    # --- reprint --------------------------------------------------------------------

    def selected(self) -> stats.HistoryEvent | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.rows):
            return None
        return self.rows[rows[0].row()]

    def reprint(self) -> None:
        row = self.selected()
        if row is not None and row.kind == "command" and row.package_id is not None:
            self.reprint_dialog = ask_reprint(
                self, self._reprinter, row.package_id,
                row.package_number or str(row.package_id), self.status.setText)

    def _update_buttons(self) -> None:
        row = self.selected()
        self.reprint_button.setEnabled(
            self._reprinter is not None and row is not None and row.kind == "command"
            and row.package_id is not None)


def _same_event(one: stats.HistoryEvent, other: stats.HistoryEvent) -> bool:
    if one.outbox_id or other.outbox_id:
        return one.outbox_id == other.outbox_id
    return (one.at, one.kind, one.detail, one.package_id) == \
        (other.at, other.kind, other.detail, other.package_id)


def _colour(row: stats.HistoryEvent, column: int) -> str | None:
    if column == STATUS_COLUMN and row.kind == "command":
        return DELIVERY_COLOURS.get(row.status)
    if column == WHAT_COLUMN and (row.kind == "alert" or row.detail in ("wrong", "over")):
        return _ALERT_COLOUR
    if column == WHAT_COLUMN and row.kind == "override":
        return _OVERRIDE_COLOUR
    return None


def what_text(row: stats.HistoryEvent) -> str:
    """What happened, in a few words."""
    texts = {
        ("scan", "verified"): QCoreApplication.translate("History", "Scanned"),
        ("scan", "wrong"): QCoreApplication.translate("History", "Wrong item"),
        ("scan", "over"): QCoreApplication.translate("History", "One too many"),
        ("scan", "taken_back"): QCoreApplication.translate("History", "Taken back"),
        ("alert", "override_refused"):
            QCoreApplication.translate("History", "Override refused"),
        ("alert", "takeover"):
            QCoreApplication.translate("History", "Taken over from another station"),
        ("alert", "print_failed"): QCoreApplication.translate("History", "Print failed"),
        ("override", "override"):
            QCoreApplication.translate("History", "Closed with items missing"),
        ("command", "command"): QCoreApplication.translate("History", "Command"),
        ("command", "set_invoice_number"):
            QCoreApplication.translate("History", "Invoice number"),
        ("command", "set_remote_id"): QCoreApplication.translate("History", "Remote id"),
        ("note", "packer_switch"): QCoreApplication.translate("History", "Packer changed"),
    }
    return texts.get((row.kind, row.detail), row.detail)


def detail_text(row: stats.HistoryEvent) -> str:
    """The code, the command, the supervisor … of the row."""
    if row.kind == "override":
        return QCoreApplication.translate("History", "allowed by {name}").format(name=row.text)
    if row.detail == "override_refused":
        return QCoreApplication.translate(
            "History", "supervisor {name}: wrong name or PIN").format(name=row.text)
    if row.detail == "packer_switch":
        return QCoreApplication.translate("History", "was {name}").format(name=row.text)
    return row.text


def status_text(row: stats.HistoryEvent) -> str:
    if row.kind == "command":
        return delivery_text(row.status)
    if row.detail == "print_failed":
        return print_state_text(row.status)
    return ""
