"""Benchmark of the packing screen: how long a scan keeps the UI thread, idle and during a
full sync, with the real sync and delivery threads running against the OMS simulator.

Set-up: a copy of a big cache (bench/_bigcache.py: N packages, ~4N items, stock location
6), the simulator in a child process with S packages at stock location 1 (about 10,000
of them packable) and `--latency-ms` on every request, and the real station
(ui.app.build_station) syncing location 1 and delivering the outbox. The station
starts with a full sync of those packages (its first sync of that location); scans
are measured while it runs
("during_full_sync"), then after it, with incremental syncs and delivery going on
("idle").

A scan is real key events posted to the window's event queue (scanner timing, as
tests/ui/conftest.py's keyboard types). Its latency runs from posting the terminating
Enter key (the moment it enters the event queue) to a zero timer posted right after it
firing: that happens only once the Enter and everything the scan queued (repaints of
every widget, signals) have been processed and the UI thread is idle again. The CPU
time the UI thread spent over the same span is reported beside it. Scans follow a
shift: open a package, verify its items (now and then a wrong item or an unknown code),
scan the completion command card. Only the scanned packages of the big cache are used
(their ids shifted above the simulator's), so a sync never rewrites them.

Also: `go_offline_ms` (Station ▸ Go offline to the event loop running again, with the
simulator holding every request for 20 s), `cold_start_s` (a child process to an
exposed, painted window on the N-package cache; median), `rss_mb` (at the end).

Prints one JSON object:
  {"idle": {"p50", "p99", "max", "cpu": {...}, "scans", "outcomes"},
   "during_full_sync": {...}, "go_offline_ms", "cold_start_s", "rss_mb", "setup": {...}}

Usage: .venv/bin/python bench/scan_latency.py [--quick] [--packages 50000]
       [--sync-packages 14750] [--scans 1000] [--latency-ms 50] [--cold-runs 5]
`--quick`: 150 scans per phase and one cold start (same shape; < 3 min on 2 cores).
"""

from __future__ import annotations

import argparse
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
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _bigcache import LOCATION as CACHE_LOCATION  # noqa: E402
from _bigcache import cached_db  # noqa: E402

SYNC_LOCATION = 1  # the simulator's generated location
SCAN_GAP_MS = 5  # scanner key gap
BETWEEN_SCANS_MS = 120  # real time between scans (a person needs ~2 s; the bench less)
UNKNOWN_CODE = "0000000000000"
COMPLETE_CARD = "CMD:COMPLETE_NO_SHIPMENT"  # the catalogue's card (station.packing.catalogue)
WRONG_RATE, UNKNOWN_RATE = 0.05, 0.03
HELD_MS = 20_000  # the OMS round trip while going offline
ID_SHIFT = 10_000_000  # cache ids moved above every simulator id (no collisions)


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


def prepare_copy(pristine: Path, work: Path) -> None:
    """Copy the cache, move its package, item and product ids above the simulator's
    (a sync would otherwise replace cache rows that share an id), and bring the schema
    up to date, so the cold start measures opening, not migrating."""
    from station.store import open_store
    from station.store.db import write_transaction

    shutil.copyfile(pristine, work)
    with open_store(work) as store, write_transaction(store):
        store.conn.execute("PRAGMA defer_foreign_keys = ON")  # consistent again at COMMIT
        for sql in ("UPDATE packages SET id = id + ?1",
                    "UPDATE package_raw SET package_id = package_id + ?1",
                    "UPDATE package_items SET id = id + ?1, package_id = package_id + ?1, "
                    "product_id = product_id + ?1",
                    "UPDATE products SET id = id + ?1",
                    "UPDATE codes SET product_id = product_id + ?1"):
            store.conn.execute(sql, (ID_SHIFT,))


# --- the scan plan ------------------------------------------------------------------


def package_keys(db: Path, rng: random.Random, count: int,
                 location: int = CACHE_LOCATION) -> list[tuple[str, list[str]]]:
    """`count` random Waiting cache packages: (number, [a code per item]). A shift opens
    packages nobody started; one OMS shows Preparing elsewhere asks to be taken over."""
    conn = sqlite3.connect(db)
    try:
        ids = [row[0] for row in conn.execute(
            "SELECT id FROM packages WHERE archived = 0 AND stock_location_id = ? "
            "AND state_enum = '100'", (location,))]
        keys = []
        for package_id in rng.sample(ids, min(count, len(ids))):
            number = conn.execute("SELECT number FROM packages WHERE id = ?",
                                  (package_id,)).fetchone()[0]
            codes = [row[0] for row in conn.execute(
                # a barcode where the product has one, else its SKU (some have none)
                "SELECT (SELECT code FROM codes c WHERE c.product_id = i.product_id"
                " ORDER BY c.kind = 'sku', code LIMIT 1)"
                " FROM package_items i WHERE package_id = ? ORDER BY position", (package_id,))]
            keys.append((number, [c for c in codes if c]))
        return keys
    finally:
        conn.close()


