"""Supervisor override (name + PIN) and the choice buttons on the packing screen, with
real widgets on a database synced from an in-process simulator (tests/ui/conftest.py)."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from PySide6.QtCore import Qt

from station import outbox
from station.packing.supervisors import hash_pin
from tests.ui.packing.test_main_window import scan, waiting_package
from ui.app import Station
from ui.feedback.banner import FeedbackKind
from ui.packing.override import EMPTY_CODE, OverrideDialog

COMPLETE = "CMD:COMPLETE_PACKAGING_WITHOUT_SHIPMENT"
SUPERVISOR = "Lead Packer"
PIN = "482916"

# The packing-screen fixtures: a simulator, a synced database, a started station.


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def blocked_completion(station: Station, keyboard, qtbot) -> dict[str, Any]:
    """Open a package, scan nothing, try to complete it: blocked, override offered."""
    package = waiting_package(station)
    scan(keyboard, qtbot, station, package["number"])
    scan(keyboard, qtbot, station, COMPLETE)
    assert station.window.last_outcome.kind == "input_needed", station.window.banner.message
    return package


def open_dialog(station: Station, qtbot) -> OverrideDialog:
    click(qtbot, station.window.override)
    dialog = station.window.override.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def completions(station: Station, package_id: int) -> list[outbox.OutboxEntry]:
    return [e for e in outbox.entries(station.store, package_id=package_id)
            if e.command_type == COMPLETE.removeprefix("CMD:")]


def with_supervisor(station: Station, name: str = SUPERVISOR, pin: str = PIN) -> None:
    """The station's settings name one supervisor (stored as a PIN record, never the PIN)."""
    session = station.window.session
    session.config = dataclasses.replace(session.config, supervisors={name: hash_pin(pin)})


def overrides(station: Station, package_id: int, action: str = "override") -> list[dict]:
    return [row for row in outbox.audit_trail(station.store, package_id=package_id)
            if row["action"] == action]


def test_override_runs_the_blocked_command_and_audits_the_supervisor(make_station, keyboard,
                                                                     qtbot):
    station = make_station()
    with_supervisor(station)
    window = station.window
    package = blocked_completion(station, keyboard, qtbot)
    assert window.override.isVisible()
    assert completions(station, package["id"]) == []

    dialog = open_dialog(station, qtbot)
    assert dialog.pin_field.echoMode() is dialog.pin_field.EchoMode.Password
    assert dialog.focusWidget() is dialog.name_field
    keyboard.scan(dialog, "SUPERSCAN-1", "\r")  # a scanner burst while the dialog is open
    assert dialog.name_field.text() == ""  # swallowed as a scan, not typed as the name
    assert dialog.isVisible()  # and its Enter did not accept the dialog
    qtbot.keyClicks(dialog.name_field, "lead packer")
    qtbot.keyClicks(dialog.pin_field, PIN)
    click(qtbot, dialog.ok_button())

    assert window.last_outcome.kind == "saved", window.banner.message
    assert window.banner.kind is FeedbackKind.OK
    assert not dialog.isVisible()
    entries = completions(station, package["id"])
    assert len(entries) == 1
    allowed = overrides(station, package["id"])
    assert len(allowed) == 1
    assert allowed[0]["detail"]["override_by"] == SUPERVISOR  # the name as set up
    assert allowed[0]["outbox_id"] == entries[0].id
    assert PIN not in json.dumps(outbox.audit_trail(station.store))
    assert not window.override.isVisible()
    assert window.session.view is None  # the package is done


def test_a_wrong_pin_is_refused_audited_and_may_be_tried_again(make_station, keyboard, qtbot):
    station = make_station()
    with_supervisor(station)
    package = blocked_completion(station, keyboard, qtbot)
    dialog = open_dialog(station, qtbot)
    qtbot.keyClicks(dialog.name_field, SUPERVISOR)
    qtbot.keyClicks(dialog.pin_field, "999999")
    click(qtbot, dialog.ok_button())

    assert dialog.isVisible()  # still asking
    assert dialog.error.text() == (f"Override refused: wrong name or PIN for {SUPERVISOR}. "
                                   "Nothing was saved.")
    assert dialog.pin_field.text() == ""
    assert completions(station, package["id"]) == []
    refused = overrides(station, package["id"], "override_refused")
    assert [row["detail"]["supervisor"] for row in refused] == [SUPERVISOR]
    assert "999999" not in json.dumps(outbox.audit_trail(station.store))

    qtbot.keyClicks(dialog.pin_field, PIN)  # the right PIN, second try
    click(qtbot, dialog.ok_button())
    assert station.window.last_outcome.kind == "saved", station.window.banner.message
    assert len(completions(station, package["id"])) == 1


