"""The "History" screen: what this packer did today, and where each command stands.

Owns `HistoryWidget` and `history_rows`: the audit trail since the start of the
station's local day for one packer (`station.outbox.queue.audit_trail`), newest first,
each joined with its outbox entry's current delivery status (pending, uncertain,
done, conflict, discarded …) so the packer can see at a glance whether OMS has
what they did.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station import outbox
from station.store import package_numbers
from station.store.db import Store

HEADERS = ("Time", "Action", "Package", "What", "Delivery")
STATUS_COLUMN = 4
# How the audit's action names read to a packer.
ACTION_TEXT = {
    "enqueue": "Saved", "retry": "Retried", "discard": "Discarded",
    "conflict": "Refused by OMS", "failed": "Failed", "done": "Delivered",
    "override": "Closed with items missing",
}
STATUS_TEXT = {
    "pending": "waiting to send", "sending": "sending", "uncertain": "checking with OMS",
    "done": "done", "conflict": "conflict", "failed": "failed", "discarded": "discarded",
}
_STATUS_COLOUR = {
    "done": "#c8e6c9", "conflict": "#ffcdd2", "failed": "#ffcdd2",
    "uncertain": "#fff3c4", "discarded": "#e0e0e0",
}


@dataclasses.dataclass(frozen=True)
class HistoryRow:
    at: dt.datetime
    action: str
    package: str
    what: str
    status: str  # the entry's delivery status now; "" for actions without an entry

    def cells(self) -> tuple[str, ...]:
        return (
            self.at.astimezone().strftime("%H:%M:%S"),
            ACTION_TEXT.get(self.action, self.action),
            self.package,
            self.what,
            STATUS_TEXT.get(self.status, self.status),
        )


def start_of_local_day(now: dt.datetime) -> dt.datetime:
    """Midnight of `now`'s day in the station's local time zone (aware)."""
    local = now.astimezone()
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def history_rows(store: Store, packer: str, now: dt.datetime) -> list[HistoryRow]:
    """The packer's audited actions since local midnight, newest first."""
    trail = outbox.audit_trail(store, since=start_of_local_day(now), packer=packer)
    numbers = package_numbers(store, {r["package_id"] for r in trail if r["package_id"]})
    rows = []
    for record in reversed(trail):
        entry = outbox.get_entry(store, record["outbox_id"]) if record["outbox_id"] else None
        rows.append(HistoryRow(
            at=dt.datetime.fromisoformat(record["at"]),
            action=record["action"],
            package=_package_text(record["package_id"], numbers),
            what=_what(entry, record["detail"]),
            status=entry.status if entry else "",
        ))
    return rows


def _package_text(package_id: int | None, numbers: dict[int, str]) -> str:
    if package_id is None:
        return ""
    return numbers.get(package_id, f"id {package_id}")


def _what(entry: outbox.OutboxEntry | None, detail: dict[str, Any]) -> str:
    if entry is not None and entry.kind == outbox.KIND_INVOICE:
        return f"Invoice number {entry.payload}"
    if entry is not None:
        return entry.label or entry.command_type or entry.slug or ""
    # The entry was pruned (or the action has none): the audit detail still says what.
    return str(detail.get("what") or detail.get("command_type") or detail.get("payload") or "")


class HistoryWidget(QWidget):
    """Today's actions of one packer, newest first; `refresh()` re-reads them."""

    def __init__(
        self,
        store: Store,
        packer: str,
        *,
        now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._packer = packer
        self._now = now
        self.rows: list[HistoryRow] = []
        self.setWindowTitle(f"History — {packer}")
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 22pt; font-weight: bold;")
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setStyleSheet("font-size: 15pt;")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        self.rows = history_rows(self._store, self._packer, self._now())
        self.title.setText(f"Today — {self._packer} ({len(self.rows)} actions)")
        self.table.setRowCount(len(self.rows))
        for number, row in enumerate(self.rows):
            colour = _STATUS_COLOUR.get(row.status)
            for column, text in enumerate(row.cells()):
                item = QTableWidgetItem(text)
                if colour and column == STATUS_COLUMN:
                    item.setBackground(QBrush(QColor(colour)))
                self.table.setItem(number, column, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
