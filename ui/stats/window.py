"""The "Statistics" window: packer figures for a shift, a chart by hour, CSV export.

Owns `StatsWidget` and `load_stats`. The figures come from `station.stats` (computed
from the local audit trail and verifications, offline); they are read on a `Runner`
thread with that thread's own connection (`open_store` on the station's database
path), never the UI thread's, and shown when they arrive. The window never runs SQL.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station import stats
from station.config import utcnow
from station.errors import StationError
from station.store import open_store
from ui.background import Runner
from ui.i18n import QT_TRANSLATE_NOOP, format_wall_clock, render
from ui.stats.charts import HourChart
from ui.stats.text import FIGURE_ROWS, all_text, figure_labels, hour_labels

log = logging.getLogger(__name__)

PERIODS = (QT_TRANSLATE_NOOP("StatsWidget", "Today"),
           QT_TRANSLATE_NOOP("StatsWidget", "Yesterday"),
           QT_TRANSLATE_NOOP("StatsWidget", "Custom"))
_CUSTOM = 2
PACKER_NAME_CHARS = 16  # the packer box's width; longer names are elided in it
MIN_TABLE_ROWS = 4  # on a short screen the table scrolls but shows at least these


def load_stats(path: Path, shift: stats.Shift, tz: dt.tzinfo | None) -> stats.ShiftStats:
    """Read a shift's statistics with a connection of the calling thread's own."""
    with open_store(path) as store:
        return stats.shift_stats(store, shift, tz=tz)


class StatsWidget(QWidget):
    """Per-packer figures of a shift, bar charts of packages and items per hour, and
    "Export CSV…". `refresh()` reads the figures again (off the UI thread).

    Signals:
        loaded(stats): new `ShiftStats` are on screen.
        load_failed(message): reading them failed; the message is shown in the window.
    """

    loaded = Signal(object)
    load_failed = Signal(str)

    def __init__(self, store_path: Path | None, *, packer: str | None = None,
                 now: Callable[[], dt.datetime] = utcnow, tz: dt.tzinfo | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Statistics"))
        self._path = store_path
        self._wanted_packer = packer
        self._now = now
        self._tz = tz
        self._asked = 0  # numbers the loads, so only the newest one is shown
        # A short idle time: the window is opened now and then, its thread need not linger.
        self._runner = Runner("stats", idle_exit=5.0, parent=self)
        self.stats: stats.ShiftStats | None = None
        self._build()  # ends by reading today's figures

    # --- building -----------------------------------------------------------------

    def _build(self) -> None:
        self.period = QComboBox()
        self.period.addItems([self.tr(period) for period in PERIODS])
        self.period.currentIndexChanged.connect(self._period_changed)
        self.start_edit, self.end_edit = _time_edit(), _time_edit()
        self.show_button = QPushButton(self.tr("Show"))
        self.show_button.clicked.connect(self.refresh)
        self.packer_box = QComboBox()
        # A fixed width, not the longest name's: a long name must not widen the window.
        self.packer_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.packer_box.setMinimumContentsLength(PACKER_NAME_CHARS)
        self.packer_box.currentIndexChanged.connect(self._show_selected)
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.clicked.connect(self.choose_export)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.table = QTableWidget(len(FIGURE_ROWS), 0)
        self.table.setVerticalHeaderLabels(figure_labels(None))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # It asks for all its rows; given less (a short screen), it scrolls (_fit_table).
        self.table.setSizeAdjustPolicy(QTableWidget.SizeAdjustPolicy.AdjustToContents)
        self.packages_chart = HourChart(self.tr("Packages per hour"), "#1565c0")
        self.items_chart = HourChart(self.tr("Items per hour"), "#2e7d32")
        layout = QVBoxLayout(self)
        layout.addLayout(self._controls())
        layout.addWidget(self.status)
        layout.addWidget(self.table)
        charts = QHBoxLayout()
        charts.addWidget(self.packages_chart)
        charts.addWidget(self.items_chart)
        layout.addLayout(charts, 1)
        self._period_changed()

    def _controls(self) -> QFormLayout:
        # Two rows, so the window fits a 1280 px screen in the longer Turkish too; on a
        # narrower one each label goes above its row.
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Shift:"), _row(self.period, QLabel(self.tr("from")),
                                            self.start_edit, QLabel(self.tr("to")),
                                            self.end_edit, self.show_button))
        form.addRow(self.tr("Packer:"), _row(self.packer_box, None, self.export_button))
        return form

    # --- the shift ------------------------------------------------------------------

    def shift(self) -> stats.Shift:
        """The window the controls choose (raises ValueError for an impossible one)."""
        index = self.period.currentIndex()
        if index == 0:
            return stats.Shift.today(self._now(), self._tz)
        if index == 1:
            return stats.Shift.yesterday(self._now(), self._tz)
        return stats.Shift(self._aware(self.start_edit), self._aware(self.end_edit))

    def _aware(self, edit: QDateTimeEdit) -> dt.datetime:
        shown = edit.dateTime().toPython()
        assert isinstance(shown, dt.datetime)
        naive = shown.replace(second=0, microsecond=0)
        return naive.replace(tzinfo=self._tz) if self._tz is not None else naive.astimezone()

    def _period_changed(self) -> None:
        custom = self.period.currentIndex() == _CUSTOM
        for widget in (self.start_edit, self.end_edit, self.show_button):
            widget.setEnabled(custom)
        if not custom:
            shift = self.shift()
            self.start_edit.setDateTime(_qt_time(shift.start, self._tz))
            self.end_edit.setDateTime(_qt_time(shift.end, self._tz))
            self.refresh()

    # --- loading --------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the chosen shift's figures again, off the UI thread."""
        if self._path is None:
            self._failed(self.tr("Statistics need the station's database file; this one is in "
                                 "memory."))
            return
        try:
            shift = self.shift()
        except ValueError as exc:
            self._failed(f"{render(exc.args[0] if exc.args else exc).capitalize()}.")
            return
        self._asked += 1
        asked = self._asked
        self.status.setText(self.tr("Reading the figures…"))
        self._runner.run(functools.partial(load_stats, self._path, shift, self._tz),
                         done=lambda result: self._arrived(asked, result),
                         failed=lambda exc: self._load_error(asked, exc))

    def _arrived(self, asked: int, result: stats.ShiftStats) -> None:
        if asked != self._asked:
            return  # an older load; a newer one is on its way
        self.stats = result
        self._fill_packers(result)
        self._show_selected()
        self.loaded.emit(result)

    def _load_error(self, asked: int, exc: BaseException) -> None:
        if asked != self._asked:
            return
        log.warning("statistics not read", exc_info=exc)
        if isinstance(exc, StationError | OSError):
            self._failed(self.tr("The figures could not be read: {reason}").format(
                reason=render(exc.args[0]) if len(exc.args) == 1 else exc))
        else:
            self._failed(self.tr("The figures could not be read ({kind}: {reason}).").format(
                kind=type(exc).__name__, reason=exc))

    def _failed(self, message: str) -> None:
        self.status.setText(message)
        self.load_failed.emit(message)

    def _fill_packers(self, result: stats.ShiftStats) -> None:
        current = self.packer_box.currentData() if self.packer_box.count() else None
        wanted = current if current is not None else self._wanted_packer
        self.packer_box.blockSignals(True)
        self.packer_box.clear()
        self.packer_box.addItem(all_text(), None)
        for name in result.packers:
            self.packer_box.addItem(name, name)
        found = self.packer_box.findData(wanted) if wanted is not None else -1
        self.packer_box.setCurrentIndex(max(found, 0))
        self.packer_box.blockSignals(False)

    # --- showing --------------------------------------------------------------------

    def selected_packer(self) -> str | None:
        """The packer chosen; None for all packers."""
        return self.packer_box.currentData()

    def _show_selected(self) -> None:
        result = self.stats
        if result is None:
            return
        packer = self.selected_packer()
        if packer is None:
            self._wanted_packer = None
        columns: list[str | None] = (
            [packer] if packer is not None else [*result.packers, stats.ALL_PACKERS])
        self._fill_table(result, columns)
        self.table.setVerticalHeaderLabels(figure_labels(result.median_items))
        self._fit_table()
        hours = result.hours_for(packer)
        labels = hour_labels([row.hour for row in hours])
        self.packages_chart.show_bars(labels, [row.packages for row in hours])
        self.items_chart.show_bars(labels, [row.items for row in hours])
        self.status.setText(self._summary(result))

    def _fill_table(self, result: stats.ShiftStats, columns: list[str | None]) -> None:
        self.table.setColumnCount(len(columns))
        self.table.setHorizontalHeaderLabels([name or all_text() for name in columns])
        for column, packer in enumerate(columns):
            figures = result.figures_for(packer)
            for row, (_, shown) in enumerate(FIGURE_ROWS):
                item = QTableWidgetItem(shown(figures))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, item)

    def _fit_table(self) -> None:
        # Every figure visible when the screen has room, the charts taking the rest of
        # the height; on a short screen the table scrolls, keeping a few rows in view.
        self.table.resizeRowsToContents()
        header = self.table.horizontalHeader().height() + 2 * self.table.frameWidth()
        rows = [self.table.rowHeight(row) for row in range(self.table.rowCount())]
        self.table.setMaximumHeight(header + sum(rows))
        self.table.setMinimumHeight(header + sum(rows[:MIN_TABLE_ROWS]))

    def _summary(self, result: stats.ShiftStats) -> str:
        start = format_wall_clock(result.shift.start.astimezone(self._tz))
        end = format_wall_clock(result.shift.end.astimezone(self._tz))
        if not result.packers:
            return self.tr("Shift {start} – {end}: nothing was packed in this shift.").format(
                start=start, end=end)
        packers = len(result.packers)
        summary = (self.tr("Shift {start} – {end} · {count} packers · rates per active hour (a "
                           "clock hour with any scan or completion)") if packers > 1 else
                   self.tr("Shift {start} – {end} · 1 packer · rates per active hour (a clock "
                           "hour with any scan or completion)"))
        return summary.format(start=start, end=end, count=packers)

    def cell(self, figure: int, packer: str | None) -> str:
        """The table's text for one figure row and packer column (tests, screen readers)."""
        for column in range(self.table.columnCount()):
            header = self.table.horizontalHeaderItem(column)
            if header is not None and header.text() == (packer or all_text()):
                item = self.table.item(figure, column)
                return item.text() if item is not None else ""
        raise KeyError(packer)

    # --- export ---------------------------------------------------------------------

    def choose_export(self) -> None:
        """Ask where to save the CSV, then write it."""
        if self.stats is None:
            self.status.setText(self.tr("Nothing to export yet: the figures are still being read."))
            return
        start = self.stats.shift.start.astimezone(self._tz).strftime("%Y-%m-%d")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export statistics"), str(Path.home() / f"packer-stats-{start}.csv"),
            self.tr("CSV files (*.csv)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> bool:
        """Write the shown shift's CSV (one row per packer and hour) to `path`."""
        if self.stats is None:
            return False
        try:
            rows = stats.write_csv(self.stats, path)
        except OSError as exc:
            self.status.setText(self.tr("Could not save {path}: {reason}.").format(
                path=path, reason=exc.strerror or exc))
            return False
        saved = (self.tr("Saved 1 row to {path}.") if rows == 1 else
                 self.tr("Saved {count} rows to {path}."))
        self.status.setText(saved.format(count=rows, path=path))
        return True


def _row(*widgets: QWidget | None) -> QHBoxLayout:
    """The widgets side by side, left-aligned; None is the gap that takes the rest."""
    row = QHBoxLayout()
    for widget in widgets:
        if widget is None:
            row.addStretch(1)
        else:
            row.addWidget(widget)
    if None not in widgets:  # no gap asked for: left-aligned
        row.addStretch(1)
    return row


def _time_edit() -> QDateTimeEdit:
    edit = QDateTimeEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    return edit


def _qt_time(moment: dt.datetime, tz: dt.tzinfo | None) -> QDateTime:
    # The edits show wall-clock time in the statistics' zone, as naive values.
    return QDateTime(moment.astimezone(tz).replace(tzinfo=None))  # type: ignore[call-overload]
