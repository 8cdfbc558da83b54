"""ScannerCapture: a burst becomes exactly one `scanned`, typing stays typing.

Keys are typed like the platform delivers them (see conftest.Keyboard): to the
window, with chosen timestamps, so "fast" and "slow" are exact, not races.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLineEdit, QPushButton, QVBoxLayout, QWidget

from station.scanning.keyboard import LAYOUT_TEST_CODE, KeyboardLayout, as_typed
from tests.ui.conftest import Keyboard
from ui.scanner.capture import (
    ArmedIndicator,
    ScannerCapture,
    ScannerSettings,
    Terminator,
    check_test_scan,
)

HUMAN_GAP_MS = 150  # a brisk typist
EAN = "8690000000012"


class KeyLog(QLineEdit):
    """A line edit that also records every key press it receives."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[int] = []

    def keyPressEvent(self, event) -> None:
        self.keys.append(event.key())
        super().keyPressEvent(event)


@pytest.fixture
def capture(qapp):
    capture = ScannerCapture()
    capture.install(qapp)
    yield capture
    capture.uninstall()


@pytest.fixture
def scans(capture) -> list[str]:
    received: list[str] = []
    capture.scanned.connect(received.append)
    return received


@pytest.fixture
def form(qtbot):
    window = QWidget()
    layout = QVBoxLayout(window)
    window.edit = KeyLog()
    window.other = QLineEdit()
    layout.addWidget(window.edit)
    layout.addWidget(window.other)
    qtbot.addWidget(window)
    window.show()
    window.edit.setFocus()
    return window


def wait_until_idle(qtbot, capture) -> None:
    """Held keys are resolved by a short timer; wait for it (outcome, not timing)."""
    qtbot.waitUntil(lambda: capture.pending_keys == 0, timeout=2000)


# --- scans ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("terminator", "seen"),
    [("\r", Terminator.ENTER), ("\t", Terminator.TAB), ("\r\n", Terminator.CRLF)],
)
def test_burst_with_terminator_is_one_scan(capture, scans, form, keyboard, terminator, seen):
    keyboard.scan(form.edit, EAN, terminator)

    assert scans == [EAN]
    assert capture.last_terminator is seen
    assert form.edit.text() == ""
    assert capture.pending_keys == 0


def test_burst_without_terminator_is_a_scan_after_idle(capture, form, keyboard, qtbot):
    with qtbot.waitSignal(capture.scanned, timeout=2000) as signal:
        keyboard.scan(form.edit, "PKG-000123", terminator="")

    assert signal.args == ["PKG-000123"]
    assert capture.last_terminator is Terminator.NONE
    assert form.edit.text() == ""


def test_burst_does_not_touch_text_already_in_the_field(capture, scans, form, keyboard):
    form.edit.setText("sku 12")

    keyboard.scan(form.edit, EAN)

    assert scans == [EAN]
    assert form.edit.text() == "sku 12"


def test_scanner_tab_does_not_move_focus_but_a_typed_tab_does(
    capture, scans, form, keyboard, qtbot
):
    keyboard.scan(form.edit, EAN, "\t")
    assert form.focusWidget() is form.edit

    keyboard.key(form.edit, Qt.Key.Key_Tab, "\t", after_ms=HUMAN_GAP_MS)
    assert form.focusWidget() is form.other


def test_two_scans_in_a_row_are_two_scans(capture, scans, form, keyboard):
    keyboard.scan(form.edit, "AAA111", "\r\n")
    keyboard.now_ms += 300  # the packer picks up the next item
    keyboard.scan(form.edit, "BBB222", "\r\n")

    assert scans == ["AAA111", "BBB222"]


def test_non_ascii_scan_arrives_exactly(capture, scans, form, keyboard):
    keyboard.scan(form.edit, "ĞÜŞİÖÇ-ığüşöç 42")

    assert scans == ["ĞÜŞİÖÇ-ığüşöç 42"]
    assert form.edit.text() == ""


def test_modifier_keys_neither_break_a_burst_nor_become_text(capture, scans, form, keyboard):
    for char in "AbC9":
        keyboard.key(form.edit, Qt.Key.Key_Shift, after_ms=2)
        keyboard.type(form.edit, char, gap_ms=3)
    keyboard.key(form.edit, Qt.Key.Key_Return, "\r", after_ms=3)

    assert scans == ["AbC9"]


