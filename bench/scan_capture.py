"""Benchmark of scanner capture and feedback: is a scan handled well within one frame?

Offscreen Qt. Types N scans (13-digit EAN + Enter, keys 5 ms apart by their
timestamps) into a window with a focused QLineEdit through ui.scanner.capture.ScannerCapture,
and on each `scanned` paints a FeedbackBanner with repaint(). Prints one JSON object:

    key_us: median/p99 wall time to deliver one scan key (filter + swallow)
    enter_to_painted_us: median/p99 from the terminating Enter's delivery until the
        banner has repainted (filter decision, signal, synchronous paint)
    other_event_ns: median cost the app-wide filter adds to a non-key event
    frame_budget_us: 16,667 (60 Hz), for comparison

Usage: .venv/bin/python bench/scan_capture.py [--scans N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from ui.feedback.banner import FeedbackBanner
from ui.scanner.capture import ScannerCapture


def percentiles(values_ns: list[int], scale: float = 1000.0) -> dict[str, float]:
    ordered = sorted(values_ns)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return {
        "median": round(statistics.median(ordered) / scale, 1),
        "p99": round(p99 / scale, 1),
    }


class Typist:
    def __init__(self, window: QWidget) -> None:
        self.window = window.windowHandle()
        self.now_ms = 1_000_000

    def press(self, key: int, text: str) -> int:
        """Deliver press + release; return the press's wall time in ns."""
        self.now_ms += 5
        events = [QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text) for kind in (
            QEvent.Type.KeyPress, QEvent.Type.KeyRelease)]  # fmt: skip
        for event in events:
            event.setTimestamp(self.now_ms)
        start = time.perf_counter_ns()
        QCoreApplication.sendEvent(self.window, events[0])
        elapsed = time.perf_counter_ns() - start
        QCoreApplication.sendEvent(self.window, events[1])
        return elapsed


def run(scans: int) -> dict:
    app = QApplication.instance() or QApplication([])
    window = QWidget()
    layout = QVBoxLayout(window)
    edit, banner = QLineEdit(), FeedbackBanner()
    layout.addWidget(banner)
    layout.addWidget(edit)
    window.resize(1000, 300)
    window.show()
    edit.setFocus()
    capture = ScannerCapture()
    capture.install(app)
    painted: list[int] = []
    capture.scanned.connect(lambda text: (banner.show_feedback("ok", f"Item {text} — 1 / 1"),
                                          painted.append(time.perf_counter_ns())))  # fmt: skip
    typist = Typist(window)
    key_ns, enter_ns = [], []
    for n in range(scans):
        for char in f"869{n:010d}":
            key_ns.append(typist.press(ord(char), char))
            app.processEvents()
        start = time.perf_counter_ns()
        typist.press(Qt.Key.Key_Return, "\r")
        enter_ns.append(painted[-1] - start)
        typist.now_ms += 500  # the packer picks up the next item
    other = QEvent(QEvent.Type.User)
    other_ns = []
    for _ in range(20_000):
        start = time.perf_counter_ns()
        QCoreApplication.sendEvent(edit, other)
        other_ns.append(time.perf_counter_ns() - start)
    capture.uninstall()
    for _ in range(20_000):
        start = time.perf_counter_ns()
        QCoreApplication.sendEvent(edit, other)
        other_ns.append(-(time.perf_counter_ns() - start))
    with_filter = statistics.median(v for v in other_ns if v > 0)
    without = statistics.median(-v for v in other_ns if v < 0)
    assert len(painted) == scans and edit.text() == "", "scans were lost or leaked"
    return {
        "scans": scans,
        "key_us": percentiles(key_ns),
        "enter_to_painted_us": percentiles(enter_ns),
        "other_event_ns": round(with_filter - without),
        "frame_budget_us": 16_667,
    }


def pyside_leaks_none() -> bool:
    """PySide6 6.12.0 on CPython < 3.12 drops a reference to None on every call of a
    void method; the interpreter aborts ("deallocating None") after a few thousand."""
    from PySide6.QtCore import QTimer

    timer = QTimer()
    before = sys.getrefcount(None)
    for _ in range(100):
        timer.stop()
    return sys.getrefcount(None) < before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=300)
    scans = parser.parse_args().scans
    if pyside_leaks_none():
        import PySide6

        print(json.dumps({"error": f"PySide6 {PySide6.__version__} leaks references to None "
                          "on this Python; a long run would abort. Use PySide6 != 6.12.0 "
                          "or Python >= 3.12."}))  # fmt: skip
        sys.exit(1)
    print(json.dumps(run(scans), indent=2))


if __name__ == "__main__":
    main()
