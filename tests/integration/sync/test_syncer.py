"""Sync against the simulator over real HTTP: counts, incremental pickup, faults mid-sync,
packages that disappear or move, and a sync killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import pytest

from station.errors import StationError
from station.oms.client import OmsClient
from station.oms.profile import DEFAULT_PROFILE, ApiProfile
from station.oms.transport import RetryPolicy, Timeouts
from station.simulator import Simulator
from station.simulator.faults import FaultRule, Faults
from station.store import open_store, status
from station.store.db import Store
from station.sync.syncer import Syncer

PACKABLE = set(DEFAULT_PROFILE.packable_states)
FAST_RETRY = RetryPolicy(attempts=6, wait_initial=0.01, wait_max=0.05, wait_jitter=0.0)
SMALL_PAGES = ApiProfile(page_size=10)  # several pages even for a small simulator


def busiest_location(sim: Simulator) -> int:
    counts = sim.stock_location_counts()
    return max(counts, key=lambda loc: counts[loc])


def expected_live(sim: Simulator, location: int) -> set[int]:
    return {
        p["id"] for p in sim.store.packages_iter()
        if p["stock_location"]["id"] == location and str(p["state"]["enum_value"]) in PACKABLE
    }


def live_in_cache(store: Store, location: int) -> set[int]:
    rows = store.conn.execute(
        "SELECT id FROM packages WHERE stock_location_id = ? AND archived = 0", (location,))
    return {pk for (pk,) in rows}


@pytest.fixture
def station(make_sim, tmp_path) -> Iterator[Callable[..., tuple[Simulator, Syncer]]]:
    opened: list[tuple[OmsClient, Store]] = []

    def make(**config) -> tuple[Simulator, Syncer]:
        config.setdefault("packages", 250)
        sim = make_sim(**config)
        client = OmsClient(sim.url, username="demo", password="demo", retry=FAST_RETRY,
                           profile=SMALL_PAGES,
                           timeouts=Timeouts(connect=2, read=5, write=5, pool=2))
        store = open_store(tmp_path / f"station{len(opened)}.db")
        opened.append((client, store))
        return sim, Syncer(client, store, stock_location_id=busiest_location(sim))

    yield make
    for client, store in opened:
        client.close()
        store.close()


def test_full_sync_matches_the_server(station):
    sim, syncer = station()
    pages = []
    report = syncer.sync(progress=pages.append)
    expected = expected_live(sim, syncer.location)
    assert report.mode == "full"
    assert live_in_cache(syncer.store, syncer.location) == expected
    counts = status(syncer.store, syncer.location)
    assert counts["packages"]["total"] == len(expected)
    assert counts["packages"]["quarantined"] == 0
    assert counts["last_sync"] is not None
    assert pages and pages[-1].packages_done == len(expected)
    assert pages[-1].total == len(expected)


def test_quiet_incremental_sync_is_one_request(station):
    sim, syncer = station()
    syncer.sync()
    before = len(sim.requests())
    report = syncer.sync()
    assert report.mode == "incremental"
    assert report.requests == 1
    assert len(sim.requests()) - before == 1
    assert live_in_cache(syncer.store, syncer.location) == expected_live(sim, syncer.location)


def test_incremental_picks_up_exactly_another_stations_changes(station):
    sim, syncer = station()
    syncer.sync()
    waiting = sorted(
        pk for pk in expected_live(sim, syncer.location)
        if sim.package(pk)["state"]["enum_value"] == "100")
    started, packed = waiting[0], waiting[1]
    sim.apply_command_as_other_station(started, "PKG_STATE_TRANSITION")
    sim.apply_command_as_other_station(packed, "COMPLETE_PACKAGING_WITHOUT_SHIPMENT")
    report = syncer.sync()
    assert report.mode == "incremental"
    assert report.archived == 1  # the packed one left the packable states
    rows = dict(syncer.store.conn.execute(
        "SELECT id, state_enum FROM packages WHERE id IN (?, ?)", (started, packed)).fetchall())
    assert rows == {started: "200", packed: "500"}
    assert live_in_cache(syncer.store, syncer.location) == expected_live(sim, syncer.location)


def test_token_expiry_mid_sync_logs_in_again(station):
    sim, syncer = station(faults=Faults(token_max_requests=2))
    report = syncer.sync()
    assert report.requests >= 3
    statuses = [(r["path"], r["status"]) for r in sim.requests()]
    assert (DEFAULT_PROFILE.packages_path, 401) in statuses
    assert statuses.count((DEFAULT_PROFILE.login_path, 200)) >= 2
    assert live_in_cache(syncer.store, syncer.location) == expected_live(sim, syncer.location)


@pytest.mark.parametrize("rule", [
    FaultRule("error", status=500, count=2, paths=("/packages/$",)),
    FaultRule("error", status=502, count=1, paths=("/packages/$",)),
    FaultRule("rate_limit", count=2, retry_after=0.01, paths=("/packages/$",)),
    FaultRule("truncate", count=1, paths=("/packages/$",)),
], ids=["500", "502", "429", "truncated"])
def test_transient_faults_mid_sync_are_retried(station, rule):
    sim, syncer = station()
    sim.faults = Faults(rules=(rule,))
    syncer.sync()
    assert live_in_cache(syncer.store, syncer.location) == expected_live(sim, syncer.location)
    assert status(syncer.store)["last_error"] is None


def test_broken_response_keeps_the_cache(station):
    sim, syncer = station()
    syncer.sync()
    before = live_in_cache(syncer.store, syncer.location)
    sim.faults = Faults(rules=(FaultRule("invalid_json", paths=("/packages/$",)),))
    with pytest.raises(StationError) as caught:
        syncer.sync(full=True)
    assert live_in_cache(syncer.store, syncer.location) == before
    assert type(caught.value).__name__ in status(syncer.store)["last_error"]


def test_package_the_server_stops_returning_is_archived_not_deleted(station):
    sim, syncer = station()
    syncer.sync()
    gone, moved = sorted(expected_live(sim, syncer.location))[:2]
    sim.delete_package(gone)
    other = next(loc for loc in sim.stock_location_counts() if loc != syncer.location)
    sim.move_package(moved, other)
    report = syncer.sync(full=True)
    assert report.archived == 2
    rows = dict(syncer.store.conn.execute(
        "SELECT id, archived_reason FROM packages WHERE id IN (?, ?)", (gone, moved)).fetchall())
    assert "404" in rows[gone]
    assert "another stock location" in rows[moved]
    assert live_in_cache(syncer.store, syncer.location) == expected_live(sim, syncer.location)


def test_sync_killed_mid_way_leaves_a_consistent_cache(make_sim, tmp_path):
    sim = make_sim(packages=1500, faults=Faults(rules=(
        FaultRule("latency", latency_ms=150, paths=("/packages/$",)),)))
    location = busiest_location(sim)
    db = tmp_path / "killed.db"
    command = [sys.executable, "-m", "station", "sync", "--base-url", sim.url,
               "--username", "demo", "--password-stdin", "--stock-location", str(location),
               "--db", str(db), "--json"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    proc.stdin.write(b"demo\n")
    proc.stdin.close()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not _has_packages(db):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    proc.stdout.close()
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    with open_store(db) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        partial = live_in_cache(store, location)
        assert 0 < len(partial) < len(expected_live(sim, location))
    sim.clear_faults()
    with open_store(db) as store, OmsClient(sim.url, username="demo", password="demo") as client:
        report = Syncer(client, store, stock_location_id=location).sync()
        assert report.mode == "full"  # the interrupted full sync resumes
        assert live_in_cache(store, location) == expected_live(sim, location)


def _has_packages(db) -> bool:
    if not db.exists():
        return False
    try:
        with open_store(db) as store:
            return store.conn.execute("SELECT count(*) FROM packages").fetchone()[0] > 0
    except Exception:
        return False
