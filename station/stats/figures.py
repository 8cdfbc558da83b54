"""The packer statistics of a shift, computed from `station.stats.events`.

Per packer (and for all packers together):

* packages — completions queued (completing commands; discarded ones do not count);
* items — units verified (scanned) in the shift;
* packages / items per hour — per ACTIVE hour: the clock hours in which the packer
  verified, completed or mis-scanned anything. A shift's idle hours and the packer's
  breaks of a whole hour do not dilute the rate; a short burst is still a whole hour;
* wrong scans per 100 items — `wrong_scan` audit rows (station.stats.recording) per 100
  verified units;
* overrides — completions a supervisor allowed with items missing; refused overrides;
* time per package — from the package's first verification to its completion; packages
  completed without any scan (all by override) have no time and are left out.
  "Adjusted for item count" is given two ways: `seconds_per_item` (all timed packages'
  seconds over all their items) and `adjusted_seconds_per_package` = seconds_per_item ×
  the MEDIAN item count of every timed package in the shift (all packers), i.e. what the
  packer would take for the shift's typical package, so packers who get big packages are
  compared fairly with those who get small ones.

Hour rows (`HourFigures`) give the same counts per packer and clock hour, for the chart
and the CSV export.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from station.stats.events import Completion, Event, completions, events
from station.stats.recording import WRONG_SCAN_ACTION
from station.stats.shift import Shift, hour_of
from station.store.db import Store

ALL_PACKERS = None  # `ShiftStats.figures_for(ALL_PACKERS)`: everyone together


@dataclass(frozen=True)
class HourFigures:
    """What one packer (or everyone, packer None) did in one clock hour."""

    packer: str | None
    hour: dt.datetime  # the hour's start, aware, in the statistics' time zone
    packages: int = 0
    items: int = 0
    wrong_scans: int = 0
    overrides: int = 0
    overrides_refused: int = 0


@dataclass(frozen=True)
class PackerFigures:
    """One packer's (or everyone's, packer None) figures for the shift."""

    packer: str | None
    packages: int
    items: int
    wrong_scans: int
    overrides: int
    overrides_refused: int
    active_hours: int
    timed_packages: int  # completions with a first verification
    timed_seconds: float  # their first-verification-to-completion seconds, summed
    timed_items: int  # their verified units, summed
    median_items: float | None  # of every timed package in the shift (all packers)

    @property
    def packages_per_hour(self) -> float | None:
        return self.packages / self.active_hours if self.active_hours else None

    @property
    def items_per_hour(self) -> float | None:
        return self.items / self.active_hours if self.active_hours else None

    @property
    def wrong_per_100_items(self) -> float | None:
        return 100.0 * self.wrong_scans / self.items if self.items else None

    @property
    def seconds_per_package(self) -> float | None:
        return self.timed_seconds / self.timed_packages if self.timed_packages else None

    @property
    def seconds_per_item(self) -> float | None:
        return self.timed_seconds / self.timed_items if self.timed_items else None

    @property
    def adjusted_seconds_per_package(self) -> float | None:
        per_item = self.seconds_per_item
        if per_item is None or self.median_items is None:
            return None
        return per_item * self.median_items


@dataclass(frozen=True)
class ShiftStats:
    shift: Shift
    tz: dt.tzinfo | None
    packers: tuple[str, ...]  # everyone seen in the shift, sorted
    median_items: float | None
    figures: dict[str | None, PackerFigures] = field(default_factory=dict)
    hours: tuple[HourFigures, ...] = ()  # per packer, hours with activity only

    def figures_for(self, packer: str | None) -> PackerFigures:
        """A packer's figures (zeros for one not seen); ALL_PACKERS for everyone."""
        found = self.figures.get(packer)
        return found or _figures(packer, [], [], self.median_items)

    def hours_for(self, packer: str | None) -> list[HourFigures]:
        """Every clock hour from the shift's first active hour to its last (quiet ones
        as zeros, so a chart shows the gaps), for one packer or ALL_PACKERS."""
        rows = [row for row in self.hours if packer is None or row.packer == packer]
        if not self.hours:
            return []
        first, last = self.hours[0].hour, max(row.hour for row in self.hours)
        by_hour: dict[dt.datetime, list[HourFigures]] = defaultdict(list)
        for row in rows:
            by_hour[row.hour].append(row)
        result, hour = [], first
        while hour <= last:
            result.append(_sum_hours(packer, hour, by_hour.get(hour, [])))
            hour = _next_hour(hour, self.tz)
        return result


