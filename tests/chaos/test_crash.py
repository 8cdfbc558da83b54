"""Crash test: `pack --script --offline` killed with SIGKILL at random points.

Each iteration copies a database synced from the simulator, starts a packing
subprocess on it, and kills it after a random number of printed outcomes (plus a
random sub-millisecond-to-millisecond delay, so kills land inside transactions),
or at a random moment during start-up; in about a third of the runs another process
reads the database mid-way (a bystander, as `status` would). Then, on the database
left behind:

* `PRAGMA integrity_check` is ok;
* every scan the process printed as saved is there (its verification row, its
  outbox entry — exactly once);
* no command was queued twice (each runs once in the script).

Finally the database that got furthest is drained into the simulator over HTTP:
the simulator applied each queued command exactly once, in order per package.

CI runs 50 kills (about 10 s on 2 cores). Nightly-style: CRASH_ITERATIONS=1000 (and
CRASH_SEED=<n> for other kill points).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from contextlib import closing
from pathlib import Path

import pytest

from station.oms.client import OmsClient
from station.simulator import Simulator, SimulatorConfig
from station.store import open_store
from station.sync.syncer import Syncer

ITERATIONS = int(os.environ.get("CRASH_ITERATIONS", "50"))
SEED = int(os.environ.get("CRASH_SEED", "20240501"))
ANCHOR = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
BYSTANDER_SHARE = 0.3  # iterations in which another process reads the file mid-way
STARTUP_KILL_SECONDS = 0.3  # kills "before the first line" land somewhere in here


def packable_location(sim: Simulator) -> tuple[int, list[dict], list[dict]]:
    """A location with at least 3 generated Waiting packages and a Preparing one (so the
    station learns the Preparing → Packed edge and knows Preparing's enum)."""
    best = None
    for location in sim.stock_location_counts():
        packages = [sim.package(pk) for pk in sim.package_ids(location) if pk > 1000]
        waiting = [p for p in packages if p["state"]["enum_value"] == "100"]
        preparing = [p for p in packages if p["state"]["enum_value"] == "200"]
        if len(waiting) >= 3 and preparing and (best is None or len(waiting) > len(best[1])):
            best = (location, waiting, preparing)
    assert best is not None, "simulator data has no location to pack in"
    return best


def unit_codes(package: dict) -> list[str]:
    return [item["order_item"]["product"]["barcode"] or item["order_item"]["product"]["sku"]
            for item in package["packageitem_set"]
            if str(item["state"]["enum_value"]) != "600"]


def crash_script(waiting: list[dict], preparing: dict) -> list[str]:
    """Three Waiting packages (auto start + complete), a Preparing one (complete), a
    switch between packages half-way and a wrong scan: each command runs once."""
    first, second, third = waiting[:3]
    first_codes = unit_codes(first)
    return [
        first["number"], *first_codes[:1],
        second["number"], *unit_codes(second), "8690000000017",
        "CMD:COMPLETE_PACKAGING_WITHOUT_SHIPMENT",
        first["number"], *first_codes[1:], "CMD:COMPLETE_PACKAGING_WITHOUT_SHIPMENT",
        # Preparing at OMS, not started here: read-only until taken over (CMD:OK).
        preparing["number"], "CMD:OK", *unit_codes(preparing), "CMD:COMPLETE_PACKAGING",
        third["number"], *unit_codes(third), "CMD:COMPLETE_PACKAGING_WITHOUT_SHIPMENT",
    ]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    base = tmp_path_factory.mktemp("crash")
    with Simulator(SimulatorConfig(packages=80, seed=11, anchor=ANCHOR)) as sim:
        location, waiting, preparing = packable_location(sim)
        template = base / "template.db"
        with OmsClient(sim.url, username="demo", password="demo") as client, \
                open_store(template) as store:
            Syncer(client, store, stock_location_id=location).sync(full=True)
        script = base / "scans.txt"
        script.write_text("\n".join(crash_script(waiting, preparing[0])) + "\n")
        yield sim, template, script


def read_as_bystander(db: Path) -> None:
    """Another process opens, reads and closes the database while the station packs
    (someone running `status` or the sqlite3 shell): it must cost the station nothing."""
    code = ("import sqlite3,sys; c=sqlite3.connect(sys.argv[1]);"
            "c.execute('select count(*) from outbox').fetchall(); c.close()")
    subprocess.run([sys.executable, "-c", code, str(db)], check=True, timeout=30)


def run_and_kill(db: Path, script: Path, rng: random.Random, lines_total: int) -> list[dict]:
    """Start `pack`, kill it at a random point, return the outcomes it printed."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "station", "pack", "--db", str(db), "--script",
         str(script), "--offline", "--packer", "crash"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    printed: list[bytes] = []
    target = rng.randint(0, lines_total)
    if target == 0:
        time.sleep(rng.uniform(0, STARTUP_KILL_SECONDS))
    bystander_at = rng.randint(0, target) if rng.random() < BYSTANDER_SHARE else -1
    while len(printed) < target:
        if len(printed) == bystander_at:
            read_as_bystander(db)
        line = proc.stdout.readline()
        if not line:
            break
        printed.append(line)
    time.sleep(rng.choice((0, 0, rng.uniform(0, 0.002))))
    proc.send_signal(signal.SIGKILL)
    # Not communicate(timeout=…): it reads the pipe's descriptor directly and would skip
    # what readline() already buffered, so the rest would start mid-line.
    rest = proc.stdout.read()
    proc.stdout.close()
    proc.wait(timeout=30)
    # Lines still in the pipe were printed too; a line cut short was not (never happens
    # for writes this small on a pipe, but the check must not depend on it).
    printed.extend(line for line in rest.splitlines(keepends=True) if line.endswith(b"\n"))
    return [json.loads(line) for line in printed]


def check_database(db: Path, printed: list[dict]) -> int:
    """The invariants after a kill; returns how many outbox entries the database holds."""
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        verified = {item for (item,) in conn.execute("SELECT item_id FROM verifications")}
        entries = conn.execute("SELECT id, package_id, transition_id FROM outbox").fetchall()
    ids = Counter(entry_id for entry_id, _, _ in entries)
    commands = Counter((package, transition) for _, package, transition in entries)
    assert not [key for key, count in commands.items() if count > 1], "command queued twice"
    for outcome in printed:
        if not outcome["saved"]:
            continue
        if outcome["item_id"] is not None:
            assert outcome["item_id"] in verified, f"lost verification: {outcome}"
        if outcome["outbox_id"] is not None:
            assert ids[outcome["outbox_id"]] == 1, f"lost or doubled command: {outcome}"
    return len(entries)


def drain(sim: Simulator, db: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "station", "outbox", "--db", str(db), "--drain",
         "--base-url", sim.url, "--token-stdin", "--json"],
        input=f"{sim.login()}\n", capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert set(json.loads(result.stdout)["counts"]) == {"done"}


def test_sigkill_at_random_points_loses_and_doubles_nothing(world, tmp_path):
    sim, template, script = world
    lines_total = len(script.read_text().splitlines())
    rng = random.Random(SEED)
    furthest: tuple[int, Path] | None = None
    for iteration in range(ITERATIONS):
        db = tmp_path / f"run{iteration}.db"
        shutil.copyfile(template, db)
        printed = run_and_kill(db, script, rng, lines_total)
        queued = check_database(db, printed)
        if furthest is None or queued > furthest[0]:
            furthest = (queued, db)
    assert furthest is not None and furthest[0] > 0
    with closing(sqlite3.connect(furthest[1])) as conn:
        queued_order = conn.execute(
            "SELECT package_id, transition_id FROM outbox ORDER BY seq").fetchall()
    sim.clear_applied_commands()
    drain(sim, furthest[1])
    delivered = [(entry.package_id, entry.transition) for entry in sim.applied_commands()]
    assert sorted(delivered) == sorted(queued_order)  # each exactly once
    for package in {pk for pk, _ in queued_order}:  # in order per package
        assert [t for pk, t in delivered if pk == package] == \
            [t for pk, t in queued_order if pk == package]
