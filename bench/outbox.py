"""Benchmark of the outbox: draining queued commands, and the cost of a durable enqueue.

Starts `packing-station simulator` in its own process (so it does not share our GIL)
with `--latency-ms` added to every OMS request, syncs one stock location into a file
database, and plans two commands per package from the snapshot ("start preparing"
from the package's commands, "complete packaging" from the learned transitions).

drain (once with the GET refresh after each command — what the app does — once without),
at the concurrency the app ships with (DeliveryWorker's default) unless --concurrency:
    wall_s      time for DeliveryWorker.drain() to deliver 2 x packages commands
    ideal_s     the POSTs alone: commands per package in series, packages in parallel
                up to the concurrency: ceil(packages / concurrency) * 2 * POST time
                (measured alone at this latency, median of 20). The GET refresh after
                each command is work the ideal does NOT include: its cost shows in the
                ratio, it is not hidden by a bigger ideal.
    ratio       wall_s / ideal_s (target <= 1.25)
    refresh_share   with refresh: the part of the ideal-plus-GETs that the GETs are
    exactly_once_in_order   checked against the simulator's applied-commands log
enqueue: N durable enqueues (fsynced commit each) on a file database: median, p99 in ms
    (target p99 < 10 ms).

Usage: .venv/bin/python bench/outbox.py [--packages 500] [--concurrency N]
       [--latency-ms 50] [--enqueues 2000] [--dir DIR]
"""

from __future__ import annotations

import argparse
import inspect
import json
import math
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from _simulator_process import start_simulator  # noqa: E402

from station import outbox  # noqa: E402
from station.oms.client import OmsClient  # noqa: E402
from station.outbox.worker import Backoff, DeliveryWorker  # noqa: E402
from station.store import open_store  # noqa: E402
from station.sync.syncer import Syncer  # noqa: E402
from tests.integration.outbox_helpers import plans  # noqa: E402

LOCATION = 1
# The concurrency the app ships with: ui.background.DeliveryService leaves the worker's
# default, so that default is what a station runs.
SHIPPED_CONCURRENCY = inspect.signature(DeliveryWorker).parameters["concurrency"].default


def client_for(url: str) -> OmsClient:
    return OmsClient(url, username="demo", password="demo")


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 2)


def request_times(url: str, ids: list[int]) -> tuple[float, float]:
    """Median seconds of one GET (package detail) and one POST (set_invoice_number)."""
    gets, posts = [], []
    with client_for(url) as client:
        client.login()
        for pk in ids:
            started = time.perf_counter()
            client.get_package(pk)
            gets.append(time.perf_counter() - started)
            started = time.perf_counter()
            client.set_invoice_number(pk, f"BENCH-{pk}")
            posts.append(time.perf_counter() - started)
    return statistics.median(gets), statistics.median(posts)


def drain_once(url: str, base_db: Path, work: Path, planned: dict, *, concurrency: int,
               refresh: bool) -> dict:
    # The same packages again, logs cleared; reset clears the faults too: keep the latency.
    faults = httpx.get(f"{url}/_sim/faults").json()
    httpx.post(f"{url}/_sim/reset").raise_for_status()
    httpx.put(f"{url}/_sim/faults", json=faults).raise_for_status()
    path = work / f"drain-{'refresh' if refresh else 'norefresh'}.db"
    shutil.copy(base_db, path)
    with open_store(path) as store:
        for package_id, specs in planned.items():
            for spec in specs:
                outbox.enqueue_command(store, package_id=package_id, spec=spec,
                                       input_parameters={}, packer="bench")
    with client_for(url) as client:
        client.login()
        worker = DeliveryWorker(lambda: open_store(path), client, concurrency=concurrency,
                                backoff=Backoff(initial=0.05, maximum=1.0),
                                refresh_after_done=refresh)
        started = time.perf_counter()
        report = worker.drain(timeout=600)
        wall = time.perf_counter() - started
    applied = httpx.get(f"{url}/_sim/commands").json()["results"]
    by_package: dict[int, list[int]] = defaultdict(list)
    for command in applied:
        by_package[command["package_id"]].append(command["transition"])
    expected = {pk: [s.transition_id for s in specs] for pk, specs in planned.items()}
    return {"commands": 2 * len(planned), "wall_s": round(wall, 3),
            "done": report.done, "remaining": report.remaining,
            "exactly_once_in_order": dict(by_package) == expected}


def enqueue_times(base_db: Path, work: Path, planned: dict, count: int) -> dict:
    path = work / "enqueue.db"
    shutil.copy(base_db, path)
    specs = [(pk, plan[0]) for pk, plan in planned.items()]
    samples = []
    with open_store(path) as store:
        for index in range(count):
            package_id, spec = specs[index % len(specs)]
            started = time.perf_counter()
            outbox.enqueue_command(store, package_id=package_id, spec=spec,
                                   input_parameters={"package_items": [index]}, packer="bench")
            samples.append(time.perf_counter() - started)
    samples.sort()
    return {"count": count, "median_ms": median_ms(samples),
            "p99_ms": round(samples[math.ceil(0.99 * count) - 1] * 1000, 2),
            "max_ms": round(samples[-1] * 1000, 2)}


def filesystem(path: Path) -> str:
    out = subprocess.run(["df", "-T", str(path)], capture_output=True, text=True).stdout
    lines = out.strip().splitlines()
    return re.split(r"\s+", lines[-1])[1] if len(lines) > 1 else "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--packages", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=SHIPPED_CONCURRENCY,
                        help="delivery threads (default: the app's, %(default)s)")
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--enqueues", type=int, default=2000)
    parser.add_argument("--dir", type=Path, default=None, help="where the databases go")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-outbox-", dir=args.dir))
    proc, url = start_simulator(int(args.packages * 2.6), args.latency_ms)
    try:
        base_db = work / "base.db"
        with open_store(base_db) as store, client_for(url) as client:
            Syncer(client, store, stock_location_id=LOCATION).sync(full=True)
            planned = plans(store, args.packages)
            others = [pk for (pk,) in store.conn.execute("SELECT id FROM packages ORDER BY id")
                      if pk not in planned][:20]
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        get_s, post_s = request_times(url, others)
        rounds = math.ceil(args.packages / args.concurrency)
        result = {"packages": args.packages, "concurrency": args.concurrency,
                  "shipped_concurrency": SHIPPED_CONCURRENCY,
                  "latency_ms": args.latency_ms, "filesystem": filesystem(work),
                  "request_ms": {"get": median_ms([get_s]), "post": median_ms([post_s])}}
        for refresh in (True, False):
            run = drain_once(url, base_db, work, planned, concurrency=args.concurrency,
                             refresh=refresh)
            ideal = rounds * 2 * post_s  # the GET refresh is outside the ideal
            run.update(ideal_s=round(ideal, 3), ratio=round(run["wall_s"] / ideal, 3))
            if refresh:
                run["refresh_share"] = round(get_s / (get_s + post_s), 3)
            result["drain_with_refresh" if refresh else "drain_without_refresh"] = run
        result["enqueue"] = enqueue_times(base_db, work, planned, args.enqueues)
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