def test_gs1_group_separator_is_part_of_the_scan(capture, scans, form, keyboard):
    keyboard.type(form.edit, "0108690000000012", gap_ms=4)
    ctrl = Qt.KeyboardModifier.ControlModifier
    keyboard.key(form.edit, Qt.Key.Key_BracketRight, "\x1d", ctrl, after_ms=4)  # Ctrl+] = GS
    keyboard.scan(form.edit, "21SN1", gap_ms=4)

    assert scans == ["0108690000000012\x1d21SN1"]


def test_keys_without_timestamps_are_timed_by_the_injected_clock(qapp, form, qtbot):
    keyboard = Keyboard(timestamps=False)
    capture = ScannerCapture(clock=keyboard.clock)
    capture.install(qapp)
    scans: list[str] = []
    capture.scanned.connect(scans.append)
    try:
        keyboard.scan(form.edit, EAN)
        keyboard.type(form.edit, "abc", gap_ms=HUMAN_GAP_MS)
        wait_until_idle(qtbot, capture)
    finally:
        capture.uninstall()

    assert scans == [EAN]
    assert form.edit.text() == "abc"


# --- typing stays typing -----------------------------------------------------------


def test_slow_typing_reaches_the_field_unchanged(capture, scans, form, keyboard, qtbot):
    keyboard.type(form.edit, "Kutu 3 ığ", gap_ms=HUMAN_GAP_MS)
    keyboard.key(form.edit, Qt.Key.Key_Backspace, after_ms=HUMAN_GAP_MS)
    wait_until_idle(qtbot, capture)

    assert form.edit.text() == "Kutu 3 ı"
    assert scans == []


def test_typed_enter_reaches_the_field(capture, scans, form, keyboard, qtbot):
    with qtbot.waitSignal(form.edit.returnPressed, timeout=2000):
        keyboard.type(form.edit, "42", gap_ms=HUMAN_GAP_MS)
        keyboard.key(form.edit, Qt.Key.Key_Return, "\r", after_ms=HUMAN_GAP_MS)

    assert form.edit.text() == "42"
    assert scans == []


def test_two_fast_keys_are_too_short_for_a_scan_and_are_given_back(
    capture, scans, form, keyboard, qtbot
):
    keyboard.type(form.edit, "ok", gap_ms=15)  # a rolled digraph
    wait_until_idle(qtbot, capture)

    assert form.edit.text() == "ok"
    assert scans == []


def test_held_down_key_repeats_into_the_field(capture, scans, form, keyboard, qtbot):
    keyboard.type(form.edit, "a", gap_ms=HUMAN_GAP_MS)
    for _ in range(5):  # auto-repeat comes every ~30 ms: as fast as a scanner types
        keyboard.key(form.edit, Qt.Key.Key_A, "a", after_ms=30, auto_repeat=True)
    wait_until_idle(qtbot, capture)

    assert form.edit.text() == "aaaaaa"
    assert scans == []


def test_uninstall_gives_back_held_keys(qapp, form, keyboard):
    capture = ScannerCapture()
    capture.install(qapp)
    keyboard.type(form.edit, "x", gap_ms=HUMAN_GAP_MS)
    assert capture.pending_keys == 1

    capture.uninstall()

    assert form.edit.text() == "x"


# --- buttons, dialogs, busy windows, command keys ------------------------------------


@pytest.fixture
def dialog(qtbot):
    dialog = QDialog()
    layout = QVBoxLayout(dialog)
    dialog.button = QPushButton("Print label")
    dialog.button.setDefault(True)
    layout.addWidget(dialog.button)
    qtbot.addWidget(dialog)
    dialog.open()  # window-modal, like the app's dialogs
    dialog.button.setFocus()
    return dialog


def test_scanner_enter_does_not_click_a_focused_button(capture, scans, dialog, keyboard, qtbot):
    clicks: list[str] = []
    dialog.button.clicked.connect(lambda: clicks.append("clicked"))

    keyboard.scan(dialog.button, EAN)
    assert scans == [EAN]
    assert clicks == []
    assert dialog.isVisible()  # the default button did not accept the dialog

    keyboard.key(dialog.button, Qt.Key.Key_Return, "\r", after_ms=HUMAN_GAP_MS)
    assert clicks == ["clicked"]  # a person's Enter still works