def shift_plan(keys: list[tuple[str, list[str]]], rng: random.Random) -> list[tuple[str, str]]:
    """(kind, text): per package its number, its items (sometimes a wrong item or an
    unknown code in between), then the completion command card."""
    plan: list[tuple[str, str]] = []
    for index, (number, codes) in enumerate(keys):
        plan.append(("open", number))
        other = keys[index - 1][1]
        for code in codes:
            if rng.random() < WRONG_RATE and other:
                plan.append(("wrong", other[0]))
            if rng.random() < UNKNOWN_RATE:
                plan.append(("unknown", UNKNOWN_CODE))
            plan.append(("item", code))
        plan.append(("complete", COMPLETE_CARD))
    return plan


# --- posting key events and timing a scan -------------------------------------------


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


# --- the station against the simulator ----------------------------------------------


def build(app: Any, db: Path, sim: SimProcess, sync_interval: float) -> Any:
    from station.oms.client import OmsClient
    from ui.app import WINDOW_SIZE, build_station
    from ui.feedback.sound import SoundPlayer

    station = build_station(
        app, db, packer="bench", stock_location_id=SYNC_LOCATION, sync_interval=sync_interval,
        make_client=lambda: OmsClient(sim.url, username="demo", password="demo"),
        sound=SoundPlayer(audio_outputs=list))  # no audio device: play() is a no-op
    window = station.window
    window.resize(*WINDOW_SIZE)
    window.show()
    window.activateWindow()
    window.scan_field.setFocus()
    app.processEvents()
    return station


def wait_until(app: Any, condition: Callable[[], bool], timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            return False
        app.processEvents()
        time.sleep(0.005)
    return True


class SimProcess:
    """The OMS simulator in a child process (its CPU and GIL are not the station's)."""

    def __init__(self, packages: int, latency_ms: float) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "station", "simulator", "--port", "0", "--packages",
             str(packages), "--locations", "1", "--seed", "1", "--latency-ms", str(latency_ms)],
            stdout=subprocess.PIPE, text=True, cwd=REPO)
        assert self.proc.stdout is not None
        url = None
        for line in self.proc.stdout:
            if url is None and "listening on" in line:
                url = line.rsplit(" ", 1)[1].strip()
            if line.startswith("Press Ctrl-C"):
                break
        if url is None:
            raise RuntimeError("simulator did not start")
        self.url = url

    def add_fault(self, rule: dict[str, Any]) -> None:
        import httpx

        httpx.post(f"{self.url}/_sim/faults", json=rule, timeout=10).raise_for_status()

    def stop(self) -> None:
        self.proc.kill()  # requests it holds end at once (the connections close)
        self.proc.wait()


def measure_go_offline(app: Any, station: Any, sim: SimProcess) -> float:
    """ms from Station ▸ Go offline to the event loop running a zero timer again, while
    the simulator holds every request for HELD_MS (a sync round waits in one)."""
    from PySide6.QtCore import QEventLoop, QTimer

    sim.add_fault({"kind": "latency", "latency_ms": HELD_MS})
    wait_until(app, lambda: not station.sync.in_flight, 120)
    station.sync.sync_now()
    wait_until(app, lambda: station.sync.in_flight, 30)
    wait_until(app, lambda: False, 0.5)  # its first request is on the wire and held
    loop = QEventLoop()
    times: list[float] = []

    def go_offline() -> None:
        times.append(time.perf_counter())
        QTimer.singleShot(0, lambda: (times.append(time.perf_counter()), loop.quit()))
        station.window.offline_action.trigger()

    QTimer.singleShot(0, go_offline)
    loop.exec()
    assert station.sync.in_flight, "the held sync round ended: nothing was measured"
    return round((times[1] - times[0]) * 1000, 2)


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
print("ready", flush=True)
""".replace("LOCATION_ID", str(CACHE_LOCATION))


def measure_cold_start(db: Path, runs: int) -> list[float]:
    """Seconds from starting a child process to its window exposed and painted."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", COLD_CHILD, str(db)], cwd=REPO, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert proc.stdout is not None
        line = proc.stdout.readline().split()
        seconds.append(time.perf_counter() - started)
        proc.kill()
        proc.wait()
        if line != ["ready"]:
            raise RuntimeError("cold-start child did not report ready")
    return seconds


SYNC_CHILD = """
import json, sys
from station.oms.client import OmsClient
from station.store import open_store
from station.sync import Syncer
with OmsClient(sys.argv[1], username="demo", password="demo") as client, \\
        open_store(sys.argv[2]) as store:
    report = Syncer(client, store, stock_location_id=int(sys.argv[3])).sync(full=True)
print(json.dumps(report.as_dict()), flush=True)
"""


