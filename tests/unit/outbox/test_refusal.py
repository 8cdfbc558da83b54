"""What the packer is told about a command OMS refused: the package's number, the
command, why in a few words, and whether it was a completion the packer already saw as
done. Real deliveries: the simulator refuses (its state machine, a deleted package)
and the real DeliveryWorker records the conflict."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from station import outbox
from station.messages import msg
from station.outbox import DeliveryWorker
from station.outbox.heads import mark_failed, mark_sending
from station.outbox.queue import CommandSpec
from station.outbox.refusal import (
    REASON_MAX_CHARS,
    REFUSAL_SEEN,
    is_after_done,
    mark_refusals_seen,
    refusal_of,
    unseen_refusals,
)
from station.simulator import Simulator, SimulatorConfig
from station.store import open_store, package_detail
from station.store.db import Store
from tests.integration.outbox_helpers import FAST_BACKOFF, station_client, synced_store

ANCHOR = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(SimulatorConfig(packages=40, seed=11, locations=1, anchor=ANCHOR)) as sim:
        yield sim


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "station.db"


@pytest.fixture
def store(sim: Simulator, db_path: Path) -> Iterator[Store]:
    store = synced_store(sim, db_path)
    yield store
    store.close()


def waiting_command(store: Store, command_type: str) -> tuple[int, str, CommandSpec]:
    """A Waiting package offering `command_type`: (id, number, that command's spec)."""
    for (package_id,) in store.conn.execute(
            "SELECT id FROM packages WHERE archived = 0 AND state_enum = '100' ORDER BY id"):
        detail = package_detail(store, package_id)
        found = [c for c in detail["commands"] if c["command_type"] == command_type]
        if found:
            c = found[0]
            return package_id, detail["package"]["number"], CommandSpec(
                c["command_type"], c["id"], c["slug"], c["label"], c["source_state"],
                c["destination_state"])
    raise LookupError(f"no Waiting package offers {command_type}")


def queue(store: Store, package_id: int, spec: CommandSpec) -> outbox.OutboxEntry:
    return outbox.enqueue_command(store, package_id=package_id, spec=spec,
                                  input_parameters={}, packer="tester")


def deliver(sim: Simulator, db_path: Path) -> None:
    with station_client(sim.url) as client:
        DeliveryWorker(lambda: open_store(db_path), client, backoff=FAST_BACKOFF).drain(timeout=30)


def test_a_refused_completion_names_the_package_and_was_seen_as_done(sim, db_path, store):
    package_id, number, spec = waiting_command(store, "COMPLETE_PACKAGING")
    entry = queue(store, package_id, spec)
    sim.apply_command_as_other_station(package_id, "REFUSE_PACKAGE")  # moved on meanwhile
    deliver(sim, db_path)

    refused = outbox.get_entry(store, entry.id)
    assert refused.status == "conflict"
    refusal = refusal_of(store, refused)
    assert refusal is not None and refusal.after_done and is_after_done(refused)
    assert (refusal.entry_id, refusal.package_id, refusal.number) == (entry.id, package_id,
                                                                      number)
    assert refusal.command == spec.label
    assert refusal.reason == "it is Needs Rescheduling on OMS now"
    assert refusal.sentence == (f"OMS refused package {number}: it is Needs Rescheduling on "
                                "OMS now. Open Needs attention.")
    assert refusal.sentence.template == ("OMS refused package {number}: {reason}. "
                                         "Open Needs attention.")  # translatable
    assert refusal.reason.template == "it is {state} on OMS now"


def test_a_refused_start_was_not_seen_as_done(sim, db_path, store):
    package_id, number, spec = waiting_command(store, "PKG_STATE_TRANSITION")
    entry = queue(store, package_id, spec)
    sim.apply_command_as_other_station(package_id, "REFUSE_PACKAGE")
    deliver(sim, db_path)

    refusal = refusal_of(store, outbox.get_entry(store, entry.id))
    assert refusal is not None and refusal.status == "conflict"
    assert not refusal.after_done and refusal.number == number


def test_a_package_gone_from_oms_says_so(sim, db_path, store):
    package_id, number, spec = waiting_command(store, "COMPLETE_PACKAGING")
    entry = queue(store, package_id, spec)
    sim.delete_package(package_id)
    deliver(sim, db_path)

    refusal = refusal_of(store, outbox.get_entry(store, entry.id))
    assert refusal is not None and refusal.after_done
    assert refusal.reason == "the package is no longer on OMS"
    assert number in refusal.sentence


def test_omss_own_message_is_kept_short_and_untranslated(store):
    package_id, _, spec = waiting_command(store, "COMPLETE_PACKAGING")
    entry = queue(store, package_id, spec)
    long = "input_parameters: " + "Bad value. " * 40
    failed = mark_failed(store, mark_sending(store, entry, entry.created_at), entry.created_at,
                         message=long)
    refusal = refusal_of(store, failed)
    assert refusal is not None and refusal.status == "failed" and refusal.after_done
    assert refusal.reason.startswith("input_parameters: Bad value. Bad value.")
    assert len(refusal.reason) <= REASON_MAX_CHARS and refusal.reason.endswith("…")
    assert not hasattr(refusal.reason, "template")  # OMS's words, not a catalogue sentence


def test_an_entry_still_on_its_way_is_no_refusal(store):
    package_id, _, spec = waiting_command(store, "COMPLETE_PACKAGING")
    entry = queue(store, package_id, spec)
    assert refusal_of(store, entry) is None
    assert is_after_done(entry)  # a completion, once refused, would raise the alarm


# --- refusals the packer has not seen yet (raised at start-up until acknowledged) --------


def refuse(store: Store, entry: outbox.OutboxEntry, message: str = "Bad value.") -> None:
    mark_failed(store, mark_sending(store, entry, entry.created_at), entry.created_at,
                message=message)


def test_a_completion_refused_while_no_app_ran_is_unseen_until_acknowledged(sim, db_path,
                                                                            store):
    package_id, number, spec = waiting_command(store, "COMPLETE_PACKAGING")
    completion = queue(store, package_id, spec)
    started_id, _, start = waiting_command(store, "PKG_STATE_TRANSITION")
    refuse(store, queue(store, started_id, start))  # a refused start: no alarm for it
    sim.apply_command_as_other_station(package_id, "REFUSE_PACKAGE")
    deliver(sim, db_path)  # a CLI drain: nobody saw the alarm
    assert outbox.get_entry(store, completion.id).status == "conflict"

    unseen = unseen_refusals(store)
    assert [(r.entry_id, r.number) for r in unseen] == [(completion.id, number)]  # no start
    assert mark_refusals_seen(store, [completion.id], packer="ann") == 1
    assert unseen_refusals(store) == []
    assert mark_refusals_seen(store, [completion.id], packer="ann") == 0  # once is enough
    seen = [row for row in outbox.audit_trail(store) if row["action"] == REFUSAL_SEEN]
    assert [(row["outbox_id"], row["packer"]) for row in seen] == [(completion.id, "ann")]


def test_a_refusal_after_a_retry_is_new_and_a_resolved_one_is_gone(store):
    package_id, _, spec = waiting_command(store, "COMPLETE_PACKAGING")
    entry = queue(store, package_id, spec)
    refuse(store, entry)
    mark_refusals_seen(store, [entry.id], packer="ann")
    retried = outbox.retry(store, entry.id, packer="ann")
    refuse(store, retried, "Still bad.")
    assert [r.reason for r in unseen_refusals(store)] == ["Still bad"]  # refused again
    outbox.discard(store, entry.id, packer="ann")
    assert unseen_refusals(store) == []  # resolved another way: nothing to raise


def test_our_own_words_about_a_refusal_stay_a_message(store):
    package_id, _, spec = waiting_command(store, "COMPLETE_PACKAGING")
    entry = queue(store, package_id, spec)
    said = msg("the package moved on: OMS shows state {state}, the command expected state "
               "id {expected}", state="'Packed' (id 5)", expected=3)
    failed = mark_failed(store, mark_sending(store, entry, entry.created_at), entry.created_at,
                         message=said)
    refusal = refusal_of(store, outbox.get_entry(store, failed.id))
    assert refusal is not None and refusal.reason == said
    assert refusal.reason.template == said.template  # translatable, not cut short
