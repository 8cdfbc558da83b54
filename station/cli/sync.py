"""`packing-station sync`: pull this station's packages from OMS into the cache."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from station.cli.common import add_connection_arguments, add_db_argument, make_client
from station.store import open_store
from station.sync import Syncer, SyncProgress


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_connection_arguments(parser, required=True)
    parser.add_argument("--stock-location", type=int, required=True, help="stock location id")
    add_db_argument(parser)
    parser.add_argument("--full", action="store_true", help="full sync and reconciliation")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def run(args: argparse.Namespace) -> int:
    def show(progress: SyncProgress) -> None:
        total = progress.total if progress.total is not None else "?"
        print(f"\r{progress.mode} sync: page {progress.pages_done}, "
              f"{progress.packages_done}/{total} packages", end="", file=sys.stderr, flush=True)

    with make_client(args) as client, open_store(args.db) as store:
        syncer = Syncer(client, store, stock_location_id=args.stock_location)
        report = syncer.sync(full=args.full, progress=None if args.json else show)
    if args.json:
        print(json.dumps(report.as_dict()))
    else:
        print(file=sys.stderr)
        print(describe(report.as_dict()))
    return 0


def describe(report: dict[str, Any]) -> str:
    return (
        f"{report['mode']} sync: {report['received']} received, {report['stored']} stored, "
        f"{report['archived']} archived, {report['quarantined']} quarantined, "
        f"{report['requests']} requests in {report['seconds']:.2f} s"
    )
