"""The station's SQLite cache: snapshot of OMS, sync state, quarantine (and later
the outbox). See DESIGN §3. Public API re-exported here; each module says what
it owns:

* `db` — opening the file, pragmas, `Store`, write/durable transactions
* `migrations` — schema steps, one function each, never edited after release
* `rows`, `codes` — decoded packages → rows; which strings are scannable codes
* `codeindex` — rebuilds product codes when the code rule or its config changes
* `snapshot` — upserting pages, archiving, raw payloads
* `quarantine` — undecodable packages
* `lookups` — scan lookups and package detail
* `syncstate` — high-water marks and last sync/error
* `status` — counts
"""

from station.store.db import (
    Store,
    StoreError,
    default_db_path,
    durable_transaction,
    iso_utc,
    open_store,
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
from station.store.migrations import MIGRATIONS, migrate, schema_version
from station.store.quarantine import clear_quarantine, quarantine, quarantined
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
    "migrate",
    "open_store",
    "outbox_counts",
    "package_detail",
    "package_raw",
    "packages_by_number_or_order",
    "parse_iso",
    "products_by_code",
    "quarantine",
    "quarantined",
    "schema_version",
    "states_by_id",
    "status",
    "upsert_page",
    "write_transaction",
]
