"""`ElidingLabel`: a one-line text that, when its place is narrower than the text, ends in
"…" instead of being cut mid-letter or widening the window; `text()` keeps it all."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy

SQUEEZABLE_MIN_PX = 40


class ElidingLabel(QLabel):
    """A label that gives way: it asks for its text's width but takes any width down
    to SQUEEZABLE_MIN_PX, painting the text elided to fit."""

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self.setMinimumWidth(SQUEEZABLE_MIN_PX)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def minimumSizeHint(self) -> QSize:
        return QSize(SQUEEZABLE_MIN_PX, super().minimumSizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                             rect.width())
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect, int(self.alignment()), text)
