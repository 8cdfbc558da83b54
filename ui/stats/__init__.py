"""The packer statistics window (figures from `station.stats`, read off the UI thread).

* `window` — `StatsWidget`: shift (today / yesterday / custom), packer, the figures
  table, bar charts of packages and items per hour, "Export CSV…";
* `charts` — `HourChart`, a QtCharts bar chart by hour;
* `text` — how figures and hours read.

`open_stats(parent, store_path, packer)` is the Station ▸ Statistics… entry: one window
per main window, re-read each time it is opened.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ui.stats.charts import HourChart
from ui.stats.window import StatsWidget, load_stats

__all__ = ["HourChart", "StatsWidget", "load_stats", "open_stats"]


def open_stats(parent: QWidget, store_path: Path | None,
               packer: str | None = None) -> StatsWidget:
    """Show the statistics window of `parent` (created on first use), freshly read."""
    widget = parent.findChild(StatsWidget)
    if widget is None:
        widget = StatsWidget(store_path, packer=packer, parent=parent)
        widget.setWindowFlag(Qt.WindowType.Window)
        widget.resize(1100, 760)
    else:
        widget.refresh()
    widget.show()
    widget.raise_()
    return widget
