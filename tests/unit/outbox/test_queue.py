"""The outbox queue: durable enqueue with local effects, the local view, the packer's
retry/discard, the audit trail and pruning. No network here (see test_outbox_delivery)."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from station import outbox
from station.outbox import heads
from station.outbox.heads import mark_conflict, mark_done, mark_failed, mark_sending
from station.outbox.queue import CommandSpec, OutboxError
from station.store import open_store, upsert_page
from station.store.db import write_transaction
from tests.unit.store_factory import PACKED, PREPARING, SYNCED_AT, WAITING, package_json, page

T0 = SYNCED_AT + dt.timedelta(minutes=1)
START = CommandSpec("PKG_STATE_TRANSITION", 1, "package__start", "Start preparing",
                    WAITING[0], PREPARING[0])
COMPLETE = CommandSpec("COMPLETE_PACKAGING", 17, None, "Complete packaging",
                       PREPARING[0], PACKED[0])
CANCELED = (44, "900", "Packaging Canceled")


@pytest.fixture
def path(tmp_path):
    return tmp_path / "station.db"


@pytest.fixture
def store(path):
    with open_store(path) as opened:
        upsert_page(opened, page(package_json(1), package_json(2)), synced_at=SYNCED_AT)
        yield opened


def enqueue(store, spec=START, package_id=1, at=T0, **kwargs):
    kwargs.setdefault("input_parameters", {})
    return outbox.enqueue_command(store, package_id=package_id, spec=spec, packer="ayse",
                                  now=at, **kwargs)


def resync(store, state, at, package_id=1):
    """What a sync does: the snapshot takes OMS's package as it is now."""
    payload = package_json(package_id, state=state, modified=at.isoformat())
    upsert_page(store, page(payload), synced_at=at)


# --- enqueue --------------------------------------------------------------------------


def test_enqueued_entry_is_committed_and_seen_by_another_connection(store, path):
    entry = enqueue(store, input_parameters={"package_items": [10]})
    with open_store(path) as other:
        (seen,) = outbox.entries(other)
    assert seen == entry
    assert (seen.status, seen.seq, seen.attempts, seen.packer) == ("pending", 1, 0, "ayse")
    assert seen.input_parameters == {"package_items": [10]}
    assert seen.created_at == T0 and seen.next_attempt_at == T0


def test_enqueue_and_local_effects_commit_in_one_fsynced_transaction(store, path):
    seen = {}

    def effects(inner):
        seen["synchronous"] = inner.conn.execute("PRAGMA synchronous").fetchone()[0]
        seen["in_transaction"] = inner.conn.in_transaction
        inner.conn.execute("UPDATE packages SET order_notes = 'verified' WHERE id = 1")

    enqueue(store, local_effects=effects)
    assert seen == {"synchronous": 2, "in_transaction": True}  # 2 = FULL: fsync at COMMIT
    with open_store(path) as other:
        assert other.conn.execute("SELECT order_notes FROM packages WHERE id = 1"
                                  ).fetchone() == ("verified",)


def test_failing_local_effects_roll_back_the_entry_too(store):
    def effects(inner):
        inner.conn.execute("UPDATE packages SET order_notes = 'verified' WHERE id = 1")
        raise RuntimeError("label printer on fire")

    with pytest.raises(RuntimeError, match="on fire"):
        enqueue(store, local_effects=effects)
    assert outbox.entries(store) == []
    assert outbox.audit_trail(store) == []
    assert store.conn.execute("SELECT order_notes FROM packages WHERE id = 1"
                              ).fetchone() == ("Ring twice",)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"package_id": 99}, "package 99 is not in the local cache"),
    ({"package_id": "1"}, "package id must be an int"),
    ({"packer": " "}, "packer must be a non-empty name"),
    ({"input_parameters": [1, 2]}, "input_parameters must be a JSON object"),
    ({"input_parameters": {"x": object()}}, "cannot be stored as JSON"),
    ({"spec": CommandSpec("X", None, None, None, 35, 37)}, "transition id or a slug"),
    ({"spec": CommandSpec("X", 1, None, None, None, 37)}, "source_state_id must be an int"),
])
def test_bad_input_is_refused_with_a_clear_message_and_nothing_stored(store, kwargs, message):
    arguments = {"package_id": 1, "spec": START, "input_parameters": {}, "packer": "ayse"}
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=message):
        outbox.enqueue_command(store, **arguments)
    assert outbox.entries(store) == []


