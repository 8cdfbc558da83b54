"""The History screen on real widgets over a real database packed through the real
session: one row per event (scans, alerts, overrides, one per command with its
delivery status), a new scan shown without reopening the screen — by the `refresh()`
slot and by the timer alone — and "Reprint…" on a command's row."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from station.documents import queue as print_queue
from station.store import open_store
from tests.ui.today.day import PACKER, UTC, make_day, scan
from tests.unit.stats.packing_day import item_codes
from ui.outbox.history import DETAIL_COLUMN, STATUS_COLUMN, WHAT_COLUMN, HistoryWidget
from ui.today import Reprinter

SHOTS = Path("/tmp/today")


@pytest.fixture
def day(tmp_path):
    return make_day(tmp_path, open_store)


@pytest.fixture
def store(day):
    with open_store(day.path) as opened:
        yield opened


def history(qtbot, day, store, **kwargs) -> HistoryWidget:
    kwargs.setdefault("reprinter", Reprinter(store, day.settings, packer=lambda: PACKER))
    widget = HistoryWidget(store, PACKER, now=day.clock, tz=UTC, **kwargs)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        widget.show()
    return widget


def shown(widget: HistoryWidget) -> list[tuple[str, str, str, str]]:
    return [tuple(widget.table.item(row, column).text() for column in
                  (WHAT_COLUMN, 2, DETAIL_COLUMN, STATUS_COLUMN))
            for row in range(widget.table.rowCount())]


def test_every_event_has_one_row_and_each_command_one(qtbot, day, store):
    full, short = day.waiting[:2]
    widget = history(qtbot, day, store)
    SHOTS.mkdir(exist_ok=True)
    widget.grab().save(str(SHOTS / "history.png"))
    rows = shown(widget)
    what = Counter(row[0] for row in rows)
    assert what["Scanned"] == len(item_codes(full)) + 1
    assert (what["Wrong item"], what["One too many"]) == (1, 1)
    assert ("Closed with items missing", short["number"], "allowed by boss", "") in rows
    commands = [row for row in rows if row[0] == "Command"]
    # One row per command (each has an `enqueue` audit row; delivered ones a `done` too).
    assert len(commands) == len({e.outbox_id for e in widget.rows if e.kind == "command"})
    assert {row[3] for row in commands} == {"waiting to send"}
    assert {row[1] for row in commands} >= {full["number"], short["number"]}
    assert rows[0][1] == short["number"]  # newest first
    assert widget.title.text() == f"Today — {PACKER} ({len(rows)} events)"


def test_refresh_shows_a_new_scan_without_reopening(qtbot, day, store):
    third = day.waiting[2]
    widget = history(qtbot, day, store)
    before = widget.table.rowCount()
    scan(day.session(store), day.clock, third["number"], "ok")
    scan(day.session(store), day.clock, item_codes(third)[0])
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        widget.refresh()  # the slot the main window connects to scan_handled
    assert widget.table.rowCount() >= before + 1
    assert shown(widget)[0][:3] == ("Scanned", third["number"], item_codes(third)[0])


def test_the_timer_alone_keeps_the_screen_current(qtbot, day, store):
    third = day.waiting[2]
    widget = history(qtbot, day, store, refresh_ms=50)
    packer = day.session(store)
    scan(packer, day.clock, third["number"], "ok")
    scan(packer, day.clock, item_codes(third)[0])
    qtbot.waitUntil(lambda: shown(widget)[0][1] == third["number"], timeout=10_000)


def test_reprint_on_a_command_row_queues_a_print_job(qtbot, day, store):
    full = day.waiting[0]
    widget = history(qtbot, day, store)
    scan_row = next(i for i, e in enumerate(widget.rows) if e.kind == "scan")
    widget.table.selectRow(scan_row)
    assert not widget.reprint_button.isEnabled()  # only commands' rows reprint
    row = next(i for i, e in enumerate(widget.rows)
               if e.kind == "command" and e.package_id == full["id"])
    widget.table.selectRow(row)
    before = print_queue.jobs(store, package_id=full["id"])
    qtbot.mouseClick(widget.reprint_button, Qt.MouseButton.LeftButton)
    dialog = widget.reprint_dialog
    assert dialog is not None
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    new = print_queue.jobs(store, package_id=full["id"])[len(before):]
    assert [(job.document, job.requested_by) for job in new] == [("slip", PACKER),
                                                                 ("label", PACKER)]
    assert widget.status.text().startswith("Reprinting Packing slip, Package label")


def test_a_history_in_memory_is_read_on_the_ui_thread(qtbot):
    with open_store(":memory:") as memory:
        widget = HistoryWidget(memory, PACKER, now=lambda: dt.datetime.now(UTC))
        qtbot.addWidget(widget)
        assert widget.rows == []
        assert widget.title.text() == f"Today — {PACKER} (0 events)"
