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
        id="e1", seq=1, package_id=1, kind="command", transition_id=1, slug="start-preparing",
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


OURS = {"transition": 1, "command": "PKG_STATE_TRANSITION"}


def log(old, new, at, log_id=7, attributes=OURS, user=None):
    body = {"id": log_id, "old_state": {"id": old[0], "enum_value": old[1]},
            "new_state": {"id": new[0], "enum_value": new[1]},
            "created_date": at.isoformat().replace("+00:00", "Z"),
            "attributes": attributes, "user": user}
    return msgspec.json.decode(msgspec.json.encode(body), type=TransitionLog)


LATER = CREATED + dt.timedelta(seconds=3)


@pytest.mark.parametrize(("state", "logs", "outcome"), [
    # Our transition is logged after the entry was sent: applied, whatever the state now.
    (WAITING, [log(WAITING, PREPARING, LATER)], "done"),
    (PACKED, [log(WAITING, PREPARING, LATER)], "done"),
    # OMS is in the destination but no log names our command: not proof.
    (PREPARING, [], "conflict"),
    # Still in the source, no log: it never arrived.
    (WAITING, [], "resend"),
    # An older identical transition (before the first attempt minus the skew) is not ours.
    (WAITING, [log(WAITING, PREPARING, CREATED - dt.timedelta(hours=2))], "resend"),
    # Within the clock-skew allowance before the first attempt: counts.
    (WAITING, [log(WAITING, PREPARING, CREATED - dt.timedelta(minutes=2))], "done"),
    # A different transition logged: not ours.
    (CANCELED, [log(WAITING, CANCELED, LATER, attributes={"transition": 9})], "conflict"),
    (PACKED, [], "conflict"),
    # The same two states, but another command (another station): never done.
    (PREPARING, [log(WAITING, PREPARING, LATER, attributes={"transition": 2})], "conflict"),
    (PREPARING, [log(WAITING, PREPARING, LATER,
                     attributes={"command": "COMPLETE_PACKAGING"})], "conflict"),
    # A log that does not say which command made it proves nothing.
    (PREPARING, [log(WAITING, PREPARING, LATER, attributes={})], "conflict"),
    # Transition id right, but the slug names another command: contradicts, not proof.
    (PREPARING, [log(WAITING, PREPARING, LATER,
                     attributes={"transition": 1, "slug": "other-slug"})], "conflict"),
])
def test_judge_command(state, logs, outcome):
    verdict = judge(entry(), package(state), logs, clock_skew=dt.timedelta(minutes=5))
    assert verdict.outcome == outcome
    assert verdict.reason


def test_another_command_between_the_same_states_is_a_conflict_the_packer_decides():
    other = log(WAITING, PREPARING, LATER, log_id=12,
                attributes={"transition": 2, "command": "COMPLETE_PACKAGING"})
    verdict = judge(entry(command_type="COMPLETE_PACKAGING_WITHOUT_SHIPMENT"),
                    package(PREPARING), [other])
    assert verdict.outcome == "conflict"
    assert "another" in verdict.reason and "COMPLETE_PACKAGING (transition 2)" in verdict.reason
    assert "log 12" in verdict.reason and "Mark as delivered" in verdict.reason


def test_the_log_must_lie_after_the_first_attempt_not_the_last():
    sent = CREATED + dt.timedelta(hours=1)
    ours = entry(first_sent_at=sent, attempts=3)
    assert judge(ours, package(PREPARING), [log(WAITING, PREPARING, LATER)],
                 clock_skew=dt.timedelta(0)).outcome == "conflict"
    assert judge(ours, package(PREPARING), [log(WAITING, PREPARING, sent)],
                 clock_skew=dt.timedelta(0)).outcome == "done"


ITEMS_A = {"package_items": [{"id": 501, "selected_barcode": "X"}]}


@pytest.mark.parametrize(("logged_inputs", "outcome"), [
    ({"package_items": [501]}, "done"),  # ids compared, as ids or objects
    ({"package_items": [{"id": 501}]}, "done"),
    ({"package_items": [502]}, "conflict"),  # another item
    ({"package_items": [501, 502]}, "conflict"),
    (None, "conflict"),  # the log does not list the items: cannot be matched
    ({"package_items": [501], "denial_reason": 3}, "conflict"),  # other inputs
])
def test_item_commands_must_name_our_items(logged_inputs, outcome):
    attributes = dict(OURS)
    if logged_inputs is not None:
        attributes["input_parameters"] = logged_inputs
    verdict = judge(entry(input_parameters=ITEMS_A), package(PREPARING),
                    [log(WAITING, PREPARING, LATER, attributes=attributes)])
    assert verdict.outcome == outcome, verdict
    if logged_inputs == {"package_items": [502]}:
        assert "502" in verdict.reason and "501" in verdict.reason


@pytest.mark.parametrize(("logged_user", "our_user", "outcome"), [
    ({"id": 4, "username": "demo"}, "demo", "done"),
    ("DEMO", "demo", "done"),  # user names compare without case
    ({"id": 4, "username": "web-ui"}, "demo", "conflict"),
    ("web-ui", "demo", "conflict"),
    (None, "demo", "done"),  # OMS does not log the user: nothing to compare
    ({"id": 4, "username": "web-ui"}, None, "done"),  # our user unknown: check skipped
    (4, "demo", "done"),  # a bare id cannot be compared with a name: skipped
])
def test_where_oms_logs_the_user_it_must_be_ours(logged_user, our_user, outcome):
    verdict = judge(entry(), package(PREPARING),
                    [log(WAITING, PREPARING, LATER, user=logged_user)], oms_user=our_user)
    assert verdict.outcome == outcome, verdict


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
