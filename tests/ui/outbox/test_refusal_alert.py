"""A package OMS refused after the packer finished it cannot be missed (issue 13): the
real window on a database synced from the in-process simulator; the packer completes a
package while OMS, meanwhile, sends it elsewhere; delivery is refused (conflict) and
the alarm strip, the alarm sound and the Needs attention badge name it. Scans go on
under the alarm; only the packer takes it down. Other refusals change the badge only.
The empty Needs attention screen reads as good news, not in red."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from station import outbox
from station.messages import msg
from station.outbox.refusal import Refusal, refusal_of
from station.store import open_store, package_detail
from tests.ui.packing.test_main_window import scan, waiting_package
from tests.unit.outbox.test_refusal import deliver, waiting_command
from ui.app import Station
from ui.feedback.banner import KIND_STYLES, FeedbackKind
from ui.outbox.refusal_alert import REPEAT_MS, RefusalAlert

SCREENSHOT = Path("/tmp/alerts/alarm.png")


def alert_of(station: Station) -> RefusalAlert:
    alert = station.window.findChild(RefusalAlert)
    assert alert is not None, "build_station attaches the alarm to every online window"
    return alert


def heard(station: Station) -> list[str]:
    """Every sound the window asks for from now on (the player records it even where
    this machine has no audio device)."""
    sounds: list[str] = []
    station.window.sound.requested.connect(sounds.append)
    return sounds


def item_codes(station: Station, package_id: int) -> list[str]:
    detail = package_detail(station.store, package_id)
    return [i["product_barcode"] or i["product_sku"] for i in detail["items"]
            if str(i["state_enum"]) != "600"]


def go(station: Station, qtbot, *, online: bool) -> None:
    station.window.set_offline_by_choice(not online)
    if not online:  # the delivery threads end before OMS changes behind our back
        qtbot.waitUntil(lambda: not station.delivery.worker.running, timeout=10_000)


def refused_completion(station: Station, keyboard, qtbot, sim) -> dict[str, Any]:
    """Start preparing (delivered), then — offline — OMS refuses the package elsewhere
    while the packer scans every item and completes it ("Package done.")."""
    window = station.window
    qtbot.waitUntil(lambda: "Online" in window.online_label.text(), timeout=10_000)
    package = waiting_package(station)
    scan(keyboard, qtbot, station, package["number"])  # auto start preparing: delivered
    qtbot.waitUntil(lambda: outbox.counts(station.store).get("done") == 1, timeout=10_000)
    go(station, qtbot, online=False)
    sim.apply_command_as_other_station(package["id"], "REFUSE_PACKAGE")
    for code in item_codes(station, package["id"]):
        scan(keyboard, qtbot, station, code)
    scan(keyboard, qtbot, station, "CMD:COMPLETE")
    assert window.last_outcome.kind == "saved", window.banner.message
    assert "done" in window.banner.message.lower()  # what the packer saw
    assert window.session.package_id is None  # and the bench closed the package
    package["entry_id"] = window.last_outcome.outbox_id
    return package


def test_a_refused_completion_raises_an_alarm_that_scans_do_not_hide(
        make_station, keyboard, qtbot, sim):
    station = make_station(online=True)
    window, alert = station.window, alert_of(station)
    package = refused_completion(station, keyboard, qtbot, sim)
    sounds = heard(station)
    assert not alert.strip.isVisible()

    go(station, qtbot, online=True)
    qtbot.waitUntil(lambda: alert.is_up, timeout=10_000)
    assert outbox.get_entry(station.store, package["entry_id"]).status == "conflict"
    assert alert.strip.isVisible()
    assert f"OMS refused package {package['number']}" in alert.text
    assert "Needs Rescheduling" in alert.text and "Open Needs attention" in alert.text
    assert alert.strip.banner.kind is FeedbackKind.ALARM
    assert sounds == ["alarm"]
    assert window.attention_button.isVisible()
    assert window.attention_button.text() == "Needs attention (1)"
    assert "#c62828" in window.attention_button.styleSheet()  # the badge is red
    assert window.attention_action.text() == "Needs attention (1)"
    assert QApplication.focusWidget() is window.scan_field  # the alarm took no focus
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(SCREENSHOT))

    # The next scan: the banner changes, the alarm stays where it was, above it.
    other = waiting_package(station)
    scan(keyboard, qtbot, station, other["number"])
    assert window.banner.kind is FeedbackKind.OK and other["number"] in window.banner.message
    assert alert.strip.isVisible() and f"package {package['number']}" in alert.text
    strip_bottom = alert.strip.mapTo(window, alert.strip.rect().bottomLeft()).y()
    assert strip_bottom < window.banner.mapTo(window, window.banner.rect().topLeft()).y()
    assert window.grab().save(str(SCREENSHOT.with_name("alarm_after_next_scan.png")))

    # Not acknowledged: it sounds once more after REPEAT_MS, and only once.
    qtbot.waitUntil(lambda: sounds.count("alarm") == 2, timeout=REPEAT_MS + 3000)
    qtbot.wait(300)
    assert sounds.count("alarm") == 2

    # Acknowledged from the strip: Needs attention opens on that entry; the strip goes.
    qtbot.mouseClick(alert.strip.open_button, Qt.MouseButton.LeftButton)
    assert not alert.is_up and not alert.strip.isVisible()
    assert window.attention is not None and window.attention.isVisible()
    assert window.attention.selected().id == package["entry_id"]
    assert window.attention_button.text() == "Needs attention (1)"  # still to settle


def test_the_badge_opens_on_the_entry_and_seen_takes_the_alarm_down(
        make_station, keyboard, qtbot, sim):
    station = make_station(online=True)
    window, alert = station.window, alert_of(station)
    package = refused_completion(station, keyboard, qtbot, sim)
    go(station, qtbot, online=True)
    qtbot.waitUntil(lambda: alert.is_up, timeout=10_000)

    qtbot.mouseClick(window.attention_button, Qt.MouseButton.LeftButton)  # the badge
    assert window.attention.isVisible()
    assert window.attention.selected().id == package["entry_id"]
    assert not alert.is_up and not alert.strip.isVisible()  # opening it was seeing it
    window.attention.hide()

    refused = outbox.get_entry(station.store, package["entry_id"])
    alert.raise_alarm(refusal_of(station.store, refused))  # the same alarm once more
    assert alert.strip.isVisible()
    qtbot.mouseClick(alert.strip.seen_button, Qt.MouseButton.LeftButton)
    assert not alert.is_up and not alert.strip.isVisible()
    assert not window.attention.isVisible()  # "Seen" opens nothing
    assert window.attention_button.text() == "Needs attention (1)"  # still to settle


def test_a_refused_start_raises_no_alarm_only_the_badge(make_station, keyboard, qtbot, sim):
    station = make_station(online=True)
    window, alert = station.window, alert_of(station)
    qtbot.waitUntil(lambda: "Online" in window.online_label.text(), timeout=10_000)
    go(station, qtbot, online=False)
    package = waiting_package(station)
    sim.apply_command_as_other_station(package["id"], "REFUSE_PACKAGE")
    scan(keyboard, qtbot, station, package["number"])  # start preparing: not "done"
    sounds = heard(station)

    go(station, qtbot, online=True)
    qtbot.waitUntil(lambda: outbox.counts(station.store).get("conflict") == 1, timeout=10_000)
    qtbot.waitUntil(lambda: window.attention_action.text() == "Needs attention (1)",
                    timeout=5_000)
    assert window.attention_button.text() == "Needs attention (1)"
    assert not alert.is_up and not alert.strip.isVisible()
    assert "alarm" not in sounds


def test_the_empty_needs_attention_screen_is_good_news_not_red(make_station):
    station = make_station()
    attention = station.window.open_attention()
    assert attention.message.text() == "Nothing needs you. Every command is delivered."
    image = attention.grab().toImage()
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    assert image.save(str(SCREENSHOT.with_name("attention_empty.png")))
    message = attention.message.geometry()
    background = image.pixelColor(message.left() + 4, message.center().y())
    red = QColor(KIND_STYLES[FeedbackKind.ERROR].background)
    assert background.greenF() > background.redF(), background.name()  # green, not red
    assert background != red
    assert attention.title.text() == "Needs attention (0)"

    # Offline with a command queued: still good news, and still true.
    station.window.handle_scan(waiting_package(station)["number"])  # start preparing
    attention.refresh()
    assert attention.message.text() == "Nothing needs you. 1 still on their way to OMS."
    assert "#e8f5e9" in attention.message.styleSheet()


def test_two_refusals_name_the_newest_and_count_the_other(make_station):
    station = make_station()  # offline: the alarm is driven directly, no delivery here
    window = station.window
    alert = RefusalAlert(window, sound=window.sound, repeat_ms=60_000)
    sounds = heard(station)
    first = Refusal("e1", 1, "P-111", "Complete packaging", "conflict", True,
                    msg("it is {state} on OMS now", state="Cancelled"))
    alert.raise_alarm(first)
    alert.raise_alarm(dataclasses.replace(first, entry_id="e2", number="P-222"))
    assert alert.text.startswith("OMS refused package P-222: it is Cancelled on OMS now.")
    assert alert.text.endswith("1 more refused too.")
    assert [r.entry_id for r in alert.refusals] == ["e1", "e2"]
    assert sounds == ["alarm", "alarm"]
    alert.acknowledge()
    assert alert.refusals == [] and alert.text == ""


# --- refused while the app was closed: raised at start-up, once -------------------------


def refused_while_closed(db_path: Path, sim) -> dict[str, Any]:
    """Before the app starts: a completion is queued, OMS sends the package elsewhere,
    and a command-line drain delivers it — refused, with nobody at the screen."""
    with open_store(db_path) as store:
        package_id, number, spec = waiting_command(store, "COMPLETE_PACKAGING")
        entry = outbox.enqueue_command(store, package_id=package_id, spec=spec,
                                       input_parameters={}, packer="tester")
    sim.apply_command_as_other_station(package_id, "REFUSE_PACKAGE")
    deliver(sim, db_path)
    with open_store(db_path) as store:
        assert outbox.get_entry(store, entry.id).status == "conflict"
    return {"id": package_id, "number": number, "entry_id": entry.id}


def test_a_completion_refused_while_the_app_was_closed_raises_the_alarm_at_start_once(
        make_station, qtbot, sim, db_path):
    package = refused_while_closed(db_path, sim)
    station = make_station(online=True)
    window, alert = station.window, alert_of(station)
    qtbot.waitUntil(lambda: alert.is_up, timeout=10_000)
    assert alert.unseen_found == 1
    assert f"OMS refused package {package['number']}" in alert.text
    assert [r.entry_id for r in alert.refusals] == [package["entry_id"]]
    assert alert.strip.isVisible() and QApplication.focusWidget() is window.scan_field

    qtbot.mouseClick(alert.strip.seen_button, Qt.MouseButton.LeftButton)
    assert not alert.is_up
    seen = [row for row in outbox.audit_trail(station.store) if row["action"] == "refusal_seen"]
    assert [(row["outbox_id"], row["packer"]) for row in seen] == [
        (package["entry_id"], "tester")]

    # The next start (its check, on the same database): seen once is seen for good.
    again = RefusalAlert(window, sound=window.sound, repeat_ms=60_000)
    sounds = heard(station)
    again.check_unseen()
    qtbot.waitUntil(lambda: again.unseen_found is not None, timeout=10_000)
    assert again.unseen_found == 0 and not again.is_up and sounds == []
    assert window.attention_button.text() == "Needs attention (1)"  # still to settle


def test_the_start_up_alarm_sounds_once_and_goes_when_the_entry_is_settled_elsewhere(
        make_station, qtbot, sim, db_path):
    package = refused_while_closed(db_path, sim)
    station = make_station()  # offline: the alarm is attached by hand, sound heard from 0
    window = station.window
    alert = RefusalAlert(window, sound=window.sound, repeat_ms=60_000)
    sounds = heard(station)
    alert.check_unseen()
    qtbot.waitUntil(lambda: alert.is_up, timeout=10_000)
    assert sounds == ["alarm"]

    with open_store(db_path) as cli:  # `packing-station outbox discard` in another process
        outbox.discard(cli, package["entry_id"], packer="ann")
    with qtbot.waitSignal(alert.cleared, timeout=5_000):
        alert.on_delivery_event("done", "another-entry")  # the next delivery re-reads
    assert not alert.is_up and not alert.strip.isVisible()
    assert not [row for row in outbox.audit_trail(station.store)
                if row["action"] == "refusal_seen"]  # nobody saw it: it was settled
