"""Bystander test: other processes read the database while a station packs, then the
station is killed.

The scenario that lost 10 of 12 "saved" commands: `pack --script -` runs online (its
delivery worker opens a second connection in the same process); after every package
someone runs `packing-station status`, `packing-station outbox` or the sqlite3 shell on
the same file; then the packer is SIGKILLed. Every command and verification the packer
printed as saved must still be in the database, which must pass `integrity_check`.

Commands are delivered to a simulator that answers slowly, so most of them are still
pending when the kill comes (a delivered command still has its row; a lost one has
none either way). BYSTANDER_PACKAGES sets how many packages are packed (default 12;
the closing note's figure uses 60).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from station.oms.client import OmsClient
from station.simulator import FaultRule, Faults, Simulator, SimulatorConfig
from station.store import open_store
from station.sync.syncer import Syncer

PACKAGES = int(os.environ.get("BYSTANDER_PACKAGES", "12"))
COMPLETE_CARD = "CMD:COMPLETE_PACKAGING_WITHOUT_SHIPMENT"


def _waiting_packages(sim: Simulator, location: int) -> list[dict]:
    packages = [sim.package(pk) for pk in sim.package_ids(location) if pk > 1000]
    return [p for p in packages if p["state"]["enum_value"] == "100"]


def _scans(package: dict) -> list[str]:
    codes = [item["order_item"]["product"]["barcode"] or item["order_item"]["product"]["sku"]
             for item in package["packageitem_set"]
             if str(item["state"]["enum_value"]) != "600"]
    return [package["number"], *codes, COMPLETE_CARD]


def _bystander(kind: int, db: Path) -> None:
    """One read by another process: `status`, `outbox`, or a plain sqlite3 reader."""
    if kind == 0:
        argv = [sys.executable, "-m", "station", "status", "--db", str(db), "--json"]
    elif kind == 1:
        argv = [sys.executable, "-m", "station", "outbox", "--db", str(db), "--json"]
    else:
        code = ("import sqlite3,sys; c=sqlite3.connect(sys.argv[1]);"
                "c.execute('select count(*) from outbox').fetchall(); c.close()")
        argv = [sys.executable, "-c", code, str(db)]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr


@pytest.fixture
def world(tmp_path):
    config = SimulatorConfig(packages=max(200, PACKAGES * 6), seed=3, locations=1,
                             faults=Faults((FaultRule("latency", latency_ms=400,
                                                      paths=("/command/$",)),)))
    with Simulator(config) as sim:
        counts = sim.stock_location_counts()
        location = max(counts, key=lambda loc: counts[loc])
        waiting = _waiting_packages(sim, location)
        assert len(waiting) >= PACKAGES, f"only {len(waiting)} waiting packages"
        db = tmp_path / "station.db"
        with OmsClient(sim.url, username="demo", password="demo") as client, \
                open_store(db) as store:
            Syncer(client, store, stock_location_id=location).sync(full=True)
        yield sim, db, waiting[:PACKAGES]


def test_bystander_reads_then_sigkill_lose_no_saved_command(world):
    sim, db, packages = world
    env = {**os.environ, "PACKING_STATION_TOKEN": sim.login()}
    packer = subprocess.Popen(
        [sys.executable, "-m", "station", "pack", "--db", str(db), "--script", "-",
         "--base-url", sim.url, "--packer", "bystander"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        text=True, env=env)
    assert packer.stdin is not None and packer.stdout is not None
    printed: list[dict] = []
    try:
        for index, package in enumerate(packages):
            scans = _scans(package)
            packer.stdin.write("\n".join(scans) + "\n")
            packer.stdin.flush()
            for _ in scans:
                printed.append(json.loads(packer.stdout.readline()))
            _bystander(index % 3, db)
    finally:
        packer.send_signal(signal.SIGKILL)
        packer.communicate(timeout=30)

    saved_commands = {line["outbox_id"] for line in printed
                      if line["saved"] and line["outbox_id"]}
    saved_items = {line["item_id"] for line in printed if line["saved"] and line["item_id"]}
    assert len(saved_commands) >= PACKAGES  # at least the completions
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        in_db = {row[0] for row in conn.execute("SELECT id FROM outbox")}
        verified = {row[0] for row in conn.execute("SELECT item_id FROM verifications")}
    lost = saved_commands - in_db
    print(json.dumps({"bystander": {"saved_commands": len(saved_commands),
                                    "lost": len(lost), "saved_items": len(saved_items),
                                    "lost_items": len(saved_items - verified)}}))
    assert not lost, f"{len(lost)} of {len(saved_commands)} saved commands lost"
    assert not saved_items - verified
