"""The delivery worker: sends outbox entries to OMS, exactly once, in order per package.

Owns the threads. One dispatcher — a background thread after `start()`, or the
caller's thread in `drain()` — hands packages whose head entry is due to a pool
of `concurrency` delivery threads. Each thread has its own `Store` (a sqlite
connection belongs to one thread) and delivers one package's entries strictly
in order (`station.outbox.courier`), so a package's next entry waits for the previous
one, and an entry in conflict/failed blocks the rest of its package.

One worker per database: a lease in the sync-state table keeps a CLI `drain()`
from delivering beside the app's worker (each could read back an entry the other
is sending and resend it). On every run, entries a crash left in `sending` become
`uncertain` first, read back only once the settle window since their POST has passed
(OMS may still hold that POST). `stop()` starts no new POST and waits for those in
flight (bounded by the client's timeouts).

An unexpected error while delivering (the database: "disk I/O error"; a bug) pauses
every delivery for an exponential, capped backoff while it repeats; it is logged once
per change of message, shown in `status.last_error` and handed to `on_error(message)`
(`on_error(None)` once deliveries work again).

`on_change(event, entry)` is called from worker threads with events "sending",
"done", "pending", "uncertain", "conflict", "failed" and "auth"; the GUI turns
it into a Qt signal. Timing comes from an injectable `Clock` (delivery_policy).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import queue
import threading
import uuid
from collections.abc import Callable

from station.oms.client import OmsClient
from station.outbox.audit import prune_done
from station.outbox.courier import Courier
from station.outbox.heads import (
    DELIVERABLE,
    acquire_lease,
    due_heads,
    next_due_at,
    recover_interrupted,
    release_lease,
)
from station.outbox.policy import (
    EPOCH,
    Backoff,
    ChangeCallback,
    Clock,
    DrainReport,
    ErrorCallback,
    Gate,
    SystemClock,
    WorkerStatus,
)
from station.outbox.queue import OutboxError
from station.outbox.reconcile import DEFAULT_CLOCK_SKEW
from station.store.db import Store

__all__ = ["Backoff", "Clock", "DeliveryWorker", "DrainReport", "SystemClock", "WorkerStatus"]

log = logging.getLogger(__name__)
BUSY_POLL_SECONDS = 0.5  # dispatcher re-check while deliveries run (each end wakes it)
LEASE_TTL = dt.timedelta(seconds=30)
# Done and discarded entries are kept this long (History, statistics, read-backs).
DONE_RETENTION = dt.timedelta(days=30)
QUEUE_DEPTH = 2  # packages handed to the pool per delivery thread (queued or in flight)


class DeliveryWorker:
    """Delivers the outbox of one station database (`open_store` must open a file:
    every thread opens its own connection)."""

    def __init__(
        self,
        open_store: Callable[[], Store],
        client: OmsClient,
        *,
        concurrency: int = 4,
        backoff: Backoff | None = None,
        clock: Clock | None = None,
        on_change: ChangeCallback | None = None,
        on_error: ErrorCallback | None = None,
        refresh_after_done: bool = True,
        clock_skew: dt.timedelta = DEFAULT_CLOCK_SKEW,
        idle_poll: float = 5.0,
        done_retention: dt.timedelta = DONE_RETENTION,
    ) -> None:
        if concurrency < 1:
            raise ValueError(f"concurrency must be at least 1, got {concurrency}")
        self._open_store = open_store
        self.concurrency = concurrency
        self.clock: Clock = clock or SystemClock()
        self.idle_poll = idle_poll  # also picks up entries queued by other connections
        self.done_retention = done_retention
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._gate = Gate(self.clock, backoff or Backoff(), on_change, on_error)
        self._courier = Courier(client, self._gate, self._stop,
                                refresh_after_done=refresh_after_done, clock_skew=clock_skew)
        self._thread: threading.Thread | None = None
        self._pool: _Pool | None = None
        self._owner = uuid.uuid4().hex
        self._lease_renew_at = EPOCH

    # --- control ------------------------------------------------------------------

    def start(self) -> None:
        """Deliver in the background until `stop()`."""
        if self.running:
            raise RuntimeError("delivery worker already running")
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, kwargs={"deadline": None, "until_idle": False},
            name="outbox-dispatcher", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10) -> bool:
        """No new POST starts; requests in flight end (bounded by the client's
        timeouts). True when every worker thread has ended within `timeout`."""
        self._stop.set()
        self._wake.set()
        thread = self._thread
        if thread is None:
            return True
        thread.join(timeout)
        if thread.is_alive():
            log.warning("delivery worker still finishing a request after %.1f s", timeout)
            return False
        self._thread = None
        return True

    def wake(self) -> None:
        """Look for work now: a new entry, or the network is back (ends a network pause)."""
        self._gate.end_network_pause()
        self._wake.set()

    def resume(self) -> None:
        """Deliver again after an auth problem (call once the credentials are fixed)."""
        self._gate.resume_auth()
        self._wake.set()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def auth_problem(self) -> str | None:
        return self._gate.auth_problem

    @property
    def last_report(self) -> DrainReport:
        """Counts of the current (or last) run."""
        return self._gate.report

    @property
    def status(self) -> WorkerStatus:
        now = self.clock.now()
        gate, pool = self._gate, self._pool
        return WorkerStatus(
            running=self.running, auth_problem=gate.auth_problem,
            network_paused_until=gate.network_hold if gate.network_hold > now else None,
            rate_limited_until=gate.rate_hold if gate.rate_hold > now else None,
            in_flight=len(pool.busy()) if pool else 0,
            last_error=gate.last_error,
            error_paused_until=gate.error_hold if gate.error_hold > now else None,
        )

    def drain(self, *, timeout: float | None = None) -> DrainReport:
        """Deliver in the caller's thread. Without `timeout`: until nothing is due now
        (entries backing off are left). With it: until nothing deliverable is left,
        waiting out backoffs, for at most `timeout` seconds of the worker's clock.
        Raises OutboxError if another worker is delivering this database."""
        if self.running:
            raise RuntimeError("drain() cannot run while the worker runs in the background")
        self._stop.clear()
        deadline = None if timeout is None else self.clock.now() + dt.timedelta(seconds=timeout)
        return self._run(deadline=deadline, until_idle=True)

    # --- one run ------------------------------------------------------------------

    def _run(self, *, deadline: dt.datetime | None, until_idle: bool) -> DrainReport:
        report = self._gate.new_report()
        started = self.clock.now()
        with contextlib.closing(self._open_store()) as store:
            if not self._take_lease(store, wait=not until_idle):
                return report  # stopped while another worker held the outbox
            try:
                recovered = recover_interrupted(store, started, settle=self._settle)
                # Delivered entries are history once they are old: pruned at each start
                # (the worker holds the lease, so no other station prunes meanwhile).
                prune_done(store, self.done_retention, now=started)
                if recovered:
                    log.warning("%d outbox entries were interrupted while sending; "
                                "reading them back before any resend", recovered)
                self._pool = pool = _Pool(self.concurrency, self._open_store,
                                          self._courier.deliver_package, self._wake,
                                          self._delivery_failed, self._gate.delivery_worked)
                try:
                    self._dispatch(store, pool, deadline, until_idle)
                finally:
                    pool.close()
                    self._pool = None
                self._finish_report(store, report)
            finally:
                release_lease(store, self._owner)
        report.seconds = (self.clock.now() - started).total_seconds()
        return report

    def _take_lease(self, store: Store, *, wait: bool) -> bool:
        """drain() fails at once if another worker holds the outbox; the background
        worker waits for it (a crashed worker's lease runs out after LEASE_TTL)."""
        while not self._stop.is_set():
            holder = acquire_lease(store, self._owner, self.clock.now(), LEASE_TTL)
            if holder is None:
                self._lease_renew_at = self.clock.now() + LEASE_TTL / 3
                return True
            if not wait:
                raise OutboxError(f"cannot deliver now: {holder}")
            log.warning("waiting to deliver: %s", holder)
            self.clock.wait(self._stop, LEASE_TTL.total_seconds() / 3)
        return False

    def _renew_lease(self, store: Store, now: dt.datetime) -> None:
        if now < self._lease_renew_at:
            return
        holder = acquire_lease(store, self._owner, now, LEASE_TTL)
        if holder is not None:  # ours ran out (e.g. the machine slept) and was taken
            log.error("outbox lease lost: %s; this worker stops", holder)
            self._stop.set()
            return
        self._lease_renew_at = now + LEASE_TTL / 3

    def _dispatch(self, store: Store, pool: _Pool, deadline: dt.datetime | None,
                  until_idle: bool) -> None:
        while not self._stop.is_set():
            try:
                if self._dispatch_once(store, pool, deadline, until_idle):
                    return
            except Exception as exc:
                if until_idle:
                    raise
                # The background worker outlives a passing problem (a locked database),
                # backing off while it repeats and logging it once per change.
                self.clock.wait(self._stop, self._gate.delivery_failed(exc))

    def _dispatch_once(self, store: Store, pool: _Pool, deadline: dt.datetime | None,
                       until_idle: bool) -> bool:
        """One round: hand due packages to the pool, then wait. True when drained."""
        self._wake.clear()
        now = self.clock.now()
        self._renew_lease(store, now)
        if self._gate.may_send(now):
            # Queue a few more packages than there are threads, so a thread that ends
            # a package starts the next one without waiting for this loop.
            free = QUEUE_DEPTH * self.concurrency - len(pool.busy())
            if free > 0:
                for entry in due_heads(store, now, exclude=pool.busy(), limit=free):
                    pool.submit(entry.package_id)
        if pool.busy():
            self._wake.wait(BUSY_POLL_SECONDS)  # real time: a delivery ending wakes us
            return False
        next_at = self._gate.opens_at(next_due_at(store))
        if until_idle and _idle(now, next_at, deadline):
            return True
        self.clock.wait(self._wake, self._seconds_until(now, next_at, deadline))
        return False

    def _seconds_until(self, now: dt.datetime, next_at: dt.datetime | None,
                       deadline: dt.datetime | None) -> float:
        wait = self.idle_poll
        for moment in (next_at, deadline):
            if moment is not None:
                wait = min(wait, (moment - now).total_seconds())
        return max(0.0, wait)

    @property
    def _settle(self) -> dt.timedelta:
        return dt.timedelta(seconds=self._gate.backoff.settle)

    def _delivery_failed(self, store: Store | None, package_id: int, error: Exception) -> None:
        """A delivery thread failed: pause everyone (backoff), and make what it left in
        `sending` uncertain (read back after the settle window, never resent blindly)."""
        self._gate.delivery_failed(error)
        _recover(store, package_id, self.clock.now(), self._settle)

    def _finish_report(self, store: Store, report: DrainReport) -> None:
        counts = dict(store.conn.execute(
            "SELECT status, count(*) FROM outbox WHERE status IN "
            "('pending', 'sending', 'uncertain', 'conflict', 'failed') GROUP BY status"))
        report.remaining = sum(counts.get(status, 0) for status in (*DELIVERABLE, "sending"))
        report.needs_attention = counts.get("conflict", 0) + counts.get("failed", 0)
        report.auth_problem = self._gate.auth_problem


def _idle(now: dt.datetime, next_at: dt.datetime | None, deadline: dt.datetime | None) -> bool:
    """Whether drain() is finished: nothing deliverable, or nothing due in its time."""
    if next_at is None:
        return True
    if deadline is None:
        return next_at > now
    return now >= deadline or next_at > deadline


class _Pool:
    """N delivery threads, each with its own Store, taking package ids from a queue."""

    def __init__(self, size: int, open_store: Callable[[], Store],
                 work: Callable[[Store, int], None], finished: threading.Event,
                 failed: Callable[[Store | None, int, Exception], None],
                 worked: Callable[[], None]) -> None:
        self._open_store = open_store
        self._work = work
        self._finished = finished
        self._failed = failed
        self._worked = worked
        self._queue: queue.Queue[int | None] = queue.Queue()
        self._busy: set[int] = set()
        self._lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._main, name=f"outbox-delivery-{index}", daemon=True)
            for index in range(size)
        ]
        for thread in self._threads:
            thread.start()

    def busy(self) -> frozenset[int]:
        with self._lock:
            return frozenset(self._busy)

    def submit(self, package_id: int) -> None:
        with self._lock:
            self._busy.add(package_id)
        self._queue.put(package_id)

    def close(self) -> None:
        """Let every thread finish its package, then end and join them."""
        for _ in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join()

    def _main(self) -> None:
        store: Store | None = None
        try:
            while (package_id := self._queue.get()) is not None:
                try:
                    store = store or self._open_store()
                    self._work(store, package_id)
                    self._worked()
                except Exception as exc:  # keep the thread alive; the entry is read back
                    self._failed(store, package_id, exc)
                finally:
                    with self._lock:
                        self._busy.discard(package_id)
                    self._finished.set()
        finally:
            if store is not None:
                store.close()


def _recover(store: Store | None, package_id: int, now: dt.datetime,
             settle: dt.timedelta) -> None:
    """An entry a failed thread left in `sending` becomes `uncertain` (read back before
    any resend) instead of stalling its package until the next start."""
    if store is None:
        return
    try:
        recover_interrupted(store, now, package_id, settle=settle)
    except Exception as exc:  # the same failure, most likely: already logged by the gate
        log.debug("could not recover package %s (it resumes at the next start): %s",
                  package_id, exc)
