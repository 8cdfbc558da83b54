"""FeedbackBanner shows each kind in its colour, now; AlertOverlay survives scans."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from ui.feedback.banner import (
    _PADDING,
    KIND_STYLES,
    MIN_FONT_PX,
    AlertOverlay,
    FeedbackBanner,
    FeedbackKind,
    _bold_font,
)
from ui.scanner.capture import ScannerCapture

HUMAN_GAP_MS = 150


# --- banner -----------------------------------------------------------------------


class CountingBanner(FeedbackBanner):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def paintEvent(self, event) -> None:
        self.paints += 1
        super().paintEvent(event)


@pytest.fixture
def banner(qtbot):
    banner = CountingBanner()
    banner.resize(800, banner.sizeHint().height())
    qtbot.addWidget(banner)
    banner.show()
    return banner


def count_pixels(image, colour: QColor) -> int:
    """Pixels within a small distance of `colour` (text is anti-aliased)."""
    found = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            pixel = image.pixelColor(x, y)
            if max(abs(pixel.red() - colour.red()), abs(pixel.green() - colour.green())) < 24 and (
                abs(pixel.blue() - colour.blue()) < 24
            ):
                found += 1
    return found


@pytest.mark.parametrize("kind", list(FeedbackKind))
def test_banner_shows_each_kind_in_its_colour_with_its_text(banner, kind):
    banner.show_feedback(kind.value, f"Message for {kind.value}")

    image = banner.grab().toImage()
    style = KIND_STYLES[kind]
    assert image.pixelColor(3, 3) == QColor(style.background)
    assert count_pixels(image, QColor(style.foreground)) > 40  # the text was painted
    assert banner.kind is kind
    assert banner.message == f"Message for {kind.value}"


def test_banner_colour_families():
    background = {kind: QColor(style.background) for kind, style in KIND_STYLES.items()}
    assert background[FeedbackKind.OK].green() > 2 * background[FeedbackKind.OK].red()
    assert background[FeedbackKind.COMPLETE].blue() > 2 * background[FeedbackKind.COMPLETE].red()
    reds = {background[k].name() for k in ("wrong", "error", "unknown")}
    assert len(reds) == 1 and QColor(reds.pop()).hue() < 15
    assert 45 <= background[FeedbackKind.PARTIAL].hue() <= 60  # yellow: more to scan
    over = background[FeedbackKind.OVER]  # too many: its own colour, not yellow or red
    assert over.name() != background[FeedbackKind.PARTIAL].name()
    assert 260 <= over.hue() <= 300
    assert 20 <= background[FeedbackKind.INPUT_NEEDED].hue() < 45  # amber/orange
    assert background[FeedbackKind.INFO].saturation() < 40  # neutral


def _luminance(colour: QColor) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.red())
        + 0.7152 * channel(colour.green())
        + 0.0722 * (channel(colour.blue()))
    )


@pytest.mark.parametrize("kind", list(FeedbackKind))
def test_banner_text_contrast_meets_wcag_aa(kind):
    style = KIND_STYLES[kind]
    light, dark = sorted(
        (_luminance(QColor(style.background)), _luminance(QColor(style.foreground))), reverse=True
    )
    assert (light + 0.05) / (dark + 0.05) >= 4.5


def test_banner_paints_before_returning_to_the_event_loop(banner, qtbot):
    qtbot.waitExposed(banner)
    before = banner.paints

    banner.show_feedback("wrong", "Not in this package")

    assert banner.paints > before  # repaint(), not a deferred update()


def test_banner_rejects_unknown_kind_and_small_font(banner):
    with pytest.raises(ValueError, match=r"unknown feedback kind 'great'.*ok, partial"):
        banner.show_feedback("great", "?")
    with pytest.raises(ValueError, match=str(MIN_FONT_PX)):
        FeedbackBanner(font_px=MIN_FONT_PX - 1)


def _text_area(banner: FeedbackBanner) -> QRect:
    """The rectangle the message is drawn in (the same arithmetic as paintEvent)."""
    area = banner.rect().adjusted(_PADDING, _PADDING // 2, -_PADDING, -_PADDING // 2)
    symbol = QFontMetrics(_bold_font(banner.font(), int(banner._font_px * 1.4)))
    return area.adjusted(symbol.horizontalAdvance("✓✓") + _PADDING, 0, 0, 0)


def _height_at(banner: FeedbackBanner, size: int, area: QRect, text: str) -> int:
    metrics = QFontMetrics(_bold_font(banner.font(), size))
    return metrics.boundingRect(area, int(Qt.TextFlag.TextWordWrap), text).height()


def test_banner_shrinks_long_text_but_not_below_minimum(banner):
    area = _text_area(banner)
    full = banner._font_px
    banner.show_feedback("ok", "Short")
    assert banner._fitting_font(area).pixelSize() == full  # a short message keeps its size

    # The shortest product text that no longer fits at full size: it must shrink a step.
    title = "Blue T-shirt with a long product name from the catalogue size XL "
    words = (title * 6).split(" ")
    longer = next(text for text in (" ".join(words[:n]) for n in range(1, len(words)))
                  if _height_at(banner, full, area, text) > area.height())
    banner.show_feedback("ok", longer)
    shrunk = banner._fitting_font(area).pixelSize()
    assert MIN_FONT_PX <= shrunk < full
    assert _height_at(banner, shrunk, area, longer) <= area.height()  # and then it fits

    endless = "Blue T-shirt with a very long product name from the catalogue " * 20
    banner.show_feedback("ok", endless)
    assert banner._fitting_font(area).pixelSize() == MIN_FONT_PX  # never below the minimum
    assert banner.message == endless


# --- alert ------------------------------------------------------------------------


@pytest.fixture
def screen(qtbot):
    window = QWidget()
    layout = QVBoxLayout(window)
    window.edit = QLineEdit()
    layout.addWidget(window.edit)
    window.resize(800, 500)
    qtbot.addWidget(window)
    window.show()
    window.edit.setFocus()
    window.alert = AlertOverlay(window)
    return window


@pytest.fixture
def capture(qapp):
    capture = ScannerCapture()
    capture.install(qapp)
    yield capture
    capture.uninstall()


def test_alert_is_not_dismissed_by_scans_or_enter_but_by_space(capture, screen, keyboard, qtbot):
    scans: list[str] = []
    capture.scanned.connect(scans.append)
    screen.alert.raise_alert("Take out: Red socks")
    assert screen.alert.is_up
    assert screen.focusWidget() is screen.alert

    keyboard.scan(screen, "8690000000012", "\r\n")
    keyboard.scan(screen, "A B C D", "\r")  # a scan with spaces
    keyboard.key(screen, Qt.Key.Key_Return, "\r", after_ms=HUMAN_GAP_MS)  # a person's Enter
    keyboard.key(screen, Qt.Key.Key_Tab, "\t", after_ms=HUMAN_GAP_MS)
    assert scans == ["8690000000012", "A B C D"]  # delivered: the caller decides
    assert screen.alert.is_up
    assert screen.focusWidget() is screen.alert

    with qtbot.waitSignal(screen.alert.dismissed, timeout=2000):
        keyboard.key(screen, Qt.Key.Key_Space, " ", after_ms=HUMAN_GAP_MS)
    assert not screen.alert.is_up
    assert screen.focusWidget() is screen.edit
    assert screen.edit.text() == ""  # nothing typed under the alert leaked into the field


def test_alert_is_dismissed_by_escape(capture, screen, keyboard, qtbot):
    screen.alert.raise_alert("Take out: Red socks")

    with qtbot.waitSignal(screen.alert.dismissed, timeout=1000):
        keyboard.key(screen, Qt.Key.Key_Escape, after_ms=HUMAN_GAP_MS)


def test_alert_is_dismissed_by_a_click(screen, qtbot):
    screen.alert.raise_alert("Take out: Red socks")

    with qtbot.waitSignal(screen.alert.dismissed, timeout=1000):
        qtbot.mouseClick(screen.alert, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    assert not screen.alert.is_up


def test_alert_blocks_window_shortcuts_while_up(screen, qtbot, qapp):
    fired: list[str] = []
    QShortcut(QKeySequence("F8"), screen).activated.connect(lambda: fired.append("F8"))
    screen.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is screen.windowHandle())
    screen.alert.raise_alert("Take out: Red socks")

    QTest.keyClick(screen.windowHandle(), Qt.Key.Key_F8)  # through the real shortcut map
    assert fired == []
    screen.alert.dismiss()
    QTest.keyClick(screen.windowHandle(), Qt.Key.Key_F8)
    assert fired == ["F8"]


def test_alert_covers_the_window_and_follows_its_size(screen, qtbot):
    screen.alert.raise_alert("Take out: Red socks")
    screen.resize(1000, 600)
    qtbot.waitUntil(lambda: screen.alert.size() == screen.size())

    centre = screen.grab().toImage().pixelColor(500, 300)
    assert centre == QColor("#b71c1c")


def test_raising_again_updates_the_message_and_dismiss_is_idempotent(screen, qtbot):
    screen.alert.raise_alert("first")
    screen.alert.raise_alert("second")
    assert screen.alert.message == "second"

    with qtbot.waitSignal(screen.alert.dismissed):
        screen.alert.dismiss()
    with qtbot.assertNotEmitted(screen.alert.dismissed):
        screen.alert.dismiss()
