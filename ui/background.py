"""The one way the GUI runs work off the UI thread, and the station's background services.

Owns:

* `Runner` — in the spirit of Anki's `QueryOp`/`CollectionOp`: `run(work, done=…,
  failed=…)` calls `work()` in one of the runner's own threads and hands its result
  to `done` (or its exception to `failed`) on the UI thread. An exception nobody
  asked for goes to `sys.excepthook` on the UI thread, which the error presenter
  (ui.errors.install_excepthook) shows; with none installed it is logged. Nothing
  here ever joins a thread on the UI thread: `close()` is a request, and
  `wait_closed(timeout)` is for shutdown, after the event loop has ended.
* `SyncWorker` — one sync round (`Syncer.sync()`, then caching a few product
  images) at a time on a single-thread Runner named "gui-sync", every `interval`
  seconds. `stop()` is a request: a round in flight finishes (its request may take
  as long as the OMS does) and `stopped` follows; `start()` before then just
  cancels the request, so there is never a second sync thread.
* `DeliveryService` — the outbox's `DeliveryWorker`, `changed` after each entry
  change; `request_stop()` returns at once and `stopped` follows once the worker's
  threads have ended (waited for on a Runner thread); `start()` meanwhile restarts
  it as soon as it has.
* `WalCheckpointer` — the UI connection has SQLite's auto-checkpoint off (a commit
  on the UI thread must never copy the WAL into the database); this thread runs a
  PASSIVE checkpoint whenever the WAL has grown past `wal_limit_bytes`.

Each thread opens its own Store: a SQLite connection never crosses threads.
Results reach the UI thread through Qt signals of QObjects that live there, so a
signal emitted in a worker thread is queued to the UI thread (AutoConnection).
"""

from __future__ import annotations

import itertools
import logging
import queue
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from station.cli.window import DEFAULT_SYNC_INTERVAL
from station.errors import RetryableError
from station.oms.client import OmsClient
from station.outbox.queue import OutboxEntry
from station.outbox.worker import DeliveryWorker
from station.store import open_store
from station.store.db import checkpoint_passive, wal_size
from station.sync import Syncer
from station.sync.images import ImageCache, default_image_dir

log = logging.getLogger(__name__)

SHUTDOWN_WAIT = 15.0  # seconds Station.stop waits for workers, after the event loop ended
IMAGES_PER_SYNC = 50  # downloads per round: a cold cache fills over a few rounds
WAL_LIMIT_BYTES = 4 * 2**20  # about SQLite's own auto-checkpoint size (1000 pages)
WAL_POLL_SECONDS = 1.0
IDLE_EXIT_SECONDS = 120.0  # a runner thread without work ends (it starts again on demand)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


@dataclass
class _Task:
    work: Callable[[], Any]
    done: Done | None
    failed: Failed | None


