"""The packing window on its screen: size, full screen, the queue panel, the font size.

Owns `WindowGeometry`, a mix-in of `MainWindow` (ui.packing.main_window): the window
fits the screen it is on (maximized where BENCH_SIZE fits, never larger than the
screen), kiosk mode hides everything but the window, the queue panel collapses, and a
font-size change rescales every text that has its own size, live.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt

MIN_FONT_PT, MAX_FONT_PT = 9, 32
BENCH_SIZE = QSize(1280, 800)  # what the layout is designed for; larger screens get more
MIN_SIZE = QSize(1000, 680)  # a 1024×768 screen with its panels still fits the window

# At run time a plain mix-in; for the type checker, anything the window it is mixed
# into (ui.packing.main_window.MainWindow) provides.
_Base: Any = object


class WindowGeometry(_Base):
    """Where and how large the packing window is (a mix-in: `MainWindow` has the rest)."""

    def fit_to_screen(self) -> QSize:
        """Size the window for the screen it is on: maximized on a screen with room for
        BENCH_SIZE, else the screen's whole available area (never more, so nothing is
        off-screen). Returns the size it asked for."""
        if self.isFullScreen():  # kiosk mode (--kiosk) already has the whole screen
            return self.size()
        screen = self.screen()
        if screen is None:
            self.resize(BENCH_SIZE)
            return BENCH_SIZE
        available = screen.availableGeometry()
        size = available.size()
        self.setMinimumSize(MIN_SIZE.boundedTo(size))
        roomy = size.width() >= BENCH_SIZE.width() and size.height() >= BENCH_SIZE.height()
        wanted = BENCH_SIZE if roomy else size
        self.resize(wanted)
        self.move(available.topLeft())
        if roomy:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        return wanted

    def set_full_screen(self, on: bool) -> None:
        """Kiosk mode: the whole screen, no menu bar (its keys still work)."""
        if on:
            self.showFullScreen()
        else:
            self.showNormal()
            self.fit_to_screen()
        self.menuBar().setVisible(not on)
        if self.full_screen_action.isChecked() != on:
            self.full_screen_action.setChecked(on)

    def show_queue(self, shown: bool) -> None:
        """Show or hide the queue panel; hidden, its width goes to the open package."""
        self.queue_panel.setVisible(shown)
        if self.queue_action.isChecked() != shown:
            self.queue_action.setChecked(shown)

    def apply_font_size(self, points: int) -> None:
        """The base font size of the whole screen, now (the settings' font size)."""
        points = min(MAX_FONT_PT, max(MIN_FONT_PT, int(points)))
        font = self.font()
        if font.pointSize() != points:
            font.setPointSize(points)
            self.setFont(font)  # changeEvent rescales the rest
        else:
            self._rescale(points)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "panel"):
            self._rescale(self.font().pointSize())

    def _rescale(self, points: int) -> None:
        """Every text that has its own size follows the base size `points`."""
        self.panel.scale_fonts(points)
        self.queue_panel.scale_fonts(points)
        self.scale_status_bar(points)
