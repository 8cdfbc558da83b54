"""Migration step 6: stamp the file with SQLite's `PRAGMA application_id`.

`APPLICATION_ID` (0x5041434B, the bytes "PACK") marks a file as a Packing Station
database. `station.store.opening` reads it, read-only, before it touches a file: a
database carrying another id, or holding only tables that are not ours, is refused
untouched (not migrated, not switched to WAL). Station databases created before this
step carry id 0 and our tables; this step gives them the id. Released: never edit.
"""

from __future__ import annotations

import sqlite_utils

APPLICATION_ID = 0x5041434B  # "PACK"; a signed 32-bit value, as SQLite stores it


def step_6_application_id(db: sqlite_utils.Database) -> None:
    """Set the application id in the database header."""
    # PRAGMA takes no parameters; the value is our constant.
    db.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
