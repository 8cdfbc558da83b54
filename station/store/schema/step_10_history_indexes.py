"""Migration step 10: indexes for the History and "Packed today" screens, which read
the newest verifications and audit rows since a moment (`station.stats.today`):
without them each refresh (every few seconds while History is open) scans both
tables whole, which grow by every scan of every shift. Released: never edit."""

from __future__ import annotations

import sqlite_utils


def step_10_history_indexes(db: sqlite_utils.Database) -> None:
    """verifications by time; audit rows by time."""
    db.conn.execute("CREATE INDEX verifications_by_time ON verifications (verified_at)")
    db.conn.execute("CREATE INDEX audit_log_by_time ON audit_log (at)")
