"""Shared pytest-qt set-up for UI tests: a keyboard that types like the platform does,
and the one offscreen-platform warning that is not about our code."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QWidget

from station.oms.client import OmsClient
from station.simulator import Simulator, SimulatorConfig
from ui.app import Station, build_station, initial_sync
from ui.feedback.sound import SoundPlayer


@pytest.fixture(autouse=True)
def private_user_cache(tmp_path_factory: pytest.TempPathFactory,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    # The sync worker caches product images in the user cache dir (platformdirs reads
    # XDG_CACHE_HOME): a test must never write into the real one.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))


class Keyboard:
    """Delivers key events the way the platform does: ShortcutOverride to the focus
    object first, then KeyPress/KeyRelease to the widget's QWindow, each with a
    timestamp we choose — so scanner speed is exact, not a race against the clock."""

    def __init__(self, timestamps: bool = True) -> None:
        self.now_ms = 1_000_000
        self.timestamps = timestamps  # False: events carry none, use `clock` instead

    def clock(self) -> float:
        """The keyboard's time, for a ScannerCapture(clock=...)."""
        return float(self.now_ms)

    def key(
        self,
        widget: QWidget,
        key: Qt.Key,
        text: str = "",
        modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
        after_ms: int = 0,
        auto_repeat: bool = False,
    ) -> None:
        """Press and release one key `after_ms` after the previous key."""
        self.now_ms += after_ms
        window = widget.window().windowHandle()
        assert window is not None, "show() the widget before typing into it"
        focus = window.focusObject() or QGuiApplication.focusObject()
        if focus is not None:
            override = self._event(QEvent.Type.ShortcutOverride, key, text, modifiers, auto_repeat)
            override.ignore()
            QCoreApplication.sendEvent(focus, override)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QCoreApplication.sendEvent(window, self._event(kind, key, text, modifiers, auto_repeat))

    def type(self, widget: QWidget, text: str, gap_ms: int) -> None:
        """Type `text`, one key every `gap_ms` (the first key too)."""
        for char in text:
            shift = char.isalpha() and char.isupper()
            modifiers = (
                Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
            )
            self.key(widget, key_for(char), char, modifiers, after_ms=gap_ms)

    def scan(self, widget: QWidget, text: str, terminator: str = "\r", gap_ms: int = 5) -> None:
        """A scanner burst: `text` then the terminator keys ("\\r", "\\t", "\\r\\n", "")."""
        self.type(widget, text, gap_ms)
        for char in terminator:
            # A wedge scanner types LF as Ctrl+J.
            ctrl = Qt.KeyboardModifier.ControlModifier if char == "\n" else None
            self.key(
                widget, TERMINATOR_KEYS[char], char, ctrl or Qt.KeyboardModifier.NoModifier, gap_ms
            )

    def _event(self, kind, key, text, modifiers, auto_repeat=False) -> QKeyEvent:
        event = QKeyEvent(kind, key, modifiers, text, auto_repeat)
        event.setTimestamp(self.now_ms if self.timestamps else 0)
        return event


TERMINATOR_KEYS = {"\r": Qt.Key.Key_Return, "\t": Qt.Key.Key_Tab, "\n": Qt.Key.Key_J}


def key_for(char: str) -> Qt.Key:
    """The Qt key code a keyboard reports for `char` (upper-case code point, like xkb)."""
    code = ord(char.upper()) if len(char.upper()) == 1 else ord(char)
    try:
        return Qt.Key(code)
    except ValueError:
        return Qt.Key.Key_unknown


@pytest.fixture
def keyboard() -> Keyboard:
    return Keyboard()


# --- a packing station on a database synced from an in-process simulator ---------
# (shared by the main-window, override/chooser and queue-filter tests)

ANCHOR = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
LOCATION = 1
WORKER_THREADS = {"gui-sync", "outbox-dispatcher"}


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(SimulatorConfig(packages=40, seed=1, locations=1, anchor=ANCHOR)) as sim:
        yield sim


@pytest.fixture
def db_path(sim: Simulator, tmp_path: Path) -> Path:
    path = tmp_path / "station.db"
    initial_sync(path, lambda: client_of(sim), LOCATION)
    return path


def client_of(sim: Simulator) -> OmsClient:
    return OmsClient(sim.url, username="demo", password="demo")


@pytest.fixture
def make_station(qapp, qtbot, db_path: Path, sim: Simulator) -> Iterator[Any]:
    started: list[Station] = []

    def make(online: bool = False) -> Station:
        station = build_station(
            qapp,
            db_path,
            packer="tester",
            stock_location_id=LOCATION,
            sync_interval=3600,
            make_client=(lambda: client_of(sim)) if online else None,
            sound=SoundPlayer(audio_outputs=list),
        )
        started.append(station)
        station.window.resize(1280, 800)
        station.window.show()
        qtbot.waitExposed(station.window)
        station.window.scan_field.setFocus()
        station.start()
        return station

    yield make
    for station in started:
        station.stop()
    left = {t.name for t in threading.enumerate() if t.is_alive()} & WORKER_THREADS
    assert not left, f"threads left running: {left}"
