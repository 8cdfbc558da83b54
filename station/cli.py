"""`packing-station` entry point: the GUI by default, headless sub-commands otherwise.

This module only parses arguments and wires objects together; each sub-command's
work lives in the module that owns it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from station import __version__


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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    simulator_cli.add_arguments(
        sub.add_parser("simulator", help="run the OMS simulator (demo, tests, benchmarks)")
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "simulator":
        from station.simulator import cli as simulator_cli

        return simulator_cli.run(args)
    if args.demo:
        from station.simulator import cli as simulator_cli

        return simulator_cli.run_demo()
    parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
