"""The package queue: live packages of the station, most urgent first (same-day,
then target packing date), read from SQLite a page at a time as the view scrolls."""

from __future__ import annotations

import datetime as dt
import re
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

    HEADERS = ("Package", "Items", "Target (UTC)", "Delivery", "State", "Channel", "Gift", "Order")
    _SQL = (
        "SELECT p.id, p.number, p.order_number, "
        "(SELECT count(*) FROM package_items i WHERE i.package_id = p.id "
        " AND i.state_enum != '600') AS items, "
        "p.target_packing_date, p.delivery_type, p.state_id, p.channel_name, "
        "p.order_has_gift_box "
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
        self._location_id = stock_location_id
        self._state_id: int | None = None
        self._search = ""
        self._where, self._params = self._conditions()
        self._now = now
        self._pages: dict[int, list[dict[str, Any]]] = {}
        self._count = self._read_count()

    def refresh(self) -> None:
        """Forget the cached pages (after a sync or a scan changed the packages)."""
        self.beginResetModel()
        self._pages.clear()
        self._count = self._read_count()
        self.endResetModel()

    def set_filter(self, state_id: int | None = None, search: str = "") -> None:
        """Show only packages in `state_id` (None: every state) whose package or order
        number contains `search` (case-insensitive; blank: all). Pages reload lazily."""
        self._state_id, self._search = state_id, search.strip()
        self._where, self._params = self._conditions()
        self.refresh()

    def live_states(self) -> list[tuple[int, str]]:
        """(state id, name) of the states the station's live packages are in, by name."""
        sql = "SELECT DISTINCT p.state_id FROM packages p WHERE p.archived = 0"
        params: tuple[Any, ...] = ()
        if self._location_id is not None:
            sql, params = f"{sql} AND p.stock_location_id = ?", (self._location_id,)
        ids = [row[0] for row in self._store.conn.execute(sql, params)]
        states = states_by_id(self._store, ids)
        named = [(i, states[i]["name"] if i in states else f"state {i}") for i in ids]
        return sorted(named, key=lambda pair: pair[1].casefold())

    def _conditions(self) -> tuple[str, tuple[Any, ...]]:
        """The WHERE clauses of the location and the filter; user text only as parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if self._location_id is not None:
            clauses.append("AND p.stock_location_id = ?")
            params.append(self._location_id)
        if self._state_id is not None:
            clauses.append("AND p.state_id = ?")
            params.append(self._state_id)
        if self._search:
            # LIKE is ASCII case-insensitive; escape its wildcards so they match literally.
            pattern = "%" + re.sub(r"([\\%_])", r"\\\1", self._search) + "%"
            clauses.append("AND (p.number LIKE ? ESCAPE '\\' OR p.order_number LIKE ? ESCAPE '\\')")
            params += [pattern, pattern]
        return " ".join(clauses), tuple(params)

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
        for pid, number, order, items, target, delivery, state_id, channel, gift in rows:
            synced_state_id, state_id = state_id, local.get(pid, state_id)
            state = states.get(state_id)
            name = state["name"] if state else f"state {state_id}"
            if state_id != synced_state_id:  # `local` holds every package, queued or not
                name += " (queued)"
            shown_date = (target or "")[5:16].replace("T", " ")  # "11-20 10:34" (UTC)
            records.append(
                {
                    "id": pid,
                    "same_day": delivery == "same_day",
                    "overdue": bool(target) and target < now,
                    "cells": (number, items, shown_date, delivery or "", name, channel or "",
                              "✓" if gift else "", order or ""),
                }
            )
        return records
