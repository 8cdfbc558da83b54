"""Application-wide capture of a keyboard-wedge barcode scanner.

Owns the decision "is this key a scan or a person typing?" for every key the
application receives, the `ArmedIndicator` that tells the packer whether scans
will be heard, and the first-run scanner test (`check_test_scan`). What a scan
*means* is station.scanning.interpret's job: `scanned` carries the raw text.

How a scan is recognised
- A scanner types a burst: keys closer than `max_key_gap_ms` (default 40 ms;
  people rarely sustain < 80 ms) continue a burst. A burst of at least
  `min_length` characters ended by Enter/Return, Tab, CR+LF, or by
  `idle_timeout_ms` of silence is one scan. A second terminator right after a
  scan (the LF of CR+LF) is swallowed, so CR+LF never makes an empty scan.
- Key times come from QKeyEvent.timestamp() (the windowing system's clock), or
  from the injectable `clock` when an event has none. Because bursts are judged by
  the keys' own timestamps, a GUI thread that is busy for seconds loses nothing:
  the queued keys arrive late but keep their timing.
- Keys are taken where the platform first delivers them: at their QWindow (the
  app-level filter sees every window, also modal dialogs and disabled/busy
  windows). Widget-level deliveries of the same key are Qt forwarding it and are
  left alone, so each physical key is judged exactly once. (So a test that sends
  keys straight to a widget, e.g. QTest.keyClick(widget), bypasses the capture:
  type at the window instead, see tests/ui/conftest.py.)
- Which keys are text, terminators or commands: ui/scan_keys.py.
- Modifiers (Shift, Ctrl, AltGr…) never break a burst nor become text. F1–F35 and
  Escape are never captured: they are the command shortcuts and pass straight
  through. Auto-repeat (a held key) is always a person.

The trade-off (buffer, then hand back)
A scan must not leave characters in the focused text field, but nobody can tell
a scan from typing at the first key. So every printable key is held back first.
If no second key follows within the gap (plus a small delivery margin: about
65 ms in all), or the burst ends shorter than `min_length`, the held keys are
re-sent to the window they were meant for, in order, so nothing typed is lost.
Costs: each typed key appears ~65 ms late; shortcuts bound to plain printable
keys cannot fire in the middle of a fast burst; a person typing 3+ keys faster
than the gap would be taken for a scanner (real typing essentially never
sustains that). If the GUI thread stalls longer than the margin between the
first two keys of a scan, the first key is handed back and the rest still
arrive as a (shorter) scan: station.scanning.interpret then reports an unknown code —
visible, never silent. The same happens to typing queued behind a stall only on
platforms that give keys no timestamp (the clock then sees no gaps).

`scanned` is emitted synchronously while the key event is being handled, so
feedback can be painted in the same frame. Receivers must not block; one that
needs a modal dialog should open it with a queued call.
"""

from __future__ import annotations

import enum
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QWindow
from PySide6.QtWidgets import QLabel, QWidget

from station.scanning.keyboard import detect_layout_mismatch
from ui.i18n import QT_TRANSLATE_NOOP, render
from ui.scanner.keys import HeldKey, KeyKind, classify

__all__ = [
    "ArmedIndicator",
    "ScannerCapture",
    "ScannerSettings",
    "ScannerTestResult",
    "Terminator",
    "check_test_scan",
]

# Extra wait before handing back held keys: event delivery jitter on a loaded machine.
_DELIVERY_MARGIN_MS = 25
_KEY_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.KeyRelease})


class Terminator(enum.StrEnum):
    """What ended the last scan."""

    ENTER = "enter"
    TAB = "tab"
    CRLF = "crlf"
    NONE = "none"  # the burst just stopped (idle timeout)


_TERMINATORS = {
    KeyKind.ENTER: Terminator.ENTER,
    KeyKind.TAB: Terminator.TAB,
    KeyKind.LF: Terminator.ENTER,
}


@dataclass(frozen=True)
class ScannerSettings:
    """Per-station timing of scanner recognition (all times in ms)."""

    max_key_gap_ms: int = 40
    min_length: int = 3
    idle_timeout_ms: int = 100
    second_terminator_ms: int = 60

    def __post_init__(self) -> None:
        for name in ("max_key_gap_ms", "min_length", "idle_timeout_ms", "second_terminator_ms"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"ScannerSettings.{name} must be a positive int, got {value!r}")
        if self.idle_timeout_ms < self.max_key_gap_ms:
            raise ValueError(
                f"ScannerSettings.idle_timeout_ms ({self.idle_timeout_ms}) must be at least "
                f"max_key_gap_ms ({self.max_key_gap_ms})"
            )


def _monotonic_ms() -> float:
    return time.monotonic() * 1000.0


