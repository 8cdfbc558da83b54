"""`packing-station pack`: feed raw scans through a packing session, headless.

Each line of a script (or stdin) is one raw scan through `PackingSession.handle_scan`;
one JSON line per scan is printed and flushed at once: a line printed with
`"saved": true` is on disk (the crash tests rely on it). Online (connection
arguments, no `--offline`) it also runs the outbox's delivery worker while packing
and drains the outbox at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from station.cli.common import (
    add_connection_arguments,
    add_db_argument,
    add_drain_timeout,
    add_packer_argument,
    db_path,
    make_client,
    open_db,
)
from station.config import read_settings
from station.documents.hooks import packing_hooks
from station.documents.settings import load_print_settings
from station.errors import UsageError
from station.outbox import DeliveryWorker
from station.packing import PackingSession
from station.packing.lock import StationLock
from station.packing.settings import packing_config
from station.scanning import ScannerConfig, render


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    add_packer_argument(parser)
    parser.add_argument("--script", required=True,
                        help="file with one raw scan per line (command cards included); "
                             "'-' reads standard input")
    parser.add_argument("--offline", action="store_true",
                        help="only queue commands; deliver nothing")
    parser.add_argument("--no-auto-start", action="store_true",
                        help="do not start preparing Waiting packages when they open")
    add_connection_arguments(parser, required=False)
    add_drain_timeout(parser)




def run(args: argparse.Namespace) -> int:
    """Exit 0 when every scan was handled, 1 when any outcome was an `error`.
    Holds the station lock throughout: no other program packs on this database."""
    with StationLock(db_path(args), program="packing-station pack", packer=args.packer):
        return _pack(args)


def _pack(args: argparse.Namespace) -> int:
    if args.script != "-" and not Path(args.script).is_file():
        raise UsageError(f"no such script file: {args.script}")
    online = not args.offline and bool(args.base_url)
    if not args.offline and not args.base_url:
        print("pack: no --base-url: packing offline (commands stay queued)", file=sys.stderr)
    worker = _start_worker(args) if online else None  # reads a password before the script
    errors = 0
    try:
        with open_db(args) as store, _script_lines(args.script) as lines:
            # Print jobs are queued with completions (settings.json's "printing");
            # `packing-station print queue` or the window prints them.
            # The settings file's packing behaviour, as the window packs (scanner framing
            # aside: a script holds clean scans).
            extra: dict[str, Any] = {"scanner": ScannerConfig(), **packing_hooks(
                load_print_settings())}
            if args.no_auto_start:
                extra["auto_start_preparing"] = False
            config = packing_config(read_settings(), **extra)
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





def _start_worker(args: argparse.Namespace) -> DeliveryWorker:
    # Each worker thread opens its own connection to the same file.
    worker = DeliveryWorker(lambda: open_db(args), make_client(args))
    worker.start()
    return worker