def test_enqueue_refuses_to_run_inside_another_transaction(store):
    with write_transaction(store), pytest.raises(RuntimeError, match="durable"):
        enqueue(store)


def test_sequence_orders_entries_across_packages(store):
    first = enqueue(store, package_id=2)
    second = enqueue(store, package_id=1)
    third = enqueue(store, COMPLETE, package_id=2)
    assert [e.seq for e in (first, second, third)] == [1, 2, 3]
    assert outbox.entries(store, package_id=2) == [first, third]
    assert outbox.counts(store) == {"pending": 3}


def test_status_trigger_keeps_unknown_statuses_out(store):
    entry = enqueue(store)
    with pytest.raises(sqlite3.IntegrityError, match="invalid outbox status"):
        store.conn.execute("UPDATE outbox SET status = 'lost' WHERE id = ?", (entry.id,))


# --- the local view -------------------------------------------------------------------


def test_pending_commands_apply_in_order_on_the_snapshot(store):
    assert outbox.local_state_id(store, 1) == WAITING[0]
    enqueue(store)
    assert outbox.local_state_id(store, 1) == PREPARING[0]
    enqueue(store, COMPLETE)
    assert outbox.local_state_id(store, 1) == PACKED[0]
    assert outbox.local_state_id(store, 2) == WAITING[0]
    assert outbox.local_state_ids(store, [1, 2, 404]) == {1: PACKED[0], 2: WAITING[0]}
    assert outbox.local_state_id(store, 404) is None


def test_a_sync_does_not_undo_pending_work(store):
    enqueue(store)
    enqueue(store, COMPLETE)
    resync(store, WAITING, T0 + dt.timedelta(minutes=5))  # OMS has not seen them yet
    assert outbox.local_state_id(store, 1) == PACKED[0]


def test_done_but_not_yet_synced_keeps_the_destination(store):
    entry = enqueue(store)
    sending = mark_sending(store, entry, T0)
    mark_done(store, sending, T0 + dt.timedelta(seconds=1), response=None, how="sent")
    assert outbox.local_state_id(store, 1) == PREPARING[0]  # snapshot still says waiting
    resync(store, PREPARING, T0 + dt.timedelta(seconds=2))  # the next sync shows it
    assert outbox.local_state_id(store, 1) == PREPARING[0]


def test_a_server_side_change_is_never_hidden(store):
    enqueue(store)
    resync(store, CANCELED, T0 + dt.timedelta(minutes=1))  # cancelled on OMS meanwhile
    assert outbox.local_state_id(store, 1) == CANCELED[0]


@pytest.mark.parametrize("mark", [mark_conflict, mark_failed])
def test_conflict_and_failed_entries_do_not_apply(store, mark):
    entry = enqueue(store)
    mark(store, mark_sending(store, entry, T0), T0, message="refused")
    assert outbox.local_state_id(store, 1) == WAITING[0]
    discarded = outbox.discard(store, entry.id, packer="ayse", now=T0)
    assert discarded.status == "discarded"
    assert outbox.local_state_id(store, 1) == WAITING[0]


def test_local_invoice_number(store):
    assert outbox.local_invoice_number(store, 1) is None
    entry = outbox.enqueue_invoice_number(store, package_id=1, invoice_number=" INV-7 ",
                                          packer="ayse", now=T0)
    assert (entry.kind, entry.payload, entry.source_state_id) == (
        "set_invoice_number", "INV-7", None)
    assert outbox.local_invoice_number(store, 1) == "INV-7"
    assert outbox.local_state_id(store, 1) == WAITING[0]  # not a state change
    with pytest.raises(ValueError, match="invoice number must be non-empty"):
        outbox.enqueue_invoice_number(store, package_id=1, invoice_number="", packer="ayse")


# --- the packer's actions, audit, pruning ----------------------------------------------


