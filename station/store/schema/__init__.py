"""Schema migrations: one module per step, applied in order, each in a transaction.

The schema version is SQLite's `PRAGMA user_version`: the number of steps applied.
`MIGRATIONS[0]` is step 1, and so on.

RULES — a released step is NEVER edited, reordered or removed: installations in
the field have already run it, and editing it would give them and new
installations different schemas. To change the schema, append a new step module.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from station.store.db import Store, StoreError, write_transaction
from station.store.schema.step_1_snapshot import step_1_snapshot
from station.store.schema.step_2_outbox import step_2_outbox
from station.store.schema.step_3_packing import step_3_packing
from station.store.schema.step_4_queue_indexes import step_4_queue_indexes
from station.store.schema.step_5_outbox_first_attempt import step_5_outbox_first_attempt
from station.store.schema.step_6_application_id import step_6_application_id
from station.store.schema.step_7_print_jobs import step_7_print_jobs
from station.store.schema.step_8_denial_reasons import step_8_denial_reasons
from station.store.schema.step_9_invoice_requests import step_9_invoice_requests
from station.store.schema.step_10_history_indexes import step_10_history_indexes
from station.store.schema.step_11_outbox_problem_message import step_11_outbox_problem_message

Migration = Callable[[sqlite_utils.Database], None]

MIGRATIONS: list[Migration] = [
    step_1_snapshot,
    step_2_outbox,
    step_3_packing,
    step_4_queue_indexes,
    step_5_outbox_first_attempt,
    step_6_application_id,
    step_7_print_jobs,
    step_8_denial_reasons,
    step_9_invoice_requests,
    step_10_history_indexes,
    step_11_outbox_problem_message,
]


def schema_version(store: Store) -> int:
    return int(store.conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(store: Store, migrations: list[Migration] | None = None) -> int:
    """Apply the steps this database has not had yet; return the new version.

    Each step runs in its own IMMEDIATE transaction with the version bump, so a
    crash leaves the database at the previous step, never half-way through one.
    The version is re-read under the write lock: two threads opening a new file
    at once apply each step once.
    """
    steps = MIGRATIONS if migrations is None else migrations
    version = schema_version(store)
    if version > len(steps):
        raise StoreError(
            f"database schema version {version} is newer than this program knows "
            f"({len(steps)}); use a newer Packing Station"
        )
    while version < len(steps):
        with write_transaction(store):
            version = schema_version(store)
            if version >= len(steps):
                break
            steps[version](store.db)
            version += 1
            # PRAGMA takes no parameters; version is an int we computed.
            store.conn.execute(f"PRAGMA user_version = {version}")
    return version
