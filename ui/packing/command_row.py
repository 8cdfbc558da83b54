"""The command row of the packing screen: one compact key per slot of the station
command catalogue, always in the same place, the same width and the same key.

Owns `CommandKey`: a push button whose full text ("F4  Complete without shipment ·
<OMS's label>\\nCMD:COMPLETE_NO_SHIPMENT") stays its `text()` and tooltip, but which
paints only the key and the station's short label on up to two lines, elided to its
fixed width. OMS's
labels can be long; they must never widen the row, and so the window, past the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPaintEvent
from PySide6.QtWidgets import QPushButton, QStyle, QStyleOptionButton, QStylePainter

KEY_MIN_WIDTH_PX = 60  # twelve keys and their gaps fit a 1024 px wide window
KEY_PADDING_PX = 4
LABEL_LINES = 2


class CommandKey(QPushButton):
    """A fixed-width command key: "F4" above the station's label (two lines at most,
    then elided); the whole
    text (OMS's label and the card) is in `text()` and in the tooltip."""

    def __init__(self, key: str, label: str) -> None:
        super().__init__()
        self.key = key
        self.short_label = label
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # scans and Enter stay with the form

    def sizeHint(self) -> QSize:
        """The same for every key, whatever its text: OMS's labels never widen the row
        (a push button's minimum size is its size hint)."""
        lines = self.fontMetrics().lineSpacing()
        return QSize(KEY_MIN_WIDTH_PX, (1 + LABEL_LINES) * lines + 3 * KEY_PADDING_PX)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""  # the bevel only: the two lines are drawn below, elided
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)
        area = self.rect().adjusted(KEY_PADDING_PX, KEY_PADDING_PX,
                                    -KEY_PADDING_PX, -KEY_PADDING_PX)
        line = area.height() // (1 + LABEL_LINES)
        top = QRect(area.left(), area.top(), area.width(), line)
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        role = self.foregroundRole()
        centre = int(Qt.AlignmentFlag.AlignCenter)
        painter.drawItemText(top, centre, option.palette, self.isEnabled(), self.key, role)
        painter.setFont(self.font())
        lines = wrapped(self.short_label, self.fontMetrics(), area.width(), LABEL_LINES)
        for number, text in enumerate(lines, start=1):
            place = QRect(area.left(), area.top() + number * line, area.width(), line)
            painter.drawItemText(place, centre, option.palette, self.isEnabled(), text, role)


def wrapped(text: str, metrics: QFontMetrics, width: int, most: int) -> list[str]:
    """`text` broken at spaces into at most `most` lines of `width` px; the last one
    elided when the words do not fit."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < most - 1:
        taken = 1
        while taken < len(words) and \
                metrics.horizontalAdvance(" ".join(words[:taken + 1])) <= width:
            taken += 1
        lines.append(" ".join(words[:taken]))
        words = words[taken:]
    if words:
        lines.append(" ".join(words))
    return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines]
