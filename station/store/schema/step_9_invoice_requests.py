"""Migration step 9: `invoice_requests`, one row per package whose invoice the station
asked OMS to create (`POST packages/{pk}/invoice/`, oms-api §7.3). Released: never edit.

The POST creates an invoice each time it is sent, so the row is written durably BEFORE
the request leaves; its `state` then says what came of it (see
`station.documents.invoices`): 'requesting' (sent, no answer yet — or the station
stopped), 'unanswered' (sent, the answer was lost: it may exist at OMS), 'answered'
(cached), 'rejected' (OMS refused it with `message`).
"""

from __future__ import annotations

import sqlite_utils

INVOICE_REQUEST_STATES = ("requesting", "unanswered", "answered", "rejected")


def step_9_invoice_requests(db: sqlite_utils.Database) -> None:
    """Table `invoice_requests`."""
    db.table("invoice_requests").create(
        {
            "package_id": int,
            "state": str,
            "attempts": int,  # POSTs sent for this package, ever
            "requested_at": str,  # ISO 8601 UTC of the latest POST
            "answered_at": str,
            "invoice_id": int,  # OMS's invoice id and number, once answered
            "invoice_number": str,
            "message": str,  # why it is unanswered or rejected
        },
        pk="package_id",
        not_null={"state", "attempts", "requested_at"},
        defaults={"attempts": 0},
    )
    states = ", ".join(f"'{state}'" for state in INVOICE_REQUEST_STATES)
    for when in ("INSERT", "UPDATE OF state"):
        db.execute(
            f"CREATE TRIGGER invoice_requests_state_{when.split()[0].lower()} BEFORE {when} "
            f"ON invoice_requests WHEN NEW.state NOT IN ({states}) "
            "BEGIN SELECT RAISE(ABORT, 'invalid invoice request state'); END")
