"""The window's command line as the README writes it: options with spaces, `--offline`
never read as `--offline-after`, `--db PATH` never taken for a sub-command, and
`--help` listing the window options beside the sub-commands."""

from __future__ import annotations

import argparse

import pytest

from station.cli import build_parser, main
from station.cli.window import add_window_arguments


def window_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(allow_abbrev=False)
    add_window_arguments(parser)
    return parser


def started_with(argv: list[str]) -> tuple[bool, argparse.Namespace]:
    seen: list[tuple[bool, list[str]]] = []
    assert main(argv, gui=lambda demo, args: seen.append((demo, args)) or 0) == 0
    [(demo, gui_args)] = seen
    return demo, window_parser().parse_args(gui_args)


def test_the_documented_window_command_line_reaches_the_window(tmp_path):
    db = str(tmp_path / "my station.db")
    demo, args = started_with(["--db", db, "--offline", "--base-url", "https://oms.example",
                               "--packer", "Ayşe Yılmaz", "--stock-location", "5"])
    assert not demo
    assert (args.db, args.offline, args.base_url, args.packer, args.stock_location) == (
        db, True, "https://oms.example", "Ayşe Yılmaz", 5)


def test_offline_is_not_offline_after():
    _demo, args = started_with(["--offline"])
    assert args.offline is True


def test_demo_options_still_work():
    seen: list[tuple[bool, list[str]]] = []
    main(["--demo", "--offline-after", "30"], gui=lambda demo, a: seen.append((demo, a)) or 0)
    assert seen == [(True, ["--offline-after=30.0"])]


def test_help_lists_window_options_beside_sub_commands(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--help"])
    text = capsys.readouterr().out
    for word in ("--offline", "--base-url", "--packer", "--db", "sync", "status", "pack"):
        assert word in text


def test_a_window_option_with_a_sub_command_is_one_clear_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--offline", "status"])
    assert exit_info.value.code == 2
    assert "packing window option" in capsys.readouterr().err


def test_sub_commands_keep_their_own_db_and_packer(tmp_path, capsys):
    db = str(tmp_path / "station.db")
    assert main(["status", "--db", db, "--json"]) == 0
    assert '"packages"' in capsys.readouterr().out
    args = build_parser().parse_args(["pack", "--db", db, "--script", "-", "--packer", "ann"])
    assert (args.db, args.packer, args.command) == (db, "ann", "pack")


def test_exit_when_ready_reaches_the_window():
    _demo, args = started_with(["--offline", "--exit-when-ready"])
    assert args.exit_when_ready and args.offline
