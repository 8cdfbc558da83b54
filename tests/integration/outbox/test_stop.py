"""Stopping the worker mid-flight, and a station killed (SIGKILL) while a command is on
the wire: nothing is lost, no thread is left, nothing is applied twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from station import outbox
from station.outbox.worker import DeliveryWorker
from station.simulator import FaultRule, Faults
from station.store import open_store
from tests.integration.outbox_helpers import (
    COMMAND_PATH,
    FAST_BACKOFF,
    applied_by_package,
    enqueue_plans,
    expected_transitions,
    outbox_threads,
    plans,
    station_client,
    synced_store,
)

SLOW_POSTS = Faults((FaultRule("latency", latency_ms=400, paths=(COMMAND_PATH,),
                               methods=("POST",)),))
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


def test_stop_mid_flight_returns_and_leaves_nothing_half_done(make_sim, tmp_path):
    path = tmp_path / "station.db"
    sim = make_sim(packages=120, locations=1, seed=11)
    with synced_store(sim, path) as store:
        planned = plans(store, 6)
        enqueue_plans(store, planned)
        sim.faults = SLOW_POSTS
        sending = threading.Event()
        with station_client(sim.url) as client:
            worker = DeliveryWorker(
                lambda: open_store(path), client, concurrency=2, backoff=FAST_BACKOFF,
                on_change=lambda event, entry: event == "sending" and sending.set())
            worker.start()
            assert sending.wait(10)
            assert worker.stop(timeout=10) is True
            assert not worker.running and outbox_threads() == []
            counts = outbox.counts(store)
            assert "sending" not in counts and "uncertain" not in counts
            assert counts.get("done", 0) <= 2  # only what was on the wire finished
            assert counts["pending"] >= 10

            sim.clear_faults()
            report = worker.drain(timeout=30)
        assert report.remaining == 0
        assert outbox.counts(store) == {"done": 12}
        assert applied_by_package(sim) == expected_transitions(planned)


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_killed_while_sending_is_reconciled_without_a_double_apply(make_sim, tmp_path):
    path = tmp_path / "station.db"
    sim = make_sim(packages=120, locations=1, seed=11)
    with synced_store(sim, path) as store:
        planned = plans(store, 3)
        enqueue_plans(store, planned)
        # The first POST hangs long enough to kill the station while it is on the wire.
        sim.faults = Faults((FaultRule("latency", latency_ms=1500, count=1,
                                       paths=(COMMAND_PATH,), methods=("POST",)),))
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), sim.url])
        try:
            # The latency rule is spent once OMS has read the whole POST and is holding it.
            wait_for(lambda: sim.faults.rules[0].count == 0, "the POST reaching OMS")
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
        assert outbox.counts(store) == {"sending": 1, "pending": 5}
        wait_for(lambda: len(sim.applied_commands()) == 1, "OMS applying the hung POST")

        with station_client(sim.url) as client:
            report = DeliveryWorker(lambda: open_store(path), client, concurrency=2,
                                    backoff=FAST_BACKOFF).drain(timeout=30)

        assert (report.reconciled, report.done, report.remaining) == (1, 5, 0)
        assert outbox.counts(store) == {"done": 6}
        assert applied_by_package(sim) == expected_transitions(planned)  # once each
        results = [row["detail"]["result"] for row in outbox.audit_trail(store)
                   if row["action"] == "done"]
        assert sum(result.startswith("reconciled") for result in results) == 1
