"""Writing the snapshot: what OMS last said about this station's packages.

Owns `upsert_page` (one page of decoded packages in one short transaction),
`archive_packages` (packages that left the location or the packable states: kept,
flagged, never deleted), `live_package_ids` and `package_raw`.

A package whose JSON is byte for byte what the snapshot holds (same
`modified_date`, same raw JSON, rows written by this `ROWS_VERSION`) is only marked
synced: a full sync over a warm cache mostly re-reads unchanged packages. The
others' rows are built (`station.store.rows`) and written with `executemany` on
prepared SQL, which costs far less per row than sqlite-utils' upsert_all.

The raw package JSON (table `package_raw`, most of the database file) is stored
zstd-compressed, level 1: on OMS payloads (5-12 KB each) that keeps ~25 % of the
bytes for ~22 µs a package, three times faster than zlib level 1 and smaller.
`package_raw` also reads zlib and plain JSON (the format is told by the first
bytes), so the choice can change without a migration.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import msgspec
import zstandard

from station.oms.models import Package
from station.store.codes import PRODUCT_KINDS
from station.store.db import Store, iso_utc, write_transaction
from station.store.rows import (
    COMMAND_LIST_COLUMNS,
    ITEM_COLUMNS,
    LOCATION_COLUMNS,
    PACKAGE_COLUMNS,
    PRODUCT_COLUMNS,
    RAW_COLUMNS,
    ROWS_VERSION,
    STATE_COLUMNS,
    TRANSITION_COLUMNS,
    PageRows,
    build_page_rows,
    iso_text,
    product_code_rows,
)

_RAW_COMPRESSION_LEVEL = 1
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
RawJson = bytes | bytearray | memoryview | str | msgspec.Raw


@dataclass(frozen=True)
class UpsertResult:
    """`written`: packages stored; `skipped_stale`: packages not stored because the
    snapshot already holds a newer `modified_date` for them; `unchanged`: those of
    `written` that were stored already exactly so (only marked synced)."""

    written: int
    skipped_stale: int
    unchanged: int = 0


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


def _insert_sql(table: str, columns: Sequence[str], *, conflict: str = "REPLACE") -> str:
    params = ", ".join("?" for _ in columns)
    return f"INSERT OR {conflict} INTO {table} ({', '.join(columns)}) VALUES ({params})"


def _in_json(ids: Iterable[int]) -> str:
    """A JSON array of ids, for `… IN (SELECT value FROM json_each(?))`: one
    statement and one parameter for a whole page."""
    return msgspec.json.encode(list(ids)).decode()


_SQL_STATES = _upsert_sql("states", STATE_COLUMNS, ("id",))
_SQL_LOCATIONS = _upsert_sql("stock_locations", LOCATION_COLUMNS, ("id",))
_SQL_PRODUCTS = _upsert_sql("products", PRODUCT_COLUMNS, ("id",))
# A package that comes back (re-assigned, or back in a packable state) is live again.
_REVIVE = {"archived": "0", "archived_reason": "NULL", "archived_at": "NULL"}
_SQL_PACKAGES = _upsert_sql(
    "packages", PACKAGE_COLUMNS, ("id",),
    constants={**_REVIVE, "rows_version": str(ROWS_VERSION)},
)
_SQL_TOUCH_PACKAGE = (
    f"UPDATE packages SET synced_at = ?, {', '.join(f'{k} = {v}' for k, v in _REVIVE.items())} "
    "WHERE id = ?"
)
_SQL_TRANSITIONS = _upsert_sql(
    "learned_transitions",
    (*TRANSITION_COLUMNS, "first_seen", "last_seen"),
    ("source_state", "command_id"),
    insert_only=("first_seen",),
)
_SQL_ITEMS = _insert_sql("package_items", ITEM_COLUMNS)
_SQL_RAW = _insert_sql("package_raw", RAW_COLUMNS)
# Content-addressed: a list with this digest is this very list.
_SQL_COMMAND_LISTS = _insert_sql("command_lists", COMMAND_LIST_COLUMNS, conflict="IGNORE")
_SQL_DROP_UNUSED_COMMAND_LIST = (
    "DELETE FROM command_lists WHERE digest = ?1 "
    "AND NOT EXISTS (SELECT 1 FROM packages WHERE command_list = ?1)"
)
_SQL_DELETE_ITEMS = "DELETE FROM package_items WHERE package_id = ?"
_SQL_DELETE_PRODUCT_CODES = (
    f"DELETE FROM codes WHERE product_id = ? AND kind IN ({', '.join('?' * len(PRODUCT_KINDS))})"
)
_SQL_CODES = "INSERT OR IGNORE INTO codes (code, product_id, kind) VALUES (?, ?, ?)"
_SQL_CLEAR_QUARANTINE = (
    "DELETE FROM quarantine WHERE package_id IN (SELECT value FROM json_each(?))"
)


def _as_bytes(raw: RawJson) -> bytes:
    return raw.encode() if isinstance(raw, str) else bytes(raw)


def compress_raw(raw: RawJson, compressor: zstandard.ZstdCompressor | None = None) -> bytes:
    """A zstd frame of the JSON. Pass a `compressor` (one per thread: they are not
    thread-safe) to spare creating one per call."""
    if compressor is None:
        compressor = zstandard.ZstdCompressor(level=_RAW_COMPRESSION_LEVEL)
    return compressor.compress(_as_bytes(raw))


def decompress_raw(
    stored: bytes, decompressor: zstandard.ZstdDecompressor | None = None
) -> bytes:
    """The JSON bytes back, from a zstd frame, a zlib stream (starts with 0x78, "x",
    as written by earlier versions), or plain JSON (which starts with neither).
    A `decompressor` (one per thread) spares creating one per call."""
    if stored[:4] == _ZSTD_MAGIC:
        return (decompressor or zstandard.ZstdDecompressor()).decompress(stored)
    return zlib.decompress(stored) if stored[:1] == b"x" else stored


def upsert_page(
    store: Store, packages: Sequence[tuple[Package, RawJson]], *, synced_at: dt.datetime
) -> UpsertResult:
    """Store one page of decoded packages (each with its raw JSON) atomically.

    Per package: its row (un-archived), its items replaced, its command list, its
    products/codes/states/stock location upserted, its commands added to the
    learned transitions, and any quarantine entry cleared. A package for which
    the snapshot already has a newer `modified_date` is left alone (an older
    read must not overwrite a newer one). A package listed twice: the last wins.

    Called inside the caller's transaction (sync stores a page, its archiving and
    its quarantine together), the page is part of that transaction, not a savepoint
    of its own: if this raises, the caller's transaction must roll back.
    """
    if not packages:
        return UpsertResult(0, 0)
    synced = iso_utc(synced_at)
    assert synced is not None
    latest = {package.id: (package, raw) for package, raw in packages}
    with _own_or_callers_transaction(store):
        stored = _stored_copies(store, latest)
        compressor = zstandard.ZstdCompressor(level=_RAW_COMPRESSION_LEVEL)
        changed = [(package, compress_raw(raw, compressor))
                   for package_id, (package, raw) in latest.items()
                   if package_id not in stored.stale and package_id not in stored.unchanged]
        rows = build_page_rows(changed, synced,
                               also_commands_of=[latest[pid][0] for pid in stored.unchanged])
        _write_page(store, rows, synced, replaced=stored.to_replace)
        store.conn.executemany(_SQL_TOUCH_PACKAGE, [(synced, pid) for pid in stored.unchanged])
        store.conn.execute(_SQL_CLEAR_QUARANTINE, (_in_json(latest),))
    return UpsertResult(written=len(latest) - len(stored.stale),
                        skipped_stale=len(stored.stale), unchanged=len(stored.unchanged))


@contextmanager
def _own_or_callers_transaction(store: Store) -> Iterator[None]:
    """A write transaction, unless the caller has one open already. Why not nest as
    a savepoint: with one open, SQLite journals the pages a page of packages writes,
    which made each package 40 % slower (~40 µs); and sync, the caller, rolls its
    whole transaction back on any error anyway."""
    if store.conn.in_transaction:
        yield
        return
    with write_transaction(store):
        yield


@dataclass
class _StoredCopies:
    """What the snapshot holds of a page's packages, by id."""

    stale: set[int] = field(default_factory=set)  # stored with a newer modified_date
    unchanged: set[int] = field(default_factory=set)  # stored exactly so
    to_replace: list[int] = field(default_factory=list)  # stored, older or different


