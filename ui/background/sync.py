"""`SyncWorker`: one sync round (`Syncer.sync()`, then caching a few product images) at
a time on a single-thread Runner named "gui-sync", every `interval` seconds. `stop()`
is a request: a round in flight finishes (its request may take as long as the OMS
does) and `stopped` follows; `start()` before then just cancels the request, so there
is never a second sync thread. The round opens its own Store (a connection never
crosses threads); results reach the UI thread through signals.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from station.cli.window import DEFAULT_SYNC_INTERVAL
from station.errors import RetryableError
from station.oms.client import OmsClient
from station.store import open_store
from station.sync import Syncer
from station.sync.images import ImageCache, default_image_dir
from ui.background.runner import SHUTDOWN_WAIT, Runner

log = logging.getLogger(__name__)
IMAGES_PER_SYNC = 50  # downloads per round: a cold cache fills over a few rounds


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
