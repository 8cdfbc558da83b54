"""The read-back after an unknown outcome: only proof that OMS applied OUR command makes
an entry `done`. Another station's command between the same two states, or the same
command for other items or by another user, is a conflict the packer decides — and
"mark as delivered" settles it, audited. A crash while OMS holds the POST, restarted at
once, waits out the settle window: done, applied once, no conflict.

All against the real simulator: its transition logs name the command, inputs and user."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import time
from typing import Any

import pytest

from station import outbox
from station.outbox.queue import CommandSpec, OutboxEntry
from station.outbox.worker import DeliveryWorker
from station.simulator import FaultRule, Faults
from station.store import open_store, package_detail
from tests.integration.outbox_helpers import (
    COMMAND_PATH,
    FAST_BACKOFF,
    applied_by_package,
    station_client,
    synced_store,
)

PACK_NO_SHIP = "COMPLETE_PACKAGING_WITHOUT_SHIPMENT"
PACK = "COMPLETE_PACKAGING"
OUT_OF_STOCK = "DETECTED_OUT_OF_STOCK_ITEM"
POSTS = {"paths": (COMMAND_PATH,), "methods": ("POST",)}
# The POST is answered 502 WITHOUT being applied: the outcome is unknown to the station.
LOST_502 = Faults((FaultRule("error", count=1, status=502, **POSTS),))
# The POST is applied, then the connection drops: the station never hears the answer.
DROPPED = Faults((FaultRule("drop_after", count=1, **POSTS),))


def open_package(store, sim) -> tuple[int, list[int]]:
    """A package (both completions and out-of-stock offered) with 2+ live items."""
    for (package_id,) in store.conn.execute("SELECT id FROM packages ORDER BY id"):
        detail = package_detail(store, package_id)
        offered = {c["command_type"] for c in detail["commands"]}
        items = [item["id"] for item in sim.package(package_id)["packageitem_set"]
                 if str(item["state"]["enum_value"]) != "600"]
        if {PACK_NO_SHIP, PACK, OUT_OF_STOCK} <= offered and len(items) >= 2 \
                and detail["package"]["state_id"] == sim.package(package_id)["state"]["id"]:
            return package_id, items
    raise LookupError("no Waiting package with two items; make more")


def spec_for(store, package_id: int, command_type: str) -> CommandSpec:
    found = next(c for c in package_detail(store, package_id)["commands"]
                 if c["command_type"] == command_type)
    return CommandSpec(found["command_type"], found["id"], found["slug"], found["label"],
                       found["source_state"], found["destination_state"])


def deliver(sim, path, on_change=None, backoff=FAST_BACKOFF):
    with station_client(sim.url) as client:
        return DeliveryWorker(lambda: open_store(path), client, concurrency=1,
                              backoff=backoff, on_change=on_change).drain(timeout=30)


def when_uncertain(action):
    """An on_change listener: `action()` once, the moment the entry becomes uncertain
    (between the lost POST and the read-back)."""
    fired: list[bool] = []

    def listener(event: str, entry: OutboxEntry) -> None:
        if event == "uncertain" and not fired:
            fired.append(True)
            action()
    return listener


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "station", *args], capture_output=True,
                          text=True, timeout=60, check=False)


def enqueue(store, package_id: int, spec: CommandSpec,
            inputs: dict[str, Any] | None = None) -> OutboxEntry:
    return outbox.enqueue_command(store, package_id=package_id, spec=spec,
                                  input_parameters=inputs or {}, packer="ayse")


def test_other_station_different_command_between_same_states_is_never_done(
        make_sim, tmp_path):
    path = tmp_path / "station.db"
    sim = make_sim(packages=120, locations=1, seed=11)
    with synced_store(sim, path) as store:
        package_id, _ = open_package(store, sim)
        ours = enqueue(store, package_id, spec_for(store, package_id, PACK_NO_SHIP))
        sim.faults = LOST_502
        report = deliver(sim, path, when_uncertain(
            lambda: sim.apply_command_as_other_station(package_id, PACK)))

        entry = outbox.get_entry(store, ours.id)
        assert entry.status == "conflict", entry
        assert (report.conflict, report.reconciled, report.done) == (1, 0, 0)
        assert "another" in entry.last_error and PACK in entry.last_error
        assert "mark as delivered" in entry.last_error.lower()
        assert package_id not in applied_by_package(sim)  # ours never reached OMS

        # The packer knows better (e.g. it was a colleague's click for this very box).
        done = outbox.mark_delivered(store, ours.id, packer="mehmet")
        assert (done.status, done.done_at is not None) == ("done", True)
        trail = [(row["packer"], row["action"])
                 for row in outbox.audit_trail(store, package_id=package_id)]
        assert trail[-1] == ("mehmet", "mark_delivered")
        with pytest.raises(outbox.OutboxError, match="only entries in conflict"):
            outbox.mark_delivered(store, ours.id, packer="mehmet")


def test_other_station_out_of_stock_for_another_item_is_a_conflict(make_sim, tmp_path):
    path = tmp_path / "station.db"
    sim = make_sim(packages=120, locations=1, seed=11)
    with synced_store(sim, path) as store:
        package_id, (item_a, item_b, *_) = open_package(store, sim)
        spec = spec_for(store, package_id, OUT_OF_STOCK)
        ours = enqueue(store, package_id, spec, {"package_items": [item_a]})
        sim.faults = LOST_502
        deliver(sim, path, when_uncertain(lambda: sim.apply_command_as_other_station(
            package_id, spec.transition_id, {"package_items": [item_b]})))

        entry = outbox.get_entry(store, ours.id)
        assert entry.status == "conflict", entry
        assert str(item_b) in entry.last_error
        assert package_id not in applied_by_package(sim)

        # The packer settles it from the command line (audited), once.
        marked = cli("outbox", "--db", str(path), "--mark-delivered", ours.id[:8],
                     "--packer", "sup")
        assert marked.returncode == 0, marked.stderr
        assert "done (1)" in marked.stdout
        assert outbox.audit_trail(store)[-1]["action"] == "mark_delivered"
        again = cli("outbox", "--db", str(path), "--mark-delivered", ours.id[:8])
        assert again.returncode == 2
        assert "only entries in conflict can be marked as delivered" in again.stderr
        assert "Traceback" not in again.stderr


def test_same_command_by_another_user_is_a_conflict(make_sim, tmp_path):
    path = tmp_path / "station.db"
    sim = make_sim(packages=120, locations=1, seed=11)
    with synced_store(sim, path) as store:
        package_id, (item_a, *_) = open_package(store, sim)
        spec = spec_for(store, package_id, OUT_OF_STOCK)
        ours = enqueue(store, package_id, spec, {"package_items": [item_a]})
        sim.faults = LOST_502
        deliver(sim, path, when_uncertain(lambda: sim.apply_command_as_other_station(
            package_id, spec.transition_id, {"package_items": [item_a]},
            user={"id": 77, "username": "someone-else"})))

        entry = outbox.get_entry(store, ours.id)
        assert entry.status == "conflict", entry
        assert "someone-else" in entry.last_error


@pytest.mark.parametrize("command", [PACK_NO_SHIP, OUT_OF_STOCK])
def test_own_command_with_dropped_response_is_done_and_applied_once(
        make_sim, tmp_path, command):
    path = tmp_path / "station.db"
    sim = make_sim(packages=120, locations=1, seed=11)
    with synced_store(sim, path) as store:
        package_id, (item_a, *_) = open_package(store, sim)
        spec = spec_for(store, package_id, command)
        inputs = {"package_items": [item_a]} if command == OUT_OF_STOCK else {}
        ours = enqueue(store, package_id, spec, inputs)
        sim.faults = DROPPED
        report = deliver(sim, path)

        entry = outbox.get_entry(store, ours.id)
        assert entry.status == "done", entry
        assert (report.reconciled, report.conflict) == (1, 0)
        assert applied_by_package(sim) == {package_id: [spec.transition_id]}  # once
        assert entry.first_sent_at is not None


CHILD = """
import sys
from station.outbox.worker import Backoff, DeliveryWorker
from station.oms.client import OmsClient
from station.store import open_store

