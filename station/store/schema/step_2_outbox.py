"""Migration step 2: the outbox (the packer's commands not yet confirmed by OMS) and
the audit log (who did what to which entry, and when).

Released steps are never edited (see `station.store.schema`); change the schema
with a new step. Column meanings are in `station.outbox.queue`.
"""

from __future__ import annotations

import sqlite_utils

OUTBOX_STATUSES = ("pending", "sending", "uncertain", "done", "conflict", "failed", "discarded")


def step_2_outbox(db: sqlite_utils.Database) -> None:
    """Tables `outbox` and `audit_log`."""
    _create_outbox(db)
    _create_audit_log(db)


def _create_outbox(db: sqlite_utils.Database) -> None:
    # No foreign key to packages: an entry must outlive anything that happens to the
    # snapshot (packages are archived, never deleted, but the outbox must not depend on it).
    outbox = db.table("outbox").create(
        {
            "id": str,  # uuid4 hex
            "seq": int,  # global order of enqueue
            "package_id": int,
            "kind": str,  # 'command' | 'set_invoice_number'
            "transition_id": int,
            "slug": str,
            "command_type": str,
            "label": str,
            "input_parameters": str,  # JSON object, sent as stored
            "source_state_id": int,
            "destination_state_id": int,
            "payload": str,  # e.g. the invoice number
            "created_at": str,  # ISO 8601 UTC, fixed width (station.store.db.iso_utc)
            "packer": str,
            "attempts": int,
            "next_attempt_at": str,
            "status": str,
            "last_error": str,
            "server_response": str,
            "updated_at": str,
            "done_at": str,
        },
        pk="id",
        not_null={"seq", "package_id", "kind", "input_parameters", "created_at", "packer",
                  "attempts", "next_attempt_at", "status", "updated_at"},
        defaults={"attempts": 0},
    )
    statuses = ", ".join(f"'{status}'" for status in OUTBOX_STATUSES)
    # sqlite-utils cannot declare CHECK constraints; a trigger keeps bad statuses out.
    for when in ("INSERT", "UPDATE OF status"):
        db.execute(
            f"CREATE TRIGGER outbox_status_{when.split()[0].lower()} BEFORE {when} ON outbox "
            f"WHEN NEW.status NOT IN ({statuses}) "
            "BEGIN SELECT RAISE(ABORT, 'invalid outbox status'); END"
        )
    outbox.create_index(["seq"], unique=True)
    # Finding each package's head entry and the due ones.
    outbox.create_index(["status", "package_id", "seq"])
    outbox.create_index(["package_id", "seq"])
    outbox.create_index(["done_at"])


def _create_audit_log(db: sqlite_utils.Database) -> None:
    audit = db.table("audit_log").create(
        {
            "id": int,
            "at": str,
            "packer": str,
            "action": str,
            "package_id": int,
            "outbox_id": str,
            "detail": str,  # JSON object
        },
        pk="id",
        not_null={"at", "packer", "action"},
    )
    audit.create_index(["at"])
    audit.create_index(["outbox_id"])
