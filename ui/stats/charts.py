"""The statistics window's bar charts (QtCharts): one value per clock hour.

Owns `HourChart`, a QChartView with one bar set (packages per hour, or items per hour)
whose bars and value-axis labels can be read back (`values`, `categories`, `y_labels`)
— the tests check what is drawn — and `integer_scale`, the whole-number axis of counts.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget


def integer_scale(tallest: int, most_ticks: int = 6) -> tuple[int, int]:
    """(axis top, tick step) in whole numbers: no more than `most_ticks` steps of 1, 2
    or 5 × a power of ten, the top the tallest bar rounded up to a whole step."""
    tallest = max(int(tallest), 1)
    magnitude = 1
    while True:
        for step in (magnitude, 2 * magnitude, 5 * magnitude):
            steps = -(-tallest // step)  # ceiling division
            if steps <= most_ticks:
                return steps * step, step
        magnitude *= 10


def _count_axis(tallest: int) -> QValueAxis:
    # Counts are whole: ticks every whole step from 0 (applyNiceNumbers would put
    # ticks at 0.25, 0.5… and "%d" would print them all as 0).
    top, step = integer_scale(tallest)
    axis = QValueAxis()
    axis.setRange(0, top)
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(step)
    axis.setMinorTickCount(0)
    axis.setLabelFormat("%d")
    return axis


class HourChart(QChartView):
    """Bars of one figure per hour; `show_bars` replaces them."""

    def __init__(self, title: str, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self._colour = QColor(colour)
        chart = QChart()
        chart.setTitle(title)
        chart.legend().hide()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.setChart(chart)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(240)
        self._bars: QBarSet | None = None
        self._categories: list[str] = []

    def show_bars(self, categories: Sequence[str], values: Sequence[int]) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        self._categories = list(categories)
        bars = QBarSet(self._title)
        bars.setColor(self._colour)
        bars.append([float(value) for value in values])
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsInsideEnd)
        chart.addSeries(series)
        x_axis = QBarCategoryAxis()
        x_axis.append(self._categories)
        y_axis = _count_axis(max(values, default=0))
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)
        self._bars = bars

    def values(self) -> list[float]:
        """The bar heights drawn, in hour order."""
        if self._bars is None:
            return []
        return [self._bars.at(index) for index in range(self._bars.count())]

    def categories(self) -> list[str]:
        return list(self._categories)

    def y_labels(self) -> list[str]:
        """The value axis's labels as drawn, bottom to top (QtCharts keeps its label
        items private, so they are worked out from the axis the way it places them)."""
        axis = self._value_axis()
        if axis is None:
            return []
        low, high = axis.min(), axis.max()
        if axis.tickType() == QValueAxis.TickType.TicksDynamic:
            step, first = axis.tickInterval(), axis.tickAnchor()
            count = int((high - first) // step) + 1
            ticks = [first + index * step for index in range(count)]
        else:
            count = axis.tickCount()
            ticks = [low + (high - low) * index / (count - 1) for index in range(count)]
        return [axis.labelFormat() % tick for tick in ticks if low <= tick <= high]

    def _value_axis(self) -> QValueAxis | None:
        found = [axis for axis in self.chart().axes(Qt.Orientation.Vertical)
                 if isinstance(axis, QValueAxis)]
        return found[0] if found else None
