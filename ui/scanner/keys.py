"""One key event as the scanner capture sees it: what kind of key it is, and how to
hold it back and re-send it unchanged.

Owns the key classification rules of ui/scanner.py (which keys can be scan text,
which end a scan, which are never captured) so they can be read in one place.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QWindow

__all__ = ["COMMAND_KEYS", "MODIFIER_KEYS", "HeldKey", "KeyKind", "classify"]

_GS1_CONTROLS = frozenset("\x1d\x1e\x04")  # GS, RS, EOT: typed by GS1-capable scanners
COMMAND_KEYS = frozenset({Qt.Key.Key_Escape, *(Qt.Key(Qt.Key.Key_F1.value + i) for i in range(35))})
MODIFIER_KEYS = frozenset(
    {
        Qt.Key.Key_Shift,
        Qt.Key.Key_Control,
        Qt.Key.Key_Alt,
        Qt.Key.Key_AltGr,
        Qt.Key.Key_Meta,
        Qt.Key.Key_Super_L,
        Qt.Key.Key_Super_R,
        Qt.Key.Key_Hyper_L,
        Qt.Key.Key_Hyper_R,
        Qt.Key.Key_CapsLock,
        Qt.Key.Key_NumLock,
        Qt.Key.Key_ScrollLock,
        Qt.Key.Key_Mode_switch,
    }
)


class KeyKind(enum.Enum):
    CHAR = enum.auto()  # scan text
    ENTER = enum.auto()
    TAB = enum.auto()
    LF = enum.auto()  # second half of CR+LF (Ctrl+J on most wedges)
    COMMAND = enum.auto()  # F-keys, Escape: never captured
    MODIFIER = enum.auto()  # never text, never breaks a burst
    OTHER = enum.auto()  # editing keys (Backspace, arrows…): a person


def classify(event: QKeyEvent) -> KeyKind:
    key, text = event.key(), event.text()
    if key in COMMAND_KEYS:
        return KeyKind.COMMAND
    if key in MODIFIER_KEYS:
        return KeyKind.MODIFIER
    if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) or text == "\r":
        return KeyKind.ENTER
    if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
        return KeyKind.TAB
    if text == "\n":
        return KeyKind.LF
    if text and all(c.isprintable() or c in _GS1_CONTROLS for c in text):
        return KeyKind.CHAR
    return KeyKind.OTHER


@dataclass
class HeldKey:
    """A key press held back until we know whether it is a scan or typing."""

    target: QWindow
    key: int
    modifiers: Qt.KeyboardModifier
    scan_code: int
    virtual_key: int
    native_modifiers: int
    text: str
    timestamp: int
    released: bool = False

    @classmethod
    def of(cls, target: QWindow, event: QKeyEvent) -> HeldKey:
        return cls(
            target,
            event.key(),
            event.modifiers(),
            event.nativeScanCode(),
            event.nativeVirtualKey(),
            event.nativeModifiers(),
            event.text(),
            event.timestamp(),
        )

    def event(self, kind: QEvent.Type) -> QKeyEvent:
        copy = QKeyEvent(
            kind,
            self.key,
            self.modifiers,
            self.scan_code,
            self.virtual_key,
            self.native_modifiers,
            self.text,
        )
        copy.setTimestamp(self.timestamp)
        return copy
