"""Needs attention opens on the newest entry that needed the packer (the one the
delivery just reported), not on whichever happens to be first."""

from __future__ import annotations

from station import outbox
from station.outbox.heads import mark_failed, mark_sending
from tests.ui.outbox.test_mark_delivered import completion


def refused(store, package_id, spec, packer="tester"):
    entry = outbox.enqueue_command(store, package_id=package_id, spec=spec,
                                   input_parameters={}, packer=packer)
    mark_failed(store, mark_sending(store, entry, entry.created_at), entry.created_at,
                message="input_parameters: Bad.")
    return entry


def test_needs_attention_opens_on_the_newest_problem(make_station):
    station = make_station()
    store = station.window.session.store
    package_id, spec = completion(store)
    older = refused(store, package_id, spec)
    newer_package = next(pk for (pk,) in store.conn.execute(
        "SELECT id FROM packages WHERE id != ? ORDER BY id", (package_id,)))
    newer = refused(store, newer_package, spec)
    station.window.on_delivery_event("failed", newer.id)
    attention = station.window.open_attention()
    selected = attention.selected()
    assert selected is not None and selected.id == newer.id != older.id


def test_nothing_to_do_reads_as_good_news(make_station):
    attention = make_station().window.open_attention()
    assert "Nothing needs you" in attention.message.text()
    assert "#e8f5e9" in attention.message.styleSheet()  # green, not the error red


def test_go_online_is_no_check_box(make_station):
    action = make_station(online=True).window.offline_action
    action.trigger()
    assert action.text() == "Go online" and not action.isCheckable()
