"""Headless sub-commands for scripted stations and checks: `pack` and `outbox`.

`pack` feeds each line of a script (or stdin) as one raw scan through
`PackingSession.handle_scan` and prints one JSON line per scan, flushed at once:
a line printed with `"saved": true` is on disk (the crash test relies on it).
Online (connection arguments, no `--offline`) it also runs the outbox's delivery
worker while packing and drains the outbox at the end.

`outbox` lists entries by status (table or `--json`), retries or discards entries
that need attention, and with `--drain` delivers them.

`station.cli` registers these (`add_*_arguments` / `run_*`); `python -m
station.headless` runs them directly. Passwords are only read from stdin, by
`station.cli.make_client`; nothing here prints a secret.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from station import outbox
from station.errors import StationError
from station.outbox import OutboxEntry, OutboxError
from station.packing import PackingConfig, PackingSession
from station.scanning import render
from station.store.db import Store, open_store

DEFAULT_DRAIN_TIMEOUT = 60.0
STATUS_ORDER = ("conflict", "failed", "uncertain", "sending", "pending", "done", "discarded")
UNDELIVERED = ("pending", "sending", "uncertain", "conflict", "failed")


def _default_packer() -> str:
    try:
        return getpass.getuser() or "station"
    except (KeyError, OSError):  # no user name in a bare container
        return "station"


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="database file (default: the user data directory)")
    parser.add_argument("--packer", default=_default_packer(),
                        help="who is packing (audit trail; default: the OS user)")


def _add_connection(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base-url", help="OMS base URL, e.g. https://x.akinon.net")
    parser.add_argument("--token", help="API token (or set PACKING_STATION_TOKEN)")
    parser.add_argument("--username", help="OMS user; the password is read from stdin")
    parser.add_argument("--password-stdin", action="store_true",
                        help="read the password from standard input (first line)")
    parser.add_argument("--drain-timeout", type=float, default=DEFAULT_DRAIN_TIMEOUT,
                        help="seconds to keep delivering at the end (default %(default)s)")


def add_pack_arguments(parser: argparse.ArgumentParser) -> None:
    _add_common(parser)
    parser.add_argument("--script", required=True,
                        help="file with one raw scan per line (command cards included); "
                             "'-' reads standard input")
    parser.add_argument("--offline", action="store_true",
                        help="only queue commands; deliver nothing")
    parser.add_argument("--no-auto-start", action="store_true",
                        help="do not start preparing Waiting packages when they open")
    _add_connection(parser)


def add_outbox_arguments(parser: argparse.ArgumentParser) -> None:
    _add_common(parser)
    parser.add_argument("--json", action="store_true", help="print JSON (scripting interface)")
    parser.add_argument("--status", action="append", choices=STATUS_ORDER,
                        help="list only entries with this status (repeatable)")
    parser.add_argument("--retry", action="append", default=[], metavar="ID",
                        help="send a conflict/failed entry again (id or unique prefix)")
    parser.add_argument("--discard", action="append", default=[], metavar="ID",
                        help="give up on a conflict/failed entry (id or unique prefix)")
    parser.add_argument("--drain", action="store_true",
                        help="deliver due entries now (needs --base-url and credentials)")
    _add_connection(parser)


# --- pack ---------------------------------------------------------------------------


def run_pack(args: argparse.Namespace) -> int:
    """Exit 0 when every scan was handled, 1 when any outcome was an `error`."""
    if args.script != "-" and not Path(args.script).is_file():
        raise SystemExit(f"pack: no such script file: {args.script}")
    online = not args.offline and bool(args.base_url)
    if not args.offline and not args.base_url:
        print("pack: no --base-url: packing offline (commands stay queued)", file=sys.stderr)
    worker = _start_worker(args) if online else None  # reads a password before the script
    errors = 0
    try:
        with open_store(args.db) as store, _script_lines(args.script) as lines:
            config = PackingConfig(auto_start_preparing=not args.no_auto_start)
            session = PackingSession(store, packer=args.packer, config=config)
            for number, raw in lines:
                outcome = session.handle_scan(raw)
                errors += outcome.kind == "error"
                line = {"line": number, "scan": render(raw), **outcome.as_json()}
                print(json.dumps(line, ensure_ascii=False), flush=True)
                if worker is not None and outcome.outbox_id:
                    worker.wake()
    finally:
        if worker is not None:
            worker.stop()
    if worker is not None:
        report = worker.drain(timeout=args.drain_timeout)
        print(json.dumps({"drain": report.as_dict()}), file=sys.stderr)
    return 1 if errors else 0


@contextlib.contextmanager
def _script_lines(script: str) -> Iterator[Iterable[tuple[int, str]]]:
    """(line number, raw scan) pairs; blank lines are skipped (a scanner never sends one)."""
    if script == "-":
        yield _numbered(sys.stdin)
        return
    # newline="" keeps a lone CR inside a line as the scanner sent it.
    with Path(script).open(encoding="utf-8", errors="surrogateescape", newline="") as handle:
        yield _numbered(handle)


def _numbered(handle: TextIO) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(handle, start=1):
        raw = line.removesuffix("\n").removesuffix("\r")
        if raw:
            yield number, raw


def _client(args: argparse.Namespace) -> Any:
    from station.cli import make_client

    if not args.base_url:
        raise SystemExit("--drain needs --base-url and credentials")
    return make_client(args)


def _worker(args: argparse.Namespace, client: Any) -> Any:
    from station.delivery import DeliveryWorker

    # Each worker thread opens its own connection to the same file.
    return DeliveryWorker(lambda: open_store(args.db), client)


def _start_worker(args: argparse.Namespace) -> Any:
    worker = _worker(args, _client(args))
    worker.start()
    return worker


# --- outbox -------------------------------------------------------------------------


def run_outbox(args: argparse.Namespace) -> int:
    """Exit 0; with --drain, 1 when entries are left undelivered (backing off, or
    needing the packer: conflict/failed)."""
    with open_store(args.db) as store:
        for prefix in args.retry:
            outbox.retry(store, _resolve(store, prefix).id, packer=args.packer)
        for prefix in args.discard:
            outbox.discard(store, _resolve(store, prefix).id, packer=args.packer)
    report = None
    if args.drain:
        report = _worker(args, _client(args)).drain(timeout=args.drain_timeout)
    with open_store(args.db) as store:
        listed = outbox.entries(store, statuses=args.status)
        counts = outbox.counts(store)
    if args.json:
        print(json.dumps({"counts": counts, "entries": [e.as_json() for e in listed],
                          "drain": report.as_dict() if report else None}, ensure_ascii=False))
    else:
        _print_table(listed, counts, report)
    left = sum(counts.get(status, 0) for status in UNDELIVERED)
    return 1 if report is not None and left else 0


def _resolve(store: Store, prefix: str) -> OutboxEntry:
    found = [entry for entry in outbox.entries(store) if entry.id.startswith(prefix.lower())]
    if len(found) != 1:
        what = "no" if not found else f"{len(found)}"
        raise OutboxError(f"{what} outbox entries match {prefix!r}; give more of the id")
    return found[0]


def _print_table(listed: Sequence[OutboxEntry], counts: dict[str, int],
                 report: Any) -> None:
    if report is not None:
        r = report.as_dict()
        print(f"drain: {r['done']} done, {r['reconciled']} reconciled, {r['conflict']} "
              f"conflict, {r['failed']} failed, {r['remaining']} left"
              + (f", auth problem: {r['auth_problem']}" if r.get("auth_problem") else ""))
    if not listed:
        print("outbox: empty" if not counts else "outbox: no entries with that status")
        return
    for status in STATUS_ORDER:
        rows = [entry for entry in listed if entry.status == status]
        if not rows:
            continue
        print(f"{status} ({len(rows)})")
        for entry in rows:
            error = f"  — {entry.last_error}" if entry.last_error else ""
            print(f"  {entry.id}  #{entry.seq:<5} {entry.describe()}  "
                  f"attempts {entry.attempts}  by {entry.packer}{error}")


# --- `python -m station.headless` ---------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m station.headless",
                                     description="Headless packing and outbox commands.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_pack_arguments(sub.add_parser("pack", help="feed raw scans through a packing session"))
    add_outbox_arguments(sub.add_parser("outbox", help="list, retry, discard, deliver"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    run = run_pack if args.command == "pack" else run_outbox
    try:
        return run(args)
    except StationError as exc:
        print(f"packing-station {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
