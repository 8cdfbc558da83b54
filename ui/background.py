"""Background work for the GUI: periodic sync and outbox delivery, off the UI thread.

Owns `SyncWorker` (a Python thread that runs `Syncer.sync()` every `interval`
seconds, or at once on `sync_now()`) and `DeliveryService` (the outbox's
`DeliveryWorker` plus a signal when an entry changes). After each successful sync
the SyncWorker caches the new products' images (station.sync.images) in the same thread.
Each thread opens its own Store with `open_store(path)`: a SQLite connection never
crosses threads.

Results reach the UI thread through Qt signals: these QObjects live in the UI
thread, so a signal emitted from a worker thread is queued to their receivers
(AutoConnection), never run in the worker thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from station.errors import RetryableError
from station.oms.client import OmsClient
from station.outbox.queue import OutboxEntry
from station.outbox.worker import DeliveryWorker
from station.store import open_store
from station.store.db import Store
from station.sync import Syncer
from station.sync.images import ImageCache, default_image_dir

log = logging.getLogger(__name__)

DEFAULT_SYNC_INTERVAL = 30.0  # seconds between incremental syncs
_JOIN_TIMEOUT = 15.0
IMAGES_PER_SYNC = 50  # downloads per round: a cold cache fills over a few rounds


class SyncWorker(QObject):
    """Syncs the snapshot every `interval` seconds in its own thread.

    `synced(report)` carries `SyncReport.as_dict()`; `failed(message, offline)`
    says why a sync failed and whether it looks like the network (retryable);
    `images_cached(report)` carries `ImageFetchReport.as_dict()` after a round that
    downloaded at least one product image into `image_dir`."""

    synced = Signal(dict)
    failed = Signal(str, bool)
    images_cached = Signal(dict)

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
        self.image_dir = Path(image_dir) if image_dir is not None else default_image_dir()
        self._make_client = make_client
        self._location = stock_location_id
        self.interval = interval
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            raise RuntimeError("sync worker already running")
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="gui-sync", daemon=True)
        self._thread.start()

    def sync_now(self) -> None:
        """Sync as soon as the current one (if any) ends."""
        self._wake.set()

    def stop(self, timeout: float = _JOIN_TIMEOUT) -> bool:
        """Ends the thread after the sync in progress; True when it has ended."""
        self._stop.set()
        self._wake.set()
        thread, self._thread = self._thread, None
        if thread is None:
            return True
        thread.join(timeout)
        return not thread.is_alive()

    def _run(self) -> None:
        client = self._make_client()
        try:
            with open_store(self._db_path) as store, self._image_cache(client) as images:
                syncer = Syncer(client, store, stock_location_id=self._location)
                while not self._stop.is_set():
                    if self._sync_once(syncer):
                        self._cache_images(images, store)
                    self._wake.wait(self.interval)
                    self._wake.clear()
        except Exception as exc:  # the thread must say why it ended, never die silently
            log.exception("sync thread ended")
            self.failed.emit(f"Sync stopped: {type(exc).__name__}: {exc}", False)
        finally:
            client.close()

    def _sync_once(self, syncer: Syncer) -> bool:
        try:
            report = syncer.sync()
        except RetryableError as exc:
            self.failed.emit(f"{type(exc).__name__}: {exc}", True)
        except Exception as exc:  # e.g. credentials rejected: shown, next round tries again
            log.warning("sync failed: %s", exc)
            self.failed.emit(f"{type(exc).__name__}: {exc}", False)
        else:
            self.synced.emit(report.as_dict())
            return True
        return False

    def _image_cache(self, client: OmsClient) -> ImageCache:
        # Relative image URLs are resolved against the OMS the client talks to.
        return ImageCache(self.image_dir, base_url=getattr(client, "base_url", None))

    def _cache_images(self, images: ImageCache, store: Store) -> None:
        try:  # images are a help, never a reason for sync to stop
            report = images.fetch_missing(store, limit=IMAGES_PER_SYNC,
                                          cancelled=self._stop.is_set)
        except Exception:
            log.exception("image cache failed")
            return
        if report.fetched:
            self.images_cached.emit(report.as_dict())


class DeliveryService(QObject):
    """The outbox's DeliveryWorker; `changed(status, entry_id)` after each entry change."""

    changed = Signal(str, str)

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
            lambda: open_store(path), client, on_change=self._on_change, **worker_options
        )

    def start(self) -> None:
        self.worker.start()

    def wake(self) -> None:
        self.worker.wake()

    def stop(self, timeout: float = _JOIN_TIMEOUT) -> bool:
        ended = self.worker.stop(timeout)
        self._client.close()
        return ended

    def _on_change(self, status: str, entry: OutboxEntry) -> None:
        self.changed.emit(status, entry.id)  # from a delivery thread: queued to the UI