def run_phases(app: Any, station: Any, sim: SimProcess, plan: list[tuple[str, str]],
               scans: int, sync_mode: str) -> dict[str, Any]:
    """during_full_sync (until the first, full, sync has ended), then idle; then go
    offline. `sync_mode` "process": that full sync runs in a child process (its own
    GIL) while the station's delivery runs; the station's sync thread starts after it."""
    rounds: list[dict] = []
    station.sync.synced.connect(rounds.append)
    station.sync.failed.connect(lambda message, _: rounds.append({"failed": message}))
    during = ScanDriver(app, station.window)
    if sync_mode == "process":
        child = subprocess.Popen(
            [sys.executable, "-c", SYNC_CHILD, sim.url, str(station.store.path),
             str(SYNC_LOCATION)], cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)),
            stdout=subprocess.PIPE, text=True)
        station.delivery.start()
        during.run(plan[:scans], keep_going=lambda: child.poll() is None)
        output, _ = child.communicate()
        full_sync = [json.loads(output.strip().splitlines()[-1])]
        station.start()  # the sync thread: incremental from here on
    else:
        station.start()  # the first sync of this location is a full one
        during.run(plan[:scans], keep_going=lambda: not rounds)
        wait_until(app, lambda: bool(rounds), 600)
        full_sync = rounds[:1]
    # After the full sync the station holds OMS's own packages: the idle shift packs
    # those, so its commands are delivered for real (the big cache's packages are not
    # on the simulator: their commands come back 404 and turn into conflicts).
    synced = package_keys(Path(station.store.path), random.Random(5), scans,
                          location=SYNC_LOCATION)
    idle = ScanDriver(app, station.window)
    idle.run(shift_plan(synced, random.Random(6))[:scans], keep_going=lambda: True)
    return {"during_full_sync": during.phase(), "idle": idle.phase(),
            "go_offline_ms": measure_go_offline(app, station, sim),
            "full_sync": full_sync, "sync_rounds": len(rounds)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="150 scans per phase, one cold start (same JSON shape)")
    parser.add_argument("--packages", type=int, default=50_000)
    # About 68 % of the simulator's packages are in packable states: 14,750 give a
    # full sync of about 10,000 packages.
    parser.add_argument("--sync-packages", type=int, default=14_750)
    parser.add_argument("--scans", type=int, default=1000, help="scans per phase at most")
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--sync-interval", type=float, default=10.0)
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--sync-mode", choices=("thread", "process"), default="thread",
                        help="the full sync in the station's sync thread (as shipped) or "
                             "in a child process (the alternative the issue asks to weigh)")
    parser.add_argument("--switch-interval-ms", type=float,
                        help="override the GIL switch interval (default: the app's)")
    args = parser.parse_args(argv)
    if args.quick:
        args.scans, args.cold_runs = min(args.scans, 150), 1
    import psutil

    from ui.app import application

    rng = random.Random(args.seed)
    pristine, build_s = cached_db(args.packages)
    with tempfile.TemporaryDirectory(prefix="scan-latency-") as tmp:
        work = Path(tmp) / "station.db"
        prepare_copy(pristine, work)
        plan = shift_plan(package_keys(work, rng, args.scans), rng)
        cold = measure_cold_start(work, args.cold_runs)
        cpu_before = os.times()
        app = application()
        if args.switch_interval_ms is not None:
            sys.setswitchinterval(args.switch_interval_ms / 1000)
        sim = SimProcess(args.sync_packages, args.latency_ms)
        station = build(app, work, sim, args.sync_interval)
        try:
            phases = run_phases(app, station, sim, plan, args.scans, args.sync_mode)
            rss_mb = round(psutil.Process().memory_info().rss / 2**20, 1)
        finally:
            sim.stop()  # wakes the held requests, so stopping does not wait 20 s
            station.stop()
        cpu = os.times()
    result = {
        "idle": phases["idle"],
        "during_full_sync": phases["during_full_sync"],
        "go_offline_ms": phases["go_offline_ms"],
        "cold_start_s": round(statistics.median(cold), 3),
        "rss_mb": rss_mb,
        "setup": {
            "cache_packages": args.packages, "cache_built_s": build_s,
            "sync_packages": args.sync_packages, "latency_ms": args.latency_ms,
            "sync_mode": args.sync_mode,
            "full_sync": phases["full_sync"], "sync_rounds": phases["sync_rounds"],
            "cold_start_all_s": [round(s, 3) for s in cold],
            "process_cpu_s": round(cpu.user + cpu.system - cpu_before.user
                                   - cpu_before.system, 1),
            "cores": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()],
            "quick": args.quick, "gil_switch_interval_ms": sys.getswitchinterval() * 1000,
            "targets": {"idle": {"p99": 16, "max": 50},
                        "during_full_sync": {"p99": 33, "max": 100},
                        "go_offline_ms": 50, "cold_start_s": 1.0},
        },
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
