"""CSV export of a shift's statistics: one row per packer and clock hour with activity.

UTF-8 with a byte-order mark, so Excel opens names like "Şule" right; times are the
hour's start in the statistics' time zone (`2024-05-01 09:00`), numbers unformatted
(a dot as decimal separator, empty when there is nothing to divide by).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from station.stats.figures import HourFigures, ShiftStats

CSV_COLUMNS = ("packer", "date", "hour", "packages", "items", "wrong_scans",
               "wrong_per_100_items", "overrides", "overrides_refused")


def csv_text(stats: ShiftStats) -> str:
    """The export as text (without the byte-order mark)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(_row(hour) for hour in stats.hours)
    return out.getvalue()


def write_csv(stats: ShiftStats, path: str | Path) -> int:
    """Write the export to `path` (replacing it); returns the number of data rows.
    Raises OSError when the file cannot be written."""
    Path(path).write_text(csv_text(stats), encoding="utf-8-sig", newline="")
    return len(stats.hours)


def _row(hour: HourFigures) -> tuple[object, ...]:
    per_100 = (f"{100.0 * hour.wrong_scans / hour.items:.1f}" if hour.items else "")
    return (hour.packer or "", hour.hour.strftime("%Y-%m-%d"), hour.hour.strftime("%H:00"),
            hour.packages, hour.items, hour.wrong_scans, per_100, hour.overrides,
            hour.overrides_refused)
