"""A delivery error that repeats (here: the disk refuses every `sending` write) pauses
deliveries with backoff, and the window says so — in the status bar and in Needs
attention — instead of "Online · 1 pending"; once the disk works it clears."""

from __future__ import annotations

from tests.ui.packing.test_main_window import scan, waiting_package

DISK_FAILS = ("CREATE TRIGGER disk_fails BEFORE UPDATE OF status ON outbox "
              "WHEN NEW.status = 'sending' BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END")


def test_a_repeating_delivery_error_shows_in_the_bar_and_needs_attention(
        make_station, keyboard, qtbot, sim):
    station = make_station(online=True)
    window = station.window
    station.store.conn.execute(DISK_FAILS)
    package = waiting_package(station)
    scan(keyboard, qtbot, station, package["number"])  # auto start preparing: a command

    qtbot.waitUntil(lambda: "disk I/O error" in window.delivery_problem, timeout=10_000)
    assert "Delivery failing" in window.online_label.text()
    assert "disk I/O error" in window.online_label.toolTip()
    attention = window.open_attention()
    assert attention.delivery_problem.isVisible()
    assert "disk I/O error" in attention.delivery_problem.text()
    assert sim.applied_commands() == []
