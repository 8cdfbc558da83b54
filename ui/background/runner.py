"""The one way the GUI runs work off the UI thread: `Runner`.

In the spirit of Anki's `QueryOp`/`CollectionOp`: `run(work, done=…, failed=…)` calls
`work()` in one of the runner's own threads and hands its result to `done` (or its
exception to `failed`) on the UI thread. An exception nobody asked for goes to
`sys.excepthook` on the UI thread, which the error presenter
(ui.errors.install_excepthook) shows; with none installed it is logged. Nothing here
ever joins a thread on the UI thread: `close()` is a request, and
`wait_closed(timeout)` is for shutdown, after the event loop has ended.
"""

from __future__ import annotations

import itertools
import queue
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

SHUTDOWN_WAIT = 15.0  # seconds Station.stop waits for workers, after the event loop ended
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