class ScannerCapture(QObject):
    """Event filter on the QApplication that turns scanner bursts into `scanned(text)`.

    Signals:
        scanned(text): one whole scan, without its terminator.
        armed_changed(armed): the application gained or lost the keyboard (a scan
            typed while disarmed goes elsewhere).
    """

    scanned = Signal(str)
    armed_changed = Signal(bool)

    def __init__(
        self,
        settings: ScannerSettings | None = None,
        clock: Callable[[], float] = _monotonic_ms,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings or ScannerSettings()
        self._clock = clock
        self._app: QGuiApplication | None = None
        self._armed = False
        self._held: list[HeldKey] = []
        self._last_key_ms = 0.0
        self._scan_ended_ms: float | None = None  # a terminated scan, for CR+LF
        self._release_debt: Counter[int] = Counter()  # releases of keys a scan consumed
        self._replaying = False
        self._last_terminator = Terminator.NONE
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self._on_idle)

    # --- public ------------------------------------------------------------------

    @property
    def settings(self) -> ScannerSettings:
        return self._settings

    @settings.setter
    def settings(self, settings: ScannerSettings) -> None:
        """New timing from the next key on (the station's settings dialog)."""
        self._settings = settings

    @property
    def armed(self) -> bool:
        """True while installed and the application is active (keys reach us)."""
        return self._armed

    @property
    def last_terminator(self) -> Terminator:
        """How the last scan ended. Becomes CRLF when the LF follows an Enter-ended scan."""
        return self._last_terminator

    @property
    def pending_keys(self) -> int:
        """Key presses currently held back (0 when idle)."""
        return len(self._held)

    def install(self, app: QGuiApplication) -> None:
        if self._app is not None:
            raise RuntimeError("ScannerCapture is already installed")
        self._app = app
        app.installEventFilter(self)
        app.applicationStateChanged.connect(self._on_application_state)
        self._set_armed(app.applicationState() == Qt.ApplicationState.ApplicationActive)

    def uninstall(self) -> None:
        """Stop capturing; keys held at this moment are resolved first, not dropped."""
        if self._app is None:
            return
        self._finish_burst()
        self._app.removeEventFilter(self)
        self._app.applicationStateChanged.disconnect(self._on_application_state)
        self._app = None
        self._set_armed(False)

    # --- event filter --------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        etype = event.type()
        if self._replaying or not isinstance(event, QKeyEvent):
            return False
        if etype == QEvent.Type.ShortcutOverride:
            return self._on_shortcut_override(event)
        if etype not in _KEY_EVENTS or not isinstance(watched, QWindow):
            return False
        if etype == QEvent.Type.KeyPress:
            return self._on_press(watched, event)
        return self._on_release(event)

    def _on_shortcut_override(self, event: QKeyEvent) -> bool:
        """Claim keys we are going to swallow, so no shortcut fires on a scan's keys."""
        if event.isAutoRepeat() or not self._would_swallow(classify(event), self._time(event)):
            return False
        event.accept()
        return True

    def _would_swallow(self, kind: KeyKind, now: float) -> bool:
        if kind is KeyKind.CHAR:
            return bool(self._held) and self._within(now, self._settings.max_key_gap_ms)
        if kind in _TERMINATORS:
            return self._is_scan_terminator(now) or self._is_second_terminator(now)
        return False

    def _on_press(self, window: QWindow, event: QKeyEvent) -> bool:
        now, kind = self._time(event), classify(event)
        if event.isAutoRepeat():  # a held-down key: always a person
            self._hand_back()
            return False
        if kind is KeyKind.MODIFIER:
            return False
        if kind is KeyKind.COMMAND:
            if len(self._held) < 2:  # not (yet) a burst: keep the person's key order
                self._hand_back()
            return False
        if kind is KeyKind.OTHER:
            self._finish_burst()
            return False
        if kind in _TERMINATORS:
            swallow = self._on_terminator(kind, now)
            if swallow:
                self._release_debt[event.key()] += 1
            return swallow
        return self._on_char(window, event, now)

    def _on_char(self, window: QWindow, event: QKeyEvent, now: float) -> bool:
        if self._held and not self._within(now, self._settings.max_key_gap_ms):
            self._finish_burst()
        self._scan_ended_ms = None
        self._held.append(HeldKey.of(window, event))
        self._last_key_ms = now
        short = len(self._held) < self._settings.min_length
        wait = self._settings.max_key_gap_ms + _DELIVERY_MARGIN_MS
        self._idle.start(wait if short else self._settings.idle_timeout_ms)
        return True

    def _on_terminator(self, kind: KeyKind, now: float) -> bool:
        if self._is_scan_terminator(now):
            self._emit_scan(_TERMINATORS[kind], now)
            return True
        if self._is_second_terminator(now):
            self._scan_ended_ms = None
            if self._last_terminator is Terminator.ENTER:
                self._last_terminator = Terminator.CRLF
            return True
        self._finish_burst()  # a short burst then Enter: a person typed it
        return False

    def _on_release(self, event: QKeyEvent) -> bool:
        if event.isAutoRepeat():
            return False
        key = event.key()
        for held in self._held:
            if held.key == key and not held.released:
                held.released = True
                return True
        if self._release_debt[key] > 0:
            self._release_debt[key] -= 1
            return True
        return False

    # --- decisions -------------------------------------------------------------------

    def _time(self, event: QKeyEvent) -> float:
        stamp = event.timestamp()
        return float(stamp) if stamp else self._clock()

    def _within(self, now: float, limit_ms: int) -> bool:
        return 0 <= now - self._last_key_ms <= limit_ms

    def _is_scan_terminator(self, now: float) -> bool:
        long_enough = len(self._held) >= self._settings.min_length
        return long_enough and self._within(now, self._settings.idle_timeout_ms)

    def _is_second_terminator(self, now: float) -> bool:
        ended = self._scan_ended_ms
        return ended is not None and 0 <= now - ended <= self._settings.second_terminator_ms

    def _on_idle(self) -> None:
        self._finish_burst()

    def _finish_burst(self) -> None:
        """The burst is over: a scan if it is long enough, otherwise typing to give back."""
        if len(self._held) >= self._settings.min_length:
            self._emit_scan(Terminator.NONE, None)
        else:
            self._hand_back()

    def _emit_scan(self, terminator: Terminator, ended_ms: float | None) -> None:
        keys, self._held = self._held, []
        self._idle.stop()
        self._release_debt.update(k.key for k in keys if not k.released)
        self._last_terminator = terminator
        self._scan_ended_ms = ended_ms
        # State is settled before emitting: a receiver may process events re-entrantly.
        self.scanned.emit("".join(k.text for k in keys))

    def _hand_back(self) -> None:
        """Re-send held keys, in order, to the window they were typed into."""
        keys, self._held = self._held, []
        self._idle.stop()
        self._replaying = True
        try:
            for held in keys:
                if not shiboken6.isValid(held.target):
                    continue  # the window closed meanwhile; nothing can receive the key
                QCoreApplication.sendEvent(held.target, held.event(QEvent.Type.KeyPress))
                if held.released:
                    QCoreApplication.sendEvent(held.target, held.event(QEvent.Type.KeyRelease))
        finally:
            self._replaying = False

    # --- armed -----------------------------------------------------------------------

    def _on_application_state(self, state: Qt.ApplicationState) -> None:
        active = state == Qt.ApplicationState.ApplicationActive
        if not active:
            self._release_debt.clear()  # releases go to another application now
        self._set_armed(active and self._app is not None)

    def _set_armed(self, armed: bool) -> None:
        if armed != self._armed:
            self._armed = armed
            self.armed_changed.emit(armed)


