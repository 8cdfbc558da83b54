"""`packing-station` entry point: the GUI by default, headless sub-commands otherwise.

This module parses arguments and wires objects together (the one place besides
`ui/app.py` that does); each sub-command's work lives in the module that owns it.
Secrets: a password is only ever read from standard input, a token from
`--token` or the PACKING_STATION_TOKEN environment variable; neither is printed.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from station import __version__, headless
from station.errors import StationError

TOKEN_ENV = "PACKING_STATION_TOKEN"
GuiStarter = Callable[[bool, list[str]], int]


def build_parser() -> argparse.ArgumentParser:
    from station.simulator import cli as simulator_cli

    parser = argparse.ArgumentParser(
        prog="packing-station",
        description="Scanner-driven, offline-first packing station for Akinon OMS.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start the built-in OMS simulator with demo data and open the app against it",
    )
    parser.add_argument(
        "--offline-after", type=float, metavar="SECONDS",
        help="with --demo: stop the simulator after SECONDS to show offline packing")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    simulator_cli.add_arguments(
        sub.add_parser("simulator", help="run the OMS simulator (demo, tests, benchmarks)")
    )
    _add_sync_parser(sub.add_parser("sync", help="pull this station's packages from OMS"))
    _add_status_parser(sub.add_parser("status", help="what the local cache holds"))
    headless.add_pack_arguments(
        sub.add_parser("pack", help="feed raw scans through a packing session (headless)"))
    headless.add_outbox_arguments(
        sub.add_parser("outbox", help="list, retry, discard or deliver queued commands"))
    return parser


def _add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="database file (default: the user data directory)")


def _add_connection_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base-url", required=True, help="OMS base URL, e.g. https://x.akinon.net")
    parser.add_argument("--token", help=f"API token (or set {TOKEN_ENV})")
    parser.add_argument("--username", help="OMS user; the password is read from stdin")
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )


def _add_sync_parser(parser: argparse.ArgumentParser) -> None:
    _add_connection_arguments(parser)
    parser.add_argument("--stock-location", type=int, required=True, help="stock location id")
    _add_db_argument(parser)
    parser.add_argument("--full", action="store_true", help="full sync and reconciliation")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def _add_status_parser(parser: argparse.ArgumentParser) -> None:
    _add_db_argument(parser)
    parser.add_argument("--stock-location", type=int, help="count this location only")
    parser.add_argument("--json", action="store_true", help="print JSON (scripting interface)")


def make_client(args: argparse.Namespace):
    """An OmsClient from the connection arguments; secrets never echo anywhere."""
    from station.oms.client import OmsClient

    token = args.token or os.environ.get(TOKEN_ENV) or None
    password = None
    if args.username:
        if not args.password_stdin:
            raise SystemExit("--username needs --password-stdin (passwords are never arguments)")
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise SystemExit("no password on standard input")
    elif not token:
        raise SystemExit(f"give --token (or {TOKEN_ENV}) or --username with --password-stdin")
    return OmsClient(args.base_url, token=token, username=args.username, password=password)


def run_sync(args: argparse.Namespace) -> int:
    from station.store.db import open_store
    from station.sync import Syncer, SyncProgress

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
        print(_describe_sync(report.as_dict()))
    return 0


def _describe_sync(report: dict[str, Any]) -> str:
    return (
        f"{report['mode']} sync: {report['received']} received, {report['stored']} stored, "
        f"{report['archived']} archived, {report['quarantined']} quarantined, "
        f"{report['requests']} requests in {report['seconds']:.2f} s"
    )


def run_status(args: argparse.Namespace) -> int:
    from station.store.db import open_store
    from station.store.status import status

    with open_store(args.db) as store:
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
    return 0


COMMANDS = {
    "sync": run_sync, "status": run_status,
    "pack": headless.run_pack, "outbox": headless.run_outbox,
}


def configure_logging() -> None:
    """Warnings to stderr, one line each. Retries are routine, not news: the final
    error (if any) is what the operator needs, so stamina's per-retry lines stay quiet."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("stamina").setLevel(logging.ERROR)


def main(argv: Sequence[str] | None = None, *, gui: GuiStarter | None = None) -> int:
    """Run a sub-command; with none, hand over to `gui(demo, gui_args)` when given.

    The GUI is injected by `ui.launch` (the console script), so this core module
    never imports Qt."""
    parser = build_parser()
    # Options after no sub-command belong to the GUI (`ui.app.main`, e.g. --base-url).
    args, gui_args = parser.parse_known_args(argv)
    if args.command and gui_args:
        parser.error(f"unrecognized arguments: {' '.join(gui_args)}")
    configure_logging()
    if args.command == "simulator":
        from station.simulator import cli as simulator_cli

        return simulator_cli.run(args)
    if args.command in COMMANDS:
        try:
            return COMMANDS[args.command](args)
        except StationError as exc:
            print(f"packing-station {args.command}: {exc}", file=sys.stderr)
            return 2
    if gui is None:  # `python -m station`: headless only
        parser.print_help()
        return 0
    if args.offline_after is not None:
        if not args.demo:
            parser.error("--offline-after needs --demo")
        gui_args = [f"--offline-after={args.offline_after}", *gui_args]
    return gui(args.demo, gui_args)


if __name__ == "__main__":
    sys.exit(main())
