"""Reading the station's tables off the UI thread for the "today" screens.

Owns `StoreReader`: `read(query, done, failed)` runs `query(store)` on a `Runner`
thread with that thread's own connection (`open_store` on the station database's
path; a SQLite connection never crosses threads) and hands the result to `done` on
the UI thread. Only the newest read is delivered: a slow older one never overwrites
newer rows. A database in memory is visible to the UI thread's connection only, so
it is read right there (tests and demos).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from station.store import open_store
from station.store.db import Store
from ui.background import Runner

logger = logging.getLogger(__name__)

Query = Callable[[Store], Any]


class StoreReader:
    """Runs read-only station queries off the UI thread; the newest result wins."""

    def __init__(self, name: str, store: Store, parent: QObject) -> None:
        self._store = store
        # A short idle time: these screens are opened now and then.
        self._runner = Runner(name, idle_exit=5.0, parent=parent)
        self._asked = 0

    @property
    def busy(self) -> bool:
        return self._runner.busy

    def read(self, query: Query, done: Callable[[Any], None],
             failed: Callable[[BaseException], None]) -> None:
        self._asked += 1
        asked = self._asked
        path = self._store.path
        if path is None:
            self._read_here(query, done, failed)
            return

        def work() -> Any:
            with open_store(path) as store:
                return query(store)

        def deliver(result: Any) -> None:
            if self._newest(asked):
                done(result)

        def report(exc: BaseException) -> None:
            if self._newest(asked):
                failed(exc)

        self._runner.run(work, done=deliver, failed=report)

    def _read_here(self, query: Query, done: Callable[[Any], None],
                   failed: Callable[[BaseException], None]) -> None:
        try:
            result = query(self._store)
        except Exception as exc:  # shown to the packer by `failed`, as from a thread
            failed(exc)
            return
        done(result)

    def _newest(self, asked: int) -> bool:
        return asked == self._asked
