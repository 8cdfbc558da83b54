"""The Station menu (Sync now, Go offline/online, Scanner test…, Needs attention,
History, Quit) and the scanner test dialog, on real widgets: the station is built
on a database synced from an in-process simulator, scans are typed like a scanner
(tests/ui/conftest.Keyboard) and reach the dialog through ScannerCapture."""

from __future__ import annotations

from station import outbox
from station.scanning.keyboard import LAYOUT_TEST_CODE, KeyboardLayout, as_typed
from ui.app import Station
from ui.scanner.check_dialog import PROMPT

LOCATION = 1


def menu_texts(station: Station) -> list[str]:
    menu = station.window.menuBar().actions()[0].menu()  # Station ▸ (View ▸ is next)
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_station_menu_lists_every_action(make_station):
    assert menu_texts(make_station(online=True)) == [
        "Sync now", "Go offline", "Scanner test…", "Needs attention", "History",
        "Packed today…", "Statistics…", "Switch packer…", "Print jobs…", "Settings…",
        "Sign out", "Quit",
    ]


def test_sync_now_runs_a_sync(make_station, qtbot):
    station = make_station(online=True)
    assert station.sync is not None
    qtbot.waitUntil(lambda: "Online" in station.window.online_label.text(), timeout=10_000)
    # The interval is an hour: only Sync now can make another sync happen.
    with qtbot.waitSignal(station.sync.synced, timeout=10_000):
        station.window.sync_action.trigger()


def test_going_offline_stops_syncing_and_sending(make_station, qtbot, keyboard):
    station = make_station(online=True)
    window = station.window
    qtbot.waitUntil(lambda: "Online" in window.online_label.text(), timeout=10_000)
    wakes: list[None] = []
    window.command_queued.connect(lambda: wakes.append(None))

    window.offline_action.trigger()
    assert window.online_label.text() == "○ Offline (by choice)"
    assert window.offline_action.text() == "Go online"
    assert not window.sync_action.isEnabled()
    assert station.sync is not None and not station.sync.running
    # Stopping is a request (never a join on the UI thread): the worker ends by itself.
    assert station.delivery is not None and not station.delivery.running
    qtbot.waitUntil(lambda: not station.delivery.worker.running, timeout=10_000)

    number = station.store.conn.execute(
        "SELECT number FROM packages WHERE archived = 0 AND state_enum = '100' LIMIT 1"
    ).fetchone()[0]
    keyboard.scan(window, number, "\r")  # Waiting → Preparing is queued, not sent
    qtbot.waitUntil(lambda: bool(window.last_outcome and window.last_outcome.outbox_id))
    assert wakes == []
    assert outbox.counts(station.store) == {"pending": 1}

    window.offline_action.trigger()  # Go online: the queued command is delivered
    assert window.offline_action.text() == "Go offline"
    qtbot.waitUntil(lambda: outbox.counts(station.store).get("done") == 1, timeout=10_000)
    qtbot.waitUntil(lambda: "Online" in window.online_label.text(), timeout=10_000)
    assert wakes


def test_offline_station_cannot_toggle_or_sync(make_station):
    window = make_station(online=False).window
    assert not window.offline_action.isEnabled()
    assert not window.sync_action.isEnabled()
    assert window.online_label.text() == "○ Offline"
    assert window.online_label.toolTip() == "no OMS configured"


def test_attention_history_and_quit_actions(make_station, qtbot):
    window = make_station(online=False).window
    window.attention_action.trigger()
    assert window.attention is not None and window.attention.isVisible()
    window.history_action.trigger()
    assert window.history is not None and window.history.isVisible()
    window.quit_action.trigger()
    assert not window.isVisible()


def open_test(station: Station, qtbot):
    station.window.scanner_test_action.trigger()
    dialog = station.window.scanner_test
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.result_label.text() == PROMPT
    assert not dialog.barcode_label.pixmap().isNull()
    return dialog


def test_scanner_test_passes_and_names_enter(make_station, qtbot, keyboard):
    station = make_station(online=False)
    dialog = open_test(station, qtbot)
    keyboard.scan(dialog, LAYOUT_TEST_CODE, "\r")
    qtbot.waitUntil(lambda: dialog.scan_result is not None)
    assert dialog.scan_result.ok
    assert "Enter" in dialog.result_label.text()
    assert station.window.last_outcome is None  # the test scan did not reach packing


def test_scanner_test_names_cr_lf(make_station, qtbot, keyboard):
    station = make_station(online=False)
    dialog = open_test(station, qtbot)
    keyboard.scan(dialog, LAYOUT_TEST_CODE, "\r\n")
    qtbot.waitUntil(lambda: dialog.scan_result is not None)
    assert dialog.scan_result.ok
    assert dialog.scan_result.terminator_seen == "crlf"


def test_scanner_test_names_the_turkish_layout(make_station, qtbot, keyboard):
    station = make_station(online=False)
    dialog = open_test(station, qtbot)
    keyboard.scan(dialog, as_typed(LAYOUT_TEST_CODE, KeyboardLayout.TURKISH_Q), "\r")
    qtbot.waitUntil(lambda: dialog.scan_result is not None)
    assert not dialog.scan_result.ok
    assert "Turkish" in dialog.result_label.text()


def test_scans_go_back_to_packing_after_the_test(make_station, qtbot, keyboard):
    station = make_station(online=False)
    dialog = open_test(station, qtbot)
    dialog.reject()
    assert station.window.scanner_test is None
    keyboard.scan(station.window, LAYOUT_TEST_CODE, "\r")
    assert station.window.last_outcome is not None  # packing judged it (an unknown code)
