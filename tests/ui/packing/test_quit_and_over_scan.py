"""Quitting with commands not yet delivered asks first (they are kept either way)."""

from __future__ import annotations

from tests.ui.packing.test_main_window import scan, waiting_package


def test_quitting_with_undelivered_commands_asks_first(make_station, keyboard, qtbot):
    station = make_station()  # offline: the start-preparing command stays queued
    window = station.window
    scan(keyboard, qtbot, station, waiting_package(station)["number"])
    asked: list[int] = []
    window.confirm_quit = lambda count: asked.append(count) or False
    window.quit_action.trigger()
    assert asked == [1] and window.isVisible()  # "No": the window stays
    window.confirm_quit = lambda count: asked.append(count) or True
    window.quit_action.trigger()
    assert asked == [1, 1] and not window.isVisible()


def test_nothing_queued_quits_without_a_question(make_station):
    window = make_station().window
    assert window.undelivered() == 0
    assert window.ask_before_quitting(0) is True


def test_an_over_scan_blocks_like_a_wrong_item(make_station, keyboard, qtbot):
    """Too many of an item raises the alert a scan cannot dismiss, in its own colour."""
    station = make_station()
    window = station.window
    package = waiting_package(station, min_units=1)
    scan(keyboard, qtbot, station, package["number"])
    kinds = []
    while "over" not in kinds and len(kinds) < 10:  # the item's units, then one more
        scan(keyboard, qtbot, station, package["barcode"])
        assert window.last_outcome is not None
        kinds.append(window.last_outcome.kind)
    assert kinds[-1] == "over" and set(kinds[:-1]) <= {"partial", "complete"}
    assert window.alert.is_up
