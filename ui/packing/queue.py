"""The package queue: live packages of the station, most urgent first (same-day,
then target packing date), read from SQLite a page at a time as the view scrolls.
Target times are shown in local time; only urgency has a colour (overdue red, due
within two hours amber), a same-day package is bold with a "Same day" badge.

Every read here runs on the UI thread, so each is an indexed query of well under a
millisecond (station.store.queue, schema step 4). After a command or a delivery only
the rows on screen are re-read, and only the rows that changed are repainted
(`update_packages`, `update_loaded`); a whole reset (`refresh`) is for a sync or a
new filter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from station import outbox
from station.config import utcnow
from station.oms.translations import label_for
from station.store import (
    QueueFilter,
    QueueRow,
    iso_utc,
    live_state_ids,
    queue_count,
    queue_page,
    states_by_id,
)
from station.store.db import Store
from station.store.queue import queue_rows
from ui.i18n import current_language, format_datetime

PAGE_ROWS = 50
DATE_COLUMN = 1
DELIVERY_COLUMN = 5
SOON = dt.timedelta(hours=2)  # "due soon": amber, to be packed before the overdue ones turn up
OVERDUE_COLOUR = QColor("#ffcdd2")
SOON_COLOUR = QColor("#ffe0b2")
_URGENCY_COLOURS = {"overdue": OVERDUE_COLOUR, "soon": SOON_COLOUR}
_ROOT = QModelIndex()  # the parent of every row: a flat table


class QueueModel(QAbstractTableModel):
    """Live packages, most urgent first; rows are read from SQLite one page at a time."""

    # English names (tests and code find columns by them); shown translated by headerData.
    HEADERS = ("Package", "Target", "State", "Channel", "Order", "Delivery", "Items", "Gift")

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
        self._filter = QueueFilter(stock_location_id)
        self._now = now
        self._pages: dict[int, list[dict[str, Any]]] = {}
        self._count = self._read_count()

    def refresh(self) -> None:
        """Forget the cached pages (after a sync or a scan changed the packages)."""
        self.beginResetModel()
        self._pages.clear()
        self._count = self._read_count()
        self.endResetModel()

    def update_packages(self, package_ids: list[int]) -> int:
        """Re-read these packages where they are on a loaded page (a command changed
        them) and repaint only the rows that differ; returns how many did. The order
        and the row count stay: a command does not move a package in the queue."""
        places = self._loaded_places(set(package_ids))
        if not places:
            return 0
        fresh = queue_rows(self._store, list(places))
        records = {r["id"]: r for r in self._records([fresh[i] for i in places if i in fresh])}
        return self._swap_in(places, records)

    def update_loaded(self) -> int:
        """Re-read every loaded row (a delivery changed what is queued) and repaint only
        the rows that differ; returns how many did."""
        places = self._loaded_places(None)
        if not places:
            return 0
        rows = queue_rows(self._store, list(places))
        records = {r["id"]: r for r in self._records([rows[i] for i in places if i in rows])}
        return self._swap_in(places, records)

    def _loaded_places(self, wanted: set[int] | None) -> dict[int, tuple[int, int]]:
        """`{package id: (page, offset)}` of loaded rows (only `wanted` ids, if given)."""
        return {
            record["id"]: (number, offset)
            for number, page in self._pages.items()
            for offset, record in enumerate(page)
            if wanted is None or record["id"] in wanted
        }

    def _swap_in(self, places: dict[int, tuple[int, int]],
                 records: dict[int, dict[str, Any]]) -> int:
        changed = 0
        last_column = len(self.HEADERS) - 1
        for package_id, (number, offset) in places.items():
            record = records.get(package_id)
            if record is None or record == self._pages[number][offset]:
                continue
            self._pages[number][offset] = record
            row = number * PAGE_ROWS + offset
            self.dataChanged.emit(self.index(row, 0), self.index(row, last_column))
            changed += 1
        return changed

    def set_filter(self, state_id: int | None = None, search: str = "") -> None:
        """Show only packages in `state_id` (None: every state) whose package or order
        number contains `search` (case-insensitive; blank: all). Pages reload lazily."""
        self._filter = QueueFilter(self._location_id, state_id, search)
        self.refresh()

    def live_states(self) -> list[tuple[int, str]]:
        """(state id, name) of the states the station's live packages are in, by name."""
        ids = live_state_ids(self._store, self._location_id)
        states = states_by_id(self._store, ids)
        named = [(i, _state_name(states.get(i), i)) for i in ids]
        return sorted(named, key=lambda pair: pair[1].casefold())

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._titles()[section]
        return None

    def _titles(self) -> tuple[str, ...]:
        return (self.tr("Package"), self.tr("Target"), self.tr("State"), self.tr("Channel"),
                self.tr("Order"), self.tr("Delivery"), self.tr("Items"), self.tr("Gift"))

    def delivery_text(self, delivery: str | None) -> str:
        """OMS's delivery type as a packer reads it ("Same day", not `same_day`)."""
        if delivery == "same_day":
            return self.tr("Same day")
        if delivery == "standard":
            return self.tr("Standard")
        return (delivery or "").replace("_", " ").capitalize()

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
        if role == Qt.ItemDataRole.BackgroundRole:  # only urgency has a colour
            colour = _URGENCY_COLOURS.get(record["urgency"])
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.FontRole and record["same_day"]:
            font = QFont()
            font.setBold(True)  # same day: bold and a badge, not a colour
            return font
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole row, when the panel is narrow
            return "\n".join(f"{title}: {cell}" for title, cell
                             in zip(self._titles(), record["cells"], strict=True) if cell != "")
        if role == Qt.ItemDataRole.UserRole:
            return record["id"]
        return None

    def _read_count(self) -> int:
        return queue_count(self._store, self._filter)

    def _page(self, number: int) -> list[dict[str, Any]]:
        if number not in self._pages:
            rows = queue_page(self._store, self._filter, offset=number * PAGE_ROWS,
                              limit=PAGE_ROWS)
            self._pages[number] = self._records(rows)
        return self._pages[number]

    def _records(self, rows: list[QueueRow]) -> list[dict[str, Any]]:
        local = outbox.local_state_ids(self._store, [row.id for row in rows])
        states = states_by_id(self._store, {local.get(r.id, r.state_id) for r in rows})
        moment = self._now()
        now, soon = iso_utc(moment) or "", iso_utc(moment + SOON) or ""
        records = []
        for row in rows:
            pid, number, order, items = row.id, row.number, row.order_number, row.items
            target, delivery, channel, gift = (row.target_packing_date, row.delivery_type,
                                               row.channel_name, row.gift_box)
            synced_state_id, state_id = row.state_id, local.get(pid, row.state_id)
            state = states.get(state_id)
            name = _state_name(state, state_id)
            if state_id != synced_state_id:  # `local` holds every package, queued or not
                name += " (queued)"
            records.append(
                {
                    "id": pid,
                    "same_day": delivery == "same_day",
                    "overdue": target is not None and target < now,
                    "urgency": _urgency(target, now, soon),
                    "target": target or "",
                    "cells": (number, format_datetime(target), name, channel or "",
                              order or "", self.delivery_text(delivery), items,
                              "✓" if gift else ""),
                }
            )
        return records


def _urgency(target: str | None, now: str, soon: str) -> str:
    """"overdue", "soon" (due within SOON) or "" — ISO UTC strings compare in time order."""
    if target is None:
        return ""
    if target < now:
        return "overdue"
    return "soon" if target < soon else ""


def _state_name(state: Any, state_id: int) -> str:
    """OMS's name of the state in the packer's language (its `translations`)."""
    return label_for(state, current_language(), f"state {state_id}")
