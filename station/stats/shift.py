"""Shifts: the time window a set of statistics covers, and the clock hours inside it.

A `Shift` is a half-open window [start, end) of aware datetimes. The presets are the
station's local days (`today`, `yesterday`) and whole local dates (`of_dates`); any other
window (a night shift from 22:00 to 06:00) is just `Shift(start, end)`. Hours are clock
hours in the time zone the statistics are read in (the station's, unless told).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from station.store.db import iso_utc


@dataclass(frozen=True)
class Shift:
    """The window [start, end); both aware (naive datetimes are refused)."""

    start: dt.datetime
    end: dt.datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("a shift's start and end need a time zone")
        if self.end <= self.start:
            raise ValueError("the shift must end after it starts")

    @classmethod
    def of_dates(cls, first: dt.date, last: dt.date, tz: dt.tzinfo | None = None) -> Shift:
        """Local midnight of `first` to local midnight after `last` (both days included)."""
        if last < first:
            raise ValueError("the last day must not be before the first day")
        return cls(_midnight(first, tz), _midnight(last + dt.timedelta(days=1), tz))

    @classmethod
    def today(cls, now: dt.datetime, tz: dt.tzinfo | None = None) -> Shift:
        """The local day `now` falls in."""
        day = now.astimezone(tz).date()
        return cls.of_dates(day, day, tz)

    @classmethod
    def yesterday(cls, now: dt.datetime, tz: dt.tzinfo | None = None) -> Shift:
        day = now.astimezone(tz).date() - dt.timedelta(days=1)
        return cls.of_dates(day, day, tz)

    def bounds_text(self) -> tuple[str, str]:
        """Start and end as the store writes times (fixed-width UTC text compares as time)."""
        start, end = iso_utc(self.start), iso_utc(self.end)
        assert start is not None and end is not None
        return start, end


def _midnight(day: dt.date, tz: dt.tzinfo | None) -> dt.datetime:
    # With tz=None the station's local zone decides (its offset on that very day, so a
    # daylight-saving change is honoured).
    naive = dt.datetime.combine(day, dt.time())
    return naive.replace(tzinfo=tz) if tz is not None else naive.astimezone()


def hour_of(stored: str, tz: dt.tzinfo | None) -> dt.datetime:
    """The clock hour (aware, in `tz`, None = local) a stored UTC time falls in."""
    moment = dt.datetime.fromisoformat(stored).astimezone(tz)
    return moment.replace(minute=0, second=0, microsecond=0)
