"""The "today" screens wired to the real main window (database synced from the OMS
simulator): "Packed today" follows the window's scans, and "Reopen" reaches the
callable the composition root gives."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from station import stats
from tests.ui.packing.test_next_package import LOCATION, unit_codes
from tests.unit.stats.packing_day import COMPLETE
from ui.today import attach_packed_today


# Reopen raises the main window; the offscreen platform says it cannot (not our code).
@pytest.mark.qt_log_ignore(r"^This plugin does not support raise\(\)$",
                           r"^This plugin does not support propagateSizeHints\(\)$")
def test_packed_today_follows_the_windows_scans_and_reopens(make_station, qtbot):
    station = make_station()
    window, store = station.window, station.store
    opened: list[int] = []
    open_screen = attach_packed_today(window, store, open_package=opened.append)
    screen = open_screen()
    qtbot.waitUntil(lambda: screen.title.text() == "Packed today (0)", timeout=10_000)

    top = stats.next_package(store, stock_location_id=LOCATION)
    assert top is not None
    window.handle_scan(top.number)
    for code in unit_codes(store, top.id):
        window.handle_scan(code)
    window.handle_scan(COMPLETE)
    assert window.last_outcome.kind == "saved", window.last_outcome.message

    qtbot.waitUntil(lambda: [row.package_id for row in screen.rows] == [top.id],
                    timeout=10_000)  # no refresh asked for: the scan did it
    screen.table.selectRow(0)
    qtbot.mouseClick(screen.reopen_button, Qt.MouseButton.LeftButton)
    assert opened == [top.id]
    assert open_screen() is screen  # made once
