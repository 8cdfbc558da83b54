"""Run an iterator one step ahead in a background thread.

Sync uses it so the next page is fetched and decoded while the current one is
written to SQLite: the network wait, zlib and SQLite all release the GIL, so the
two overlap. Errors raised by the iterator come out of the consumer's loop at the
point they happened; closing the consumer early stops the thread.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
_DONE = object()
_POLL_SECONDS = 0.1


def prefetch(source: Iterable[T], *, depth: int = 1, name: str = "prefetch") -> Iterator[T]:
    """Yield `source`'s items, producing up to `depth` of them ahead of the consumer."""
    slots: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in source:
                if not _put(slots, (item, None), stop):
                    return
            _put(slots, (_DONE, None), stop)
        except BaseException as exc:  # handed to the consumer, re-raised there
            _put(slots, (_DONE, exc), stop)

    worker = threading.Thread(target=produce, name=name, daemon=True)
    worker.start()
    try:
        while True:
            item, error = slots.get()
            if error is not None:
                raise error
            if item is _DONE:
                return
            yield item
    finally:
        stop.set()
        worker.join()


def _put(slots: queue.Queue, entry: tuple, stop: threading.Event) -> bool:
    """Put unless the consumer has gone; False when it has."""
    while not stop.is_set():
        try:
            slots.put(entry, timeout=_POLL_SECONDS)
            return True
        except queue.Full:
            continue
    return False
