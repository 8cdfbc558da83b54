"""The OMS simulator in a child process, for the benchmarks.

`start_simulator(packages, latency_ms)` starts `python -m station simulator` on a free
port with one generated stock location (seed 1) and `latency_ms` on every request,
and returns the process and its base URL once it is listening.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def start_simulator(packages: int, latency_ms: float) -> tuple[subprocess.Popen, str]:
    """The simulator's process and URL; raises RuntimeError when it does not start."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "station", "simulator", "--port", "0", "--packages",
         str(packages), "--locations", "1", "--seed", "1", "--latency-ms", str(latency_ms)],
        stdout=subprocess.PIPE, text=True, cwd=REPO)
    assert proc.stdout is not None
    url = None
    for line in proc.stdout:
        if url is None and "listening on" in line:
            url = line.rsplit(" ", 1)[1].strip()
        if line.startswith("Press Ctrl-C"):
            break
    if url is None:
        raise RuntimeError("simulator did not start")
    return proc, url