class Runner(QObject):
    """Runs functions in `workers` threads of its own and delivers each result on the
    UI thread. Create it on the UI thread.

    Signals:
        finished(task, ok, value): internal; emitted in a worker thread, queued to the
            UI thread, where the task's `done`/`failed` is called.
    """

    finished = Signal(object, bool, object)

    def __init__(self, name: str, *, workers: int = 1, idle_exit: float = IDLE_EXIT_SECONDS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._tasks: queue.SimpleQueue[_Task | None] = queue.SimpleQueue()
        self._closed = False
        self._busy = 0  # tasks submitted whose result has not been delivered yet
        self._workers = workers
        self._idle_exit = idle_exit
        # Threads start on demand and end after `idle_exit` seconds without work, so an
        # idle runner (a closed set-up dialog's) holds no thread. The lock makes "a
        # thread decides to end" and "a task arrives" one after the other.
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._idle = 0  # threads waiting for a task
        self._started = itertools.count(1)
        self.finished.connect(self._deliver)

    @property
    def busy(self) -> bool:
        """True while a task runs or waits, or its result is on its way."""
        return self._busy > 0

    def run(self, work: Callable[[], Any], *, done: Done | None = None,
            failed: Failed | None = None) -> None:
        """Call `work()` in a worker thread; then `done(result)` or `failed(exc)` on the
        UI thread. Without `failed`, an exception goes to the error presenter."""
        if self._closed:
            raise RuntimeError(f"runner {self.name} is closed")
        self._busy += 1
        with self._lock:
            self._tasks.put(_Task(work, done, failed))
            if self._idle == 0 and len(self._threads) < self._workers:
                self._start_thread()

    def _start_thread(self) -> None:
        number = next(self._started)
        name = self.name if self._workers == 1 else f"{self.name}-{number}"
        thread = threading.Thread(target=self._serve, name=name, daemon=True)
        self._threads.append(thread)
        self._idle += 1
        thread.start()

    def close(self) -> None:
        """No new tasks; the queued ones still run but deliver nothing. Returns at once."""
        if self._closed:
            return
        self._closed = True
        with self._lock:
            for _ in self._threads:
                self._tasks.put(None)

    def wait_closed(self, timeout: float = SHUTDOWN_WAIT) -> bool:
        """Shutdown only (the event loop has ended): wait for the threads to end."""
        self.close()
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout)
        return not any(thread.is_alive() for thread in threads)

    def _serve(self) -> None:
        me = threading.current_thread()
        while (task := self._next_task(me)) is not None:
            try:
                value, ok = task.work(), True
            except BaseException as exc:  # delivered to the UI thread, never lost here
                value, ok = exc, False
            with self._lock:
                self._idle += 1
            if self._closed:
                continue  # the receivers may be gone; nothing is delivered after close()
            try:
                self.finished.emit(task, ok, value)
            except RuntimeError:  # the QObject was deleted meanwhile (shutdown)
                return

    def _next_task(self, me: threading.Thread) -> _Task | None:
        """The next task; None when closed or idle for `idle_exit` (the thread ends)."""
        while True:
            try:
                task = self._tasks.get(timeout=self._idle_exit)
            except queue.Empty:
                with self._lock:
                    if self._tasks.empty():
                        self._idle -= 1
                        self._threads.remove(me)
                        return None
                continue
            with self._lock:
                self._idle -= 1
                if task is None:
                    self._threads.remove(me)
            return task

    def _deliver(self, task: _Task, ok: bool, value: Any) -> None:
        self._busy -= 1
        if self._closed:
            return
        if ok:
            if task.done is not None:
                task.done(value)
        elif task.failed is not None:
            task.failed(value)
        else:
            sys.excepthook(type(value), value, value.__traceback__)


