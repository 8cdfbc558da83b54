"""The packing tables' rows (created by migration step 3, `schema.step_3_packing`).

* `verifications` — one row per package item a packer verified by scanning it: the
  code that matched (it goes to OMS as the item's `selected_barcode`), GS1 serial
  number / net weight captured with it, when and by whom. At most one row per item
  (one item is one unit), so a replayed or doubled write cannot count a unit twice.
* `packing_sessions` — the package each packer has open, so a restart reopens it.

Neither table has a foreign key to the snapshot: sync replaces a package's items
(delete + insert) and must never fail or cascade because a packer scanned them.
Rows of items that left their package are simply not shown (see packing_view).

Writers here run inside the caller's transaction; `station.packing.session` decides which
one (verifications are written in a durable_transaction).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from station.store.db import Store


@dataclass(frozen=True)
class Verification:
    """One verified unit (a `verifications` row)."""

    package_id: int
    item_id: int
    scanned_code: str
    serial_no: str | None
    unit_weight: str | None
    verified_at: str
    packer: str


_VERIFICATION_COLUMNS = (
    "package_id, item_id, scanned_code, serial_no, unit_weight, verified_at, packer"
)


def record_verification(store: Store, verification: Verification) -> None:
    """Insert one verification (inside the caller's transaction).

    Raises sqlite3.IntegrityError if the item is already verified: the caller picks
    an unverified item, so that would be a bug, never something to paper over.
    """
    v = verification
    store.conn.execute(
        f"INSERT INTO verifications ({_VERIFICATION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (v.package_id, v.item_id, v.scanned_code, v.serial_no, v.unit_weight, v.verified_at,
         v.packer),
    )


def verifications_of(store: Store, package_id: int) -> dict[int, Verification]:
    """The package's verifications by item id."""
    rows = store.conn.execute(
        f"SELECT {_VERIFICATION_COLUMNS} FROM verifications WHERE package_id = ? ORDER BY id",
        (package_id,),
    )
    return {row[1]: Verification(*row) for row in rows}


def open_package_of(store: Store, packer: str) -> int | None:
    """The package `packer` had open, if any."""
    row = store.conn.execute(
        "SELECT package_id FROM packing_sessions WHERE packer = ?", (packer,)
    ).fetchone()
    return None if row is None else int(row[0])


def save_open_package(store: Store, packer: str, package_id: int, opened_at: str) -> None:
    store.conn.execute(
        "INSERT INTO packing_sessions (packer, package_id, opened_at) VALUES (?, ?, ?) "
        "ON CONFLICT (packer) DO UPDATE SET package_id = excluded.package_id, "
        "opened_at = excluded.opened_at",
        (packer, package_id, opened_at),
    )


def clear_open_package(store: Store, packer: str) -> None:
    store.conn.execute("DELETE FROM packing_sessions WHERE packer = ?", (packer,))


def last_verification(store: Store, package_id: int,
                      item_ids: Iterable[int] | None = None) -> Verification | None:
    """The package's most recent verification (of one of `item_ids`, when given)."""
    rows = store.conn.execute(
        f"SELECT {_VERIFICATION_COLUMNS} FROM verifications WHERE package_id = ? "
        "ORDER BY id DESC", (package_id,))
    wanted = None if item_ids is None else set(item_ids)
    for row in rows:
        if wanted is None or row[1] in wanted:
            return Verification(*row)
    return None


def delete_verification(store: Store, item_id: int) -> None:
    """Take back one verified unit (inside the caller's transaction): undo / remove."""
    store.conn.execute("DELETE FROM verifications WHERE item_id = ?", (item_id,))
