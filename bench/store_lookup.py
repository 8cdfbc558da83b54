"""Benchmark of the SQLite cache: filling it through `upsert_page` and scan lookups.

Builds a temporary database with N packages (default 100,000, ~4 items each) in
pages of 100, shaped like the real OMS payload (the repo's seed package is the
template, so the raw JSON has realistic size), then times 10,000 random lookups
of each kind. Prints one JSON object:

    upsert: total seconds, per-page median/p99 ms, per-package µs
    db: file bytes, bytes per 1,000 packages, raw JSON bytes before compression
    lookups: {kind: {median_us, p99_us}}
    status_ms: one status() call on the full database

Usage: .venv/bin/python bench/store_lookup.py [--packages N] [--lookups N] [--seed N]
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from station.oms.models import decode_package  # noqa: E402
from station.store import (  # noqa: E402
    items_by_code,
    learned_transitions_from,
    open_store,
    package_detail,
    packages_by_number_or_order,
    status,
    upsert_page,
)

SEED = REPO / "station" / "simulator" / "data" / "seed_order_packages.json"
PAGE_SIZE = 100
PRODUCTS = 20_000
LOCATION = 6


def ean13(number: int) -> str:
    digits = f"{number:012d}"[-12:]
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


class Generator:
    """OMS-shaped packages built from the seed package with commands."""

    def __init__(self, rng: random.Random) -> None:
        seeds = json.loads(SEED.read_text())
        self.template = next(p for p in seeds if p["commands"])
        self.item_template = self.template["packageitem_set"][0]
        self.rng = rng
        self.products = [self._product(n) for n in range(1, PRODUCTS + 1)]

    def _product(self, product_id: int) -> dict[str, Any]:
        product = copy.deepcopy(self.item_template["order_item"]["product"])
        barcode = ean13(869_000_000_000 + product_id)
        product.update(
            id=product_id, omnitron_id=product_id, sku=f"SKU-{product_id:06d}",
            name=f"Product {product_id}", base_code=f"BASE-{product_id // 3}",
            barcode=barcode if product_id % 4 == 0 else None,
            attributes={"ean13": barcode, "color": "blue", "size": "M"},
        )
        return product

    def package(self, package_id: int, item_ids: list[int]) -> dict[str, Any]:
        package = copy.deepcopy(self.template)
        package.update(
            id=package_id, number=f"{300_000_000_000 + package_id}",
            order_number=f"{400_000_000_000 + package_id // 2}", order_id=package_id // 2,
            modified_date=f"2024-05-01T10:{package_id // 6000 % 60:02d}:00.{package_id:06d}Z",
        )
        package["stock_location"]["id"] = LOCATION
        items = []
        for item_id in item_ids:
            item = copy.deepcopy(self.item_template)
            item["id"] = item_id
            item["order_item"]["id"] = item_id
            item["order_item"]["product"] = self.rng.choice(self.products)
            items.append(item)
        package["packageitem_set"] = items
        return package


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter_ns()
    fn()
    return (time.perf_counter_ns() - start) / 1000


def summary(samples_us: list[float]) -> dict[str, float]:
    ordered = sorted(samples_us)
    return {"median_us": round(statistics.median(ordered), 1),
            "p99_us": round(ordered[int(len(ordered) * 0.99) - 1], 1)}


def fill(store, generator: Generator, count: int, rng: random.Random) -> dict[str, Any]:
    """Upsert `count` packages in pages; returns timings and lookup keys per package."""
    page_ms: list[float] = []
    keys: list[tuple[int, str, str, str]] = []  # id, number, order number, a code
    raw_bytes = 0
    next_item = 1
    synced = dt.datetime.now(dt.UTC)
    for first in range(1, count + 1, PAGE_SIZE):
        page = []
        for package_id in range(first, min(first + PAGE_SIZE, count + 1)):
            n_items = rng.choice((1, 2, 3, 4, 4, 5, 6, 7))
            payload = generator.package(package_id, list(range(next_item, next_item + n_items)))
            next_item += n_items
            raw = msgspec.json.encode(payload)
            raw_bytes += len(raw)
            page.append((decode_package(raw), raw))
            product = rng.choice(payload["packageitem_set"])["order_item"]["product"]
            code = rng.choice([product["sku"], product["attributes"]["ean13"]])
            keys.append((package_id, payload["number"], payload["order_number"], code))
        page_ms.append(timed(lambda page=page: upsert_page(store, page, synced_at=synced))
                       / 1000)
    return {"page_ms": page_ms, "keys": keys, "raw_bytes": raw_bytes, "items": next_item - 1}


def measure_lookups(store, keys, lookups: int, rng: random.Random) -> dict[str, Any]:
    sample = [rng.choice(keys) for _ in range(lookups)]
    kinds: dict[str, Callable[[tuple[int, str, str, str]], Any]] = {
        "package_by_number": lambda k: packages_by_number_or_order(store, k[1]),
        "package_by_order_number": lambda k: packages_by_number_or_order(store, k[2]),
        "item_by_code_in_package": lambda k: items_by_code(store, k[3], package_id=k[0]),
        "unknown_code_in_package": lambda k: items_by_code(store, "0000000000000", k[0]),
        "item_by_code_any_package": lambda k: items_by_code(store, k[3]),
        "package_detail": lambda k: package_detail(store, k[0]),
        "learned_transitions_from": lambda k: learned_transitions_from(store, 35),
    }
    results = {}
    for name, lookup in kinds.items():
        assert lookup(sample[0]) is not None  # warm the statement cache
        results[name] = summary([timed(lambda k=k, f=lookup: f(k)) for k in sample])
    found = sum(1 for k in sample[:1000] if items_by_code(store, k[3], package_id=k[0]))
    assert found == 1000, "every sampled code must find its item"
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=int, default=100_000)
    parser.add_argument("--lookups", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    generator = Generator(rng)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "station.db"
        with open_store(path) as store:
            filled = fill(store, generator, args.packages, rng)
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            size = path.stat().st_size
            lookups = measure_lookups(store, filled["keys"], args.lookups, rng)
            status_ms = timed(lambda: status(store, LOCATION)) / 1000
    page_ms = sorted(filled["page_ms"])
    print(json.dumps({
        "packages": args.packages,
        "items": filled["items"],
        "upsert": {
            "pages": len(page_ms),
            "total_s": round(sum(page_ms) / 1000, 2),
            "page_median_ms": round(statistics.median(page_ms), 2),
            "page_p99_ms": round(page_ms[int(len(page_ms) * 0.99) - 1], 2),
            "per_package_us": round(sum(page_ms) * 1000 / args.packages, 1),
        },
        "db": {
            "file_bytes": size,
            "bytes_per_1000_packages": round(size * 1000 / args.packages),
            "raw_json_bytes_uncompressed": filled["raw_bytes"],
        },
        "lookups": lookups,
        "status_ms": round(status_ms, 1),
    }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
