"""`DeliveryService`: the outbox's `DeliveryWorker` for the window, `changed` after
each entry change; `request_stop()` returns at once and `stopped` follows once the
worker's threads have ended (waited for on a Runner thread); `start()` meanwhile
restarts it as soon as it has.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from station.oms.client import OmsClient
from station.outbox.queue import OutboxEntry
from station.outbox.worker import DeliveryWorker
from station.store import open_store
from ui.background.runner import SHUTDOWN_WAIT, Runner


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