class SyncWorker(QObject):
    """Syncs the snapshot every `interval` seconds, one round at a time, off the UI thread.

    Signals:
        synced(report): `SyncReport.as_dict()` after a successful round.
        failed(message, offline): why a round failed; `offline` when it looks like
            the network (retryable).
        images_cached(report): `ImageFetchReport.as_dict()` after a round that
            downloaded at least one product image into `image_dir`.
        stopped(): after `stop()`, once no round is in flight any more.
    """

    synced = Signal(dict)
    failed = Signal(str, bool)
    images_cached = Signal(dict)
    stopped = Signal()

    def __init__(
        self,
        db_path: str | Path,
        make_client: Callable[[], OmsClient],
        *,
        stock_location_id: int,
        interval: float = DEFAULT_SYNC_INTERVAL,
        image_dir: str | Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._db_path = Path(db_path)
        # None: the folder of the OMS the client talks to (default_image_dir(base_url)).
        self.image_dir = Path(image_dir) if image_dir is not None else None
        self._make_client = make_client
        self._client: OmsClient | None = None  # made and used in the sync thread only
        self._location = stock_location_id
        self.interval = interval
        self._runner = Runner("gui-sync", parent=self)
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._start_round)
        self._wanted = False  # started and not stopped
        self._in_flight = False
        self._again = False  # "Sync now" while a round was in flight
        self._cancel = threading.Event()  # the image downloads of a round stop early

    @property
    def running(self) -> bool:
        """Started and not stopped (a round may be in flight or not)."""
        return self._wanted

    @property
    def in_flight(self) -> bool:
        return self._in_flight

    def start(self) -> None:
        """Sync now and every `interval`; after a `stop()` whose round is still in
        flight, this only cancels the stop (the same thread goes on)."""
        if self._wanted:
            return
        self._wanted = True
        self._cancel.clear()
        if not self._in_flight:
            self._start_round()

    def sync_now(self) -> None:
        """Sync as soon as the current round (if any) ends."""
        if not self._wanted:
            return
        if self._in_flight:
            self._again = True
        else:
            self._timer.stop()
            self._start_round()

    def stop(self) -> None:
        """Ask the worker to stop; returns at once. `stopped` follows when no round is
        in flight any more (at once when none is)."""
        if not self._wanted:
            return
        self._wanted = False
        self._again = False
        self._timer.stop()
        self._cancel.set()
        if not self._in_flight:
            self.stopped.emit()

    def shut_down(self, timeout: float = SHUTDOWN_WAIT) -> bool:
        """For the end of the program, after the event loop: stop, wait for the
        thread, close the client. True when the thread has ended."""
        self.stop()
        ended = self._runner.wait_closed(timeout)
        if ended and self._client is not None:
            self._client.close()
        return ended

    def _start_round(self) -> None:
        if not self._wanted or self._in_flight:
            return
        self._in_flight, self._again = True, False
        self._runner.run(self._round, done=self._round_done, failed=self._round_broke)

    def _round(self) -> tuple[dict | None, str | None, bool, dict | None]:
        """In the sync thread: (report, error message, offline, images report)."""
        if self._client is None:
            self._client = self._make_client()
        client = self._client
        with open_store(self._db_path) as store:
            try:
                report = Syncer(client, store, stock_location_id=self._location).sync()
            except RetryableError as exc:
                return None, f"{type(exc).__name__}: {exc}", True, None
            except Exception as exc:  # e.g. credentials rejected: shown, next round tries again
                log.warning("sync failed: %s", exc)
                return None, f"{type(exc).__name__}: {exc}", False, None
            return report.as_dict(), None, False, self._cache_images(client, store)

    def _cache_images(self, client: OmsClient, store: Any) -> dict | None:
        if self._cancel.is_set():
            return None
        try:  # images are a help, never a reason for sync to stop
            # Relative image URLs are resolved against the OMS the client talks to.
            base_url = getattr(client, "base_url", None)
            with ImageCache(self.image_dir or default_image_dir(base_url),
                            base_url=base_url) as cache:
                report = cache.fetch_missing(store, limit=IMAGES_PER_SYNC,
                                             cancelled=self._cancel.is_set)
        except Exception:
            log.exception("image cache failed")
            return None
        return report.as_dict() if report.fetched else None

    def _round_done(self, result: tuple[dict | None, str | None, bool, dict | None]) -> None:
        report, message, offline, images = result
        if report is not None:
            self.synced.emit(report)
        else:
            self.failed.emit(message or "sync failed", offline)
        if images is not None:
            self.images_cached.emit(images)
        self._next_round()

    def _round_broke(self, exc: BaseException) -> None:
        # Opening the database or making the client failed: say why, try again later.
        log.error("sync round failed", exc_info=exc)
        self.failed.emit(f"Sync failed: {type(exc).__name__}: {exc}", False)
        self._next_round()

    def _next_round(self) -> None:
        self._in_flight = False
        if not self._wanted:
            self.stopped.emit()
        elif self._again:
            self._start_round()
        else:
            self._timer.start(int(self.interval * 1000))


