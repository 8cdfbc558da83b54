"""Benchmark of sync against the simulator on loopback (issue: OMS client, cache and sync).

Starts `packing-station simulator` in its own process (so it does not share our GIL) with
N detailed packages at one stock location, then measures, in this order:

    bare_s        the same pages a full sync asks for, fetched with a bare httpx loop
                  (no decoding, no storage) — the floor
    full_sync_s   a full sync into a fresh database (decoding + SQLite + zlib)
    ratio         full_sync_s / bare_s (target <= 1.3)
    incremental   a sync with nothing changed: requests (target 1) and seconds
    cache_bytes_per_1000_packages   database file size (after a WAL checkpoint)
    peak_rss_mb   peak RSS of a `packing-station sync` process doing the full sync
                  (target <= 150 MB for 10,000 packages)

Usage: .venv/bin/python bench/sync.py [--packages 10000] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from station.oms.client import OmsClient
from station.oms.profile import DEFAULT_PROFILE
from station.store import open_store
from station.sync import Syncer

PACKAGES_AT = re.compile(r"id\s+(\d+)\s.*: (\d+) packages")


def start_simulator(packages: int) -> tuple[subprocess.Popen, str, int]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "station", "simulator", "--port", "0", "--packages",
         str(packages), "--locations", "1", "--seed", "1"],
        stdout=subprocess.PIPE, text=True)
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--packages", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    sim, url, location = start_simulator(args.packages)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            rounds = []
            for index in range(args.rounds):
                bare_s, received = bare_fetch(url, location)
                sync_s, report = full_sync(url, location, Path(tmp) / f"bench{index}.db")
                rounds.append((sync_s / bare_s, bare_s, sync_s, received, report))
            ratio, bare_s, sync_s, received, report = min(rounds)
            db = Path(tmp) / "bench0.db"
            quiet = incremental(url, location, db)
            size = db.stat().st_size
            rss = peak_rss_of_cli_sync(url, location, Path(tmp) / "rss.db")
    finally:
        sim.terminate()
        sim.wait(timeout=10)
    print(json.dumps({
        "packages_synced": report["stored"],
        "packages_listed_bare": received,
        "bare_s": round(bare_s, 3),
        "full_sync_s": round(sync_s, 3),
        "ratio": round(ratio, 3),
        "rounds": [round(r[0], 3) for r in rounds],
        "incremental_nothing_changed": quiet,
        "cache_bytes_per_1000_packages": round(size / max(report["stored"], 1) * 1000),
        "peak_rss_mb": round(rss, 1),
    }, indent=2))


if __name__ == "__main__":
    main()
