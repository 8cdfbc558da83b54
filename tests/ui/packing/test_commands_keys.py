"""The command row never moves: in every package state (synced Waiting, Preparing,
Ready…, and after an offline command) each slot holds the same action with the same
key and card, greyed when its transition is not offered; every key sends its card."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest

from station.packing import PackingConfig, PackingSession
from station.packing.catalogue import CATALOGUE
from station.store import open_store
from ui.packing.panel import PackagePanel


def views_in_every_state(db_path):
    """One view per distinct local state of the cache, plus one after an offline
    "start preparing" (the learned graph stands in for OMS's `commands`)."""
    with open_store(db_path) as store:
        session = PackingSession(store, packer="keys", config=PackingConfig(
            auto_start_preparing=False))
        ids = [row[0] for row in store.conn.execute(
            "SELECT min(id) FROM packages WHERE archived = 0 GROUP BY state_id")]
        views = [session._load(package_id) for package_id in ids]
        waiting = next(v for v in views if v.state_enum == "100")
        session.open_package(waiting.package_id)
        assert session.handle_scan("CMD:START_PREPARING").kind == "saved"
        views.append(session.view)
    assert len({v.local_state_id for v in views}) >= 3
    return views


def test_every_action_keeps_its_slot_key_and_card_in_every_state(qtbot, db_path):
    panel = PackagePanel()
    qtbot.addWidget(panel)
    seen_enabled: set[str] = set()
    for view in views_in_every_state(db_path):
        panel.show_view(view)
        assert len(panel.command_buttons) == len(CATALOGUE.slots)
        for button, action in zip(panel.command_buttons, CATALOGUE.slots, strict=True):
            first_line, card = button.text().split("\n")
            assert first_line.startswith(f"{action.key}  {action.label}"), (view.state_name,
                                                                            button.text())
            assert card == action.card
            found = CATALOGUE.find(action.name, view.commands)
            assert button.isEnabled() == (found is not None or action.local)
            if found is not None:
                seen_enabled.add(action.name)
                assert found.label in first_line  # OMS's label beside the station's name
    # The states reached put most OMS actions in their slots at least once.
    assert {"start_preparing", "ready", "complete", "out_of_stock", "defective",
            "refuse", "block"} <= seen_enabled


def test_every_key_sends_its_card_whether_available_or_greyed(qtbot, qapp):
    panel = PackagePanel()
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    qtbot.waitUntil(lambda: qapp.focusWindow() is panel.windowHandle())
    sent: list[str] = []
    panel.card_clicked.connect(sent.append)
    panel.show_view(None)  # nothing open: every slot greyed, keys still answer
    for action in CATALOGUE.actions:
        QTest.keySequence(panel.windowHandle(), QKeySequence(action.key))
    assert sent == [action.card for action in CATALOGUE.actions]
    assert not any(button.isEnabled() for button in panel.command_buttons)


def test_keys_reach_the_session_from_the_packing_window(make_station, qtbot, qapp):
    """Through the real shortcut map of the window, with the scan field focused: the
    keys beyond F1–F12 too (OK, Cancel, Remove)."""
    station = make_station()
    window = station.window
    window.activateWindow()
    qtbot.waitUntil(lambda: qapp.focusWindow() is window.windowHandle())
    number = station.store.conn.execute(
        "SELECT number FROM packages WHERE archived = 0 AND state_enum = '100' "
        "ORDER BY id LIMIT 1").fetchone()[0]
    window.handle_scan(number)
    pressed = [("Ctrl+Return", "Nothing to confirm"), ("Shift+F12", "Scan the item to take"),
               ("Ctrl+F12", "Cancelled"), ("F12", "Nothing to undo"),
               ("Ctrl+F12", "closed: nothing sent")]
    for key, said in pressed:
        before = window.last_outcome
        QTest.keySequence(window.windowHandle(), QKeySequence(key))
        qtbot.waitUntil(lambda before=before: window.last_outcome is not before, timeout=2000)
        assert said in window.last_outcome.message, (key, window.last_outcome.message)
    assert window.session.package_id is None
