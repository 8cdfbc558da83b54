"""The station's SQLite cache: the snapshot of OMS, sync state, quarantine, the
packing tables (the outbox's tables are owned by `station.outbox`). Public API
re-exported here; each module says what it owns:

* `db` — connecting, pragmas, `Store`, write/durable transactions
* `opening` — `open_store`: connect, migrate, keep product codes current
* `schema` — migration steps, one module each, never edited after release
* `verifications` — the packing tables' rows (verified units, open packages)
* `rows`, `codes` — decoded packages → rows; which strings are scannable codes
* `codeindex` — rebuilds product codes when the code rule or its config changes
* `snapshot` — upserting pages, archiving, raw payloads
* `quarantine` — undecodable packages
* `lookups` — scan lookups and package detail
* `syncstate` — high-water marks and last sync/error
* `status` — counts
* `queue` — the packing screen's package queue (filter, count, pages)
"""

from station.store.db import (
    Store,
    StoreError,
    default_db_path,
    durable_transaction,
    iso_utc,
    parse_iso,
    write_transaction,
)
from station.store.lookups import (
    items_by_code,
    learned_transitions_from,
    package_detail,
    packages_by_number_or_order,
    products_by_code,
    states_by_id,
)
from station.store.opening import open_store
from station.store.quarantine import clear_quarantine, quarantine, quarantined
from station.store.queue import (
    QueueFilter,
    QueueRow,
    live_state_ids,
    package_numbers,
    queue_count,
    queue_page,
)
from station.store.schema import MIGRATIONS, migrate, schema_version
from station.store.snapshot import (
    UpsertResult,
    archive_packages,
    live_package_ids,
    package_raw,
    upsert_page,
)
from station.store.status import outbox_counts, status

__all__ = [
    "MIGRATIONS",
    "QueueFilter",
    "QueueRow",
    "Store",
    "StoreError",
    "UpsertResult",
    "archive_packages",
    "clear_quarantine",
    "default_db_path",
    "durable_transaction",
    "iso_utc",
    "items_by_code",
    "learned_transitions_from",
    "live_package_ids",
    "live_state_ids",
    "migrate",
    "open_store",
    "outbox_counts",
    "package_detail",
    "package_numbers",
    "package_raw",
    "packages_by_number_or_order",
    "parse_iso",
    "products_by_code",
    "quarantine",
    "quarantined",
    "queue_count",
    "queue_page",
    "schema_version",
    "states_by_id",
    "status",
    "upsert_page",
    "write_transaction",
]
