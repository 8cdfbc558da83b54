"""status() counts and the sync-state key/value helpers."""

from __future__ import annotations

import datetime as dt

import pytest

from station.outbox.queue import CommandSpec, enqueue_command
from station.store import (
    MIGRATIONS,
    archive_packages,
    open_store,
    quarantine,
    status,
    upsert_page,
)
from station.store import syncstate as ss
from tests.unit.store_factory import (
    PREPARING,
    SYNCED_AT,
    item_json,
    package_json,
    page,
    product_json,
)


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "station.db") as opened:
        yield opened


def test_status_of_an_empty_store(store):
    assert status(store) == {
        "packages": {"total": 0, "by_state": {}, "archived": 0, "quarantined": 0},
        "items": 0, "codes": 0, "last_sync": None, "last_full_sync": None,
        "last_error": None, "schema_version": len(MIGRATIONS), "outbox": {},
        "pending_mass_archive": [],
    }


def test_status_counts_live_packages_of_the_location(store):
    product = product_json(70, barcode="B70")
    two_items = [item_json(71, product), item_json(72, product)]
    upsert_page(store, page(
        package_json(1), package_json(2, state=PREPARING), package_json(3),
        package_json(4, location=9), package_json(7, items=two_items),
    ), synced_at=SYNCED_AT)
    archive_packages(store, [3], "left location")
    quarantine(store, package_id=5, number=None, reason="bad", raw=b"{}")
    ss.record_sync_success(store, at=SYNCED_AT, full=True)
    result = status(store, stock_location_id=6)
    assert result["packages"] == {"total": 3, "by_state": {"100": 2, "200": 1},
                                  "archived": 1, "quarantined": 1}
    assert result["items"] == 4  # packages 1, 2 and 7's two; archived 3 not counted
    # SKU for each of the 5 products (10, 20, 30, 40, 70) plus one barcode.
    assert result["codes"] == 6
    assert result["last_sync"] == result["last_full_sync"] == "2024-05-01T12:00:00.000000Z"
    everywhere = status(store)
    assert (everywhere["packages"]["total"], everywhere["items"]) == (4, 5)
    assert status(store, stock_location_id=9)["packages"]["by_state"] == {"100": 1}


def test_outbox_counts_follow_the_outbox(store):
    upsert_page(store, page(package_json(1)), synced_at=SYNCED_AT)
    assert status(store)["outbox"] == {}
    spec = CommandSpec("PKG_STATE_TRANSITION", 1, None, "start", 35, 37)
    first, _ = (enqueue_command(store, package_id=1, spec=spec, input_parameters={},
                                packer="p") for _ in range(2))
    store.conn.execute("UPDATE outbox SET status = 'conflict' WHERE id = ?", (first.id,))
    assert status(store)["outbox"] == {"conflict": 1, "pending": 1}


def test_values_set_replace_and_delete(store):
    assert ss.get_value(store, "k") is None
    ss.set_value(store, "k", "one")
    ss.set_value(store, "k", "two")
    assert ss.get_value(store, "k") == "two"
    ss.set_value(store, "k", None)
    assert ss.get_value(store, "k") is None


def test_times_round_trip_as_utc(store):
    istanbul = dt.timezone(dt.timedelta(hours=3))
    ss.set_time(store, ss.LAST_SYNC, dt.datetime(2024, 5, 1, 15, 0, tzinfo=istanbul))
    assert ss.get_value(store, ss.LAST_SYNC) == "2024-05-01T12:00:00.000000Z"
    assert ss.get_time(store, ss.LAST_SYNC) == dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
    assert ss.get_time(store, "never set") is None


def test_high_water_mark_only_moves_forward_per_location(store):
    early = dt.datetime(2024, 5, 1, 10, 0, tzinfo=dt.UTC)
    late = early + dt.timedelta(hours=1)
    assert ss.high_water_mark(store, 6) is None
    assert ss.advance_high_water_mark(store, 6, late) == late
    assert ss.advance_high_water_mark(store, 6, early) == late
    assert ss.advance_high_water_mark(store, 9, late.replace(tzinfo=None)) == late
    assert ss.high_water_mark(store, 6) == late
    ss.set_value(store, ss.high_water_mark_key(6), None)
    assert ss.high_water_mark(store, 6) is None


def test_sync_success_clears_the_last_error(store):
    ss.record_sync_error(store, "OMS unreachable")
    assert status(store)["last_error"] == "OMS unreachable"
    ss.record_sync_success(store, at=SYNCED_AT, full=False)
    result = status(store)
    assert (result["last_error"], result["last_sync"], result["last_full_sync"]) == (
        None, "2024-05-01T12:00:00.000000Z", None)
