"""Packer statistics of a packing day packed through the real session on a
simulator-generated installation, with a clock the test controls (hours in UTC)."""

from __future__ import annotations

import datetime as dt
import statistics

import pytest

from station import outbox
from station.outbox import heads
from station.stats import ALL_PACKERS, Shift, shift_stats
from station.store import open_store
from tests.unit.stats.packing_day import (
    COMPLETE,
    Clock,
    Packed,
    item_codes,
    pack,
    session_for,
    synced_store,
)

UTC = dt.UTC
COMPLETION_TYPE = COMPLETE.removeprefix("CMD:")
DAY = Shift.of_dates(dt.date(2024, 5, 1), dt.date(2024, 5, 1), UTC)


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2024, 5, 1, hour, minute, tzinfo=UTC)


@pytest.fixture(scope="module")
def day(tmp_path_factory):
    """ann: two packages from 09:00 (a wrong item in the first), one at 10:15 (a unit too
    many); bob: one package at 09:30, then one closed by a supervisor override with 2 of
    its 6 units scanned, after a refused override."""
    path = tmp_path_factory.mktemp("stats") / "station.db"
    waiting = synced_store(path)
    six = next(p for p in waiting if len(item_codes(p)) == 6)
    small = [p for p in waiting if p is not six]
    with open_store(path) as store:
        ann_clock, bob_clock = Clock(at(9)), Clock(at(9, 30))
        ann, bob = session_for(store, "ann", ann_clock), session_for(store, "bob", bob_clock)
        stranger = next(c for p in small[4:] for c in item_codes(p)
                        if c not in item_codes(small[0]))
        packed = {"ann": [pack(ann, ann_clock, small[0], wrong=stranger),
                          pack(ann, ann_clock, small[1])]}
        ann_clock.at = at(10, 15)
        packed["ann"].append(pack(ann, ann_clock, small[2], over=True))
        packed["bob"] = [pack(bob, bob_clock, small[3]), override_two_of(bob, bob_clock, six)]
    return path, packed


def override_two_of(session, clock: Clock, package: dict) -> Packed:
    assert session.handle_scan(package["number"]).kind == "ok"
    clock.tick()
    first = clock.at
    for code in item_codes(package)[:2]:
        assert session.handle_scan(code).kind == "partial"
        clock.tick()
    assert session.override(COMPLETION_TYPE, "boss", "0000").kind == "error"  # refused
    clock.tick()
    assert session.run_command(COMPLETION_TYPE, override_by="boss").kind == "saved"
    return Packed(package, 2, (clock.at - first).total_seconds())


def test_each_packer_gets_packages_items_wrong_scans_and_overrides(day):
    path, packed = day
    with open_store(path) as store:
        stats = shift_stats(store, DAY, tz=UTC)
    assert stats.packers == ("ann", "bob")
    ann, bob = stats.figures_for("ann"), stats.figures_for("bob")
    ann_items = sum(p.items for p in packed["ann"])
    assert (ann.packages, ann.items, ann.wrong_scans, ann.active_hours) == (3, ann_items, 2, 2)
    assert ann.packages_per_hour == 1.5
    assert ann.items_per_hour == ann_items / 2
    assert ann.wrong_per_100_items == pytest.approx(200 / ann_items)
    assert (ann.overrides, ann.overrides_refused) == (0, 0)
    bob_items = packed["bob"][0].items + 2
    assert (bob.packages, bob.items, bob.wrong_scans, bob.active_hours) == (2, bob_items, 0, 1)
    assert (bob.overrides, bob.overrides_refused) == (1, 1)
    everyone = stats.figures_for(ALL_PACKERS)
    assert (everyone.packages, everyone.items, everyone.wrong_scans) == (5, ann_items + bob_items,
                                                                         2)


def test_time_per_package_runs_from_first_scan_to_completion_and_is_adjusted(day):
    path, packed = day
    with open_store(path) as store:
        stats = shift_stats(store, DAY, tz=UTC)
    every = packed["ann"] + packed["bob"]
    assert stats.median_items == statistics.median(p.items for p in every)
    for name in ("ann", "bob"):
        mine, figures = packed[name], stats.figures_for(name)
        seconds = sum(p.seconds for p in mine)
        assert figures.timed_packages == len(mine)
        assert figures.seconds_per_package == pytest.approx(seconds / len(mine))
        per_item = seconds / sum(p.items for p in mine)
        assert figures.seconds_per_item == pytest.approx(per_item)
        assert figures.adjusted_seconds_per_package == pytest.approx(
            per_item * stats.median_items)


