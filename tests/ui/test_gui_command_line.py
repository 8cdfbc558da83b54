"""The GUI command line as the README writes it: `packing-station [--db PATH] [--offline]
[--base-url URL] [--packer NAME] …` with spaces (not `=`), `--offline` never read as
`--offline-after`, and `--help` listing the window's options beside the sub-commands.

The options go through `station.cli.main` (the real top-level parser) to a GUI starter
that records what it was handed, then through `ui.app.build_parser` as the window reads
them; `--help` runs the installed console script's module in a subprocess."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from station.cli.main import main as cli_main
from ui.app import build_parser as window_parser
from ui.launch import parse_demo_args

REPO = Path(__file__).resolve().parents[2]


class GuiStarter:
    """Stands where `ui.launch.start_gui` stands: keeps what the window would get."""

    def __init__(self) -> None:
        self.calls: list[tuple[bool, list[str]]] = []

    def __call__(self, demo: bool, args: list[str]) -> int:
        self.calls.append((demo, list(args)))
        return 0


def window_options(argv: list[str]) -> argparse.Namespace:
    """What the packing window reads when `packing-station ARGV` is typed."""
    starter = GuiStarter()
    assert cli_main(argv, gui=starter) == 0
    (demo, args), = starter.calls
    assert demo is False
    return window_parser().parse_args(args)


def test_readme_gui_line_parses_with_spaces(tmp_path):
    db = tmp_path / "my station.db"  # a space in the path, too
    options = window_options(["--db", str(db), "--offline", "--base-url",
                              "https://oms.example.com", "--packer", "ayse"])
    assert options.db == str(db)
    assert options.offline is True
    assert options.base_url == "https://oms.example.com"
    assert options.packer == "ayse"


def test_readme_gui_line_with_a_stock_location_and_username():
    options = window_options(["--base-url", "https://oms.example.com", "--username", "u1",
                              "--stock-location", "7", "--sync-interval", "12"])
    assert (options.base_url, options.username) == ("https://oms.example.com", "u1")
    assert options.stock_location == 7 and options.sync_interval == 12.0
    assert options.offline is False


def test_offline_is_not_read_as_offline_after():
    options = window_options(["--offline"])
    assert options.offline is True
    starter = GuiStarter()
    # --offline-after belongs to --demo: without it, one sentence and exit 2
    with pytest.raises(SystemExit) as exit_info:
        cli_main(["--offline-aft", "3"], gui=starter)
    assert exit_info.value.code == 2 and not starter.calls


def test_demo_takes_offline_after_and_ends_on_its_own():
    starter = GuiStarter()
    assert cli_main(["--demo", "--offline-after", "2", "--quit-after", "4"], gui=starter) == 0
    (demo, args), = starter.calls
    assert demo is True
    options = parse_demo_args(args)
    assert options.offline_after == 2.0 and options.quit_after == 4.0
    assert parse_demo_args(["--exit-when-ready"]).exit_when_ready is True


def test_window_option_with_a_command_is_one_sentence(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli_main(["--offline", "status"], gui=GuiStarter())
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "--offline is a packing window option" in err and "Traceback" not in err


def test_help_lists_gui_options_beside_the_subcommands():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "ui.launch", "--help"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    text = " ".join(done.stdout.split())  # argparse wraps lines where it likes
    for option in ("--db PATH", "--offline", "--base-url URL", "--packer NAME",
                   "--username U", "--stock-location ID", "--sync-interval SECONDS",
                   "--demo", "--offline-after SECONDS", "--quit-after SECONDS",
                   "--exit-when-ready"):
        assert option in text, f"--help does not list {option!r}"
    for command in ("simulator", "sync", "status", "pack", "outbox", "print", "supervisor"):
        assert f" {command} " in text, f"--help does not list the {command} sub-command"
    assert "Traceback" not in done.stderr
