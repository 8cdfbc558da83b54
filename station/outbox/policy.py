"""Timing and shared state of the delivery worker: clock, backoff, pauses, report.

Owns: the injectable `Clock` (tests pass a fake one so backoffs take no real
time), `Backoff` (exponential with jitter; its `random` is injectable too), and
`Gate` — what the delivery threads share: the auth pause, the network pause (the
network is down: nobody sends), the rate-limit pause (429 `Retry-After`: nobody
sends), the error pause (delivery itself keeps failing, e.g. "disk I/O error": nobody
sends for a backoff that grows while it repeats; the message is logged once per
change, not per attempt, and handed to `on_error` for the GUI), the outcome counters
of the current run and the `on_change` callback.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import random
import threading
from collections.abc import Callable
from typing import Any, Protocol

from station.outbox.queue import OutboxEntry

log = logging.getLogger(__name__)
ChangeCallback = Callable[[str, OutboxEntry], None]
ErrorCallback = Callable[[str | None], None]  # the delivery error now; None once it is over
EPOCH = dt.datetime.min.replace(tzinfo=dt.UTC)


class Clock(Protocol):
    def now(self) -> dt.datetime: ...

    def wait(self, event: threading.Event, seconds: float) -> bool:
        """Wait up to `seconds` or until `event` is set; True if it was set."""
        ...


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def wait(self, event: threading.Event, seconds: float) -> bool:
        return event.wait(max(0.0, seconds))


@dataclasses.dataclass(frozen=True)
class Backoff:
    """Delays in seconds. `delay(n)` = min(maximum, initial * factor**(n-1)), less up
    to `jitter` of it at random (so stations coming back online do not retry in step)."""

    initial: float = 1.0
    factor: float = 2.0
    maximum: float = 300.0
    jitter: float = 0.5
    retry_after_cap: float = 600.0  # never wait longer than this for a Retry-After
    # Wait at least this long before reading back an entry whose outcome is unknown:
    # a request that timed out here may still be running on OMS.
    settle: float = 30.0
    random: Callable[[], float] = dataclasses.field(default=random.random, compare=False,
                                                    repr=False)

    def delay(self, failures: int) -> float:
        base = min(self.maximum, self.initial * self.factor ** max(0, failures - 1))
        return base * (1.0 - self.jitter * self.random())

    def after_rate_limit(self, retry_after: float | None) -> float:
        wanted = self.delay(1) if retry_after is None else retry_after
        return min(self.retry_after_cap, max(0.0, wanted))

    def before_reconcile(self, failures: int) -> float:
        return max(self.settle, self.delay(failures))


@dataclasses.dataclass
class DrainReport:
    """What one run (`drain()`, or `start()` until `stop()`) did, and what is left."""

    done: int = 0  # sent and acknowledged
    reconciled: int = 0  # found already applied on OMS after an unknown outcome
    conflict: int = 0
    failed: int = 0
    retry_later: int = 0  # attempts that ended pending/uncertain with a backoff
    remaining: int = 0  # pending/uncertain entries left (backing off, paused or blocked)
    needs_attention: int = 0  # conflict/failed entries in the outbox
    auth_problem: str | None = None
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class WorkerStatus:
    running: bool
    auth_problem: str | None
    network_paused_until: dt.datetime | None
    rate_limited_until: dt.datetime | None
    in_flight: int  # packages handed to the delivery threads (queued or being sent)
    last_error: str | None = None  # a delivery error that keeps deliveries paused
    error_paused_until: dt.datetime | None = None


class Gate:
    """Thread-safe state shared by the dispatcher and the delivery threads."""

    def __init__(self, clock: Clock, backoff: Backoff, on_change: ChangeCallback | None,
                 on_error: ErrorCallback | None = None):
        self.clock = clock
        self.backoff = backoff
        self._on_change = on_change
        self._on_error = on_error
        self._error_failures = 0
        self.error_hold = EPOCH
        self.last_error: str | None = None
        self._lock = threading.Lock()
        # The delivery threads take turns at writing: waiting on this lock wakes at
        # once, where SQLite's busy handler sleeps in steps of up to 100 ms.
        self.writes = threading.Lock()
        self.auth_problem: str | None = None
        self._network_failures = 0
        self.network_hold = EPOCH
        self.rate_hold = EPOCH
        self.report = DrainReport()

    def may_send(self, now: dt.datetime) -> bool:
        with self._lock:
            return (self.auth_problem is None and now >= self.network_hold
                    and now >= self.rate_hold and now >= self.error_hold)

    def opens_at(self, due: dt.datetime | None) -> dt.datetime | None:
        """When an entry due at `due` may go, pauses included (None: not while paused)."""
        with self._lock:
            if due is None or self.auth_problem is not None:
                return None
            return max(due, self.network_hold, self.rate_hold, self.error_hold)

    def pause_for_auth(self, message: str, entry: OutboxEntry) -> None:
        with self._lock:
            self.auth_problem = message
        log.error("OMS rejected the station's credentials; deliveries paused: %s", message)
        self.notify("auth", entry)

    def resume_auth(self) -> None:
        with self._lock:
            self.auth_problem = None

    def network_down(self) -> float:
        """Pause everyone for a backoff that grows while the network stays down."""
        with self._lock:
            self._network_failures += 1
            wait = self.backoff.delay(self._network_failures)
            self.network_hold = max(self.network_hold, self.clock.now() + _seconds(wait))
        return wait

    def network_up(self) -> None:
        with self._lock:
            self._network_failures = 0

    def end_network_pause(self) -> None:
        with self._lock:
            self.network_hold = EPOCH

    def rate_limited(self, retry_after: float | None) -> float:
        wait = self.backoff.after_rate_limit(retry_after)
        with self._lock:
            self.rate_hold = max(self.rate_hold, self.clock.now() + _seconds(wait))
        return wait

    def delivery_failed(self, error: BaseException) -> float:
        """Delivering failed with an unexpected error (the database, a bug): nobody
        sends for a backoff that grows while it repeats. Logged (with its traceback)
        only when the message changes, so a disk that keeps failing cannot fill the log."""
        message = _error_text(error)
        with self._lock:
            self._error_failures += 1
            wait = self.backoff.delay(self._error_failures)
            self.error_hold = max(self.error_hold, self.clock.now() + _seconds(wait))
            changed, self.last_error = message != self.last_error, message
            failures = self._error_failures
        if changed:
            log.error("delivering failed: %s; deliveries pause and retry with a growing "
                      "backoff (this is logged again only if the error changes)", message,
                      exc_info=error)
            self._tell_error(message)
        else:
            log.debug("delivering failed again (%d in a row): %s; next try in %.1f s",
                      failures, message, wait)
        return wait

    def delivery_worked(self) -> None:
        """A delivery round ended without an unexpected error: the error pause is over."""
        with self._lock:
            if self._error_failures == 0 and self.last_error is None:
                return
            cleared, self.last_error = self.last_error, None
            self._error_failures = 0
            self.error_hold = EPOCH
        log.warning("deliveries work again (the error was: %s)", cleared)
        self._tell_error(None)

    def _tell_error(self, message: str | None) -> None:
        if self._on_error is None:
            return
        try:
            self._on_error(message)
        except Exception:  # a broken listener must not stop deliveries
            log.exception("outbox on_error listener failed")

    def new_report(self) -> DrainReport:
        with self._lock:
            self.report = DrainReport()
            return self.report

    def count(self, outcome: str) -> None:
        with self._lock:
            setattr(self.report, outcome, getattr(self.report, outcome) + 1)

    def notify(self, event: str, entry: OutboxEntry) -> None:
        if self._on_change is None:
            return
        try:
            self._on_change(event, entry)
        except Exception:  # a broken listener must not stop deliveries
            log.exception("outbox on_change listener failed on %r", event)


def _error_text(error: BaseException) -> str:
    text = str(error).strip()
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _seconds(value: float) -> dt.timedelta:
    return dt.timedelta(seconds=value)
