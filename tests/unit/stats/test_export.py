"""The CSV export: one row per packer and active hour, UTF-8 with a byte-order mark."""

from __future__ import annotations

import csv
import datetime as dt

from station.stats import CSV_COLUMNS, Shift, shift_stats, write_csv
from station.store import open_store
from tests.unit.stats.packing_day import Clock, item_codes, pack, session_for, synced_store

UTC = dt.UTC


def test_export_has_one_row_per_packer_hour_and_opens_in_excel(tmp_path):
    waiting = synced_store(tmp_path / "station.db")
    with open_store(tmp_path / "station.db") as store:
        clock = Clock(dt.datetime(2024, 5, 1, 9, 0, tzinfo=UTC))
        sule = session_for(store, "Şule", clock)
        stranger = item_codes(waiting[5])[0]
        first = pack(sule, clock, waiting[0], wrong=stranger)
        clock.at = dt.datetime(2024, 5, 1, 11, 5, tzinfo=UTC)
        second = pack(sule, clock, waiting[1])
        stats = shift_stats(store, Shift.today(clock.at, UTC), tz=UTC)
    path = tmp_path / "stats.csv"
    assert write_csv(stats, path) == 2
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert tuple(rows[0]) == CSV_COLUMNS
    per_100 = f"{100 / first.items:.1f}"
    assert rows[1:] == [
        ["Şule", "2024-05-01", "09:00", "1", str(first.items), "1", per_100, "0", "0"],
        ["Şule", "2024-05-01", "11:00", "1", str(second.items), "0", "0.0", "0", "0"],
    ]


def test_an_empty_shift_exports_the_header_only(tmp_path):
    with open_store(tmp_path / "empty.db") as store:
        stats = shift_stats(store, Shift.today(dt.datetime(2024, 5, 1, tzinfo=UTC), UTC))
    path = tmp_path / "empty.csv"
    assert write_csv(stats, path) == 0
    assert path.read_text(encoding="utf-8-sig").splitlines() == [",".join(CSV_COLUMNS)]
