"""`packing-station` entry point: the GUI by default, headless sub-commands otherwise.

This module builds the parser from the sub-command modules beside it (`sync`,
`status`, `pack`, `outbox`, and the simulator's) and dispatches; each sub-command's
arguments and work live in its own module, what they share in `common`.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from station import __version__
from station.cli import outbox as outbox_command
from station.cli import pack as pack_command
from station.cli import status as status_command
from station.cli import sync as sync_command
from station.errors import StationError
from station.simulator import cli as simulator_cli

GuiStarter = Callable[[bool, list[str]], int]


def build_parser() -> argparse.ArgumentParser:
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
    sync_command.add_arguments(
        sub.add_parser("sync", help="pull this station's packages from OMS"))
    status_command.add_arguments(sub.add_parser("status", help="what the local cache holds"))
    pack_command.add_arguments(
        sub.add_parser("pack", help="feed raw scans through a packing session (headless)"))
    outbox_command.add_arguments(
        sub.add_parser("outbox", help="list, retry, discard or deliver queued commands"))
    return parser


COMMANDS = {
    "sync": sync_command.run, "status": status_command.run,
    "pack": pack_command.run, "outbox": outbox_command.run,
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