def _stored_copies(store: Store, latest: dict[int, tuple[Package, RawJson]]) -> _StoredCopies:
    """Sort the page's already stored packages. Unchanged means the same
    modified_date, the same raw JSON and rows written by this ROWS_VERSION."""
    copies = _StoredCopies()
    decompressor = zstandard.ZstdDecompressor()
    stored = store.conn.execute(
        "SELECT p.id, p.modified_date, p.rows_version, r.raw "
        "FROM packages p LEFT JOIN package_raw r ON r.package_id = p.id "
        "WHERE p.id IN (SELECT value FROM json_each(?))",
        (_in_json(latest),),
    )
    for package_id, modified, rows_version, raw in stored:
        package, incoming_raw = latest[package_id]
        incoming = iso_text(package.modified_date)
        assert incoming is not None  # modified_date is required by the model
        if modified > incoming:
            copies.stale.add(package_id)
        elif (modified == incoming and rows_version == ROWS_VERSION and raw is not None
              and decompress_raw(raw, decompressor) == _as_bytes(incoming_raw)):
            copies.unchanged.add(package_id)
        else:
            copies.to_replace.append(package_id)
    return copies


def _changed_products(store: Store, products: list[tuple]) -> list[tuple]:
    """The product rows that differ from what is stored. Most products recur on
    many packages; skipping unchanged ones spares rewriting them and their codes."""
    stored = set(store.conn.execute(
        f"SELECT {', '.join(PRODUCT_COLUMNS)} FROM products "
        "WHERE id IN (SELECT value FROM json_each(?))",
        (_in_json(row[0] for row in products),),
    ))
    return [row for row in products if row not in stored]


