"""The headless `pack` / `outbox` argument parsers and script reading (station.cli.pack,
station.cli.outbox); the commands themselves run as subprocesses in
tests/integration/cli/test_pack.py."""

from __future__ import annotations

import argparse
import io

import pytest

from station.cli.outbox import add_arguments as add_outbox_arguments
from station.cli.pack import _numbered
from station.cli.pack import add_arguments as add_pack_arguments


def parse(add, *argv):
    parser = argparse.ArgumentParser()
    add(parser)
    return parser.parse_args(argv)


def test_script_lines_keep_the_scan_and_drop_only_terminators_and_blank_lines():
    text = "P1\r\n\n]C1010869000000001221SN\x1d10LOT\n  SKU 1  \nCMD:CANCEL"
    assert list(_numbered(io.StringIO(text, newline=""))) == [
        (1, "P1"), (3, "]C1010869000000001221SN\x1d10LOT"), (4, "  SKU 1  "), (5, "CMD:CANCEL")]


def test_pack_arguments():
    args = parse(add_pack_arguments, "--db", "s.db", "--script", "-", "--offline",
                 "--packer", "ann")
    assert (args.db, args.script, args.offline, args.packer, args.base_url) == (
        "s.db", "-", True, "ann", None)
    assert args.no_auto_start is False and args.drain_timeout > 0
    with pytest.raises(SystemExit):
        parse(add_pack_arguments, "--db", "s.db")  # --script is required


def test_outbox_arguments():
    args = parse(add_outbox_arguments, "--retry", "ab", "--retry", "cd", "--discard", "ef",
                 "--drain", "--base-url", "http://127.0.0.1:1", "--token-stdin", "--json",
                 "--status", "conflict", "--allow-insecure-http", "--busy-timeout", "0.5")
    assert (args.retry, args.discard, args.drain, args.json, args.status) == (
        ["ab", "cd"], ["ef"], True, True, ["conflict"])
    assert (args.token_stdin, args.allow_insecure_http, args.busy_timeout) == (True, True, 0.5)
    with pytest.raises(SystemExit):  # secrets are never arguments
        parse(add_outbox_arguments, "--drain", "--token", "t")
