"""Migration step: the print queue (`print_jobs`) and the offline document cache's index
(`cached_documents`). Released steps are never edited (see `station.store.schema`).

Column meanings are in `station.documents.queue` (print jobs) and
`station.documents.fetch` (cached documents).
"""

from __future__ import annotations

import sqlite_utils

PRINT_JOB_STATES = ("queued", "printing", "printed", "uncertain", "failed", "cancelled")


def step_7_print_jobs(db: sqlite_utils.Database) -> None:
    """Tables `print_jobs` and `cached_documents`."""
    _create_print_jobs(db)
    _create_cached_documents(db)


def _create_print_jobs(db: sqlite_utils.Database) -> None:
    db.table("print_jobs").create(
        {
            "id": int,
            "package_id": int,
            "document": str,  # 'slip' | 'label' | 'shipping-label' | 'invoice'
            "destination": str,  # as configured: tcp://…, cups:…, folder:…, qt:…
            "requested_by": str,  # 'auto' (on completion) or the packer who asked
            "state": str,
            "reason": str,  # why it waits / failed, for the status bar
            "attempts": int,
            "next_attempt_at": str,  # ISO 8601 UTC (station.store.db.iso_utc)
            "created_at": str,
            "claimed_at": str,
            "sending_at": str,  # set right before the bytes are handed to the printer
            "printed_at": str,
        },
        pk="id",
        not_null={"package_id", "document", "destination", "requested_by", "state",
                  "attempts", "next_attempt_at", "created_at"},
        defaults={"attempts": 0},
    )
    states = ", ".join(f"'{state}'" for state in PRINT_JOB_STATES)
    for when in ("INSERT", "UPDATE OF state"):
        db.execute(
            f"CREATE TRIGGER print_jobs_state_{when.split()[0].lower()} BEFORE {when} "
            f"ON print_jobs WHEN NEW.state NOT IN ({states}) "
            "BEGIN SELECT RAISE(ABORT, 'invalid print job state'); END")
    db.execute("CREATE INDEX print_jobs_due ON print_jobs (state, next_attempt_at, id)")


def _create_cached_documents(db: sqlite_utils.Database) -> None:
    db.table("cached_documents").create(
        {
            "package_id": int,
            "document": str,  # 'shipping-label' | 'invoice'
            "path": str,  # absolute path of the file in the cache directory
            "content_type": str,
            "size": int,
            "source": str,  # the OMS URL it came from, or the label id
            "fetched_at": str,
        },
        pk=("package_id", "document"),
        not_null={"path", "content_type", "size", "source", "fetched_at"},
    )
