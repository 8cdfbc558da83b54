"""The "Mark as delivered" button of the Needs attention screen, on a real widget: the
read-back could not prove OMS applied our command (another station made the same move
with a different command), the packer settles it as delivered; audited. The button is
offered for conflicts only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from station import outbox
from station.outbox import DeliveryWorker
from station.outbox.heads import mark_failed, mark_sending
from station.outbox.queue import CommandSpec
from station.simulator import FaultRule, Faults, Simulator, SimulatorConfig
from station.store import open_store, package_detail
from station.store.db import Store
from tests.integration.outbox_helpers import COMMAND_PATH, FAST_BACKOFF, station_client
from ui.app import initial_sync
from ui.outbox.attention import AttentionWidget

ANCHOR = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
PACKER = "tester"


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(SimulatorConfig(packages=40, seed=11, locations=1, anchor=ANCHOR)) as sim:
        yield sim


@pytest.fixture
def db_path(sim: Simulator, tmp_path: Path) -> Path:
    path = tmp_path / "station.db"
    initial_sync(path, lambda: station_client(sim.url), 1)
    return path


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with open_store(db_path) as store:
        yield store


def completion(store: Store) -> tuple[int, CommandSpec]:
    """A package offering both completions; our spec is the one without shipment."""
    for (package_id,) in store.conn.execute("SELECT id FROM packages ORDER BY id"):
        commands = {c["command_type"]: c for c in package_detail(store, package_id)["commands"]}
        if {"COMPLETE_PACKAGING", "COMPLETE_PACKAGING_WITHOUT_SHIPMENT"} <= set(commands):
            c = commands["COMPLETE_PACKAGING_WITHOUT_SHIPMENT"]
            return package_id, CommandSpec(c["command_type"], c["id"], c["slug"], c["label"],
                                           c["source_state"], c["destination_state"])
    raise LookupError("no package offering both completions")


def test_unproven_read_back_is_settled_with_mark_as_delivered(qtbot, sim, db_path, store):
    package_id, spec = completion(store)
    ours = outbox.enqueue_command(store, package_id=package_id, spec=spec,
                                  input_parameters={}, packer=PACKER)
    sim.faults = Faults((FaultRule("error", count=1, status=502, paths=(COMMAND_PATH,),
                                   methods=("POST",)),))

    def elsewhere(event, entry):  # between the lost POST and the read-back
        if event == "uncertain":
            sim.apply_command_as_other_station(package_id, "COMPLETE_PACKAGING")

    with station_client(sim.url) as client:
        DeliveryWorker(lambda: open_store(db_path), client, backoff=FAST_BACKOFF,
                       on_change=elsewhere).drain(timeout=30)
    assert outbox.get_entry(store, ours.id).status == "conflict"

    widget = AttentionWidget(store, PACKER)
    qtbot.addWidget(widget)
    assert widget.select_entry(ours.id)
    assert "Mark as delivered" in widget.message.text()  # the packer is told the choice
    assert widget.delivered_button.isEnabled()
    with qtbot.waitSignal(widget.changed):
        qtbot.mouseClick(widget.delivered_button, Qt.MouseButton.LeftButton)

    assert outbox.get_entry(store, ours.id).status == "done"
    assert widget.entries == [] and "recorded as delivered" in widget.result.text()
    assert outbox.audit_trail(store)[-1]["action"] == "mark_delivered"


def test_mark_as_delivered_is_not_offered_for_a_refused_command(qtbot, store):
    package_id, spec = completion(store)
    entry = outbox.enqueue_command(store, package_id=package_id, spec=spec,
                                   input_parameters={}, packer=PACKER)
    mark_failed(store, mark_sending(store, entry, entry.created_at), entry.created_at,
                message="input_parameters: Bad.")
    widget = AttentionWidget(store, PACKER)
    qtbot.addWidget(widget)
    assert widget.select_entry(entry.id)
    assert widget.retry_button.isEnabled() and not widget.delivered_button.isEnabled()
