"""Scans for the GUI benchmarks: real key events posted to a station window's event queue,
each timed from posting its terminating Enter to the UI thread being idle again.

`ScanDriver(app, window).run(plan, keep_going)` scans a plan of (kind, text) steps
inside the event loop with scanner timing (keys SCAN_GAP_MS apart by their
timestamps), records wall and UI-thread CPU time per answered scan, and checks each
outcome against what that kind of scan must do (`EXPECTED`); `phase()` sums a run up
with `percentiles` (nearest-rank p50/p99 and the max). Used by bench/scan_latency.py.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

SCAN_GAP_MS = 5  # scanner key gap
BETWEEN_SCANS_MS = 120  # real time between scans (a person needs ~2 s; the bench less)

# What each kind of scan in the shift's mix must come out as.
EXPECTED = {"open": ("ok",), "item": ("partial", "complete"), "wrong": ("wrong",),
            "complete": ("saved",), "unknown": ("unknown", "wrong")}


def percentiles(samples: list[float]) -> dict[str, float]:
    """Nearest-rank p50/p99 and the max, in ms (0 when there are no samples)."""
    if not samples:
        return {"p50": 0.0, "p99": 0.0, "max": 0.0}
    ordered = sorted(samples)

    def rank(q: float) -> float:
        return ordered[max(0, min(len(ordered) - 1, -(-int(q * len(ordered) * 100) // 100) - 1))]

    return {"p50": round(rank(0.50), 2), "p99": round(rank(0.99), 2),
            "max": round(ordered[-1], 2)}


class ScanDriver:
    """Posts scans to the window's event queue and times each one, inside the event loop."""

    def __init__(self, app: Any, window: Any) -> None:
        self.app, self.window = app, window
        self.now_ms = 1_000_000  # key event timestamps (the scanner's clock)
        self.samples: dict[str, list[Any]] = {"wall": [], "cpu": [], "kind": []}
        self.unanswered: list[str] = []  # scans after which the window showed nothing new
        self.surprises: list[str] = []  # the first scans that did not do what they should
        self.errors: list[str] = []  # a step of the driver that raised (ends the phase)

    def _post_key(self, key: Any, text: str) -> None:
        from PySide6.QtCore import QCoreApplication, QEvent, Qt
        from PySide6.QtGui import QKeyEvent

        qwindow = self.window.windowHandle()
        focus = qwindow.focusObject() or qwindow
        none = Qt.KeyboardModifier.NoModifier
        override = QKeyEvent(QEvent.Type.ShortcutOverride, key, none, text)
        override.setTimestamp(self.now_ms)
        override.ignore()
        QCoreApplication.postEvent(focus, override)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, none, text)
            event.setTimestamp(self.now_ms)
            QCoreApplication.postEvent(qwindow, event)

    def run(self, plan: list[tuple[str, str]], keep_going: Callable[[], bool]) -> None:
        """Scan `plan` in the event loop until it ends or `keep_going()` is False."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        steps = iter(plan)

        def guarded(step: Callable[..., None]) -> Callable[..., None]:
            def run_step(*args: Any) -> None:
                try:
                    step(*args)
                except Exception as exc:  # a broken step must end the phase, not hang it
                    self.errors.append(f"{type(exc).__name__}: {exc}")
                    loop.quit()
            return run_step

        @guarded
        def next_scan() -> None:
            step = next(steps, None)
            if step is None or not keep_going():
                loop.quit()
                return
            kind, text = step
            self.now_ms += 700
            from PySide6.QtCore import Qt

            for char in text:
                self.now_ms += SCAN_GAP_MS
                self._post_key(Qt.Key(ord(char.upper())), char)
            QTimer.singleShot(0, lambda: press_enter(kind))

        @guarded
        def press_enter(kind: str) -> None:
            from PySide6.QtCore import Qt

            self.now_ms += SCAN_GAP_MS
            before = self.window.last_outcome
            started, cpu_started = time.perf_counter_ns(), time.thread_time_ns()
            self._post_key(Qt.Key.Key_Return, "\r")
            QTimer.singleShot(0, lambda: idle(kind, before, started, cpu_started))

        @guarded
        def idle(kind: str, before: Any, started: int, cpu_started: int) -> None:
            wall = (time.perf_counter_ns() - started) / 1e6
            cpu = (time.thread_time_ns() - cpu_started) / 1e6
            outcome = self.window.last_outcome
            if outcome is not before:  # a scan the window answered
                self.samples["wall"].append(wall)
                self.samples["cpu"].append(cpu)
                self.samples["kind"].append(f"{kind}:{outcome.kind}")
                if outcome.kind not in EXPECTED.get(kind, ()) and len(self.surprises) < 5:
                    self.surprises.append(f"{kind} -> {outcome.kind}: {outcome.message}")
            else:
                self.unanswered.append(kind)
            if self.window.alert.isVisible():
                self.window.alert.dismiss()  # the packer took the wrong item out
            QTimer.singleShot(BETWEEN_SCANS_MS, next_scan)

        QTimer.singleShot(0, next_scan)
        loop.exec()

    def phase(self) -> dict[str, Any]:
        kinds: dict[str, int] = {}
        for kind in self.samples["kind"]:
            kinds[kind] = kinds.get(kind, 0) + 1
        # A benchmark that timed the wrong thing (every scan stuck on one question) must
        # say so: each scan's outcome is checked against what that scan should do.
        unexpected = sum(count for key, count in kinds.items()
                         if key.split(":")[1] not in EXPECTED.get(key.split(":")[0], ()))
        by_kind: dict[str, list[float]] = {}
        for kind, wall in zip(self.samples["kind"], self.samples["wall"], strict=True):
            by_kind.setdefault(kind.split(":")[0], []).append(wall)
        return {**percentiles(self.samples["wall"]), "cpu": percentiles(self.samples["cpu"]),
                "scans": len(self.samples["wall"]), "unanswered": len(self.unanswered),
                "errors": self.errors,
                "outcomes": kinds, "unexpected_outcomes": unexpected,
                "first_unexpected": self.surprises,
                "by_scan": {kind: percentiles(walls) for kind, walls in by_kind.items()}}
