"""Benchmark of the packing screen on a big cache: scan latency, cold start, memory.

Builds (once, cached under /tmp keyed by size) a database of N packages / ~4N
items shaped like the real OMS payload (bench/store_lookup.py's Generator, with
three command-list/state variants), then on a working copy:

- latency: builds the real MainWindow (ui.app.build_station, offline), and sends
  real QKeyEvents with scanner timing to its QWindow, as tests/ui/conftest.py's
  keyboard does, so ui/scanner.py's capture sees a burst. Per scan: open a package
  by number, scan its items' codes, now and then an unknown code. Latency is from
  just before the terminating Enter KeyPress is sent to the moment
  `FeedbackBanner.show_feedback` returns: it calls `repaint()`, which runs
  `paintEvent` synchronously (a Paint event on the banner is counted per scan to
  prove it). `handler_ms` is until the Enter event returns (panel, status too).
- cold start: a child process (python -c) imports ui.app, builds the station on
  the copy, shows the window and processes events until its QWindow is exposed and
  the window has painted; the parent times Popen → the child's "ready" line.
- rss: after opening N distinct packages by scanning their numbers.

Usage: .venv/bin/python bench/scan_latency.py [--packages 50000] [--scans 1000]
       [--opens 500] [--cold-runs 5]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _bigcache import LOCATION, cached_db, package_keys  # noqa: E402

SCAN_GAP_MS = 5  # scanner key gap
BETWEEN_SCANS_MS = 700  # a person moving to the next item
UNKNOWN_CODE = "0000000000000"


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, int(len(ordered) * q) - 1))]


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(samples), 3),
        "p99_ms": round(pct(samples, 0.99), 3),
        "max_ms": round(max(samples), 3),
    }


class ScannerKeys:
    """Key events like the platform sends (ShortcutOverride to the focus object, then
    KeyPress/KeyRelease to the QWindow) with our own timestamps (scanner speed)."""

    def __init__(self) -> None:
        self.now_ms = 1_000_000

    def key(self, window: Any, key: Any, text: str) -> None:
        from PySide6.QtCore import QCoreApplication, QEvent, Qt
        from PySide6.QtGui import QGuiApplication, QKeyEvent

        focus = window.focusObject() or QGuiApplication.focusObject()
        none = Qt.KeyboardModifier.NoModifier
        if focus is not None:
            override = QKeyEvent(QEvent.Type.ShortcutOverride, key, none, text)
            override.setTimestamp(self.now_ms)
            override.ignore()
            QCoreApplication.sendEvent(focus, override)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, none, text)
            event.setTimestamp(self.now_ms)
            QCoreApplication.sendEvent(window, event)

    def scan(self, window: Any, text: str, before_enter: Any) -> None:
        from PySide6.QtCore import Qt

        self.now_ms += BETWEEN_SCANS_MS
        for char in text:
            self.now_ms += SCAN_GAP_MS
            self.key(window, Qt.Key(ord(char.upper())), char)
        self.now_ms += SCAN_GAP_MS
        before_enter()
        self.key(window, Qt.Key.Key_Return, "\r")


class BannerProbe:
    """Timestamps the end of each banner repaint and counts Paint events on it."""

    def __init__(self, banner: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        self.done_ns = 0
        self.paints = 0
        original = banner.show_feedback

        def show_feedback(kind: Any, message: str) -> None:
            original(kind, message)  # repaint() inside: painted when it returns
            self.done_ns = time.perf_counter_ns()

        banner.show_feedback = show_feedback  # the window calls self.banner.show_feedback
        probe = self

        class PaintCounter(QObject):
            def eventFilter(self, watched: Any, event: Any) -> bool:
                if event.type() == QEvent.Type.Paint:
                    probe.paints += 1
                return False

        self._filter = PaintCounter()
        banner.installEventFilter(self._filter)


def build_window(db_path: Path) -> tuple[Any, Any]:
    from ui.app import WINDOW_SIZE, application, build_station
    from ui.feedback.sound import SoundPlayer

    app = application()
    station = build_station(
        app,
        db_path,
        packer="bench",
        stock_location_id=LOCATION,
        sound=SoundPlayer(audio_outputs=list),  # no audio device: play() is a no-op
    )
    window = station.window
    window.resize(*WINDOW_SIZE)
    window.show()
    window.activateWindow()
    window.scan_field.setFocus()
    app.processEvents()
    return app, station


def scan_plan(keys: list[tuple[str, list[str]]], scans: int, rng: random.Random):
    """(kind, text) scans: a package number, then its item codes, sometimes a wrong code."""
    plan: list[tuple[str, str]] = []
    for number, codes in keys:
        plan.append(("open", number))
        for code in codes:
            if rng.random() < 0.1:
                plan.append(("unknown", UNKNOWN_CODE))
            plan.append(("item", code))
        if len(plan) >= scans:
            return plan[:scans]
    return plan


def measure_latency(app: Any, station: Any, keys, scans: int, rng) -> dict[str, Any]:
    window = station.window
    qwindow = window.windowHandle()
    probe = BannerProbe(window.banner)
    typer = ScannerKeys()
    banner_ms: list[float] = []
    handler_ms: list[float] = []
    by_kind: dict[str, list[float]] = {}
    missing = 0
    for _, text in scan_plan(keys, scans, rng):
        start = [0]
        paints = probe.paints
        probe.done_ns = 0
        typer.scan(qwindow, text, lambda s=start: s.__setitem__(0, time.perf_counter_ns()))
        end = time.perf_counter_ns()
        app.processEvents()  # idle work between scans, not part of the latency
        if probe.done_ns == 0 or probe.paints == paints:
            missing += 1
            continue
        banner_ms.append((probe.done_ns - start[0]) / 1e6)
        handler_ms.append((end - start[0]) / 1e6)
        kind = window.last_outcome.kind if window.last_outcome else "none"
        by_kind.setdefault(kind, []).append(banner_ms[-1])
    return {
        "scans": len(banner_ms),
        "scans_without_banner_paint": missing,
        "outcomes": {kind: len(samples) for kind, samples in by_kind.items()},
        "enter_to_banner_painted": summary(banner_ms),
        "enter_to_handler_done": summary(handler_ms),
        "enter_to_banner_painted_by_outcome": {k: summary(v) for k, v in by_kind.items()},
    }


def measure_rss(app: Any, station: Any, numbers: list[str]) -> dict[str, Any]:
    import psutil

    proc = psutil.Process()
    before = proc.memory_info().rss
    qwindow = station.window.windowHandle()
    typer = ScannerKeys()
    opened = 0
    for number in numbers:
        typer.scan(qwindow, number, lambda: None)
        app.processEvents()
        view = station.window.session.view
        opened += view is not None and view.number == number
    return {
        "packages_opened": opened,
        "rss_before_mb": round(before / 2**20, 1),
        "rss_after_mb": round(proc.memory_info().rss / 2**20, 1),
    }


COLD_CHILD = """
import sys, time
from PySide6.QtCore import QEvent, QObject
from ui.app import WINDOW_SIZE, application, build_station
app = application()
station = build_station(app, sys.argv[1], packer="bench", stock_location_id=LOCATION_ID)
window = station.window
class Painted(QObject):
    seen = False
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            Painted.seen = True
        return False