class DeliveryService(QObject):
    """The outbox's DeliveryWorker, started and stopped without waiting on the UI thread.

    Signals:
        changed(status, entry_id): after each outbox entry change (from a delivery
            thread, queued to the UI thread).
        stopped(): after `request_stop()`, once the worker's threads have ended.
        failing(message): deliveries pause on an error that repeats (a broken disk,
            a bug), once per change of message; "" once deliveries work again.
    """

    changed = Signal(str, str)
    stopped = Signal()
    failing = Signal(str)

    def __init__(
        self,
        db_path: str | Path,
        client: OmsClient,
        *,
        parent: QObject | None = None,
        **worker_options: Any,
    ) -> None:
        super().__init__(parent)
        self._client = client
        path = Path(db_path)
        self.worker = DeliveryWorker(
            lambda: open_store(path), client, on_change=self._on_change,
            on_error=lambda message: self.failing.emit(message or ""), **worker_options
        )
        self._runner = Runner("delivery-stopper", parent=self)
        self._wanted = False
        self._stopping = False

    @property
    def running(self) -> bool:
        """Started and not stopped (threads of an earlier stop may still be ending)."""
        return self._wanted

    def start(self) -> None:
        """Deliver in the background; while an earlier stop is still ending, as soon
        as it has ended."""
        self._wanted = True
        if not self._stopping and not self.worker.running:
            self.worker.start()

    def wake(self) -> None:
        self.worker.wake()

    def request_stop(self) -> None:
        """No new POST starts; returns at once. `stopped` follows when the requests in
        flight have ended (bounded by the client's timeouts)."""
        self._wanted = False
        if self._stopping:
            return
        if self.worker.stop(timeout=0):
            self.stopped.emit()
            return
        self._stopping = True
        self._runner.run(self._wait_until_stopped, done=self._worker_ended)

    def shut_down(self, timeout: float = SHUTDOWN_WAIT) -> bool:
        """For the end of the program, after the event loop: stop, wait, close the client."""
        self._wanted = False
        ended = self.worker.stop(timeout)
        self._runner.wait_closed(timeout)
        self._client.close()
        return ended

    def _wait_until_stopped(self) -> None:
        while not self.worker.stop(timeout=1.0):  # in the runner's thread, not the UI's
            continue

    def _worker_ended(self, _: None) -> None:
        self._stopping = False
        self.stopped.emit()
        if self._wanted:  # "Go online" came while the stop was ending
            self.worker.start()

    def _on_change(self, status: str, entry: OutboxEntry) -> None:
        self.changed.emit(status, entry.id)  # from a delivery thread: queued to the UI


class WalCheckpointer:
    """Checkpoints the WAL (PASSIVE: never waits for readers or the writer) from its
    own thread whenever the file has grown past `wal_limit_bytes`."""

    def __init__(self, db_path: str | Path, *, wal_limit_bytes: int = WAL_LIMIT_BYTES,
                 poll_seconds: float = WAL_POLL_SECONDS) -> None:
        self._db_path = Path(db_path)
        self.wal_limit_bytes = wal_limit_bytes
        self.poll_seconds = poll_seconds
        self.checkpoints = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="wal-checkpoint", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """A request: the thread ends within `poll_seconds` (or its checkpoint)."""
        self._stop.set()

    def shut_down(self, timeout: float = SHUTDOWN_WAIT) -> bool:
        self.stop()
        if self._thread is not None:
            self._thread.join(timeout)
        return self._thread is None or not self._thread.is_alive()

    def _run(self) -> None:
        with open_store(self._db_path) as store:
            while not self._stop.wait(self.poll_seconds):
                if wal_size(self._db_path) < self.wal_limit_bytes:
                    continue
                try:
                    checkpoint_passive(store)
                    self.checkpoints += 1
                except Exception:  # a checkpoint is housekeeping: log, try again later
                    log.exception("WAL checkpoint failed")
