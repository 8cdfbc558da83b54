"""What the sub-commands share: the `--db`/`--busy-timeout`, `--packer` and connection
arguments, `open_db` (the store they name) and `make_client`, which builds an
`OmsClient` from them.

Secrets never travel as process arguments (every user of the machine can read
those): a password or token is read from standard input (`--password-stdin`,
`--token-stdin`), or the token from the environment variable `TOKEN_ENV`; neither
is printed. A plain `http://` OMS address off this machine is refused unless
`--allow-insecure-http` says the operator means it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from station.config import TOKEN_ENV, default_packer, read_settings
from station.errors import InsecureConnectionError, UsageError
from station.oms.client import OmsClient
from station.oms.profile import ApiProfile
from station.store import Store, open_store
from station.store.db import DEFAULT_BUSY_TIMEOUT_MS, default_db_path

DEFAULT_DRAIN_TIMEOUT = 60.0


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="database file (default: the user data directory)")
    parser.add_argument(
        "--busy-timeout", type=float, default=DEFAULT_BUSY_TIMEOUT_MS / 1000, metavar="SECONDS",
        help="how long to wait for a database another program has locked "
             "(default %(default)s)")
    parser.add_argument(
        "--barcode-attributes", metavar="KEYS",
        help="comma-separated product attribute keys whose values are scannable codes "
             "(e.g. barkod); the database remembers them for every program; '' for none")


def db_path(args: argparse.Namespace) -> Path:
    """The database file the command works on (`--db`, or the default)."""
    return Path(args.db) if getattr(args, "db", None) else default_db_path()


def busy_timeout_ms(args: argparse.Namespace) -> int:
    return int(getattr(args, "busy_timeout", DEFAULT_BUSY_TIMEOUT_MS / 1000) * 1000)


def open_db(args: argparse.Namespace) -> Store:
    """The store `--db` names, waiting `--busy-timeout` for locks, with the barcode
    attribute keys `--barcode-attributes` gives (else the ones the database remembers)."""
    return open_store(db_path(args), busy_timeout_ms=busy_timeout_ms(args),
                      barcode_attributes=barcode_attributes(args))


def barcode_attributes(args: argparse.Namespace) -> list[str] | None:
    given = getattr(args, "barcode_attributes", None)
    if given is None:
        return None
    return [key.strip() for key in given.split(",") if key.strip()]


def add_packer_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--packer", default=default_packer(),
                        help="who is packing (audit trail; default: the OS user)")


def add_connection_arguments(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument("--base-url", required=required,
                        help="OMS base URL, e.g. https://x.akinon.net")
    # A token given as an argument is refused without echoing it (and without
    # argparse taking `--token` for an abbreviation of `--token-stdin`).
    parser.add_argument("--token", nargs="?", action=_RefuseSecretArgument,
                        help=argparse.SUPPRESS)
    parser.add_argument("--token-stdin", action="store_true",
                        help=f"read the API token from standard input (first line; "
                             f"or set {TOKEN_ENV})")
    parser.add_argument("--username", help="OMS user; the password is read from stdin")
    parser.add_argument("--password-stdin", action="store_true",
                        help="read the password from standard input (first line)")
    parser.add_argument("--allow-insecure-http", action="store_true",
                        help="allow a plain http:// OMS address that is not this machine "
                             "(the token then crosses the network unencrypted)")
    parser.add_argument("--api-profile", metavar="JSON|@FILE",
                        help="API names that differ on this OMS installation, as a JSON "
                             "object (e.g. '{\"page_size\": 50}') or @file; default: the "
                             "settings file's api_profile")


class _RefuseSecretArgument(argparse.Action):
    """`--token VALUE`: an error that names the safe ways and never repeats VALUE."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        parser.error(f"{option_string} is not accepted: process arguments are visible to "
                     f"every user of this machine; use --token-stdin or set {TOKEN_ENV}")


def add_drain_timeout(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--drain-timeout", type=float, default=DEFAULT_DRAIN_TIMEOUT,
                        help="seconds to keep delivering at the end (default %(default)s)")


def make_client(args: argparse.Namespace, purpose: str = "this command") -> OmsClient:
    """An OmsClient from the connection arguments; secrets never echo anywhere."""
    if not args.base_url:
        raise UsageError(f"{purpose} needs --base-url and credentials")
    token = _read_stdin_line("token") if args.token_stdin else os.environ.get(TOKEN_ENV) or None
    password = None
    if args.username:
        if not args.password_stdin:
            raise UsageError("--username needs --password-stdin (passwords are never arguments)")
        if args.token_stdin:
            raise UsageError("give --token-stdin or --username with --password-stdin, not both")
        password = _read_stdin_line("password")
    elif not token:
        raise UsageError(f"give --token-stdin (or set {TOKEN_ENV}) or --username with "
                         "--password-stdin")
    try:
        return OmsClient(args.base_url, token=token, username=args.username, password=password,
                         allow_insecure_http=args.allow_insecure_http,
                         profile=api_profile(args))
    except InsecureConnectionError as exc:
        raise UsageError(f"{exc} (or add --allow-insecure-http)") from exc
    except ValueError as exc:
        raise UsageError(str(exc)) from exc


def api_profile(args: argparse.Namespace) -> ApiProfile:
    """`--api-profile` (JSON or @file), else the settings file's `api_profile`, else
    the documented names."""
    given = getattr(args, "api_profile", None)
    if given is None:
        values = read_settings().get("api_profile") or {}
        where = "the settings file's api_profile"
    else:
        where = "--api-profile"
        try:
            text = Path(given[1:]).read_text(encoding="utf-8") if given.startswith("@") else given
            values = json.loads(text)
        except (OSError, ValueError) as exc:
            raise UsageError(f"{where}: {exc}") from None
    if not isinstance(values, dict):
        raise UsageError(f"{where} must be a JSON object of API names")
    try:
        return ApiProfile.from_mapping(values)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"{where}: {exc}") from None


def _read_stdin_line(what: str) -> str:
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise UsageError(f"no {what} on standard input")
    return line
