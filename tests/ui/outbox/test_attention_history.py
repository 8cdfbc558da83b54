"""The "Needs attention" and "History" screens on real widgets: a conflict is made the
way it happens in the field — a command queued offline, another station moves the
package on the (simulated) OMS, delivery gets OMS's refusal — and the packer answers
it with the real Retry/Discard buttons."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from station import outbox
from station.outbox import DeliveryWorker
from station.outbox.queue import OutboxEntry
from station.simulator import Simulator, SimulatorConfig
from station.store import open_store
from station.store.db import Store
from tests.integration.outbox_helpers import FAST_BACKOFF, plans, station_client
from ui.app import build_station, initial_sync
from ui.feedback.sound import SoundPlayer
from ui.outbox.attention import AttentionWidget
from ui.outbox.history import STATUS_COLUMN, HistoryWidget, start_of_local_day

ANCHOR = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
LOCATION = 1
PACKER = "tester"


@pytest.fixture
def sim() -> Iterator[Simulator]:
    config = SimulatorConfig(packages=40, seed=11, locations=1, anchor=ANCHOR)
    with Simulator(config) as sim:
        yield sim


@pytest.fixture
def db_path(sim: Simulator, tmp_path: Path) -> Path:
    path = tmp_path / "station.db"
    initial_sync(path, lambda: station_client(sim.url), LOCATION)
    return path


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with open_store(db_path) as store:
        yield store


def deliver(sim: Simulator, db_path: Path) -> None:
    with station_client(sim.url) as client:
        DeliveryWorker(lambda: open_store(db_path), client, backoff=FAST_BACKOFF).drain(timeout=30)


def queue_first_steps(store: Store, count: int) -> list[OutboxEntry]:
    """Queue the first command of `count` packages, as the packer would offline."""
    return [
        outbox.enqueue_command(store, package_id=package_id, spec=specs[0],
                               input_parameters={}, packer=PACKER)
        for package_id, specs in plans(store, count).items()
    ]


def make_conflict(sim: Simulator, store: Store, db_path: Path) -> OutboxEntry:
    """One entry refused by OMS (blocked by another station) and one delivered."""
    contested, delivered = queue_first_steps(store, 2)
    sim.apply_command_as_other_station(contested.package_id, "BLOCK_THE_PACKAGE")
    deliver(sim, db_path)
    assert outbox.get_entry(store, delivered.id).status == "done"
    entry = outbox.get_entry(store, contested.id)
    assert entry is not None and entry.status == "conflict", entry
    assert entry.last_error
    return entry


def package_number(store: Store, package_id: int) -> str:
    return store.conn.execute("SELECT number FROM packages WHERE id = ?",
                              (package_id,)).fetchone()[0]


def attention_widget(qtbot, store: Store, wakes: list[Any]) -> AttentionWidget:
    widget = AttentionWidget(store, PACKER, wake_delivery=lambda: wakes.append(1))
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_conflict_is_listed_with_oms_message_and_retry_sends_it_again(qtbot, sim, store,
                                                                       db_path):
    conflict = make_conflict(sim, store, db_path)
    wakes: list[Any] = []
    widget = attention_widget(qtbot, store, wakes)

    assert [entry.id for entry in widget.entries] == [conflict.id]
    row_text = widget.list.item(0).text()
    assert package_number(store, conflict.package_id) in row_text
    assert conflict.last_error in row_text
    assert PACKER in row_text
    assert conflict.last_error in widget.message.text()
    assert widget.title.text() == "Needs attention (1)"

    qtbot.mouseClick(widget.retry_button, Qt.MouseButton.LeftButton)

    assert outbox.get_entry(store, conflict.id).status == "pending"
    assert wakes == [1]
    assert widget.entries == []
    assert not widget.retry_button.isEnabled()
    retried = outbox.audit_trail(store, package_id=conflict.package_id)[-1]
    assert (retried["packer"], retried["action"]) == (PACKER, "retry")


def test_discard_removes_the_entry_from_the_list(qtbot, sim, store, db_path):
    conflict = make_conflict(sim, store, db_path)
    widget = attention_widget(qtbot, store, [])
    with qtbot.waitSignal(widget.changed, timeout=1000):
        qtbot.mouseClick(widget.discard_button, Qt.MouseButton.LeftButton)

    assert outbox.get_entry(store, conflict.id).status == "discarded"
    assert widget.list.count() == 0
    assert "Nothing needs you" in widget.message.text()
    assert "discarded" in widget.result.text()


def test_entry_resolved_meanwhile_gives_a_clear_message(qtbot, sim, store, db_path):
    conflict = make_conflict(sim, store, db_path)
    widget = attention_widget(qtbot, store, [])
    outbox.discard(store, conflict.id, packer="someone-else")  # e.g. from the CLI

    qtbot.mouseClick(widget.retry_button, Qt.MouseButton.LeftButton)

    assert outbox.get_entry(store, conflict.id).status == "discarded"  # not resurrected
    assert "it is discarded" in widget.result.text()
    assert widget.list.count() == 0


def test_history_shows_one_row_per_command_with_its_delivery_status(qtbot, sim, store,
                                                                       db_path):
    conflict = make_conflict(sim, store, db_path)
    today = dt.datetime.now(dt.UTC)
    yesterday = start_of_local_day(today) - dt.timedelta(seconds=1)
    outbox.enqueue_invoice_number(store, package_id=conflict.package_id,
                                  invoice_number="INV-OLD", packer=PACKER, now=yesterday)
    outbox.enqueue_invoice_number(store, package_id=conflict.package_id,
                                  invoice_number="INV-OTHER", packer="someone-else")
    widget = HistoryWidget(store, PACKER, now=lambda: today)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: widget.table.rowCount() > 0, timeout=10_000)

    # 2 queued, 1 delivered, 1 refused: the audit trail has 4 rows, the history 2.
    assert [row.kind for row in widget.rows] == ["command", "command"]
    assert sorted(row.status for row in widget.rows) == ["conflict", "delivered"]
    assert [row.at for row in widget.rows] == sorted((r.at for r in widget.rows), reverse=True)
    assert all("INV" not in row.text for row in widget.rows)  # yesterday's, other packer's

    number = package_number(store, conflict.package_id)
    shown = {(widget.table.item(r, 2).text(), widget.table.item(r, STATUS_COLUMN).text())
             for r in range(widget.table.rowCount())}
    assert (number, "conflict") in shown
    assert widget.table.rowCount() == 2


def test_main_window_counts_and_opens_both_screens(qapp, qtbot, sim, store, db_path):
    conflict = make_conflict(sim, store, db_path)
    station = build_station(qapp, db_path, packer=PACKER, stock_location_id=LOCATION,
                            sync_interval=3600, make_client=None,
                            sound=SoundPlayer(audio_outputs=list))
    window = station.window
    try:
        window.show()
        qtbot.waitExposed(window)
        assert window.attention_button.text() == "Needs attention (1)"
        woken: list[Any] = []
        window.command_queued.connect(lambda: woken.append(1))

        qtbot.mouseClick(window.attention_button, Qt.MouseButton.LeftButton)
        screen = window.attention
        assert screen is not None and screen.isVisible()
        assert [entry.id for entry in screen.entries] == [conflict.id]
        qtbot.mouseClick(screen.retry_button, Qt.MouseButton.LeftButton)
        assert woken == [1]  # the app connects command_queued to DeliveryService.wake
        assert window.attention_button.text() == "Needs attention (0)"
        assert "1 pending" in window.outbox_label.text()

        qtbot.mouseClick(window.history_button, Qt.MouseButton.LeftButton)
        history = window.history
        assert history is not None and history.isVisible()
        qtbot.waitUntil(lambda: any(row.outbox_id == conflict.id for row in history.rows),
                        timeout=10_000)
        retried = next(row for row in history.rows if row.outbox_id == conflict.id)
        assert (retried.kind, retried.status) == ("command", "pending")
    finally:
        station.stop()
