"""The statistics window's bar charts (QtCharts): one value per clock hour.

Owns `HourChart`, a QChartView with one bar set (packages per hour, or items per hour)
whose bars can be read back (`values`, `categories`) — the tests check what is drawn.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget


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
        y_axis = QValueAxis()
        y_axis.setRange(0, max([*values, 1]))
        y_axis.applyNiceNumbers()
        y_axis.setLabelFormat("%d")
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