def test_retry_and_discard_only_apply_to_entries_needing_attention(store):
    entry = enqueue(store)
    with pytest.raises(OutboxError, match="it is pending"):
        outbox.retry(store, entry.id, packer="ayse")
    with pytest.raises(OutboxError, match="no outbox entry 'nope'"):
        outbox.discard(store, "nope", packer="ayse")
    conflict = mark_conflict(store, mark_sending(store, entry, T0), T0, message="moved on")
    assert conflict.attempts == 1
    retried = outbox.retry(store, entry.id, packer="mehmet", now=T0 + dt.timedelta(hours=1))
    assert (retried.status, retried.attempts) == ("pending", 0)
    assert retried.next_attempt_at == T0 + dt.timedelta(hours=1)
    assert outbox.local_state_id(store, 1) == PREPARING[0]


def test_mark_delivered_settles_a_conflict_as_done_audited_and_never_sends_it(store):
    entry = enqueue(store)
    later = enqueue(store, COMPLETE)
    failed = enqueue(store, package_id=2)
    with pytest.raises(OutboxError, match="only entries in conflict can be marked"):
        outbox.mark_delivered(store, entry.id, packer="mehmet")  # pending: not for this
    mark_conflict(store, mark_sending(store, entry, T0), T0, message="OMS shows another")
    mark_failed(store, mark_sending(store, failed, T0), T0, message="refused")
    with pytest.raises(OutboxError, match="it is failed"):
        outbox.mark_delivered(store, failed.id, packer="mehmet")  # OMS refused it: no
    assert outbox.local_state_id(store, 1) == WAITING[0]  # a conflict does not apply

    done = outbox.mark_delivered(store, entry.id, packer="mehmet",
                                 now=T0 + dt.timedelta(minutes=3))
    assert (done.status, done.done_at) == ("done", T0 + dt.timedelta(minutes=3))
    assert outbox.local_state_id(store, 1) == PACKED[0]  # delivered, then the next one
    assert heads.head(store, 1).id == later.id  # the package's queue moves on
    last = outbox.audit_trail(store, package_id=1)[-1]
    assert (last["packer"], last["action"], last["outbox_id"]) == (
        "mehmet", "mark_delivered", entry.id)
    assert last["detail"]["last_error"] == "OMS shows another"


def test_audit_trail_records_who_did_what_and_when(store):
    entry = enqueue(store)
    mark_conflict(store, mark_sending(store, entry, T0), T0 + dt.timedelta(seconds=1),
                  message="Transition not allowed")
    outbox.discard(store, entry.id, packer="mehmet", now=T0 + dt.timedelta(seconds=2))
    trail = outbox.audit_trail(store)
    assert [(row["packer"], row["action"]) for row in trail] == [
        ("ayse", "enqueue"), ("ayse", "conflict"), ("mehmet", "discard")]
    assert {row["outbox_id"] for row in trail} == {entry.id}
    assert trail[0]["detail"]["command_type"] == "PKG_STATE_TRANSITION"
    assert trail[1]["detail"]["result"] == "Transition not allowed"
    assert trail[2]["detail"] == {"from": "conflict", "last_error": "Transition not allowed"}
    assert trail[2]["at"] == "2024-05-01T12:01:02.000000Z"
    assert [row["action"] for row in outbox.audit_trail(store, packer="mehmet")] == ["discard"]
    later = outbox.audit_trail(store, since=T0 + dt.timedelta(seconds=1))
    assert [row["action"] for row in later] == ["conflict", "discard"]


def test_prune_removes_only_old_finished_entries(store):
    old, recent, queued = enqueue(store), enqueue(store, COMPLETE), enqueue(store, package_id=2)
    mark_done(store, mark_sending(store, old, T0), T0, response=None, how="sent")
    mark_done(store, mark_sending(store, recent, T0), T0 + dt.timedelta(days=40),
              response=None, how="sent")
    removed = outbox.prune_done(store, dt.timedelta(days=30), now=T0 + dt.timedelta(days=45))
    assert removed == 1
    assert [e.id for e in outbox.entries(store)] == [recent.id, queued.id]
    assert outbox.audit_trail(store)[-1]["detail"]["removed"] == 1
    assert outbox.prune_done(store, T0 - dt.timedelta(days=1)) == 0
