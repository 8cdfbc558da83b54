"""How the statistics read on screen: the figure rows of the table and the hour labels."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from station.stats import PackerFigures

ALL_TEXT = "All packers"
NONE_TEXT = "—"  # nothing to divide by


def _number(value: float | None, digits: int = 1) -> str:
    return NONE_TEXT if value is None else f"{value:.{digits}f}"


def duration_text(seconds: float | None) -> str:
    """"45 s", "2 min 05 s", "1 h 03 min"."""
    if seconds is None:
        return NONE_TEXT
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60} min {whole % 60:02d} s"
    return f"{whole // 3600} h {whole % 3600 // 60:02d} min"


def _adjusted(figures: PackerFigures) -> str:
    if figures.median_items is None:
        return NONE_TEXT
    return duration_text(figures.adjusted_seconds_per_package)


FIGURE_ROWS: tuple[tuple[str, Callable[[PackerFigures], str]], ...] = (
    ("Packages", lambda f: str(f.packages)),
    ("Items scanned", lambda f: str(f.items)),
    ("Active hours", lambda f: str(f.active_hours)),
    ("Packages per hour", lambda f: _number(f.packages_per_hour)),
    ("Items per hour", lambda f: _number(f.items_per_hour)),
    ("Wrong scans", lambda f: str(f.wrong_scans)),
    ("Wrong scans per 100 items", lambda f: _number(f.wrong_per_100_items)),
    ("Overrides", lambda f: str(f.overrides)),
    ("Refused overrides", lambda f: str(f.overrides_refused)),
    ("Time per package", lambda f: duration_text(f.seconds_per_package)),
    ("Time per item", lambda f: duration_text(f.seconds_per_item)),
    ("Time per median package", _adjusted),  # see figure_labels
)
# Row numbers, for `StatsWidget.cell`.
ROW = {label: number for number, (label, _) in enumerate(FIGURE_ROWS)}


def figure_labels(median_items: float | None) -> list[str]:
    """The table's row labels; the adjusted time names the shift's median package size."""
    labels = [label for label, _ in FIGURE_ROWS]
    if median_items is not None:
        labels[-1] = f"Time per {median_items:g}-item package (median)"
    return labels


def hour_labels(hours: Sequence[dt.datetime]) -> list[str]:
    """"09:00" per hour; "05-01 09:00" when the hours span more than one day."""
    several_days = len({hour.date() for hour in hours}) > 1
    return [hour.strftime("%m-%d %H:00" if several_days else "%H:00") for hour in hours]
