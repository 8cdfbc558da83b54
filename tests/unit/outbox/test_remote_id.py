"""The remote id through the outbox, like the invoice number: queued durably with its
local view, posted by the courier, and after an unknown outcome judged done only when
OMS's package shows our value (against the in-process simulator, as test_worker)."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest

from station import outbox
from station.oms.models import decode_package
from station.outbox.reconcile import judge
from station.simulator import FaultRule, Faults
from tests.unit.outbox.test_reconcile import entry
from tests.unit.outbox.test_worker import (  # noqa: F401 - fixtures
    clock,
    make_worker,
    path,
    posts,
    sim,
    station_client,
    statuses,
    store,
    waiting,
)
from tests.unit.store_factory import WAITING, package_json


def test_a_remote_id_is_queued_with_its_local_view_and_no_state_change(
        store, clock, waiting):  # noqa: F811 - fixtures
    pk = waiting[0]
    state_before = outbox.local_state_id(store, pk)
    assert outbox.local_remote_id(store, pk) is None
    queued = outbox.enqueue_remote_id(store, package_id=pk, remote_id=" R-9 ", packer="ayse",
                                      now=clock.now())
    assert (queued.kind, queued.payload, queued.command_type, queued.source_state_id) == (
        "set_remote_id", "R-9", "SET_REMOTE_ID", None)
    assert outbox.Kind.REMOTE_ID == "set_remote_id"
    assert queued.describe() == f"remote id 'R-9' on package {pk}"
    assert outbox.local_remote_id(store, pk) == "R-9"
    assert outbox.local_invoice_number(store, pk) is None  # one field does not set the other
    assert outbox.local_state_id(store, pk) == state_before
    assert [row["action"] for row in outbox.audit_trail(store, package_id=pk)] == ["enqueue"]
    with pytest.raises(ValueError, match="remote id must be non-empty"):
        outbox.enqueue_remote_id(store, package_id=pk, remote_id="  ", packer="ayse")


def test_the_courier_posts_it_and_the_snapshot_then_shows_it(
        store, clock, sim, waiting, make_worker):  # noqa: F811 - fixtures
    pk = waiting[0]
    outbox.enqueue_remote_id(store, package_id=pk, remote_id="R-9", packer="ayse",
                             now=clock.now())
    make_worker().drain()
    assert sim.package(pk)["remote_id"] == "R-9"
    assert statuses(store) == [(pk, "SET_REMOTE_ID", "done")]
    # Without the entry (pruned), the package's JSON as OMS sent it back still says it.
    assert outbox.prune_done(store, clock.now() + dt.timedelta(days=1), now=clock.now()) == 1
    assert outbox.entries(store) == []
    assert outbox.local_remote_id(store, pk) == "R-9"


def test_a_remote_id_seen_on_oms_after_a_lost_answer_is_not_sent_again(
        store, clock, sim, waiting, make_worker):  # noqa: F811 - fixtures
    pk = waiting[0]
    sim.faults = Faults((FaultRule("drop_after", count=1, paths=("/set_remote_id/$",)),))
    queued = outbox.enqueue_remote_id(store, package_id=pk, remote_id="R-9", packer="ayse",
                                      now=clock.now())
    make_worker().drain(timeout=120)
    assert outbox.get_entry(store, queued.id).status == "done"
    assert len(posts(sim)) == 1 and sim.package(pk)["remote_id"] == "R-9"


@pytest.mark.parametrize(("shown", "outcome"), [("R-1", "done"), (None, "resend"),
                                                 ("OTHER", "resend")])
def test_judge_remote_id_by_what_oms_shows(shown, outcome):
    remote = entry(kind="set_remote_id", transition_id=None, source_state_id=None,
                   destination_state_id=None, command_type="SET_REMOTE_ID", payload="R-1")
    payload = package_json(1, state=WAITING)
    payload["remote_id"] = shown
    payload["invoice_number"] = "R-1"  # the invoice number is not the remote id
    assert judge(remote, decode_package(msgspec.json.encode(payload)), []).outcome == outcome
