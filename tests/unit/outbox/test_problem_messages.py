"""What the outbox stores about a problem (`last_error`) keeps our own words
translatable: the English text stays in `last_error` (the CLI, logs and old rows read
it), and the Message it was made from (template and params, nested ones too) is kept
beside it, so any process reading the entry later gets the Message back. OMS's own
text stays a plain param, untranslated."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from station import outbox
from station.messages import Message, msg
from station.outbox.heads import mark_conflict, mark_sending, recover_interrupted
from station.outbox.problems import decode_problem, encode_problem
from station.outbox.reconcile import judge
from station.simulator import Simulator, SimulatorConfig
from station.store import open_store
from station.store.db import Store
from tests.integration.outbox_helpers import synced_store
from tests.unit.outbox.test_reconcile import CANCELED, PREPARING, entry, log, package
from tests.unit.outbox.test_refusal import ANCHOR, deliver, queue, waiting_command
from tests.unit.test_messages import nested


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


def templates(text) -> set[str]:
    assert isinstance(text, Message), text
    return {part.template for part in nested(text)}


def test_a_message_round_trips_through_its_stored_form_and_plain_text_stays_plain():
    inner = msg("it is {state} on OMS now", state="Cancelled")
    outer = msg("OMS refused package {number}: {reason}. Open Needs attention.",
                number="P1", reason=inner)
    back = decode_problem(str(outer), encode_problem(outer))
    assert back == outer and templates(back) == templates(outer)
    assert encode_problem("OMS's own words") is None and encode_problem(None) is None
    assert decode_problem("old text", None) == "old text"
    assert type(decode_problem("old text", None)) is str
    assert decode_problem("text", "not json{") == "text"  # a broken column loses nothing
    assert json.loads(encode_problem(msg("x {n}", n=dt.date(2024, 5, 1))))  # any param


def test_a_conflict_for_a_package_gone_from_oms_reads_back_as_a_message(sim, db_path, store):
    package_id, _, spec = waiting_command(store, "COMPLETE_PACKAGING")
    entry_id = queue(store, package_id, spec).id
    sim.delete_package(package_id)
    deliver(sim, db_path)
    with open_store(db_path) as elsewhere:  # another process reading the entry later
        refused = outbox.get_entry(elsewhere, entry_id)
    assert refused.status == "conflict"
    assert refused.last_error.startswith("package no longer on OMS (404): ")
    assert "package no longer on OMS (404): {oms}" in templates(refused.last_error)
    assert json.dumps(refused.as_json())  # the CLI's JSON still works


def test_our_words_in_a_read_back_verdict_are_messages():
    conflict = judge(entry(), package(CANCELED), [])
    assert conflict.outcome == "conflict"
    assert "the package moved on: OMS shows state {state}, the command expected state id " \
        "{expected}" in templates(conflict.reason)
    doubt = judge(entry(), package(PREPARING), [log(
        (10, "100", "Waiting"), PREPARING, dt.datetime(2024, 5, 1, 12, 0, 3, tzinfo=dt.UTC),
        attributes={"transition": 9, "command": "OTHER"})])
    assert doubt.outcome == "conflict" and DECIDE_TEMPLATE in templates(doubt.reason)


DECIDE_TEMPLATE = "Mark as delivered if OMS already has this command, or discard it."


def test_stored_problems_and_the_interrupted_sweep_keep_their_message(store):
    package_id, _, spec = waiting_command(store, "COMPLETE_PACKAGING")
    entry_ = queue(store, package_id, spec)
    sending = mark_sending(store, entry_, entry_.created_at)
    assert recover_interrupted(store, entry_.created_at) == 1
    swept = outbox.get_entry(store, entry_.id)
    assert "interrupted while sending; OMS is read back before any resend" in templates(
        swept.last_error)
    said = msg("it is {state} on OMS now", state="Cancelled")
    settled = mark_conflict(store, swept, entry_.created_at, message=said)
    assert templates(outbox.get_entry(store, settled.id).last_error) == templates(said)
    retried = outbox.retry(store, entry_.id, packer="ann")  # its audit row takes plain text
    assert retried.status == "pending" and sending is not None
