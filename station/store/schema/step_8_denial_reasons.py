"""Migration step 8: `denial_reasons`, OMS's `package_denial_reason` rows (id, title,
remote_id, priority, is_active), synced so refuse and block can ask for a reason
offline (see `station.store.denial_reasons`). Released: never edit."""

from __future__ import annotations

import sqlite_utils


def step_8_denial_reasons(db: sqlite_utils.Database) -> None:
    """Table `denial_reasons`."""
    db.table("denial_reasons").create(
        {"id": int, "title": str, "remote_id": str, "priority": int, "is_active": int,
         "synced_at": str},
        pk="id",
        not_null={"is_active", "synced_at"},
    )