def _write_page(store: Store, rows: PageRows, synced: str, *, replaced: list[int]) -> None:
    """`replaced`: ids of packages already stored, whose old items must go."""
    conn = store.conn
    # Parents before children: foreign keys are checked per statement.
    conn.executemany(_SQL_STATES, rows.states)
    conn.executemany(_SQL_LOCATIONS, rows.locations)
    _write_products(store, rows)
    conn.executemany(_SQL_COMMAND_LISTS, rows.command_lists)
    previous_lists = _command_lists_of(store, replaced)
    conn.executemany(_SQL_PACKAGES, rows.packages)
    conn.executemany(_SQL_RAW, rows.raws)
    conn.executemany(_SQL_DELETE_ITEMS, [(package_id,) for package_id in replaced])
    conn.executemany(_SQL_ITEMS, rows.items)
    conn.executemany(_SQL_TRANSITIONS, [(*row, synced, synced) for row in rows.transitions])
    # A list no package points at any more goes (lists are few: one per state).
    current = {digest for digest, _ in rows.command_lists}
    conn.executemany(_SQL_DROP_UNUSED_COMMAND_LIST,
                     [(digest,) for digest in previous_lists - current])


def _write_products(store: Store, rows: PageRows) -> None:
    """Changed products, their codes replaced; and the items' selected barcodes."""
    conn = store.conn
    changed = _changed_products(store, rows.products)
    conn.executemany(_SQL_PRODUCTS, changed)
    conn.executemany(_SQL_DELETE_PRODUCT_CODES, [(row[0], *PRODUCT_KINDS) for row in changed])
    structs, keys = rows.product_structs, store.barcode_attributes
    conn.executemany(
        _SQL_CODES, [code for row in changed for code in product_code_rows(structs[row[0]], keys)]
    )
    conn.executemany(_SQL_CODES, rows.selected_codes)


def _command_lists_of(store: Store, package_ids: list[int]) -> set[bytes]:
    """The command lists the given packages point at now (before they are rewritten)."""
    if not package_ids:
        return set()
    return {digest for (digest,) in store.conn.execute(
        "SELECT DISTINCT command_list FROM packages "
        "WHERE id IN (SELECT value FROM json_each(?)) AND command_list IS NOT NULL",
        (_in_json(package_ids),),
    )}


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
    row = store.conn.execute(
        "SELECT raw FROM package_raw WHERE package_id = ?", (package_id,)
    ).fetchone()
    if row is None or row[0] is None:
        return None
    return decompress_raw(row[0])
