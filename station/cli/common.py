"""What the sub-commands share: the `--db`, `--packer` and connection arguments, and
`make_client`, which builds an `OmsClient` from them.

Secrets: a password is only read from standard input, a token from the
environment variable `TOKEN_ENV`; neither is printed.
"""

from __future__ import annotations

import argparse
import os
import sys

from station.config import TOKEN_ENV, default_packer
from station.errors import UsageError
from station.oms.client import OmsClient

DEFAULT_DRAIN_TIMEOUT = 60.0


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="database file (default: the user data directory)")


def add_packer_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--packer", default=default_packer(),
                        help="who is packing (audit trail; default: the OS user)")


def add_connection_arguments(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument("--base-url", required=required,
                        help="OMS base URL, e.g. https://x.akinon.net")
    parser.add_argument("--token", help=f"API token (or set {TOKEN_ENV})")
    parser.add_argument("--username", help="OMS user; the password is read from stdin")
    parser.add_argument("--password-stdin", action="store_true",
                        help="read the password from standard input (first line)")


def add_drain_timeout(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--drain-timeout", type=float, default=DEFAULT_DRAIN_TIMEOUT,
                        help="seconds to keep delivering at the end (default %(default)s)")


def make_client(args: argparse.Namespace, purpose: str = "this command") -> OmsClient:
    """An OmsClient from the connection arguments; secrets never echo anywhere."""
    if not args.base_url:
        raise UsageError(f"{purpose} needs --base-url and credentials")
    token = args.token or os.environ.get(TOKEN_ENV) or None
    password = None
    if args.username:
        if not args.password_stdin:
            raise UsageError("--username needs --password-stdin (passwords are never arguments)")
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise UsageError("no password on standard input")
    elif not token:
        raise UsageError(f"give --token (or {TOKEN_ENV}) or --username with --password-stdin")
    return OmsClient(args.base_url, token=token, username=args.username, password=password)
