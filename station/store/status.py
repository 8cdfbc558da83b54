"""`status()`: counts that describe the cache, for the status bar and `status` CLI.

Shape (keys always present):

    {"packages": {"total", "by_state": {enum_value: count}, "archived", "quarantined"},
     "items", "codes", "last_sync", "last_full_sync", "last_error", "schema_version",
     "outbox": {status: count},
     "pending_mass_archive": [{stock_location_id, count, projected, live, share, max_share,
                               detected_at, message}]}

`pending_mass_archive` lists the decisions a sync left instead of archiving a large
share of the cache (empty when none; see `station.sync.mass_archive`).

`total`, `by_state` and `items` count live (non-archived) packages of the given
stock location (all locations when None); `archived` counts that location's
archived ones. `outbox` counts the outbox table by status with plain SQL, so this
module does not depend on the outbox's own code.
"""

from __future__ import annotations

from typing import Any

from station.store import syncstate
from station.store.db import Store
from station.store.schema import schema_version


def status(store: Store, stock_location_id: int | None = None) -> dict[str, Any]:
    where, params = _location_filter(stock_location_id, "stock_location_id")
    by_state = dict(store.conn.execute(
        f"SELECT state_enum, count(*) FROM packages WHERE archived = 0 {where} "
        "GROUP BY state_enum ORDER BY state_enum",
        params,
    ).fetchall())
    (archived,) = store.conn.execute(
        f"SELECT count(*) FROM packages WHERE archived = 1 {where}", params
    ).fetchone()
    item_where, _ = _location_filter(stock_location_id, "p.stock_location_id")
    (items,) = store.conn.execute(
        "SELECT count(*) FROM package_items i JOIN packages p ON p.id = i.package_id "
        f"WHERE p.archived = 0 {item_where}",
        params,
    ).fetchone()
    return {
        "packages": {
            "total": sum(by_state.values()),
            "by_state": by_state,
            "archived": archived,
            "quarantined": _count(store, "quarantine"),
        },
        "items": items,
        "codes": _count(store, "codes"),
        "last_sync": syncstate.get_value(store, syncstate.LAST_SYNC),
        "last_full_sync": syncstate.get_value(store, syncstate.LAST_FULL_SYNC),
        "last_error": syncstate.get_value(store, syncstate.LAST_ERROR),
        "schema_version": schema_version(store),
        "outbox": outbox_counts(store),
        "pending_mass_archive": [
            decision for decision in syncstate.pending_mass_archives(store)
            if stock_location_id is None or decision["stock_location_id"] == stock_location_id
        ],
    }


def outbox_counts(store: Store) -> dict[str, int]:
    """`{status: count}` of the outbox table (migration step 2), `{}` when empty."""
    return dict(store.conn.execute(
        "SELECT status, count(*) FROM outbox GROUP BY status ORDER BY status"
    ).fetchall())


def _location_filter(
    stock_location_id: int | None, column: str
) -> tuple[str, tuple[int, ...]]:
    """An `AND <column> = ?` clause and its parameters; nothing for all locations."""
    if stock_location_id is None:
        return "", ()
    return f"AND {column} = ?", (stock_location_id,)


def _count(store: Store, table: str) -> int:
    # Table names are ours, never user input.
    return int(store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