def test_scan_while_a_modal_dialog_is_open_is_emitted(capture, scans, form, dialog, keyboard):
    dialog.setModal(True)
    assert dialog.isVisible()

    keyboard.scan(dialog.button, "PKG-1", "\r\n")

    assert scans == ["PKG-1"]
    assert form.edit.text() == ""


def test_scan_while_the_window_is_busy_is_emitted(capture, scans, form, keyboard):
    form.setEnabled(False)  # e.g. while a command is being saved

    keyboard.scan(form, EAN)

    assert scans == [EAN]


def test_function_keys_and_escape_pass_through_even_mid_burst(capture, scans, form, keyboard):
    keyboard.type(form.edit, "AB", gap_ms=5)
    keyboard.key(form.edit, Qt.Key.Key_F2, after_ms=5)
    keyboard.scan(form.edit, "CD", gap_ms=5)
    keyboard.key(form.edit, Qt.Key.Key_Escape, after_ms=HUMAN_GAP_MS)

    assert scans == ["ABCD"]
    assert Qt.Key.Key_F2 in form.edit.keys
    assert Qt.Key.Key_Escape in form.edit.keys
    assert form.edit.text() == ""


def test_shortcuts_see_f_keys_but_not_a_scanners_enter(qapp, form, qtbot):
    # Real platform path (QTest on the QWindow runs the shortcut map). Real timestamps:
    # the generous gap makes the outcome independent of how loaded the machine is.
    capture = ScannerCapture(ScannerSettings(max_key_gap_ms=5000, idle_timeout_ms=10_000))
    capture.install(qapp)
    fired: list[str] = []
    for key in ("F2", "Return"):
        QShortcut(QKeySequence(key), form).activated.connect(lambda key=key: fired.append(key))
    form.activateWindow()
    qtbot.waitUntil(lambda: qapp.focusWindow() is form.windowHandle())
    scans: list[str] = []
    capture.scanned.connect(scans.append)
    try:
        for char in "ABC123":
            QTest.keyClick(form.windowHandle(), char)
        QTest.keyClick(form.windowHandle(), Qt.Key.Key_Return)
        QTest.keyClick(form.windowHandle(), Qt.Key.Key_F2)
    finally:
        capture.uninstall()

    assert scans == ["ABC123"]
    assert fired == ["F2"]


# --- armed -------------------------------------------------------------------------


def test_armed_follows_install_and_application_state(qapp, qtbot):
    capture = ScannerCapture()
    indicator = ArmedIndicator(capture)
    qtbot.addWidget(indicator)
    assert not capture.armed
    assert indicator.text() == ArmedIndicator.NOT_READY_TEXT

    with qtbot.waitSignal(capture.armed_changed) as changed:
        capture.install(qapp)
        qapp.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    assert changed.args == [True]
    assert indicator.text() == ArmedIndicator.READY_TEXT

    qapp.applicationStateChanged.emit(Qt.ApplicationState.ApplicationInactive)  # user left
    assert not capture.armed
    assert indicator.text() == ArmedIndicator.NOT_READY_TEXT

    qapp.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    assert indicator.armed
    capture.uninstall()
    assert not capture.armed
    assert not indicator.armed


# --- first-run scanner test ----------------------------------------------------------


def test_scanner_test_end_to_end_reports_crlf(capture, scans, form, keyboard):
    keyboard.scan(form.edit, LAYOUT_TEST_CODE, "\r\n")

    result = check_test_scan(LAYOUT_TEST_CODE, scans[0], capture.last_terminator)

    assert result.ok
    assert result.terminator_seen is Terminator.CRLF
    assert "CR+LF" in result.message


def test_scanner_test_names_a_layout_mismatch():
    got = as_typed(LAYOUT_TEST_CODE, KeyboardLayout.TURKISH_Q)

    result = check_test_scan(LAYOUT_TEST_CODE, got, "enter")

    assert not result.ok
    assert result.terminator_seen is Terminator.ENTER
    assert "Turkish Q" in result.message


def test_scanner_test_without_terminator_advises_enter():
    result = check_test_scan(LAYOUT_TEST_CODE, LAYOUT_TEST_CODE, "none")

    assert result.ok
    assert "sends no Enter" in result.message


@pytest.mark.parametrize(
    "bad",
    [{"min_length": 0}, {"max_key_gap_ms": -1}, {"idle_timeout_ms": 10, "max_key_gap_ms": 40}],
)
def test_settings_reject_nonsense(bad):
    with pytest.raises(ValueError, match="ScannerSettings"):
        ScannerSettings(**bad)
