"""Benchmark of sync against the simulator (issue: OMS client, cache and sync).

Starts `packing-station simulator` in its own process (so it does not share our GIL) with
N detailed packages at one stock location (the default, 14,750, gives ~10,000 packable
ones), warms it with one untimed pass (it caches each package's encoded JSON), then
measures, round after round:

    bare_s        the pages a full sync asks for, fetched with a bare httpx loop
                  (no decoding, no storage): the floor
    full_sync_s   a full sync into a fresh database (decoding + rows + zstd + SQLite)
    ratio         full_sync_s / bare_s (issue target <= 1.3), median of the rounds

both on plain loopback and against a second simulator that adds `--latency-ms` (default
50, a realistic OMS round trip) to every answer: `ratio_at_latency_ms_50`. Loopback shows
our own cost per package; with latency the next page is fetched while the current one
is written, so the ratio there is what a packer waits for. Both logins happen before the
clock starts. Also printed:

    per_package_us                 full_sync_s / packages synced, loopback
    full_sync_again_s              a second full sync into that database (the 6-hourly
                                   case: most packages unchanged), loopback
    incremental_nothing_changed    a sync with nothing changed: requests (target 1), seconds
    cache_bytes_per_1000_packages  database file size (after a WAL checkpoint)
    peak_rss_mb   peak RSS of a `packing-station sync` process doing the full sync
                  (target <= 150 MB for 10,000 packages)

The machine may be shared: every figure of the rounds is a median, and `rounds` lists
each round's ratio so the noise shows.

Usage: .venv/bin/python bench/sync.py [--packages 14750] [--rounds 3] [--latency-ms 50]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from station.oms.client import OmsClient
from station.oms.profile import DEFAULT_PROFILE
from station.store import open_store
from station.sync.syncer import Syncer

PACKAGES_AT = re.compile(r"id\s+(\d+)\s.*: (\d+) packages")


def start_simulator(packages: int, latency_ms: float = 0.0) -> tuple[subprocess.Popen, str, int]:
    command = [sys.executable, "-m", "station", "simulator", "--port", "0", "--packages",
               str(packages), "--locations", "1", "--seed", "1"]
    if latency_ms:
        command += ["--latency-ms", str(latency_ms)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    url, counts = None, {}
    assert proc.stdout is not None
    for line in proc.stdout:
        if url is None and "listening on" in line:
            url = line.rsplit(" ", 1)[1].strip()
        if match := PACKAGES_AT.search(line):
            counts[int(match.group(1))] = int(match.group(2))
        if line.startswith("Press Ctrl-C"):
            break
    assert url, "simulator did not start"
    return proc, url, max(counts, key=counts.get)


def bare_fetch(url: str, location: int) -> tuple[float, int]:
    client = OmsClient(url, username="demo", password="demo")
    params = client.list_params(stock_location=location,
                                state_enum_in=DEFAULT_PROFILE.packable_states,
                                sort=DEFAULT_PROFILE.sort_full)
    client.close()
    with httpx.Client(base_url=url, timeout=30) as http:
        key = http.post(DEFAULT_PROFILE.login_path,
                        json={"username": "demo", "password": "demo"}).json()["key"]
        http.headers["Authorization"] = f"Token {key}"
        started = time.perf_counter()
        next_url: str | None = DEFAULT_PROFILE.packages_path
        query: dict | None = params
        received = 0
        while next_url:
            response = http.get(next_url, params=query)
            response.raise_for_status()
            # Bare: no decoding; only the `next` link is read, to go on.
            next_url = _next_link(response.content)
            received += response.content.count(b'"packageitem_set"')
            query = None
        return time.perf_counter() - started, received


def _next_link(content: bytes) -> str | None:
    match = re.search(rb'"next":\s*(null|"([^"]*)")', content)
    return None if match is None or match.group(1) == b"null" else match.group(2).decode()


def full_sync(url: str, location: int, db: Path) -> tuple[float, dict]:
    with OmsClient(url, username="demo", password="demo") as client, open_store(db) as store:
        client.login()  # the bare loop logs in before its clock starts too
        started = time.perf_counter()
        report = Syncer(client, store, stock_location_id=location).sync(full=True)
        return time.perf_counter() - started, report.as_dict()


def incremental(url: str, location: int, db: Path) -> dict:
    with OmsClient(url, username="demo", password="demo") as client, open_store(db) as store:
        client.login()
        started = time.perf_counter()
        report = Syncer(client, store, stock_location_id=location).sync()
        seconds = time.perf_counter() - started
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return {"mode": report.mode, "requests": report.requests, "seconds": round(seconds, 4)}


def peak_rss_of_cli_sync(url: str, location: int, db: Path) -> float:
    proc = subprocess.Popen(
        [sys.executable, "-m", "station", "sync", "--base-url", url, "--username", "demo",
         "--password-stdin", "--stock-location", str(location), "--db", str(db), "--json"],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    assert proc.stdin is not None
    proc.stdin.write(b"demo\n")
    proc.stdin.close()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode == 0, f"sync exited {proc.returncode}"
    return usage.ru_maxrss / 1024  # Linux: KiB


def measure_rounds(url: str, location: int, rounds: int, tmp: Path, tag: str) -> dict:
    """Warm the simulator, then `rounds` × (bare loop, full sync into a fresh file)."""
    bare_fetch(url, location)  # untimed: the simulator encodes and caches every package
    results = []
    for index in range(rounds):
        bare_s, received = bare_fetch(url, location)
        sync_s, report = full_sync(url, location, tmp / f"{tag}{index}.db")
        results.append({"bare_s": bare_s, "sync_s": sync_s, "received": received,
                        "report": report})
    bare = statistics.median(r["bare_s"] for r in results)
    sync = statistics.median(r["sync_s"] for r in results)
    return {
        "bare_s": round(bare, 3),
        "full_sync_s": round(sync, 3),
        "ratio": round(statistics.median(r["sync_s"] / r["bare_s"] for r in results), 3),
        "rounds": [round(r["sync_s"] / r["bare_s"], 3) for r in results],
        "packages_synced": results[0]["report"]["stored"],
        "packages_listed_bare": results[0]["received"],
        "db": tmp / f"{tag}0.db",
    }


def loopback_figures(args: argparse.Namespace, tmp: Path) -> dict:
    sim, url, location = start_simulator(args.packages)
    try:
        figures = measure_rounds(url, location, args.rounds, tmp, "loopback")
        db = figures.pop("db")
        figures["full_sync_again_s"] = round(full_sync(url, location, db)[0], 3)
        figures["incremental_nothing_changed"] = incremental(url, location, db)
        figures["cache_bytes_per_1000_packages"] = round(
            db.stat().st_size / max(figures["packages_synced"], 1) * 1000)
        figures["peak_rss_mb"] = round(peak_rss_of_cli_sync(url, location, tmp / "rss.db"), 1)
    finally:
        sim.terminate()
        sim.wait(timeout=10)
    return figures


def latency_figures(args: argparse.Namespace, tmp: Path) -> dict:
    sim, url, location = start_simulator(args.packages, latency_ms=args.latency_ms)
    try:
        figures = measure_rounds(url, location, args.latency_rounds, tmp, "latency")
        figures.pop("db")
    finally:
        sim.terminate()
        sim.wait(timeout=10)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--packages", type=int, default=14_750)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--latency-ms", type=float, default=50.0, help="0: skip that part")
    parser.add_argument("--latency-rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        loopback = loopback_figures(args, Path(tmp))
        latency = latency_figures(args, Path(tmp)) if args.latency_ms else None
    synced = loopback.pop("packages_synced")
    result = {
        "packages_synced": synced,
        "packages_listed_bare": loopback.pop("packages_listed_bare"),
        **loopback,
        "per_package_us": round(loopback["full_sync_s"] / max(synced, 1) * 1e6, 1),
    }
    if latency is not None:
        key = f"latency_ms_{args.latency_ms:g}"
        result[f"ratio_at_{key}"] = latency["ratio"]
        result[key] = {k: latency[k] for k in ("bare_s", "full_sync_s", "rounds")}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
