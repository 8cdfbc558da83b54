"""Every sub-command's `--help` prints its options and exits 0 (a help text is
formatted only when asked for, so a bad one hides until a user types --help)."""

from __future__ import annotations

import subprocess
import sys

import pytest

SUBCOMMANDS = ("simulator", "sync", "status", "pack", "outbox", "supervisor", "print")


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_help_of_every_subcommand(command: str) -> None:
    done = subprocess.run([sys.executable, "-m", "station", command, "--help"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert f"packing-station {command}" in done.stdout
