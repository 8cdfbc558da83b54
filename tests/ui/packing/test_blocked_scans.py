"""Scans while the packing screen waits for the packer are held, shown and never run:
behind the wrong-item alert, while the override dialog asks for a supervisor, and while
the choice bar asks which one — typed like a scanner (tests/ui/conftest.Keyboard), so
they go through ScannerCapture → MainWindow as in production."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Qt

from station import outbox
from station.packing.supervisors import hash_pin
from tests.ui.packing.test_main_window import scan, waiting_package
from tests.ui.packing.test_override_choose import (
    COMPLETE,
    blocked_completion,
    completions,
    open_dialog,
    order_with_packages,
)
from ui.app import Station
from ui.feedback.banner import FeedbackKind

HUMAN_GAP_MS = 150
PIN = "482916"


def held_scan(keyboard, qtbot, station: Station, text: str, widget=None) -> str:
    """Scan `text` like a scanner; it must be held (shown), not run. The message shown."""
    window = station.window
    held: list[tuple[str, str]] = []
    ran: list[Any] = []
    def on_held(raw: str, message: str) -> None:
        held.append((raw, message))

    window.scan_held.connect(on_held)
    window.scan_handled.connect(ran.append)
    keyboard.scan(widget or window, text, "\r")
    qtbot.waitUntil(lambda: bool(held or ran), timeout=2000)
    window.scan_held.disconnect(on_held)
    window.scan_handled.disconnect(ran.append)
    assert not ran, f"the scan ran: {ran[0].kind}: {ran[0].message}"
    assert held[0][0] == text
    return held[0][1]


def item_codes(station: Station, package_id: int) -> list[str]:
    """One scannable code per unit of the package (barcode, else SKU)."""
    rows = station.store.conn.execute(
        "SELECT coalesce(pr.barcode, pr.sku) FROM package_items i "
        "JOIN products pr ON pr.id = i.product_id WHERE i.package_id = ? ORDER BY i.id",
        (package_id,)).fetchall()
    return [code for (code,) in rows]


def fully_scanned_package(station: Station, keyboard, qtbot) -> dict[str, Any]:
    package = waiting_package(station)
    scan(keyboard, qtbot, station, package["number"])
    for code in item_codes(station, package["id"]):
        scan(keyboard, qtbot, station, code)
    view = station.window.session.view
    assert view is not None and view.verified_count == view.expected_count
    return package


def test_a_completion_scanned_behind_the_wrong_item_alert_is_held(make_station, keyboard,
                                                                  qtbot):
    station = make_station()
    window = station.window
    package = fully_scanned_package(station, keyboard, qtbot)
    scan(keyboard, qtbot, station, "NOT-IN-THIS-BOX-404")
    assert window.last_outcome.kind == "wrong" and window.alert.is_up

    message = held_scan(keyboard, qtbot, station, COMPLETE)

    assert "take the wrong item out first" in message
    assert completions(station, package["id"]) == []  # the package was NOT completed
    assert window.session.package_id == package["id"]
    assert window.last_outcome.kind == "wrong"
    assert window.alert.is_up and message in window.alert.hint
    held_scan(keyboard, qtbot, station, package["number"])  # any scan, not just commands
    assert window.alert.is_up

    with qtbot.waitSignal(window.alert.dismissed, timeout=2000):
        keyboard.key(window, Qt.Key.Key_Space, " ", after_ms=HUMAN_GAP_MS)
    assert completions(station, package["id"]) == []  # a held scan never runs later
    scan(keyboard, qtbot, station, COMPLETE)  # scanned again, with the box right
    assert window.last_outcome.kind == "saved", window.banner.message
    assert len(completions(station, package["id"])) == 1


def test_scans_while_the_override_dialog_asks_are_held(make_station, keyboard, qtbot):
    station = make_station()
    window = station.window
    window.session.config = dataclasses.replace(window.session.config,
                                                supervisors={"Ayse Kaya": hash_pin(PIN)})
    package = blocked_completion(station, keyboard, qtbot)
    dialog = open_dialog(station, qtbot)
    other_number = station.store.conn.execute(
        "SELECT number FROM packages WHERE archived = 0 AND id != ? ORDER BY id LIMIT 1",
        (package["id"],)).fetchone()[0]

    message = held_scan(keyboard, qtbot, station, other_number, widget=dialog)
    held_scan(keyboard, qtbot, station, "CMD:CANCEL", widget=dialog)

    assert "answer the question first" in message
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "answer the question first" in dialog.error.text()
    assert window.session.package_id == package["id"]  # no switch, no cancel
    assert window.last_outcome.kind == "input_needed"
    qtbot.keyClicks(dialog.name_field, "ayse kaya")
    qtbot.keyClicks(dialog.pin_field, PIN)
    qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)
    assert window.last_outcome.kind == "saved", window.banner.message
    assert len(completions(station, package["id"])) == 1


def test_while_choices_are_shown_only_an_answer_runs(make_station, keyboard, qtbot):
    station = make_station()
    window = station.window
    order, numbers = order_with_packages(station)
    scan(keyboard, qtbot, station, order)
    assert window.chooser.isVisible()
    elsewhere = station.store.conn.execute(
        "SELECT number FROM packages WHERE archived = 0 AND (order_number IS NULL OR "
        "order_number != ?) ORDER BY id LIMIT 1", (order,)).fetchone()[0]

    message = held_scan(keyboard, qtbot, station, elsewhere)
    assert "answer the question first" in message
    assert window.banner.message == message
    assert window.banner.kind is FeedbackKind.INPUT_NEEDED
    assert window.session.view is None and window.chooser.isVisible()
    held_scan(keyboard, qtbot, station, COMPLETE)

    scan(keyboard, qtbot, station, numbers[1])  # an answer runs
    assert window.last_outcome.kind == "ok", window.banner.message
    assert window.session.view.number == numbers[1]
    assert not window.chooser.isVisible()
    assert not [e for e in outbox.entries(station.store)
                if e.command_type == COMPLETE.removeprefix("CMD:")]


def test_cancel_card_gives_up_the_question(make_station, keyboard, qtbot):
    station = make_station()
    window = station.window
    order, _ = order_with_packages(station)
    scan(keyboard, qtbot, station, order)
    assert window.chooser.isVisible()

    scan(keyboard, qtbot, station, "CMD:CANCEL")

    assert window.last_outcome.kind == "closed"
    assert not window.chooser.isVisible() and not window.chooser.asking
    scan(keyboard, qtbot, station, order)  # scanning works normally again
    assert window.last_outcome.kind == "choose"