class ArmedIndicator(QLabel):
    """Shows whether scans will be captured: "● Ready to scan" or a grey hint."""

    READY_TEXT = QT_TRANSLATE_NOOP("ArmedIndicator", "● Ready to scan")
    NOT_READY_TEXT = QT_TRANSLATE_NOOP("ArmedIndicator", "○ Not ready — click the window")
    READY_COLOUR = "#1b7f3b"
    NOT_READY_COLOUR = "#6b6b6b"

    def __init__(self, capture: ScannerCapture | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        font = self.font()
        font.setPixelSize(18)
        font.setBold(True)
        self.setFont(font)
        self._armed = False
        self.set_armed(False)
        if capture is not None:
            self.bind(capture)

    @property
    def armed(self) -> bool:
        return self._armed

    def bind(self, capture: ScannerCapture) -> None:
        capture.armed_changed.connect(self.set_armed)
        self.set_armed(capture.armed)

    def set_armed(self, armed: bool) -> None:
        self._armed = armed
        colour = self.READY_COLOUR if armed else self.NOT_READY_COLOUR
        self.setText(self.tr(self.READY_TEXT) if armed else self.tr(self.NOT_READY_TEXT))
        self.setStyleSheet(f"color: {colour};")


@dataclass(frozen=True)
class ScannerTestResult:
    """Outcome of the first-run scanner test: did the test code arrive intact?"""

    ok: bool
    terminator_seen: Terminator
    message: str


_TERMINATOR_NOTES = {
    Terminator.ENTER: QT_TRANSLATE_NOOP(
        "ScannerTest", "The scanner works: the test code arrived exactly, followed by Enter."),
    Terminator.TAB: QT_TRANSLATE_NOOP(
        "ScannerTest", "The scanner works: the test code arrived exactly, followed by Tab."),
    Terminator.CRLF: QT_TRANSLATE_NOOP(
        "ScannerTest", "The scanner works: the test code arrived exactly, followed by CR+LF "
                       "(counted as one scan)."),
    Terminator.NONE: QT_TRANSLATE_NOOP(
        "ScannerTest", "The scanner works, but it sends no Enter or Tab after a code, so each "
                       "scan is recognised only after a short pause. Set the scanner to send "
                       "Enter for faster scanning."),
}


def check_test_scan(
    expected: str, got: str, terminator: Terminator | str = Terminator.NONE
) -> ScannerTestResult:
    """Judge the scanner test: `got` is the raw scan of the printed test code `expected`
    (normally station.scanning.interpret.LAYOUT_TEST_CODE); `terminator` is the capture's
    `last_terminator` after that scan."""
    seen = Terminator(terminator)
    mismatch = detect_layout_mismatch(expected, got)
    if mismatch is not None:
        return ScannerTestResult(False, seen, render(mismatch))
    return ScannerTestResult(True, seen,
                             QCoreApplication.translate("ScannerTest", _TERMINATOR_NOTES[seen]))
