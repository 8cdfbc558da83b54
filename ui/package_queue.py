"""The package queue: live packages of the station, most urgent first (same-day,
then target packing date), read from SQLite a page at a time as the view scrolls."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from station import outbox
from station.store import iso_utc, states_by_id
from station.store.db import Store

PAGE_ROWS = 50
DATE_COLUMN = 2
_OVERDUE = QColor("#ffcdd2")
_SAME_DAY = QColor("#fff3c4")
_ROOT = QModelIndex()  # the parent of every row: a flat table



def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class QueueModel(QAbstractTableModel):
    """Live packages, most urgent first; rows are read from SQLite one page at a time."""

    HEADERS = ("Package", "Items", "Target (UTC)", "Delivery", "State", "Order")
    _SQL = (
        "SELECT p.id, p.number, p.order_number, "
        "(SELECT count(*) FROM package_items i WHERE i.package_id = p.id "
        " AND i.state_enum != '600') AS items, "
        "p.target_packing_date, p.delivery_type, p.state_id "
        "FROM packages p WHERE p.archived = 0 {where} "
        "ORDER BY (p.delivery_type IS 'same_day') DESC, p.target_packing_date IS NULL, "
        "p.target_packing_date, p.id LIMIT ? OFFSET ?"
    )

    def __init__(
        self,
        store: Store,
        *,
        stock_location_id: int | None = None,
        now: Callable[[], dt.datetime] = utcnow,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._where = "" if stock_location_id is None else "AND p.stock_location_id = ?"
        self._params: tuple[int, ...] = () if stock_location_id is None else (stock_location_id,)
        self._now = now
        self._pages: dict[int, list[dict[str, Any]]] = {}
        self._count = self._read_count()

    def refresh(self) -> None:
        """Forget the cached pages (after a sync or a scan changed the packages)."""
        self.beginResetModel()
        self._pages.clear()
        self._count = self._read_count()
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def row(self, row: int) -> dict[str, Any] | None:
        page = self._page(row // PAGE_ROWS)
        offset = row % PAGE_ROWS
        return page[offset] if offset < len(page) else None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        record = self.row(index.row()) if index.isValid() else None
        if record is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return record["cells"][index.column()]
        if role == Qt.ItemDataRole.BackgroundRole:
            if record["overdue"] and index.column() == DATE_COLUMN:
                return QBrush(_OVERDUE)
            return QBrush(_SAME_DAY) if record["same_day"] else None
        if role == Qt.ItemDataRole.UserRole:
            return record["id"]
        return None

    def _read_count(self) -> int:
        sql = f"SELECT count(*) FROM packages p WHERE p.archived = 0 {self._where}"
        return int(self._store.conn.execute(sql, self._params).fetchone()[0])

    def _page(self, number: int) -> list[dict[str, Any]]:
        if number not in self._pages:
            cursor = self._store.conn.execute(
                self._SQL.format(where=self._where), (*self._params, PAGE_ROWS, number * PAGE_ROWS)
            )
            self._pages[number] = self._records(cursor.fetchall())
        return self._pages[number]

    def _records(self, rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
        local = outbox.local_state_ids(self._store, [row[0] for row in rows])
        states = states_by_id(self._store, {local.get(r[0], r[6]) for r in rows})
        now = iso_utc(self._now()) or ""
        records = []
        for pid, number, order, items, target, delivery, state_id in rows:
            state_id = local.get(pid, state_id)
            state = states.get(state_id)
            name = state["name"] if state else f"state {state_id}"
            if pid in local:
                name += " (queued)"
            shown_date = (target or "")[5:16].replace("T", " ")  # "11-20 10:34" (UTC)
            records.append(
                {
                    "id": pid,
                    "same_day": delivery == "same_day",
                    "overdue": bool(target) and target < now,
                    "cells": (number, items, shown_date, delivery or "", name, order or ""),
                }
            )
        return records