painted = Painted()
window.installEventFilter(painted)
window.resize(*WINDOW_SIZE)
window.show()
while not (window.windowHandle() and window.windowHandle().isExposed() and Painted.seen):
    app.processEvents()
    time.sleep(0.001)
ticks = __import__("os").sysconf("SC_CLK_TCK")
start = int(open("/proc/self/stat").read().rsplit(")", 1)[1].split()[19]) / ticks
uptime = float(open("/proc/uptime").read().split()[0])
print("ready", round(uptime - start, 3), flush=True)
""".replace("LOCATION_ID", str(LOCATION))


def measure_cold_start(db_path: Path, runs: int) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    parent_s, child_s = [], []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", COLD_CHILD, str(db_path)],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert proc.stdout is not None
        line = proc.stdout.readline().split()
        parent_s.append(time.perf_counter() - start)
        proc.kill()
        proc.wait()
        if not line or line[0] != "ready":
            raise RuntimeError("cold-start child did not report ready")
        child_s.append(float(line[1]))
    return {
        "runs": runs,
        "popen_to_ready_median_s": round(statistics.median(parent_s), 3),
        "popen_to_ready_all_s": [round(s, 3) for s in parent_s],
        "child_proc_start_to_ready_median_s": round(statistics.median(child_s), 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=int, default=50_000)
    parser.add_argument("--scans", type=int, default=1000)
    parser.add_argument("--opens", type=int, default=500)
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    pristine, build_s = cached_db(args.packages)
    with tempfile.TemporaryDirectory(prefix="scan-latency-") as tmp:
        work = Path(tmp) / "station.db"
        shutil.copyfile(pristine, work)
        conn = sqlite3.connect(pristine)
        counts = conn.execute(
            "SELECT (SELECT count(*) FROM packages), (SELECT count(*) FROM package_items)"
        ).fetchone()
        keys = package_keys(conn, rng, args.scans + args.opens)
        conn.close()
        cold = measure_cold_start(work, args.cold_runs)
        app, station = build_window(work)
        latency = measure_latency(app, station, keys[: args.scans], args.scans, rng)
        rest = [number for number, _ in keys[args.scans :]]
        rss = measure_rss(app, station, list(itertools.islice(rest, args.opens)))
        station.stop()
    print(
        json.dumps(
            {
                "platform": os.environ.get("QT_QPA_PLATFORM", "native"),
                "cache": {
                    "packages": counts[0],
                    "items": counts[1],
                    "built_s": build_s,
                    "file_mb": round(pristine.stat().st_size / 2**20, 1),
                },
                "latency": latency,
                "latency_target_p99_ms": 16,
                "cold_start": cold,
                "cold_start_target_s": 1.5,
                "rss": rss,
                "rss_target_mb": 250,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
