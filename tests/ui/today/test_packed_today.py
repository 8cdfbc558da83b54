"""The "Packed today" window on real widgets over a real database packed through the
real session: rows read off the UI thread, the search box, "Reopen" asking for the
package, and "Reprint…" queueing print jobs read back through the station's API."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from station.documents import queue as print_queue
from station.store import open_store
from tests.ui.today.day import PACKER, UTC, make_day
from tests.unit.stats.packing_day import item_codes
from ui.today import PackedTodayWidget, Reprinter

SHOTS = Path("/tmp/today")
NOON = dt.datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def day(tmp_path):
    return make_day(tmp_path, open_store)


@pytest.fixture
def store(day):
    with open_store(day.path) as opened:
        yield opened


@pytest.fixture
def widget(qtbot, day, store):
    reprinter = Reprinter(store, day.settings, packer=lambda: PACKER)
    shown = PackedTodayWidget(store, now=lambda: NOON, tz=UTC, reprinter=reprinter)
    qtbot.addWidget(shown)
    shown.resize(1100, 500)
    with qtbot.waitSignal(shown.loaded, timeout=10_000):
        shown.show()
    return shown


def cell(widget: PackedTodayWidget, row: int, column: int) -> str:
    return widget.table.item(row, column).text()


def test_todays_packages_are_listed_newest_first_and_searched(qtbot, widget, day):
    full, short = day.waiting[:2]
    assert [row.number for row in widget.rows] == [short["number"], full["number"]]
    assert [cell(widget, r, 1) for r in range(2)] == [short["number"], full["number"]]
    assert cell(widget, 1, 3) == str(len(item_codes(full)))
    assert cell(widget, 1, 4) == "waiting to send"
    assert "Packing slip: to print" in cell(widget, 1, 5)  # auto-printed on completion
    assert widget.title.text() == "Packed today (2)"
    SHOTS.mkdir(exist_ok=True)
    widget.grab().save(str(SHOTS / "packed_today.png"))

    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        qtbot.keyClicks(widget.search, short["order_number"])
    assert [row.number for row in widget.rows] == [short["number"]]
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        widget.search.setText("no such package")
    assert widget.rows == []
    assert widget.status.text() == "Nothing packed today matches."


def test_reopen_asks_for_the_chosen_package(qtbot, widget, day):
    full = day.waiting[0]
    assert not widget.reopen_button.isEnabled()
    widget.table.selectRow(1)
    with qtbot.waitSignal(widget.open_package_requested, timeout=1000) as asked:
        qtbot.mouseClick(widget.reopen_button, Qt.MouseButton.LeftButton)
    assert asked.args == [full["id"]]


def test_reprint_queues_the_chosen_documents(qtbot, widget, day, store):
    full = day.waiting[0]
    before = print_queue.jobs(store, package_id=full["id"])
    widget.table.selectRow(1)
    qtbot.mouseClick(widget.reprint_button, Qt.MouseButton.LeftButton)
    dialog = widget.reprint_dialog
    assert dialog is not None and dialog.isVisible()
    assert list(dialog.boxes) == ["slip", "label"]  # those with a printer here
    dialog.grab().save(str(SHOTS / "reprint_dialog.png"))
    dialog.boxes["slip"].setChecked(False)
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)

    new = print_queue.jobs(store, package_id=full["id"])[len(before):]
    assert [(job.document, job.requested_by, job.state) for job in new] == [
        ("label", PACKER, "queued")]
    assert "Reprinting Package label for package" in widget.status.text()
    assert "Package label: to print" in cell(widget, 1, 5)


def test_nothing_to_reprint_without_a_printer_says_so(qtbot, day, store):
    no_printer = Reprinter(store, type(day.settings)(destinations={}), packer=lambda: PACKER)
    widget = PackedTodayWidget(store, now=lambda: NOON, tz=UTC, reprinter=no_printer)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        widget.show()
    widget.table.selectRow(0)
    qtbot.mouseClick(widget.reprint_button, Qt.MouseButton.LeftButton)
    assert widget.reprint_dialog is None
    assert widget.status.text() == "No printer is set up at this station: nothing to reprint."
