"""After a command the queue repaints only the row of the package it changed — no model
reset, no re-read of pages — and after a delivery only rows whose text changed."""

from __future__ import annotations

from typing import Any

from tests.ui.packing.test_main_window import scan, waiting_package
from ui.app.station import _after_delivery
from ui.packing.queue import QueueModel

STATE = QueueModel.HEADERS.index("State")


def watch(model: QueueModel) -> dict[str, list[Any]]:
    seen: dict[str, list[Any]] = {"resets": [], "changed_rows": []}
    model.modelReset.connect(lambda: seen["resets"].append(True))
    model.dataChanged.connect(
        lambda first, last, *_: seen["changed_rows"].extend(range(first.row(), last.row() + 1)))
    return seen


def row_of(model: QueueModel, package_id: int) -> int:
    return next(r for r in range(model.rowCount()) if model.row(r)["id"] == package_id)


def test_a_command_repaints_only_its_package_row(make_station, keyboard, qtbot):
    station = make_station()
    model = station.window.queue_model
    package = waiting_package(station)
    row = row_of(model, package["id"])  # loads the pages up to it
    assert "(queued)" not in model.row(row)["cells"][STATE]
    seen = watch(model)
    scan(keyboard, qtbot, station, package["number"])  # opens it: queues "start preparing"
    assert station.window.last_outcome.outbox_id is not None
    assert seen["resets"] == []
    assert seen["changed_rows"] == [row]
    assert model.row(row)["cells"][STATE].endswith("(queued)")


def test_a_delivery_refresh_repaints_nothing_when_nothing_changed(make_station, qtbot):
    station = make_station()
    model = station.window.queue_model
    model.row(model.rowCount() - 1)  # every page loaded
    seen = watch(model)
    _after_delivery(station.window)
    assert seen == {"resets": [], "changed_rows": []}


def test_update_loaded_picks_up_a_changed_state(make_station, keyboard, qtbot):
    station = make_station()
    model = station.window.queue_model
    package = waiting_package(station)
    row = row_of(model, package["id"])
    station.window.session.open_package(package["id"])  # queued behind the window's back
    assert "(queued)" not in model.row(row)["cells"][STATE]
    seen = watch(model)
    assert model.update_loaded() == 1
    assert seen == {"resets": [], "changed_rows": [row]}
    assert model.row(row)["cells"][STATE].endswith("(queued)")
