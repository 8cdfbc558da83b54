"""A big station database for the GUI benchmarks, built once and cached under /tmp.

`cached_db(packages)` returns the path of a database with `packages` packages and
4 items per package on average (bench/store_lookup.py's OMS-shaped Generator, with
three command-list/state variants), written through `upsert_page` in pages of 500,
plus how long building took (0 when the cached file was reused). Callers copy the
file before writing to it. `package_keys` samples packages with their item codes.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

import msgspec

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from store_lookup import LOCATION, Generator  # noqa: E402

from station.oms.models import decode_package  # noqa: E402
from station.store import open_store, upsert_page  # noqa: E402
from station.store.db import write_transaction  # noqa: E402

PAGE = 500
ITEMS_CYCLE = (2, 3, 4, 5, 6)  # mean 4 items per package
CACHE_VERSION = 1

__all__ = ["LOCATION", "cached_db", "package_keys"]


def _variants(template: dict[str, Any]) -> list[tuple[dict, list[dict]]]:
    """(state, commands) like the simulator's: full list, short list, a later state."""
    state, commands = template["state"], template["commands"]
    preparing = dict(state, id=37, enum_value="200", name="Preparing")
    later = [dict(c, source_state=37) for c in commands if c["destination_state"] == 40]
    return [(state, commands), (state, commands[:3]), (preparing, later)]


def _build(path: Path, count: int) -> None:
    rng = random.Random(5)
    generator = Generator(rng)
    variants = _variants(generator.template)
    synced = dt.datetime.now(dt.UTC)
    next_item = 1
    with open_store(path) as store:
        for first in range(1, count + 1, PAGE):
            page = []
            for package_id in range(first, min(first + PAGE, count + 1)):
                n_items = ITEMS_CYCLE[package_id % len(ITEMS_CYCLE)]
                payload = generator.package(package_id, list(range(next_item, next_item + n_items)))
                payload["state"], payload["commands"] = variants[package_id % len(variants)]
                next_item += n_items
                raw = msgspec.json.encode(payload)
                page.append((decode_package(raw), raw))
            with write_transaction(store):
                upsert_page(store, page, synced_at=synced)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def cached_db(packages: int) -> tuple[Path, float]:
    path = Path(f"/tmp/packing-bench-cache-v{CACHE_VERSION}-{packages}.db")
    if path.exists():
        return path, 0.0
    partial = path.with_suffix(".partial")
    for leftover in partial.parent.glob(partial.name + "*"):
        leftover.unlink()
    start = time.perf_counter()
    _build(partial, packages)
    partial.rename(path)
    return path, round(time.perf_counter() - start, 1)


def package_keys(conn: sqlite3.Connection, rng: random.Random, count: int):
    """`count` distinct random packages: (number, [a scannable code per item])."""
    ids = [row[0] for row in conn.execute("SELECT id FROM packages")]
    keys = []
    for package_id in rng.sample(ids, min(count, len(ids))):
        number = conn.execute("SELECT number FROM packages WHERE id = ?", (package_id,)).fetchone()
        codes = [
            row[0]
            for row in conn.execute(
                "SELECT (SELECT code FROM codes c WHERE c.product_id = i.product_id"
                " AND c.kind != 'sku' ORDER BY code LIMIT 1)"
                " FROM package_items i WHERE package_id = ? ORDER BY position",
                (package_id,),
            )
        ]
        keys.append((number[0], [c for c in codes if c]))
    return keys
