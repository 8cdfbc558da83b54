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

One module each (runner, sync, delivery, checkpoint). Each thread opens its own Store:
a SQLite connection never crosses threads.
Results reach the UI thread through Qt signals of QObjects that live there, so a
signal emitted in a worker thread is queued to the UI thread (AutoConnection).
"""

from station.cli.window import DEFAULT_SYNC_INTERVAL
from ui.background.checkpoint import WalCheckpointer
from ui.background.delivery import DeliveryService
from ui.background.runner import SHUTDOWN_WAIT, Runner
from ui.background.sync import SyncWorker

__all__ = ["DEFAULT_SYNC_INTERVAL", "SHUTDOWN_WAIT", "DeliveryService", "Runner", "SyncWorker",
           "WalCheckpointer"]
