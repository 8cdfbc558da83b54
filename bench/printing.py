"""Benchmark of printing: completion scan → print job handed to the printer, and the
size of the offline shipping-label cache.

Runs the OMS simulator in this process, syncs its busiest stock location into a file
database, and for each of `--packages` waiting packages: opens it, scans its items,
puts a shipping label in the offline cache (the bytes the simulator serves for a
label), then times the completion scan (`CMD:COMPLETE_PACKAGING`) until a loopback
raw printer on 127.0.0.1 has received the whole label. The completion queues the print
job in its own durable transaction; the app's PrintWorker thread (woken after the
scan, as the window does) claims, sends and marks it.

    latency_ms   p50 / p99 / max, completion scan start → last byte at the printer
                 (target p99 <= 300 ms for a cached shipping label)
    cache        shipping labels fetched from the simulator for `--labels` packed
                 packages by station.documents.fetch: bytes on disk (apparent and
                 allocated), per 1,000 labels. The simulator's labels are small
                 one-page PDFs; carriers' real labels are larger — scale by their size.

Usage: .venv/bin/python bench/printing.py [--packages 40] [--labels 300] [--dir DIR]
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from station.documents.fetch import SHIPPING_LABEL, fetch_for_packages, store_cached  # noqa: E402
from station.documents.hooks import packing_hooks  # noqa: E402
from station.documents.settings import PrintSettings  # noqa: E402
from station.documents.worker import PrintWorker  # noqa: E402
from station.oms.client import OmsClient  # noqa: E402
from station.packing import PackingConfig, PackingSession  # noqa: E402
from station.simulator import Simulator, SimulatorConfig, documents  # noqa: E402
from station.store import open_store  # noqa: E402
from station.sync.syncer import Syncer  # noqa: E402
from tests.integration.documents.printing_helpers import (  # noqa: E402
    LoopbackPrinter,
    busiest_location,
    script_for,
)


class TimedPrinter(LoopbackPrinter):
    """The loopback printer, noting when each job's last byte arrived."""

    def __init__(self) -> None:
        self.arrivals: list[float] = []
        super().__init__()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            with connection:
                while connection.recv(65536):
                    pass
            self.arrivals.append(time.perf_counter())
            self.received.set()


def completion_latencies(sim: Simulator, db: Path, location: int, count: int) -> list[float]:
    printer = TimedPrinter()
    settings = PrintSettings(destinations={SHIPPING_LABEL: printer.address},
                             auto_print=frozenset({SHIPPING_LABEL}))
    worker = PrintWorker(lambda: open_store(db), settings, idle_poll=5.0)
    worker.start()
    waiting = [sim.package(pk) for pk in sim.package_ids(location)]
    waiting = [p for p in waiting if p["state"]["enum_value"] == "100"][:count]
    latencies = []
    with open_store(db) as store:
        session = PackingSession(store, packer="bench",
                                 config=PackingConfig(**packing_hooks(settings)))
        for package in waiting:
            *scans, complete = script_for(package)
            for raw in scans:
                session.handle_scan(raw)
            label = Path(tempfile.mkdtemp(dir=db.parent)) / "label.pdf"
            label.write_bytes(documents.label_pdf(documents.label_lines(package)))
            store_cached(store, package["id"], SHIPPING_LABEL, label, "application/pdf",
                         label.stat().st_size, "bench")
            printer.received.clear()
            started = time.perf_counter()
            outcome = session.handle_scan(complete)
            worker.wake()  # what the window does after every scan
            if outcome.kind != "saved" or not printer.received.wait(10):
                raise SystemExit(f"package {package['number']}: {outcome.message}")
            latencies.append((printer.arrivals[-1] - started) * 1000)
    worker.stop()
    printer.close()
    return latencies


def cache_size(sim: Simulator, db: Path, labels: int, root: Path) -> dict:
    ids = [pk for pk in sim.package_ids()
           if sim.package(pk)["state"]["enum_value"] in ("100", "200", "300")][:labels]
    for pk in ids:
        sim.apply_command_as_other_station(pk, "COMPLETE_PACKAGING")
    with OmsClient(sim.url, username="demo", password="demo") as client, \
            open_store(db) as store:
        packages = [client.get_package(pk)[0] for pk in ids]
        fetched = fetch_for_packages(client, store, packages, root=root, limit=len(packages))
    files = [path for path in root.rglob("*") if path.is_file()]
    apparent = sum(path.stat().st_size for path in files)
    allocated = sum(path.stat().st_blocks * 512 for path in files)
    return {"labels": fetched, "files": len(files),
            "apparent_bytes_per_1000": round(apparent / max(fetched, 1) * 1000),
            "allocated_bytes_per_1000": round(allocated / max(fetched, 1) * 1000),
            "mean_label_bytes": round(apparent / max(fetched, 1))}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=int, default=40)
    parser.add_argument("--labels", type=int, default=300)
    parser.add_argument("--dir", type=Path)
    args = parser.parse_args()
    work = args.dir or Path(tempfile.mkdtemp(prefix="bench-printing-"))
    os.environ["XDG_CACHE_HOME"] = str(work / "cache")  # never the user's cache
    db = work / "station.db"
    with Simulator(SimulatorConfig(packages=max(600, args.labels * 3), seed=11)) as sim:
        location = busiest_location(sim)
        with OmsClient(sim.url, username="demo", password="demo") as client, \
                open_store(db) as store:
            Syncer(client, store, stock_location_id=location).sync(full=True)
        latencies = completion_latencies(sim, db, location, args.packages)
        cache = cache_size(sim, db, args.labels, work / "labels")
    print(json.dumps({
        "completion_to_printer_ms": {
            "n": len(latencies), "p50": round(statistics.median(latencies), 1),
            "p99": round(percentile(latencies, 0.99), 1), "max": round(max(latencies), 1)},
        "shipping_label_cache": cache,
        "cpu_count": os.cpu_count(), "load_avg_1m": round(os.getloadavg()[0], 2),
        "threads_at_end": threading.active_count(),
    }, indent=2))


if __name__ == "__main__":
    main()
