"""Delivery under every fault the simulator injects: the final OMS state is the expected
one, nothing is lost, nothing is applied twice (the simulator's applied-commands log)."""

from __future__ import annotations

import dataclasses

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
    plans,
    station_client,
    synced_store,
)

READ_TIMEOUT = 0.25
POSTS = {"paths": (COMMAND_PATH,), "methods": ("POST",)}


def rule(kind: str, count: int, **settings) -> Faults:
    return Faults((FaultRule(kind, count=count, **{**POSTS, **settings}),))


FAULTS = {
    # The POST outlives the client's read timeout; OMS applies it afterwards.
    "latency_beyond_read_timeout": rule("latency", 2, latency_ms=600),
    "error_500": rule("error", 3, status=500),
    "error_502": rule("error", 3, status=502),
    "rate_limit_429": rule("rate_limit", 3, retry_after=0.2),
    "drop_before_apply": rule("drop_before", 3),
    "drop_after_apply": rule("drop_after", 3),
    "truncated_body": rule("truncate", 3),
    "invalid_json_body": rule("invalid_json", 3),
    # Read-backs and refreshes suffer too: truncated and failing GETs.
    "faulty_reads": Faults((FaultRule("drop_after", count=3, **POSTS),
                            FaultRule("truncate", count=4, methods=("GET",)),
                            FaultRule("error", count=4, status=503, methods=("GET",)))),
    "token_expiry": Faults(token_max_requests=3),
}
# Commands applied on OMS whose answer was lost: found done by reading back, not resent.
RECONCILED = {"latency_beyond_read_timeout": 2, "drop_after_apply": 3, "truncated_body": 3,
              "faulty_reads": 3}


@pytest.mark.parametrize("name", list(FAULTS))
def test_delivery_survives_fault(make_sim, tmp_path, name):
    path = tmp_path / "station.db"
    sim = make_sim(packages=120, locations=1, seed=11)
    with synced_store(sim, path) as store:
        planned = plans(store, 4)
        enqueue_plans(store, planned)
        sim.faults = FAULTS[name]
        # Wait longer than the injected latency before reading back an unknown outcome.
        backoff = dataclasses.replace(FAST_BACKOFF, settle=1.0 if "latency" in name else 0.05)
        with station_client(sim.url, read_timeout=READ_TIMEOUT) as client:
            worker = DeliveryWorker(lambda: open_store(path), client, concurrency=2,
                                    backoff=backoff)
            report = worker.drain(timeout=60)
        assert (report.remaining, report.needs_attention) == (0, 0), report
        assert outbox.counts(store) == {"done": 8}
        assert applied_by_package(sim) == expected_transitions(planned)  # once, in order
        for package_id, specs in planned.items():
            assert sim.package(package_id)["state"]["id"] == specs[1].destination_state_id
        assert report.reconciled == RECONCILED.get(name, 0)
        assert report.done == 8 - report.reconciled
        if name == "token_expiry":  # the client logged in again, transparently
            logins = [r for r in sim.requests() if r["path"] == client.profile.login_path]
            assert len(logins) > 2
        else:
            assert all(rule.count == 0 for rule in sim.faults.rules), "every fault fired"
