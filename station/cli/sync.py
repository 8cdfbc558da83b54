"""`packing-station sync`: pull this station's packages from OMS into the cache."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from station.cli.common import (
    add_connection_arguments,
    add_db_argument,
    make_client,
    open_db,
)
from station.cli.print import add_invoice_source_argument
from station.store import Store
from station.sync import Syncer, SyncProgress, confirm_mass_archive, pending_mass_archive
from station.sync.mass_archive import MAX_SHARE


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_connection_arguments(parser, required=True)
    parser.add_argument("--stock-location", type=int, required=True, help="stock location id")
    add_db_argument(parser)
    parser.add_argument("--full", action="store_true", help="full sync and reconciliation")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--confirm-archive", action="store_true",
        help="first archive what a pending mass-archive decision lists (see `status`)")
    parser.add_argument(
        "--max-archive-share", type=_percent, default=MAX_SHARE * 100, metavar="PERCENT",
        help="largest share of the live packages one sync may archive without asking "
             f"(default {MAX_SHARE * 100:.0f}%%)")
    add_invoice_source_argument(parser)


def _percent(text: str) -> float:
    try:
        value = float(text.rstrip("%"))
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 100.0:
        raise argparse.ArgumentTypeError(f"expected a percentage from 0 to 100, got {text!r}")
    return value


def run(args: argparse.Namespace) -> int:
    def show(progress: SyncProgress) -> None:
        total = progress.total if progress.total is not None else "?"
        print(f"\r{progress.mode} sync: page {progress.pages_done}, "
              f"{progress.packages_done}/{total} packages", end="", file=sys.stderr, flush=True)

    with make_client(args) as client, open_db(args) as store:
        if args.confirm_archive:
            _confirm(store, args.stock_location)
        syncer = Syncer(client, store, stock_location_id=args.stock_location,
                        max_archive_share=args.max_archive_share / 100,
                        invoice_source=args.invoice_source)
        report = syncer.sync(full=args.full, progress=None if args.json else show)
        pending = pending_mass_archive(store, args.stock_location)
    if args.json:
        print(json.dumps(report.as_dict()))
    else:
        print(file=sys.stderr)
        print(describe(report.as_dict()))
    if pending is not None and report.archive_pending:
        print(pending["message"], file=sys.stderr)
    return 0


def _confirm(store: Store, location: int) -> None:
    if pending_mass_archive(store, location) is None:
        print("no mass archive is waiting for confirmation", file=sys.stderr)
        return
    archived = confirm_mass_archive(store, location)
    print(f"archived {archived} packages as confirmed", file=sys.stderr)


def describe(report: dict[str, Any]) -> str:
    return (
        f"{report['mode']} sync: {report['received']} received, {report['stored']} stored, "
        f"{report['archived']} archived, {report['quarantined']} quarantined, "
        f"{report['requests']} requests in {report['seconds']:.2f} s{_extra(report)}"
    )


def _extra(report: dict[str, Any]) -> str:
    """The unusual counts, only when there are any."""
    parts = []
    if report.get("future_dated"):
        parts.append(f"{report['future_dated']} quarantined for a modified_date in the future")
    if report.get("archive_pending"):
        parts.append(f"{report['archive_pending']} packages to archive wait for confirmation")
    return "".join(f"; {part}" for part in parts)
