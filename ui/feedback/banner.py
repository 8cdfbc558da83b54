"""What the packer sees after each scan: a full-width colour banner, and a blocking alert.

Owns `FeedbackBanner` (colour + symbol + large message, painted in the same frame as
the key that caused it) and `AlertOverlay` (a wrong item must come out of the box:
only a deliberate Space/Escape or click dismisses it, never a scan). Sounds live in
ui/sound.py; wiring feedback to scans is the packing screen's job.

Design decisions
- Colour stays until the next feedback; it does not fade. A packer glances back at
  the screen seconds later, after putting an item in the box, and must still see
  the result of the last scan. Repeated same-colour feedback is told apart by its
  message (which carries the count, e.g. "2 / 3") and by the sound.
- Every kind also has a symbol (✓ ✗ ★ …): about 1 in 12 men cannot tell red from
  green, and the symbol carries the meaning without colour.
- The banner paints its own background and text (no style sheet, no palette), so an
  application style sheet cannot wash out the colours, and `repaint()` shows the
  change before control returns to the event loop.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QApplication, QWidget

from ui.i18n import QT_TRANSLATE_NOOP, render

__all__ = ["KIND_STYLES", "AlertOverlay", "FeedbackBanner", "FeedbackKind", "KindStyle"]


class FeedbackKind(enum.StrEnum):
    OK = "ok"
    PARTIAL = "partial"  # right item, more of it to come
    OVER = "over"  # right item, but more than the package needs
    WRONG = "wrong"  # not in this package
    ERROR = "error"
    UNKNOWN = "unknown"  # code matches nothing
    COMPLETE = "complete"
    INPUT_NEEDED = "input_needed"  # e.g. serial number or weight still missing
    INFO = "info"
    # OMS refused something the packer already saw as done (ui.outbox.refusal_alert):
    # stays on its own strip until acknowledged.
    ALARM = "alarm"


@dataclass(frozen=True)
class KindStyle:
    background: str
    foreground: str
    symbol: str


_GREEN = KindStyle("#1b7f3b", "#ffffff", "✓")
_YELLOW_FG, _YELLOW_BG = "#111111", "#ffd600"
_RED_BG = "#c62828"
# Each pair has a WCAG contrast ratio of at least 4.5 (tests/ui/test_feedback.py checks).
KIND_STYLES: dict[FeedbackKind, KindStyle] = {
    FeedbackKind.OK: _GREEN,
    FeedbackKind.PARTIAL: KindStyle(_YELLOW_BG, _YELLOW_FG, "◐"),
    # Too many is its own colour (never the "more to scan" yellow) and blocks like a
    # wrong item: the unit must come out of the box.
    FeedbackKind.OVER: KindStyle("#6a1b9a", "#ffffff", "⚠"),
    FeedbackKind.WRONG: KindStyle(_RED_BG, "#ffffff", "✗"),
    FeedbackKind.ERROR: KindStyle(_RED_BG, "#ffffff", "✗"),
    FeedbackKind.UNKNOWN: KindStyle(_RED_BG, "#ffffff", "?"),
    FeedbackKind.COMPLETE: KindStyle("#1565c0", "#ffffff", "★"),
    FeedbackKind.INPUT_NEEDED: KindStyle("#f57c00", "#111111", "✎"),
    FeedbackKind.INFO: KindStyle("#eceff1", "#1f2933", "ℹ"),
    # A darker red than a refused scan's, so the alarm strip and a red banner under it
    # read as two things.
    FeedbackKind.ALARM: KindStyle("#8e0000", "#ffffff", "‼"),
}

MIN_FONT_PX = 28  # readable from about a metre away
_PADDING = 16


def _bold_font(base: QFont, pixel_size: int) -> QFont:
    font = QFont(base)
    font.setPixelSize(pixel_size)
    font.setBold(True)
    return font


class FeedbackBanner(QWidget):
    """Full-width colour flash with a large message; `show_feedback(kind, message)`."""

    def __init__(self, parent: QWidget | None = None, font_px: int = 32) -> None:
        super().__init__(parent)
        if font_px < MIN_FONT_PX:
            raise ValueError(f"font_px must be at least {MIN_FONT_PX}, got {font_px}")
        self._font_px = font_px
        self._kind = FeedbackKind.INFO
        self._message = ""
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMinimumHeight(font_px + 2 * _PADDING)

    @property
    def kind(self) -> FeedbackKind:
        return self._kind

    @property
    def message(self) -> str:
        return self._message

    def show_feedback(self, kind: FeedbackKind | str, message: str) -> None:
        """Show `message` in the colour of `kind` now (painted before this returns)."""
        try:
            self._kind = FeedbackKind(kind)
        except ValueError:
            valid = ", ".join(k.value for k in FeedbackKind)
            raise ValueError(f"unknown feedback kind {kind!r}; use one of: {valid}") from None
        self._message = render(message)  # a core Message in the packer's language
        self.setAccessibleName(self._message)
        self.setAccessibleDescription(self._kind.value)
        self.repaint()  # not update(): the packer must see it in this very frame

    def clear(self) -> None:
        self.show_feedback(FeedbackKind.INFO, "")

    def sizeHint(self) -> QSize:
        line = QFontMetrics(_bold_font(self.font(), self._font_px)).lineSpacing()
        # Three lines: "still expected …" messages name several products.
        return QSize(600, 3 * line + 2 * _PADDING)

    def paintEvent(self, event: QPaintEvent) -> None:
        style = KIND_STYLES[self._kind]
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(style.background))
        painter.setPen(QColor(style.foreground))
        area = self.rect().adjusted(_PADDING, _PADDING // 2, -_PADDING, -_PADDING // 2)
        symbol_font = _bold_font(self.font(), int(self._font_px * 1.4))
        painter.setFont(symbol_font)
        symbol_width = QFontMetrics(symbol_font).horizontalAdvance("✓✓")
        symbol_area = QRect(area.left(), area.top(), symbol_width, area.height())
        painter.drawText(symbol_area, Qt.AlignmentFlag.AlignCenter, style.symbol)
        text_area = area.adjusted(symbol_width + _PADDING, 0, 0, 0)
        painter.setFont(self._fitting_font(text_area))
        flags = (
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
        )
        painter.drawText(text_area, int(flags), self._message)
        painter.end()

    def _fitting_font(self, area: QRect) -> QFont:
        """The largest size from font_px down to MIN_FONT_PX at which the message fits."""
        flags = int(Qt.TextFlag.TextWordWrap)
        for size in range(self._font_px, MIN_FONT_PX - 1, -2):
            font = _bold_font(self.font(), size)
            needed = QFontMetrics(font).boundingRect(area, flags, self._message)
            if needed.height() <= area.height():
                return font
        return _bold_font(self.font(), MIN_FONT_PX)


class AlertOverlay(QWidget):
    """Covers its parent window with a red alert until the packer dismisses it.

    Dismissed only by Space, Escape or a mouse click, never by Enter, so a scanner
    cannot clear it (with ui.scanner.capture.ScannerCapture installed a scan's keys never
    reach it at all; scans are still emitted and the caller decides what they mean).
    While it is up it keeps keyboard focus and blocks the window's shortcuts, so no
    command runs with a wrong item still in the box.

    Signals:
        dismissed(): the packer took the alert down (Space, Escape or a click).
    """

    dismissed = Signal()

    DEFAULT_HINT = QT_TRANSLATE_NOOP("AlertOverlay",
                                     "Press Space or Esc, or click, when it is out of the box")

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._message = ""
        self._hint = self.tr(self.DEFAULT_HINT)
        self._focus_before: QWidget | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.hide()
        parent.installEventFilter(self)  # follow the parent's size

    @property
    def is_up(self) -> bool:
        return self.isVisible()

    @property
    def message(self) -> str:
        return self._message

    @property
    def hint(self) -> str:
        """The line under the message: how to dismiss, or why a scan was held."""
        return self._hint

    def raise_alert(self, message: str, hint: str = DEFAULT_HINT) -> None:
        """Show (or update) the alert, take keyboard focus, paint it now."""
        # A core Message renders translated; a hint marked in this class translates too.
        self._message, self._hint = render(message), self.tr(render(hint))
        self.setAccessibleName(self._message)
        if not self.is_up:
            parent = self._parent()
            self._focus_before = QApplication.focusWidget() or parent.focusWidget()
            self.setGeometry(parent.rect())
            self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.repaint()

    def dismiss(self) -> None:
        """Take the alert down (also for callers, e.g. after the item was scanned out)."""
        if not self.is_up:
            return
        self.hide()
        previous, self._focus_before = self._focus_before, None
        if previous is not None and shiboken6.isValid(previous) and previous.isVisible():
            previous.setFocus(Qt.FocusReason.OtherFocusReason)
        self.dismissed.emit()

    # --- input ---------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and self.is_up:
            event.accept()  # claim every key: no window shortcut may run under the alert
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        dismiss_keys = (Qt.Key.Key_Space, Qt.Key.Key_Escape)
        if event.key() in dismiss_keys and not event.isAutoRepeat():
            self.dismiss()
        event.accept()  # nothing typed under the alert reaches the window behind it

    def mousePressEvent(self, event) -> None:
        event.accept()

    def mouseReleaseEvent(self, event) -> None:
        event.accept()
        self.dismiss()

    def focusNextPrevChild(self, next: bool) -> bool:
        return self.is_up or super().focusNextPrevChild(next)  # Tab must not leave the alert

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._parent().rect())
        return False

    def _parent(self) -> QWidget:
        parent = self.parentWidget()
        assert parent is not None, "the alert is always created over a window"
        return parent

    # --- painting ------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0, 170))
        card = self._card_rect()
        painter.fillRect(card, QColor("#b71c1c"))
        painter.setPen(QPen(QColor("#ffffff"), 4))
        painter.drawRect(card.adjusted(2, 2, -2, -2))
        inner = card.adjusted(32, 24, -32, -24)
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)
        painter.setFont(_bold_font(self.font(), 64))
        painter.drawText(inner, flags | int(Qt.AlignmentFlag.AlignTop), "✗")
        painter.setFont(_bold_font(self.font(), 40))
        message_area = inner.adjusted(0, 84, 0, -48)
        painter.drawText(message_area, flags | int(Qt.AlignmentFlag.AlignVCenter), self._message)
        painter.setFont(_bold_font(self.font(), 22))
        painter.drawText(inner, flags | int(Qt.AlignmentFlag.AlignBottom), self._hint)
        painter.end()

    def _card_rect(self) -> QRect:
        width = min(self.width() - 48, 960)
        height = min(self.height() - 48, 400)
        return QRect((self.width() - width) // 2, (self.height() - height) // 2, width, height)
