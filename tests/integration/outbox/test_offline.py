"""Offline, then online: 200 commands over 100 packages queued while OMS is down are
delivered when it comes back — each exactly once, in order per package."""

from __future__ import annotations

from station import outbox
from station.outbox.worker import DeliveryWorker
from station.store import open_store
from tests.integration.outbox_helpers import (
    FAST_BACKOFF,
    applied_by_package,
    enqueue_plans,
    expected_transitions,
    free_port,
    outbox_threads,
    plans,
    station_client,
    synced_store,
)


def test_commands_queued_offline_are_delivered_once_in_order(make_sim, tmp_path):
    path = tmp_path / "station.db"
    sim = make_sim(port=free_port(), packages=450, locations=1, seed=5)
    url = sim.url
    with synced_store(sim, path) as store:
        planned = plans(store, 100)
        sim.stop()  # the network goes down
        enqueue_plans(store, planned)
        assert outbox.counts(store) == {"pending": 200}
        # The packer sees the packages packed although OMS has seen nothing yet.
        packed = {specs[1].destination_state_id for specs in planned.values()}
        assert set(outbox.local_state_ids(store, planned).values()) <= packed

        with station_client(url) as client:
            worker = DeliveryWorker(lambda: open_store(path), client, concurrency=4,
                                    backoff=FAST_BACKOFF)
            offline = worker.drain()
            assert (offline.done, offline.remaining) == (0, 200)
            assert worker.status.network_paused_until is not None
            assert outbox.counts(store) == {"pending": 200}

            sim.start()  # same port, same seed: OMS is back with the same packages
            worker.wake()
            online = worker.drain(timeout=60)

        assert (online.done, online.remaining, online.needs_attention) == (200, 0, 0)
        assert outbox.counts(store) == {"done": 200}
        assert applied_by_package(sim) == expected_transitions(planned)
        assert len(sim.applied_commands()) == 200
        for package_id, specs in planned.items():
            assert sim.package(package_id)["state"]["id"] == specs[1].destination_state_id
            assert outbox.local_state_id(store, package_id) == specs[1].destination_state_id
        assert outbox_threads() == []
