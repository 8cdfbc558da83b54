"""Migration step 11: `outbox.last_error_message`, the Message `last_error` was made from
(JSON: template and params, nested Messages too; `station.outbox.problems`), so our own
words about a problem are shown in the packer's language by whichever process reads the
entry later. `last_error` keeps the English text; rows from before this step keep NULL
and show that text as it is. Released: never edit."""

from __future__ import annotations

import sqlite_utils


def step_11_outbox_problem_message(db: sqlite_utils.Database) -> None:
    """Column `last_error_message` (NULL: `last_error` is plain text, e.g. OMS's own)."""
    db.execute("ALTER TABLE outbox ADD COLUMN last_error_message TEXT")
