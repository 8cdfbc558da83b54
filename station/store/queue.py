"""The package queue as the packing screen lists it: live packages of the station,
most urgent first (same-day, then target packing date), filtered by state and by a
search text, read a page at a time.

Owns the queue's SQL so the UI never writes any: `QueueFilter` (location, state,
search — user text only ever as parameters), `queue_count`, `queue_page`,
`queue_rows` (a few rows by id, to update only what a command changed) and
`live_state_ids`. Every query is served by an index (schema step 4): the ORDER BY
below must stay word for word the one indexed there.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from station.store.db import Store

CANCELLED_ITEM_ENUM = "600"  # OMS's package item state "cancelled": not to be packed

_COLUMNS_SQL = (
    "SELECT p.id, p.number, p.order_number, "
    "(SELECT count(*) FROM package_items i WHERE i.package_id = p.id "
    f" AND i.state_enum != '{CANCELLED_ITEM_ENUM}') AS items, "
    "p.target_packing_date, p.delivery_type, p.state_id, p.channel_name, "
    "p.order_has_gift_box FROM packages p "
)
_PAGE_SQL = (
    _COLUMNS_SQL + "WHERE p.archived = 0 {where} "
    "ORDER BY (p.delivery_type IS 'same_day') DESC, p.target_packing_date IS NULL, "
    "p.target_packing_date, p.id LIMIT ? OFFSET ?"
)


@dataclass(frozen=True)
class QueueRow:
    id: int
    number: str
    order_number: str | None
    items: int
    target_packing_date: str | None
    delivery_type: str | None
    state_id: int
    channel_name: str | None
    gift_box: bool


@dataclass(frozen=True)
class QueueFilter:
    """Which live packages the queue shows: a stock location (None: all), a state
    (None: every state), and a search text matched in package and order numbers."""

    stock_location_id: int | None = None
    state_id: int | None = None
    search: str = ""

    def conditions(self) -> tuple[str, tuple[Any, ...]]:
        """The WHERE clauses; user text only as parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.stock_location_id is not None:
            clauses.append("AND p.stock_location_id = ?")
            params.append(self.stock_location_id)
        if self.state_id is not None:
            clauses.append("AND p.state_id = ?")
            params.append(self.state_id)
        search = self.search.strip()
        if search:
            # LIKE is ASCII case-insensitive; escape its wildcards so they match literally.
            pattern = "%" + re.sub(r"([\\%_])", r"\\\1", search) + "%"
            clauses.append("AND (p.number LIKE ? ESCAPE '\\' OR p.order_number LIKE ? ESCAPE '\\')")
            params += [pattern, pattern]
        return " ".join(clauses), tuple(params)


def queue_count(store: Store, where: QueueFilter) -> int:
    clauses, params = where.conditions()
    sql = f"SELECT count(*) FROM packages p WHERE p.archived = 0 {clauses}"
    return int(store.conn.execute(sql, params).fetchone()[0])


def queue_page(store: Store, where: QueueFilter, *, offset: int, limit: int) -> list[QueueRow]:
    clauses, params = where.conditions()
    cursor = store.conn.execute(_PAGE_SQL.format(where=clauses), (*params, limit, offset))
    return [_queue_row(row) for row in cursor.fetchall()]


def queue_rows(store: Store, package_ids: list[int]) -> dict[int, QueueRow]:
    """`{id: QueueRow}` of these packages as they are now (archived ones too: the
    caller decides whether a row it shows has left the queue)."""
    if not package_ids:
        return {}
    cursor = store.conn.execute(
        _COLUMNS_SQL + "WHERE p.id IN (SELECT value FROM json_each(?))",
        (json.dumps(package_ids),))
    return {row[0]: _queue_row(row) for row in cursor.fetchall()}


def _queue_row(row: tuple[Any, ...]) -> QueueRow:
    pid, number, order, items, target, delivery, state_id, channel, gift = row
    return QueueRow(pid, number, order, items, target, delivery, state_id, channel,
                    gift_box=bool(gift))


def live_state_ids(store: Store, stock_location_id: int | None = None) -> list[int]:
    """The states the live packages (of one location, or all) are in."""
    sql = "SELECT DISTINCT p.state_id FROM packages p WHERE p.archived = 0"
    params: tuple[Any, ...] = ()
    if stock_location_id is not None:
        sql, params = f"{sql} AND p.stock_location_id = ?", (stock_location_id,)
    return [row[0] for row in store.conn.execute(sql, params)]


def package_numbers(store: Store, package_ids: set[int]) -> dict[int, str]:
    """`{package id: package number}` for the ids still in the local cache."""
    if not package_ids:
        return {}
    marks = ", ".join("?" for _ in package_ids)
    rows = store.conn.execute(
        f"SELECT id, number FROM packages WHERE id IN ({marks})", list(package_ids)
    )
    return {pid: number for pid, number in rows}
