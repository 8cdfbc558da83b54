"""The composition root wires "today" into every station window: Station ▸ Packed
today…, and after a completion the next-package prompt, which Enter in the empty scan
field accepts."""

from __future__ import annotations

import pytest

from station import stats
from tests.ui.packing.test_next_package import LOCATION, unit_codes
from tests.unit.stats.packing_day import COMPLETE
from ui.today import PackedTodayWidget


def _complete_most_urgent(window, store) -> int:
    top = stats.next_package(store, stock_location_id=LOCATION)
    assert top is not None
    window.handle_scan(top.number)
    for code in unit_codes(store, top.id):
        window.handle_scan(code)
    window.handle_scan(COMPLETE)
    assert window.last_outcome.kind == "saved", window.last_outcome.message
    return top.id


@pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints\(\)$")
def test_enter_after_a_completion_opens_the_proposed_next_package(make_station, qtbot):
    station = make_station()
    window = station.window
    prompt = window.next_package_prompt
    assert not prompt.isVisible()
    done = _complete_most_urgent(window, station.store)
    qtbot.waitUntil(prompt.isVisible, timeout=10_000)
    assert prompt.proposed is not None and prompt.proposed.id != done
    window.scan_field.clear()
    window.scan_field.setFocus()
    qtbot.keyClick(window.scan_field, "\r")
    assert window.session.view is not None
    assert window.session.view.package_id == prompt.proposed.id
    assert not prompt.isVisible()


@pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints\(\)$",
                           r"^This plugin does not support raise\(\)$")
def test_packed_today_is_in_the_station_menu(make_station, qtbot):
    window = make_station().window
    window.packed_today_action.trigger()
    screens = [w for w in window.findChildren(PackedTodayWidget) if w.isVisible()]
    assert len(screens) == 1
    qtbot.waitUntil(lambda: screens[0].title.text() == "Packed today (0)", timeout=10_000)
