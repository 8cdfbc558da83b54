"""`WalCheckpointer`: the UI connection has SQLite's auto-checkpoint off (a commit on
the UI thread must never copy the WAL into the database); this thread runs a PASSIVE
checkpoint whenever the WAL has grown past `wal_limit_bytes`, on its own connection.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from station.store import open_store
from station.store.db import checkpoint_passive, wal_size
from ui.background.runner import SHUTDOWN_WAIT

log = logging.getLogger(__name__)
WAL_LIMIT_BYTES = 4 * 2**20  # about SQLite's own auto-checkpoint size (1000 pages)
WAL_POLL_SECONDS = 1.0


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
