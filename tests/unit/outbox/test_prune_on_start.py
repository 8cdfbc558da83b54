"""Delivered entries are pruned by age when a delivery worker starts (the outbox would
otherwise grow by every command a station ever sent)."""

from __future__ import annotations

import datetime as dt
import threading

from station import outbox
from station.oms.client import OmsClient
from station.outbox import DeliveryWorker
from station.outbox.heads import mark_done, mark_sending
from station.store import open_store
from tests.unit.outbox.test_queue import COMPLETE, T0, enqueue, path, store  # noqa: F401


class StillClock:
    def __init__(self, now: dt.datetime) -> None:
        self.current = now

    def now(self) -> dt.datetime:
        return self.current

    def wait(self, event: threading.Event, seconds: float) -> bool:
        return event.is_set()


def test_worker_start_prunes_done_entries_older_than_the_retention(store, path):  # noqa: F811
    old, recent = enqueue(store), enqueue(store, COMPLETE)
    mark_done(store, mark_sending(store, old, T0), T0, response=None, how="sent")
    mark_done(store, mark_sending(store, recent, T0), T0 + dt.timedelta(days=40),
              response=None, how="sent")
    client = OmsClient("http://127.0.0.1:9", token="never-used-token")
    worker = DeliveryWorker(lambda: open_store(path), client,
                            clock=StillClock(T0 + dt.timedelta(days=45)))
    worker.drain(timeout=5)
    client.close()
    assert [entry.id for entry in outbox.entries(store)] == [recent.id]