def test_empty_name_or_pin_saves_nothing_and_says_so(make_station, keyboard, qtbot):
    station = make_station()
    with_supervisor(station)
    package = blocked_completion(station, keyboard, qtbot)
    dialog = open_dialog(station, qtbot)
    qtbot.keyClicks(dialog.name_field, "   ")
    qtbot.keyClicks(dialog.pin_field, PIN)
    click(qtbot, dialog.ok_button())
    assert dialog.isVisible()
    assert dialog.error.isVisible() and dialog.error.text() == EMPTY_CODE

    dialog.pin_field.clear()
    qtbot.keyClicks(dialog.name_field, SUPERVISOR)
    click(qtbot, dialog.ok_button())
    assert dialog.isVisible() and dialog.error.text() == EMPTY_CODE
    assert station.window.last_outcome.kind == "input_needed"
    assert completions(station, package["id"]) == []
    assert not overrides(station, package["id"])
    assert not overrides(station, package["id"], "override_refused")
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Cancel))
    assert not dialog.isVisible()
    assert completions(station, package["id"]) == []


def test_no_override_offered_for_other_outcomes(make_station, keyboard, qtbot):
    station = make_station()
    scan(keyboard, qtbot, station, waiting_package(station)["number"])
    assert not station.window.override.isVisible()
    scan(keyboard, qtbot, station, "CMD:CANCEL")
    assert not station.window.override.isVisible()


def order_with_packages(station: Station) -> tuple[str, list[str]]:
    row = station.store.conn.execute(
        "SELECT order_number FROM packages WHERE archived = 0 AND order_number IS NOT NULL "
        "GROUP BY order_number HAVING count(*) > 1 ORDER BY order_number LIMIT 1"
    ).fetchone()
    assert row is not None, "the simulator made no order with several packages"
    numbers = [r[0] for r in station.store.conn.execute(
        "SELECT number FROM packages WHERE archived = 0 AND order_number = ?", (row[0],))]
    return row[0], numbers


def test_choice_buttons_open_the_clicked_package(make_station, keyboard, qtbot):
    station = make_station()
    window = station.window
    order, numbers = order_with_packages(station)

    scan(keyboard, qtbot, station, order)
    assert window.last_outcome.kind == "choose"
    assert window.chooser.isVisible()
    shown = [button.text() for button in window.chooser.buttons]
    assert sorted(shown) == sorted(numbers)

    target = window.chooser.buttons[-1]
    wanted = target.text()
    click(qtbot, target)
    assert window.last_outcome.kind == "ok", window.banner.message
    assert window.session.view.number == wanted
    assert f"Package {wanted}" in window.panel.header.text()
    assert not window.chooser.isVisible()


def test_scanning_a_shown_code_still_chooses(make_station, keyboard, qtbot):
    station = make_station()
    window = station.window
    order, numbers = order_with_packages(station)
    scan(keyboard, qtbot, station, order)
    assert window.chooser.isVisible()

    scan(keyboard, qtbot, station, numbers[0])
    assert window.last_outcome.kind == "ok", window.banner.message
    assert window.session.view.number == numbers[0]
    assert not window.chooser.isVisible()
    assert window.focusWidget() is window.scan_field  # the buttons never took focus


def test_button_path_offers_override_but_a_package_switch_voids_it(make_station, keyboard,
                                                                   qtbot):
    station = make_station()
    with_supervisor(station)
    window = station.window
    first = waiting_package(station)
    scan(keyboard, qtbot, station, first["number"])
    commands = window.session.view.commands
    slots = window.session.config.catalogue.slots
    index = next(i for i, action in enumerate(slots) if action.name == "complete")
    click(qtbot, window.panel.command_buttons[index])  # a command button, not a card
    assert window.last_outcome.kind == "input_needed"
    assert window.override.isVisible()
    dialog = open_dialog(station, qtbot)

    other = station.store.conn.execute(
        "SELECT id FROM packages WHERE archived = 0 AND id != ? ORDER BY id LIMIT 1",
        (first["id"],)).fetchone()[0]
    # A scan cannot switch package while the dialog asks (tests/ui/packing/
    # test_blocked_scans.py); should the package change any other way, the PIN is not used.
    window.session.open_package(other)
    qtbot.keyClicks(dialog.name_field, SUPERVISOR)
    qtbot.keyClicks(dialog.pin_field, PIN)
    click(qtbot, dialog.ok_button())

    assert window.last_outcome.kind == "error"
    assert "Override NOT used" in window.banner.message
    assert not dialog.isVisible()
    assert not [e for e in outbox.entries(station.store) if e.command_type
                and any(c.completes and c.command_type == e.command_type for c in commands)]
    assert not [row for row in outbox.audit_trail(station.store) if row["action"] == "override"]
