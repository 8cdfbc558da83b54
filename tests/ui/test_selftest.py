"""`packing-station self-test`: every check passes on this machine, in a subprocess as an
IT person would run it, and a missing system library is named in a sentence."""

from __future__ import annotations

import os
import subprocess
import sys

from ui.selftest import CHECKS, missing_library_sentence


def test_self_test_passes_every_check_quickly():
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    result = subprocess.run([sys.executable, "-m", "ui.launch", "self-test"], env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    assert [line[:4] for line in lines[:-1]] == ["ok  "] * len(CHECKS)
    assert lines[-1].startswith("self-test PASSED in ")
    assert float(lines[-1].split(" in ")[1].split(" s")[0]) < 10
    assert "Traceback" not in result.stderr


def test_self_test_rejects_options():
    result = subprocess.run([sys.executable, "-m", "ui.launch", "self-test", "--bogus"],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2 and "takes no options" in result.stderr


def test_missing_libraries_are_named_with_their_package():
    error = ImportError("libGL.so.1: cannot open shared object file: No such file or directory")
    assert missing_library_sentence(error) == (
        "the system library libGL is missing (Debian/Ubuntu: apt install libgl1)")
    egl = ImportError("libEGL.so.1: cannot open shared object file")
    assert "apt install libegl1" in (missing_library_sentence(egl) or "")
    xkb = OSError("libxkbcommon.so.0: cannot open shared object file")
    assert "libxkbcommon0" in (missing_library_sentence(xkb) or "")
    assert missing_library_sentence(ImportError("No module named 'PySide6'")) is None


def test_the_window_opens_from_the_documented_command_line_and_quits_when_ready(tmp_path):
    """`packing-station --offline --db PATH --exit-when-ready`: the real console script's
    path to the window (options with spaces, a database path not taken for a command)."""
    db = tmp_path / "a station.db"
    result = subprocess.run([sys.executable, "-m", "ui.launch", "--offline", "--db", str(db),
                             "--exit-when-ready"], capture_output=True, text=True, timeout=60,
                            check=False, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ready"]
    assert db.exists()
