"""The queue side panel of the packing screen: a state filter, a search field and the
package table (ui.packing.queue's model), sized so a package number is never cut.

Owns `QueuePanel`. The window shows or hides it (View ▸ Package queue); hidden, its
width goes to the open package.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import format_datetime
from ui.packing.queue import PAGE_ROWS, QueueModel

QUEUE_MIN_WIDTH_PX = 260
SAMPLE_NUMBER = "0000000000000000P00"  # an Akinon package number: order number + P + n
FONT_STEP_PT = 2  # the queue is read up close, when choosing: a little smaller


class QueuePanel(QWidget):
    """Filter, search and the table of live packages."""

    def __init__(self, model: QueueModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queue_panel")
        self.state_filter = QComboBox()
        self.state_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.state_filter.setMinimumContentsLength(8)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search package / order number"))
        self.search.setClearButtonEnabled(True)
        self.table = self._build_table(model)
        model.modelReset.connect(self.size_columns)  # a sync may bring longer numbers
        self.setMinimumWidth(QUEUE_MIN_WIDTH_PX)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        filters = QHBoxLayout()
        filters.addWidget(self.state_filter)
        filters.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)

    def _build_table(self, model: QueueModel) -> QTableView:
        view = QTableView()
        view.setObjectName("queue_table")
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().hide()
        view.setWordWrap(False)
        view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        # Widths come from the font (size_columns), never from the contents: sizing to
        # contents would read every page of the queue on the UI thread.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        return view

    def scale_fonts(self, points: int) -> None:
        """The queue's text follows the window's base size `points`."""
        font = QFont(self.font())
        font.setPointSize(max(8, points - FONT_STEP_PT))
        self.table.setFont(font)
        self.table.horizontalHeader().setFont(font)
        self.state_filter.setFont(font)
        self.search.setFont(font)
        line = self.table.fontMetrics().lineSpacing()
        self.table.verticalHeader().setDefaultSectionSize(line + 8)
        self.size_columns()

    def size_columns(self) -> None:
        """Columns as wide as their text needs at this font; the package column as wide
        as the longest number on the first page, so none is cut."""
        bold = QFont(self.table.font())
        bold.setBold(True)  # same-day rows are bold
        metrics = QFontMetrics(bold)
        longest_time = format_datetime(dt.datetime(2024, 12, 28, 22, 58, tzinfo=dt.UTC))
        model = self.table.model()
        numbers = [model.data(model.index(row, 0)) or ""
                   for row in range(min(model.rowCount(), PAGE_ROWS))]
        longest_number = max([*numbers, SAMPLE_NUMBER], key=metrics.horizontalAdvance)
        samples = (longest_number, longest_time, "Ready for packaging", "Channel name",
                   "0000000000000000", "Same day", "000", "✓")
        for column, sample in enumerate(samples):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 24)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
