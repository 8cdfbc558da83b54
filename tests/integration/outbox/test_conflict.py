"""Conflicts: another station changes a package on OMS while this one has commands queued
for it. The entry ends in conflict with OMS's message, the snapshot shows the server's
state, and the packer's retry/discard work and are audited."""

from __future__ import annotations

from station import outbox
from station.outbox.worker import DeliveryWorker
from station.store import open_store, package_detail
from tests.integration.outbox_helpers import (
    FAST_BACKOFF,
    applied_by_package,
    enqueue_plans,
    plans,
    station_client,
    synced_store,
)


def deliver(sim, path):
    with station_client(sim.url) as client:
        return DeliveryWorker(lambda: open_store(path), client, concurrency=2,
                              backoff=FAST_BACKOFF).drain(timeout=30)


def test_package_completed_elsewhere_ends_in_conflict_then_discard(make_sim, tmp_path):
    path = tmp_path / "station.db"
    sim = make_sim(packages=120, locations=1, seed=11)
    with synced_store(sim, path) as store:
        planned = plans(store, 2)
        (contested, specs), (other, _) = planned.items()
        enqueue_plans(store, planned)  # queued while offline
        sim.apply_command_as_other_station(contested, "COMPLETE_PACKAGING")
        packed_on_oms = sim.package(contested)["state"]

        report = deliver(sim, path)

        first, second = outbox.entries(store, package_id=contested)
        assert (first.status, second.status) == ("conflict", "pending")  # second is blocked
        assert "is not allowed for package" in first.last_error
        assert packed_on_oms["name"] in first.last_error  # OMS's own message, kept
        assert package_detail(store, contested)["package"]["state_id"] == packed_on_oms["id"]
        assert outbox.local_state_id(store, contested) == packed_on_oms["id"]
        assert (report.conflict, report.needs_attention) == (1, 1)
        assert contested not in applied_by_package(sim)
        assert applied_by_package(sim)[other] == [s.transition_id for s in planned[other]]

        outbox.retry(store, first.id, packer="mehmet")  # still packed on OMS: conflict again
        deliver(sim, path)
        assert outbox.get_entry(store, first.id).status == "conflict"
        outbox.discard(store, first.id, packer="mehmet")
        deliver(sim, path)  # unblocked: the next entry is tried, and conflicts too
        assert outbox.get_entry(store, second.id).status == "conflict"
        outbox.discard(store, second.id, packer="mehmet")

        assert contested not in applied_by_package(sim)  # nothing was applied by us
        trail = [(row["packer"], row["action"])
                 for row in outbox.audit_trail(store, package_id=contested)]
        assert trail == [("ayse", "enqueue"), ("ayse", "enqueue"), ("ayse", "conflict"),
                         ("mehmet", "retry"), ("ayse", "conflict"), ("mehmet", "discard"),
                         ("ayse", "conflict"), ("mehmet", "discard")]
        assert outbox.counts(store) == {"discarded": 2, "done": 2}
        assert specs[0].source_state_id != packed_on_oms["id"]


def test_conflict_resolved_elsewhere_is_delivered_on_retry(make_sim, tmp_path):
    path = tmp_path / "station.db"
    sim = make_sim(packages=120, locations=1, seed=11)
    with synced_store(sim, path) as store:
        planned = plans(store, 1)
        ((package_id, specs),) = planned.items()
        enqueue_plans(store, planned)
        sim.apply_command_as_other_station(package_id, "BLOCK_THE_PACKAGE")
        deliver(sim, path)
        first = outbox.entries(store, package_id=package_id)[0]
        assert first.status == "conflict"

        sim.apply_command_as_other_station(package_id, "UNBLOCK_THE_PACKAGE")
        outbox.retry(store, first.id, packer="mehmet")
        deliver(sim, path)

        assert [e.status for e in outbox.entries(store)] == ["done", "done"]
        assert applied_by_package(sim) == {package_id: [s.transition_id for s in specs]}
        assert sim.package(package_id)["state"]["id"] == specs[1].destination_state_id
