"""Writing the snapshot: what OMS last said about this station's packages.

Owns `upsert_page` (one page of decoded packages in one short transaction),
`archive_packages` (packages that left the location or the packable states: kept,
flagged, never deleted), `live_package_ids` and `package_raw`.

Per-package rows are built (`station.store.rows`) and raw JSON compressed
before the write lock is taken; here the rows are written with `executemany` on
prepared SQL, which costs far less per row than sqlite-utils' upsert_all.

The raw package JSON is stored zlib-compressed (level 1): on the documented
payloads (5-8 KB each) that keeps 30-40 % of the bytes for ~25 µs per package,
and the raw column is most of the database file. `package_raw` also reads plain
JSON, so the choice can change without a migration.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import msgspec

from station.oms.models import Package
from station.store.codes import PRODUCT_KINDS
from station.store.db import Store, iso_utc, write_transaction
from station.store.rows import (
    COMMAND_COLUMNS,
    ITEM_COLUMNS,
    LOCATION_COLUMNS,
    PACKAGE_COLUMNS,
    PRODUCT_COLUMNS,
    STATE_COLUMNS,
    TRANSITION_COLUMNS,
    PackageRows,
    PageRows,
    build_package_rows,
    merge_rows,
    product_code_rows,
)

_RAW_COMPRESSION_LEVEL = 1
RawJson = bytes | bytearray | memoryview | str | msgspec.Raw


@dataclass(frozen=True)
class UpsertResult:
    """`written`: packages stored; `skipped_stale`: packages not stored because the
    snapshot already holds a newer `modified_date` for them."""

    written: int
    skipped_stale: int


def _upsert_sql(
    table: str,
    columns: Sequence[str],
    conflict: Sequence[str],
    *,
    constants: dict[str, str] | None = None,
    insert_only: Sequence[str] = (),
) -> str:
    """INSERT … ON CONFLICT DO UPDATE of every column but the key and `insert_only`.

    `constants` maps extra columns to SQL literals written on insert and update alike.
    """
    constants = constants or {}
    names = [*columns, *constants]
    values = ["?"] * len(columns) + list(constants.values())
    updates = [f"{c} = excluded.{c}" for c in names if c not in (*conflict, *insert_only)]
    return (
        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(values)}) "
        f"ON CONFLICT ({', '.join(conflict)}) DO UPDATE SET {', '.join(updates)}"
    )


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    params = ", ".join("?" for _ in columns)
    return f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) VALUES ({params})"


_SQL_STATES = _upsert_sql("states", STATE_COLUMNS, ("id",))
_SQL_LOCATIONS = _upsert_sql("stock_locations", LOCATION_COLUMNS, ("id",))
_SQL_PRODUCTS = _upsert_sql("products", PRODUCT_COLUMNS, ("id",))
# A package that comes back (re-assigned, or back in a packable state) is live again.
_SQL_PACKAGES = _upsert_sql(
    "packages", PACKAGE_COLUMNS, ("id",),
    constants={"archived": "0", "archived_reason": "NULL", "archived_at": "NULL"},
)
_SQL_TRANSITIONS = _upsert_sql(
    "learned_transitions",
    (*TRANSITION_COLUMNS, "first_seen", "last_seen"),
    ("source_state", "command_id"),
    insert_only=("first_seen",),
)
_SQL_ITEMS = _insert_sql("package_items", ITEM_COLUMNS)
_SQL_COMMANDS = _insert_sql("commands", COMMAND_COLUMNS)
_SQL_DELETE_ITEMS = "DELETE FROM package_items WHERE package_id = ?"
_SQL_DELETE_COMMANDS = "DELETE FROM commands WHERE package_id = ?"
_SQL_DELETE_PRODUCT_CODES = (
    f"DELETE FROM codes WHERE product_id = ? AND kind IN ({', '.join('?' * len(PRODUCT_KINDS))})"
)
_SQL_CODES = "INSERT OR IGNORE INTO codes (code, product_id, kind) VALUES (?, ?, ?)"
_SQL_CLEAR_QUARANTINE = "DELETE FROM quarantine WHERE package_id = ?"


def compress_raw(raw: RawJson) -> bytes:
    data = raw.encode() if isinstance(raw, str) else bytes(raw)
    return zlib.compress(data, _RAW_COMPRESSION_LEVEL)


def decompress_raw(stored: bytes) -> bytes:
    """The JSON bytes back. A zlib stream starts with 0x78 ("x"), which JSON never
    does, so plain JSON stored by another version is returned as it is."""
    return zlib.decompress(stored) if stored[:1] == b"x" else stored


def upsert_page(
    store: Store, packages: Sequence[tuple[Package, RawJson]], *, synced_at: dt.datetime
) -> UpsertResult:
    """Store one page of decoded packages (each with its raw JSON) atomically.

    Per package: its row (un-archived), its items and commands replaced, its
    products/codes/states/stock location upserted, its commands added to the
    learned transitions, and any quarantine entry cleared. A package for which
    the snapshot already has a newer `modified_date` is left alone (an older
    read must not overwrite a newer one).
    """
    if not packages:
        return UpsertResult(0, 0)
    synced = iso_utc(synced_at)
    assert synced is not None
    built = {
        package.id: build_package_rows(package, compress_raw(raw), synced)
        for package, raw in packages
    }
    with write_transaction(store):
        stale = _stale_ids(store, built.values())
        fresh = [rows for package_id, rows in built.items() if package_id not in stale]
        _write_page(store, merge_rows(fresh), synced)
        store.conn.executemany(_SQL_CLEAR_QUARANTINE, [(pid,) for pid in built])
    return UpsertResult(written=len(fresh), skipped_stale=len(stale))


def _stale_ids(store: Store, page: Iterable[PackageRows]) -> set[int]:
    incoming = {rows.package_id: rows.modified_date for rows in page}
    stored = store.conn.execute(
        "SELECT id, modified_date FROM packages WHERE id IN (SELECT value FROM json_each(?))",
        (msgspec.json.encode(list(incoming)).decode(),),
    )
    return {pid for pid, modified in stored if modified > incoming[pid]}


def _changed_products(store: Store, products: list[tuple]) -> list[tuple]:
    """The product rows that differ from what is stored. Most products recur on
    many packages; skipping unchanged ones spares rewriting them and their codes."""
    stored = set(store.conn.execute(
        f"SELECT {', '.join(PRODUCT_COLUMNS)} FROM products "
        "WHERE id IN (SELECT value FROM json_each(?))",
        (msgspec.json.encode([row[0] for row in products]).decode(),),
    ))
    return [row for row in products if row not in stored]


def _write_page(store: Store, rows: PageRows, synced: str) -> None:
    conn = store.conn
    # Parents before children: foreign keys are checked per statement.
    conn.executemany(_SQL_STATES, rows.states)
    conn.executemany(_SQL_LOCATIONS, rows.locations)
    changed = _changed_products(store, rows.products)
    conn.executemany(_SQL_PRODUCTS, changed)
    conn.executemany(_SQL_DELETE_PRODUCT_CODES, [(row[0], *PRODUCT_KINDS) for row in changed])
    structs, keys = rows.product_structs, store.barcode_attributes
    conn.executemany(
        _SQL_CODES, [code for row in changed for code in product_code_rows(structs[row[0]], keys)]
    )
    conn.executemany(_SQL_CODES, rows.selected_codes)
    conn.executemany(_SQL_PACKAGES, rows.packages)
    package_ids = [(row[0],) for row in rows.packages]
    conn.executemany(_SQL_DELETE_ITEMS, package_ids)
    conn.executemany(_SQL_ITEMS, rows.items)
    conn.executemany(_SQL_DELETE_COMMANDS, package_ids)
    conn.executemany(_SQL_COMMANDS, rows.commands)
    conn.executemany(_SQL_TRANSITIONS, [(*row, synced, synced) for row in rows.transitions])


def archive_packages(
    store: Store, ids: Iterable[int], reason: str, *, at: dt.datetime | None = None
) -> int:
    """Flag packages archived (never deleted: outbox entries may still point at
    them). Already archived ones keep their first reason. Returns how many changed."""
    when = iso_utc(at or dt.datetime.now(dt.UTC))
    with write_transaction(store):
        cursor = store.conn.executemany(
            "UPDATE packages SET archived = 1, archived_reason = ?, archived_at = ? "
            "WHERE id = ? AND archived = 0",
            [(reason, when, package_id) for package_id in ids],
        )
    return cursor.rowcount


def live_package_ids(store: Store, stock_location_id: int) -> set[int]:
    """Ids of the non-archived packages of one stock location."""
    rows = store.conn.execute(
        "SELECT id FROM packages WHERE stock_location_id = ? AND archived = 0",
        (stock_location_id,),
    )
    return {package_id for (package_id,) in rows}


def package_raw(store: Store, package_id: int) -> bytes | None:
    """The package's JSON exactly as OMS last sent it, or None if unknown."""
    row = store.conn.execute("SELECT raw FROM packages WHERE id = ?", (package_id,)).fetchone()
    if row is None or row[0] is None:
        return None
    return decompress_raw(row[0])
