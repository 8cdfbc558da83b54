"""`packing-station --demo` as a user starts it, in a subprocess (offscreen): the
simulator starts, the window comes up, `--offline-after` stops the simulator and the
status bar goes offline, and `--quit-after` / `--exit-when-ready` end the run on its
own with exit status 0 and no traceback (ui.launch prints the window's title when it is
up and, at the end, what the status bar and banner said)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from ui.i18n.translator import catalogue_path

REPO = Path(__file__).resolve().parents[2]
SHOTS = ("main-window", "needs-attention", "history", "settings", "stats", "setup",
         "scanner-test")  # what scripts/screenshots.py saves, each SIZE
SIZE = (1280, 800)
# The sync's GET retries (station.oms.transport.RetryPolicy: 5 attempts with backoff)
# take about 10-15 s before a round against a stopped OMS reports "offline".
QUIT_AFTER = 25


def run_demo(*options: str, timeout: float) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "ui.launch", "--demo", *options],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout)


def summary(done: subprocess.CompletedProcess[str]) -> dict[str, str]:
    """The `name: value` lines ui.launch printed (window up, connection, banner)."""
    lines = (line.partition(": ") for line in done.stdout.splitlines())
    return {name: value for name, sep, value in lines if sep}


def test_demo_offline_after_stops_the_simulator_and_the_status_goes_offline():
    done = run_demo("--offline-after", "1", "--quit-after", str(QUIT_AFTER),
                    timeout=QUIT_AFTER + 90)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    said = summary(done)
    assert "DEMO (http://127.0.0.1:" in said["window up"]  # the window came up on the sim
    assert "Offline" in said["connection"], said  # the sync found OMS unreachable
    assert "unreachable" in said["banner"], said  # run_demo's _go_offline ran
    sheet = said["Demo barcode sheet (print it to scan)"]
    assert sheet.endswith(".pdf")
    assert not Path(sheet).exists()  # the demo's temporary folder went with it


def test_demo_exit_when_ready():
    done = run_demo("--exit-when-ready", timeout=90)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout.splitlines()[-1] == "ready"
    assert "DEMO (http://127.0.0.1:" in summary(done)["window up"]


@pytest.mark.parametrize("language", ["en", "tr"])
def test_screenshots_script_saves_every_window_at_1280x800(tmp_path, language):
    if language != "en" and catalogue_path(language) is None:
        pytest.skip(f"no {language} catalogue built (make translations)")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts/screenshots.py"), str(tmp_path), "--language",
         language],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    folder = tmp_path if language == "en" else tmp_path / language
    expected = {str(folder / f"{name}.png") for name in SHOTS}
    assert set(done.stdout.split()) == expected  # it names what it wrote
    misfits = []
    for name in SHOTS:
        image = QImage(str(folder / f"{name}.png"))
        assert not image.isNull(), f"{name}.png is not a PNG"
        if (image.width(), image.height()) != SIZE:
            misfits.append(name)
    assert misfits == [], f"not {SIZE}: {misfits}"
