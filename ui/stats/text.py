"""How the statistics read on screen: the figure rows of the table and the hour labels."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication

from station.stats import PackerFigures
from ui.i18n import QT_TRANSLATE_NOOP

translate = QCoreApplication.translate  # lupdate reads translate("stats", "…")
ALL_TEXT = QT_TRANSLATE_NOOP("stats", "All packers")  # shown as all_text()
NONE_TEXT = "—"  # nothing to divide by


def _number(value: float | None, digits: int = 1) -> str:
    return NONE_TEXT if value is None else f"{value:.{digits}f}"


def duration_text(seconds: float | None) -> str:
    """"45 s", "2 min 05 s", "1 h 03 min"."""
    if seconds is None:
        return NONE_TEXT
    whole = round(seconds)
    if whole < 60:
        return translate("stats", "{seconds} s").format(seconds=whole)
    if whole < 3600:
        return translate("stats", "{minutes} min {seconds} s").format(
            minutes=whole // 60, seconds=f"{whole % 60:02d}")
    return translate("stats", "{hours} h {minutes} min").format(
        hours=whole // 3600, minutes=f"{whole % 3600 // 60:02d}")


def all_text() -> str:
    """The "all packers" column and choice, in the packer's language."""
    return translate("stats", ALL_TEXT)


def _adjusted(figures: PackerFigures) -> str:
    if figures.median_items is None:
        return NONE_TEXT
    return duration_text(figures.adjusted_seconds_per_package)


# The labels are English keys (ROW); figure_labels shows them translated.
FIGURE_ROWS: tuple[tuple[str, Callable[[PackerFigures], str]], ...] = (
    (QT_TRANSLATE_NOOP("stats", "Packages"), lambda f: str(f.packages)),
    (QT_TRANSLATE_NOOP("stats", "Items scanned"), lambda f: str(f.items)),
    (QT_TRANSLATE_NOOP("stats", "Active hours"), lambda f: str(f.active_hours)),
    (QT_TRANSLATE_NOOP("stats", "Packages per hour"), lambda f: _number(f.packages_per_hour)),
    (QT_TRANSLATE_NOOP("stats", "Items per hour"), lambda f: _number(f.items_per_hour)),
    (QT_TRANSLATE_NOOP("stats", "Wrong scans"), lambda f: str(f.wrong_scans)),
    (QT_TRANSLATE_NOOP("stats", "Wrong scans per 100 items"),
     lambda f: _number(f.wrong_per_100_items)),
    (QT_TRANSLATE_NOOP("stats", "Overrides"), lambda f: str(f.overrides)),
    (QT_TRANSLATE_NOOP("stats", "Refused overrides"), lambda f: str(f.overrides_refused)),
    (QT_TRANSLATE_NOOP("stats", "Time per package"),
     lambda f: duration_text(f.seconds_per_package)),
    (QT_TRANSLATE_NOOP("stats", "Time per item"), lambda f: duration_text(f.seconds_per_item)),
    (QT_TRANSLATE_NOOP("stats", "Time per median package"), _adjusted),  # see figure_labels
)
# Row numbers, for `StatsWidget.cell`.
ROW = {label: number for number, (label, _) in enumerate(FIGURE_ROWS)}


def figure_labels(median_items: float | None) -> list[str]:
    """The table's row labels; the adjusted time names the shift's median package size."""
    labels = [translate("stats", label) for label, _ in FIGURE_ROWS]
    if median_items is not None:
        labels[-1] = translate("stats", "Time per {items}-item package (median)").format(
            items=f"{median_items:g}")
    return labels


def hour_labels(hours: Sequence[dt.datetime]) -> list[str]:
    """"09:00" per hour; "05-01 09:00" when the hours span more than one day."""
    several_days = len({hour.date() for hour in hours}) > 1
    return [hour.strftime("%m-%d %H:00" if several_days else "%H:00") for hour in hours]
