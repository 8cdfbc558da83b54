"""Migration step 5: `outbox.first_sent_at`, when the entry's FIRST POST started (ISO 8601
UTC, NULL until then). The read-back after an unknown outcome only takes a transition log
newer than this as proof that OMS applied our command. Released: never edit."""

from __future__ import annotations

import sqlite_utils


def step_5_outbox_first_attempt(db: sqlite_utils.Database) -> None:
    """Column `first_sent_at`; entries already sent before this step keep NULL (the read-back
    then falls back to the time they were queued)."""
    db.execute("ALTER TABLE outbox ADD COLUMN first_sent_at TEXT")