def shift_stats(store: Store, shift: Shift, *, tz: dt.tzinfo | None = None) -> ShiftStats:
    """The statistics of `shift`, hours in `tz` (None: the station's local zone)."""
    done = completions(store, shift)
    seen = events(store, shift)
    timed = [c.items for c in done if c.first_verified_at is not None and c.items]
    median = float(statistics.median(timed)) if timed else None
    packers = tuple(sorted({c.packer for c in done} | {e.packer for e in seen}))
    figures: dict[str | None, PackerFigures] = {
        packer: _figures(packer, [c for c in done if c.packer == packer],
                         [e for e in seen if e.packer == packer], median, tz)
        for packer in packers}
    figures[ALL_PACKERS] = _figures(ALL_PACKERS, done, seen, median, tz)
    return ShiftStats(shift, tz, packers, median, figures, tuple(_hour_rows(done, seen, tz)))


def _figures(packer: str | None, done: list[Completion], seen: list[Event],
             median: float | None, tz: dt.tzinfo | None = None) -> PackerFigures:
    kinds = Counter(event.kind for event in seen)
    hours = {hour_of(c.at, tz) for c in done} | {hour_of(e.at, tz) for e in seen}
    durations = [(_seconds(c), c.items) for c in done if c.first_verified_at and c.items]
    durations = [(seconds, items) for seconds, items in durations if seconds >= 0]
    return PackerFigures(
        packer=packer, packages=len(done), items=kinds["item"],
        wrong_scans=kinds[WRONG_SCAN_ACTION], overrides=kinds["override"],
        overrides_refused=kinds["override_refused"], active_hours=len(hours),
        timed_packages=len(durations), timed_seconds=sum(s for s, _ in durations),
        timed_items=sum(i for _, i in durations), median_items=median)


def _seconds(completion: Completion) -> float:
    # A clock set back between the scans and the completion gives a negative time:
    # the caller leaves such a package out rather than count nonsense.
    assert completion.first_verified_at is not None
    start = dt.datetime.fromisoformat(completion.first_verified_at)
    return (dt.datetime.fromisoformat(completion.at) - start).total_seconds()


_EVENT_FIELD = {"item": "items", WRONG_SCAN_ACTION: "wrong_scans", "override": "overrides",
                "override_refused": "overrides_refused"}


def _hour_rows(done: Iterable[Completion], seen: Iterable[Event],
               tz: dt.tzinfo | None) -> list[HourFigures]:
    counts: dict[tuple[dt.datetime, str], Counter[str]] = defaultdict(Counter)
    for completion in done:
        counts[(hour_of(completion.at, tz), completion.packer)]["packages"] += 1
    for event in seen:
        counts[(hour_of(event.at, tz), event.packer)][_EVENT_FIELD[event.kind]] += 1
    return [HourFigures(packer, hour, **counter)
            for (hour, packer), counter in sorted(counts.items())]


def _sum_hours(packer: str | None, hour: dt.datetime,
               rows: list[HourFigures]) -> HourFigures:
    return HourFigures(
        packer, hour, packages=sum(r.packages for r in rows), items=sum(r.items for r in rows),
        wrong_scans=sum(r.wrong_scans for r in rows), overrides=sum(r.overrides for r in rows),
        overrides_refused=sum(r.overrides_refused for r in rows))


def _next_hour(hour: dt.datetime, tz: dt.tzinfo | None) -> dt.datetime:
    # Through UTC, so a daylight-saving change neither repeats nor skips an hour.
    return (hour.astimezone(dt.UTC) + dt.timedelta(hours=1)).astimezone(tz)
