"""Migration step 3: the packing tables (`verifications`, `packing_sessions`; their
meaning is in `station.store.verifications`). Released: never edit."""

from __future__ import annotations

import sqlite_utils


def step_3_packing(db: sqlite_utils.Database) -> None:
    """Tables `verifications` and `packing_sessions`."""
    verifications = db.table("verifications").create(
        {
            "id": int,
            "package_id": int,
            "item_id": int,
            "scanned_code": str,
            "serial_no": str,
            "unit_weight": str,  # decimal text, as OMS sends unit weights
            "verified_at": str,  # ISO 8601 UTC (store.db.iso_utc)
            "packer": str,
        },
        pk="id",
        not_null={"package_id", "item_id", "scanned_code", "verified_at", "packer"},
    )
    verifications.create_index(["item_id"], unique=True)
    verifications.create_index(["package_id"])
    db.table("packing_sessions").create(
        {"packer": str, "package_id": int, "opened_at": str},
        pk="packer",
        not_null={"packer", "package_id", "opened_at"},
    )
