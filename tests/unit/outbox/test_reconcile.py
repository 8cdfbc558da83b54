"""`reconcile.judge`: what OMS shows about an entry whose delivery outcome is unknown."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest

from station.oms.models import TransitionLog, decode_package
from station.outbox.queue import OutboxEntry
from station.outbox.reconcile import judge
from tests.unit.store_factory import PACKED, PREPARING, WAITING, package_json

CREATED = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
CANCELED = (44, "900", "Packaging Canceled")


def entry(**changes) -> OutboxEntry:
    values = dict(
        id="e1", seq=1, package_id=1, kind="command", transition_id=1, slug=None,
        command_type="PKG_STATE_TRANSITION", label=None, input_parameters={},
        source_state_id=WAITING[0], destination_state_id=PREPARING[0], payload=None,
        created_at=CREATED, packer="ayse", attempts=1, next_attempt_at=CREATED,
        status="uncertain", last_error=None, server_response=None, updated_at=CREATED,
        done_at=None)
    values.update(changes)
    return OutboxEntry(**values)


def package(state, invoice=None):
    payload = package_json(1, state=state)
    payload["invoice_number"] = invoice
    return decode_package(msgspec.json.encode(payload))


def log(old, new, at, log_id=7):
    body = {"id": log_id, "old_state": {"id": old[0], "enum_value": old[1]},
            "new_state": {"id": new[0], "enum_value": new[1]},
            "created_date": at.isoformat().replace("+00:00", "Z")}
    return msgspec.json.decode(msgspec.json.encode(body), type=TransitionLog)


@pytest.mark.parametrize(("state", "logs", "outcome"), [
    # The transition is logged after the entry was queued: applied, whatever the state now.
    (WAITING, [log(WAITING, PREPARING, CREATED + dt.timedelta(seconds=3))], "done"),
    # OMS is in the destination: applied (by us or the same change elsewhere).
    (PREPARING, [], "done"),
    # Still in the source, no log: it never arrived.
    (WAITING, [], "resend"),
    # An older identical transition (before created_at minus the skew) is not ours.
    (WAITING, [log(WAITING, PREPARING, CREATED - dt.timedelta(hours=2))], "resend"),
    # Within the clock-skew allowance before created_at: counts.
    (WAITING, [log(WAITING, PREPARING, CREATED - dt.timedelta(minutes=2))], "done"),
    # A different transition logged: not ours.
    (CANCELED, [log(WAITING, CANCELED, CREATED + dt.timedelta(seconds=3))], "conflict"),
    (PACKED, [], "conflict"),
])
def test_judge_command(state, logs, outcome):
    verdict = judge(entry(), package(state), logs, clock_skew=dt.timedelta(minutes=5))
    assert verdict.outcome == outcome
    assert verdict.reason


def test_conflict_names_the_state_oms_shows():
    verdict = judge(entry(), package(CANCELED), [])
    assert "Packaging Canceled" in verdict.reason


def test_an_undated_log_does_not_prove_anything():
    undated = msgspec.json.decode(
        b'{"id": 1, "old_state": {"id": 35, "enum_value": "100"},'
        b' "new_state": {"id": 37, "enum_value": "200"}}', type=TransitionLog)
    assert judge(entry(), package(WAITING), [undated]).outcome == "resend"


@pytest.mark.parametrize(("shown", "outcome"), [("INV-1", "done"), (None, "resend"),
                                                 ("OTHER", "resend")])
def test_judge_invoice_number(shown, outcome):
    invoice = entry(kind="set_invoice_number", transition_id=None, source_state_id=None,
                    destination_state_id=None, payload="INV-1")
    assert judge(invoice, package(WAITING, invoice=shown), []).outcome == outcome