path, url = sys.argv[1], sys.argv[2]
with OmsClient(url, username="demo", password="demo") as client:
    DeliveryWorker(lambda: open_store(path), client, concurrency=1).drain(timeout=60)
"""


def wait_for(condition, what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_restart_right_after_a_crash_waits_out_the_settle_window(make_sim, tmp_path):
    path = tmp_path / "station.db"
    sim = make_sim(packages=120, locations=1, seed=11)
    with synced_store(sim, path) as store:
        package_id, _ = open_package(store, sim)
        spec = spec_for(store, package_id, PACK_NO_SHIP)
        ours = enqueue(store, package_id, spec)
        # OMS holds the POST for 1.5 s, then applies it.
        sim.faults = Faults((FaultRule("latency", latency_ms=1500, count=1, **POSTS),))
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), sim.url])
        try:
            wait_for(lambda: sim.faults.rules[0].count == 0, "the POST reaching OMS")
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
        assert outbox.get_entry(store, ours.id).status == "sending"
        assert applied_by_package(sim) == {}  # still held: restart at once, before it lands

        report = deliver(sim, path, backoff=dataclasses.replace(FAST_BACKOFF, settle=3.0))

        entry = outbox.get_entry(store, ours.id)
        assert entry.status == "done", entry
        assert (report.reconciled, report.conflict) == (1, 0)
        assert applied_by_package(sim) == {package_id: [spec.transition_id]}  # once
        posts = [r for r in sim.requests() if r["method"] == "POST" and "/command/" in r["path"]]
        assert len(posts) == 1  # read back after the held POST landed: never resent
