"""The real station against the OMS simulator, for the GUI benchmarks.

Owns the rig bench/scan_latency.py measures: the simulator in a child process
(`SimProcess`, with faults added over HTTP), the station built on a cache and shown
(`build`, syncing SYNC_LOCATION), `wait_until` (a condition while the event loop
runs), and the two whole-window figures: `measure_go_offline` (Station ▸ Go offline
with a sync round held by the simulator) and `measure_cold_start` (a child process
to an exposed, painted window).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _bigcache import LOCATION as CACHE_LOCATION
from _simulator_process import REPO, start_simulator

SYNC_LOCATION = 1  # the simulator's generated location
HELD_MS = 20_000  # the OMS round trip while going offline


def build(app: Any, db: Path, sim: SimProcess, sync_interval: float) -> Any:
    from station.oms.client import OmsClient
    from ui.app import build_station
    from ui.feedback.sound import SoundPlayer

    station = build_station(
        app, db, packer="bench", stock_location_id=SYNC_LOCATION, sync_interval=sync_interval,
        make_client=lambda: OmsClient(sim.url, username="demo", password="demo"),
        sound=SoundPlayer(audio_outputs=list))  # no audio device: play() is a no-op
    window = station.window
    window.resize(1280, 800)  # the bench layout's design size
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
        self.proc, self.url = start_simulator(packages, latency_ms)

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
from ui.app import application, build_station
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
window.resize(1280, 800)  # the bench layout's design size
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
