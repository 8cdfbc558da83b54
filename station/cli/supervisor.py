"""`packing-station supervisor add NAME`: let a supervisor override blocked completions.

Reads the PIN twice from standard input (hidden prompts at a terminal, two lines from
a pipe), and stores only its scrypt record in the station's settings file through
`station.packing.supervisors.add_supervisor`. The PIN is never an argument: process
arguments are visible to every user of the machine.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from pathlib import Path

from station.errors import UsageError
from station.packing.supervisors import add_supervisor

logger = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="supervisor_action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a supervisor (or give one a new PIN); the PIN "
                                         "is read twice from standard input")
    add.add_argument("name", help="the supervisor's name, as they type it at the station")
    add.add_argument("--settings", type=Path,
                     help="the station's settings file (default: the user config directory)")


def run(args: argparse.Namespace) -> int:
    pin = _read_pin()
    name = add_supervisor(args.name, pin, args.settings)
    print(f"Supervisor {name} can now override blocked completions at this station.")
    return 0


def _read_pin() -> str:
    """The PIN, typed twice the same; raises UsageError otherwise."""
    if sys.stdin.isatty():
        first = getpass.getpass("PIN: ")
        second = getpass.getpass("PIN again: ")
    else:
        first, second = _line(), _line()
    if not first:
        raise UsageError("no PIN on standard input")
    if first != second:
        raise UsageError("the two PINs differ: nothing was changed")
    return first


def _line() -> str:
    return sys.stdin.readline().removesuffix("\n").removesuffix("\r")
