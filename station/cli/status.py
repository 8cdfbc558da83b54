"""`packing-station status`: what the local cache holds (packages, items, outbox)."""

from __future__ import annotations

import argparse
import json

from station.cli.common import add_db_argument, open_db
from station.store import status


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument("--stock-location", type=int, help="count this location only")
    parser.add_argument("--json", action="store_true", help="print JSON (scripting interface)")


def run(args: argparse.Namespace) -> int:
    with open_db(args) as store:
        counts = status(store, args.stock_location)
    if args.json:
        print(json.dumps(counts, sort_keys=True))
        return 0
    packages = counts["packages"]
    print(f"packages: {packages['total']} live, {packages['archived']} archived, "
          f"{packages['quarantined']} quarantined")
    for state, count in packages["by_state"].items():
        print(f"  state {state}: {count}")
    print(f"items: {counts['items']}  codes: {counts['codes']}")
    print(f"last sync: {counts['last_sync'] or 'never'}")
    if counts.get("last_error"):
        print(f"last error: {counts['last_error']}")
    print("outbox: " + (", ".join(f"{k} {v}" for k, v in counts["outbox"].items()) or "empty"))
    for decision in counts.get("pending_mass_archive", []):
        print(f"WAITING FOR YOU: {decision['message']}")
    return 0
