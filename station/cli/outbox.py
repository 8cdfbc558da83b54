"""`packing-station outbox`: list queued commands by status (table or `--json`), retry
or discard entries that need attention, mark a conflict as delivered (OMS has it,
though the read-back could not prove it), and with `--drain` deliver them."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence

from station import outbox
from station.cli.common import (
    add_connection_arguments,
    add_db_argument,
    add_drain_timeout,
    add_packer_argument,
    make_client,
    open_db,
)
from station.outbox import DeliveryWorker, DrainReport, OutboxEntry, OutboxError
from station.store import Store

STATUS_ORDER = ("conflict", "failed", "uncertain", "sending", "pending", "done", "discarded")
UNDELIVERED = ("pending", "sending", "uncertain", "conflict", "failed")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    add_packer_argument(parser)
    parser.add_argument("--json", action="store_true", help="print JSON (scripting interface)")
    parser.add_argument("--status", action="append", choices=STATUS_ORDER,
                        help="list only entries with this status (repeatable)")
    parser.add_argument("--retry", action="append", default=[], metavar="ID",
                        help="send a conflict/failed entry again (id or unique prefix)")
    parser.add_argument("--discard", action="append", default=[], metavar="ID",
                        help="give up on a conflict/failed entry (id or unique prefix)")
    parser.add_argument("--mark-delivered", action="append", default=[], metavar="ID",
                        help="a conflict OMS already has (e.g. the same change made "
                             "elsewhere): record it as delivered, never send it "
                             "(id or unique prefix)")
    parser.add_argument("--drain", action="store_true",
                        help="deliver due entries now (needs --base-url and credentials)")
    add_connection_arguments(parser, required=False)
    add_drain_timeout(parser)



def run(args: argparse.Namespace) -> int:
    """Exit 0; with --drain, 1 when entries are left undelivered (backing off, or
    needing the packer: conflict/failed)."""
    with open_db(args) as store:
        for prefix in args.retry:
            outbox.retry(store, _resolve(store, prefix).id, packer=args.packer)
        for prefix in args.discard:
            outbox.discard(store, _resolve(store, prefix).id, packer=args.packer)
        for prefix in args.mark_delivered:
            outbox.mark_delivered(store, _resolve(store, prefix).id, packer=args.packer)
    report = None
    if args.drain:
        worker = DeliveryWorker(lambda: open_db(args), make_client(args, "--drain"))
        report = worker.drain(timeout=args.drain_timeout)
    with open_db(args) as store:
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
                 report: DrainReport | None) -> None:
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
