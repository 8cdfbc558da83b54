"""Packer statistics, computed offline from the local tables (audit trail, verifications).

Per packer and shift: packages and items per active hour, wrong scans per 100 items,
overrides (and refused ones), time per package and per item, and a per-package time
normalised to the shift's median item count; the same counts per clock hour for a
chart, and a CSV export (`write_csv`). Definitions are in `station.stats.figures`.

* `shift` — `Shift`, the window [start, end) (today, yesterday, dates, any two times);
* `recording` — `record_wrong_scan`, which the packing session calls so wrong scans
  reach the audit trail;
* `events` — the SELECTs (read-only; the UI never runs SQL, it calls `shift_stats`);
* `figures` — `shift_stats` → `ShiftStats` (`PackerFigures`, `HourFigures`);
* `export` — the CSV;
* `today` — today's work: `packed_today`, `history` (one row per event, one per
  command with its delivery status), `next_package` (the most urgent one to pack).
"""

from station.stats.export import CSV_COLUMNS, csv_text, write_csv
from station.stats.figures import (
    ALL_PACKERS,
    HourFigures,
    PackerFigures,
    ShiftStats,
    shift_stats,
)
from station.stats.recording import WRONG_SCAN_ACTION, WRONG_SCAN_KINDS, record_wrong_scan
from station.stats.shift import Shift
from station.stats.today import (
    DELIVERY_STATUSES,
    HISTORY_KINDS,
    HistoryEvent,
    PackedPackage,
    PrintedDocument,
    history,
    next_package,
    packed_today,
)

__all__ = [
    "ALL_PACKERS", "CSV_COLUMNS", "DELIVERY_STATUSES", "HISTORY_KINDS", "WRONG_SCAN_ACTION",
    "WRONG_SCAN_KINDS", "HistoryEvent", "HourFigures", "PackedPackage", "PackerFigures",
    "PrintedDocument", "Shift", "ShiftStats", "csv_text", "history", "next_package",
    "packed_today", "record_wrong_scan", "shift_stats", "write_csv",
]
