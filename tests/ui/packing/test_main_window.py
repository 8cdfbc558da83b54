"""The packing screen end to end: real widgets on a database synced from an in-process
OMS simulator; scans are typed like a scanner (tests/ui/conftest.Keyboard) and go
through ScannerCapture → MainWindow → PackingSession, as in production."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from station import outbox
from tests.ui.conftest import Keyboard
from ui.app import Station
from ui.feedback.banner import FeedbackKind
from ui.packing.queue import DATE_COLUMN

RED = {FeedbackKind.WRONG, FeedbackKind.ERROR, FeedbackKind.UNKNOWN}


def waiting_package(station: Station, min_units: int = 2) -> dict[str, Any]:
    """A Waiting package with at least `min_units` items, and one item's barcode."""
    row = station.store.conn.execute(
        "SELECT p.id, p.number, min(pr.barcode) FROM packages p "
        "JOIN package_items i ON i.package_id = p.id JOIN products pr ON pr.id = i.product_id "
        "WHERE p.archived = 0 AND p.state_enum = '100' AND pr.barcode IS NOT NULL "
        "GROUP BY p.id HAVING count(*) >= ? ORDER BY p.id LIMIT 1",
        (min_units,),
    ).fetchone()
    assert row is not None, "the simulator made no suitable package"
    return {"id": row[0], "number": row[1], "barcode": row[2]}


def scan(keyboard: Keyboard, qtbot, station: Station, text: str) -> None:
    before = station.window.last_outcome
    keyboard.scan(station.window, text, "\r")
    qtbot.waitUntil(lambda: station.window.last_outcome is not before, timeout=2000)


def pending_shown(station: Station) -> int:
    text = station.window.outbox_label.text()  # "Outbox: N pending · …"
    return int(text.split(":")[1].split("pending")[0])


def test_scanning_opens_verifies_rejects_and_closes(make_station, keyboard, qtbot):
    station = make_station()
    window = station.window
    package = waiting_package(station)

    scan(keyboard, qtbot, station, package["number"])
    assert window.banner.kind is FeedbackKind.OK
    assert package["number"] in window.panel.header.text()
    assert window.panel.items.rowCount() >= 1
    assert window.scan_field.text() == ""  # the scanner's keys did not land in the field
    view = window.session.view
    assert view is not None and view.verified_count == 0

    scan(keyboard, qtbot, station, package["barcode"])
    assert window.banner.kind is FeedbackKind.PARTIAL
    assert window.session.view.verified_count == 1
    assert "1 of" in window.panel.subheader.text()
    scanned_cells = [
        window.panel.items.item(r, 4).text() for r in range(window.panel.items.rowCount())
    ]
    assert any(cell.startswith("1 /") for cell in scanned_cells)

    scan(keyboard, qtbot, station, "NOPE-404-CODE")
    assert window.banner.kind in RED
    assert "NOPE-404-CODE" in window.banner.message
    with qtbot.waitSignal(window.alert.dismissed, timeout=2000):  # scans wait for this
        keyboard.key(window, Qt.Key.Key_Space, " ", after_ms=150)

    scan(keyboard, qtbot, station, package["number"])  # the next scan still works
    assert window.banner.kind is FeedbackKind.OK
    assert "already open" in window.banner.message

    scan(keyboard, qtbot, station, "CMD:CANCEL")
    assert window.last_outcome.kind == "closed"
    assert window.session.view is None
    assert "No package open" in window.panel.header.text()


def test_status_bar_follows_the_outbox_offline(make_station, keyboard, qtbot):
    station = make_station()
    window = station.window
    package = waiting_package(station)
    assert pending_shown(station) == 0

    scan(keyboard, qtbot, station, package["number"])  # Waiting → Preparing is queued
    assert outbox.counts(station.store) == {"pending": 1}
    assert pending_shown(station) == 1
    buttons = window.panel.command_buttons
    assert buttons and buttons[0].text().startswith("F1")
    slot = plain_slot(window)
    card = window.session.config.catalogue.slots[slot].card
    assert card in buttons[slot].text() and buttons[slot].isEnabled()

    scan(keyboard, qtbot, station, card)
    assert window.last_outcome.kind == "saved", window.banner.message
    assert outbox.counts(station.store).get("pending") == 2
    assert pending_shown(station) == 2
    assert "Offline" in window.online_label.text()


def test_queue_lists_same_day_first(make_station):
    model = make_station().window.queue_model
    rows = [model.row(r) for r in range(model.rowCount())]
    assert rows and all(rows)
    same_day = [r["same_day"] for r in rows]
    assert same_day == sorted(same_day, reverse=True)  # all same-day rows come first
    dates = [r["target"] for r in rows if not r["same_day"] and r["cells"][DATE_COLUMN]]
    assert dates and dates == sorted(dates)  # shown local, ordered by OMS's UTC value


def test_online_station_syncs_and_delivers(make_station, keyboard, qtbot, sim):
    station = make_station(online=True)
    window = station.window
    qtbot.waitUntil(lambda: "Online" in window.online_label.text(), timeout=10_000)
    package = waiting_package(station)

    scan(keyboard, qtbot, station, package["number"])
    assert window.last_outcome.outbox_id is not None
    qtbot.waitUntil(lambda: outbox.counts(station.store).get("done") == 1, timeout=10_000)
    qtbot.waitUntil(lambda: pending_shown(station) == 0, timeout=5_000)
    assert sim.package(package["id"])["state"]["enum_value"] != "100"


def test_function_key_runs_the_command_on_its_button(make_station, keyboard, qtbot, qapp):
    station = make_station()
    window = station.window
    scan(keyboard, qtbot, station, waiting_package(station)["number"])
    index = plain_slot(window)
    label = window.session.config.catalogue.slots[index].label
    assert window.panel.command_buttons[index].text().startswith(f"F{index + 1}  {label}")
    window.activateWindow()
    qtbot.waitUntil(lambda: qapp.focusWindow() is window.windowHandle())
    before = window.last_outcome
    # The real platform path: QTest on the QWindow runs the shortcut map.
    QTest.keyClick(window.windowHandle(), Qt.Key(Qt.Key.Key_F1 + index))
    qtbot.waitUntil(lambda: window.last_outcome is not before, timeout=2000)
    assert window.last_outcome.kind == "saved", window.banner.message
    assert window.last_outcome.command_type == "PKG_STATE_TRANSITION"


def plain_slot(window) -> int:
    """The slot of an action available now that needs no input and does not complete."""
    catalogue = window.session.config.catalogue
    commands = window.session.view.commands
    return next(number for number, action in enumerate(catalogue.slots)
                if not (action.local or action.asks_reason or action.asks_units)
                and (found := catalogue.find(action.name, commands)) is not None
                and not found.completes)