def test_hours_count_what_happened_in_each_clock_hour(day):
    path, packed = day
    with open_store(path) as store:
        stats = shift_stats(store, DAY, tz=UTC)
    ann = [(h.hour.hour, h.packages, h.items, h.wrong_scans) for h in stats.hours_for("ann")]
    first_two = packed["ann"][0].items + packed["ann"][1].items
    assert ann == [(9, 2, first_two, 1), (10, 1, packed["ann"][2].items, 1)]
    bob = [(h.hour.hour, h.packages, h.overrides, h.overrides_refused)
           for h in stats.hours_for("bob")]
    assert bob == [(9, 2, 1, 1), (10, 0, 0, 0)]  # bob's quiet hour is shown as zeros
    assert [h.packages for h in stats.hours_for(ALL_PACKERS)] == [4, 1]


def test_a_shift_counts_only_its_window(day):
    path, packed = day
    with open_store(path) as store:
        ten_to_eleven = shift_stats(store, Shift(at(10), at(11)), tz=UTC)
        yesterday = shift_stats(store, Shift.yesterday(at(12), UTC), tz=UTC)
    assert ten_to_eleven.packers == ("ann",)
    assert ten_to_eleven.figures_for("ann").packages == 1
    assert ten_to_eleven.figures_for("ann").items == packed["ann"][2].items
    assert yesterday.packers == ()
    assert yesterday.figures_for(ALL_PACKERS).packages_per_hour is None
    assert yesterday.hours_for(ALL_PACKERS) == []


def test_hours_are_read_in_the_given_time_zone(day):
    path, _ = day
    istanbul = dt.timezone(dt.timedelta(hours=3))
    with open_store(path) as store:
        stats = shift_stats(store, DAY, tz=istanbul)
    assert [h.hour.hour for h in stats.hours_for(ALL_PACKERS)] == [12, 13]


def test_wrong_and_over_scans_reach_the_audit_trail_unknown_ones_do_not(day):
    path, packed = day
    with open_store(path) as store:
        rows = [r for r in outbox.audit_trail(store) if r["action"] == "wrong_scan"]
    assert [(r["packer"], r["detail"]["kind"]) for r in rows] == [("ann", "wrong"),
                                                                   ("ann", "over")]
    assert rows[0]["package_id"] == packed["ann"][0].package["id"]
    assert rows[0]["detail"]["what"].startswith("Wrong item: ")
    assert packed["ann"][0].kinds[1] == "wrong" and packed["ann"][2].kinds[-1] == "over"


def test_an_unreadable_scan_is_not_a_wrong_scan(tmp_path):
    waiting = synced_store(tmp_path / "s.db")
    with open_store(tmp_path / "s.db") as store:
        session = session_for(store, "ann", Clock(at(9)))
        session.handle_scan(waiting[0]["number"])
        assert session.handle_scan("\x1d").kind == "unknown"
        stats = shift_stats(store, DAY, tz=UTC)
    assert stats.figures_for("ann").wrong_scans == 0


def test_a_shift_must_end_after_it_starts():
    with pytest.raises(ValueError, match="must end after it starts"):
        Shift(at(10), at(9))
    with pytest.raises(ValueError, match="time zone"):
        Shift(dt.datetime(2024, 5, 1), dt.datetime(2024, 5, 2))


def test_a_discarded_completion_is_not_a_package_and_a_pruned_one_still_is(tmp_path):
    waiting = synced_store(tmp_path / "s.db")
    with open_store(tmp_path / "s.db") as store:
        clock = Clock(at(9))
        session = session_for(store, "ann", clock)
        pack(session, clock, waiting[0])
        pack(session, clock, waiting[1])
        first, second = [e for e in outbox.entries(store) if e.command_type == COMPLETION_TYPE]
        heads.mark_conflict(store, first, clock.at, message="package moved on")
        outbox.discard(store, first.id, packer="ann", now=clock.at)
        # The second is delivered and pruned: the audit trail still knows it was packed.
        heads.mark_done(store, second, clock.at, response=None, how="sent")
        outbox.prune_done(store, dt.timedelta(0), now=clock.at + dt.timedelta(days=30))
        assert outbox.get_entry(store, second.id) is None
        stats = shift_stats(store, DAY, tz=UTC)
    assert stats.figures_for("ann").packages == 1
