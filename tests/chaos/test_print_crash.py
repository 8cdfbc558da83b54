"""Crash between completion and printing: `pack --script` is SIGKILLed right after it
printed the completion's outcome line. The print jobs were committed with the
completion, so after a restart (`packing-station print queue`) each document reaches
the loopback printer exactly once — and a second run prints nothing more."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

from station.documents import queue
from station.simulator import Simulator, SimulatorConfig
from station.store import open_store
from tests.integration.conftest import ANCHOR
from tests.integration.documents.printing_helpers import (
    COMPLETE_CARD,
    LoopbackPrinter,
    busiest_location,
    headless,
    script_for,
    sync,
    use_private_dirs,
    waiting_package,
)


def test_sigkill_after_completion_prints_exactly_once_after_restart(tmp_path, monkeypatch):
    printer = LoopbackPrinter()
    try:
        with Simulator(SimulatorConfig(packages=60, anchor=ANCHOR)) as sim:
            _crash_and_restart(sim, tmp_path, monkeypatch, printer)
    finally:
        printer.close()


def _crash_and_restart(sim: Simulator, tmp_path, monkeypatch, printer: LoopbackPrinter) -> None:
    use_private_dirs(monkeypatch, tmp_path, {
        "destinations": {"slip": printer.address, "label": printer.address},
        "auto_print": ["slip", "label"]})
    db = tmp_path / "station.db"
    location = busiest_location(sim)
    sync(sim, db, location, full=True)
    package = waiting_package(sim, location)
    sim.stop()
    script = tmp_path / "scans.txt"
    # More scans after the completion: the process is still busy when it is killed.
    script.write_text("\n".join([*script_for(package), *["8690000000017"] * 200]) + "\n")
    proc = subprocess.Popen(
        [sys.executable, "-m", "station", "pack", "--db", str(db), "--script", str(script),
         "--offline", "--packer", "crash"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    while line := proc.stdout.readline():
        if json.loads(line)["scan"] == COMPLETE_CARD:
            proc.send_signal(signal.SIGKILL)
            break
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert json.loads(line)["kind"] == "saved"
    assert printer.jobs == []  # nothing printed before the crash

    with open_store(db) as store:
        assert [(job.document, job.state) for job in queue.jobs(store)] == [
            ("slip", "queued"), ("label", "queued")]
    restarted = headless("print", "queue", "--db", str(db))
    assert json.loads(restarted.stdout) == {"printed": 2, "waiting": []}, restarted.stderr
    again = headless("print", "queue", "--db", str(db))
    assert json.loads(again.stdout) == {"printed": 0, "waiting": []}
    printer.close()
    assert len(printer.jobs) == 2
    slip, label = sorted(printer.jobs, key=lambda job: job.startswith(b"^XA"))
    assert slip.startswith(b"%PDF-") and label.startswith(b"^XA")
    assert package["number"].encode() in label
