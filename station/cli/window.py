"""The packing window's command-line options, defined once and without Qt.

`packing-station [--db PATH] [--offline] [--base-url URL] [--packer NAME] …` opens the
window. `station.cli.main` adds these options to the top-level parser, so `--help`
lists them beside the sub-commands and `--db PATH` is never taken for a sub-command;
`ui.app` parses the same options when the window starts (`window_argv` hands them on).
"""

from __future__ import annotations

import argparse

from station.config import default_packer

DEFAULT_SYNC_INTERVAL = 30.0  # seconds between incremental syncs of the window
# (option, takes a value) in the order `window_argv` writes them.
WINDOW_OPTIONS = (
    ("db", True), ("packer", True), ("base_url", True), ("username", True),
    ("stock_location", True), ("allow_insecure_http", False), ("offline", False),
    ("sync_interval", True), ("exit_when_ready", False), ("quit_after", True),
    ("kiosk", False), ("language", True),
)


def add_window_arguments(parser: argparse.ArgumentParser | argparse._ArgumentGroup,
                         prefix: str = "") -> None:
    """The window's options; `prefix` goes before each destination name, so the
    top-level parser keeps them apart from a sub-command's own `--db` or `--packer`."""
    def add(flag: str, **options: object) -> None:
        dest = prefix + flag.removeprefix("--").replace("-", "_")
        parser.add_argument(flag, dest=dest, **options)  # type: ignore[arg-type]

    add("--db", metavar="PATH", help="database file (default: the user data directory)")
    add("--packer", metavar="NAME", default=default_packer(),
        help="who is packing (default: the OS user)")
    add("--base-url", metavar="URL", help="OMS base URL; without it the saved settings")
    add("--username", metavar="U", help="OMS user (the password is asked for)")
    add("--stock-location", metavar="ID", type=int, help="stock location id to sync")
    add("--allow-insecure-http", action="store_true",
        help="allow a plain http:// --base-url that is not this machine "
             "(the token then crosses the network unencrypted)")
    add("--offline", action="store_true", help="pack from the local cache only; no OMS at all")
    add("--sync-interval", metavar="SECONDS", type=float, default=DEFAULT_SYNC_INTERVAL,
        help="seconds between syncs (default %(default)s)")
    add("--kiosk", action="store_true",
        help="full screen without the menu bar (View ▸ Full screen, Ctrl+Shift+F, leaves it)")
    add("--language", choices=("tr", "en"),
        help="the window's language this time (default: the settings', else the system's)")
    add("--exit-when-ready", action="store_true",
        help="quit as soon as the window is up (smoke tests, start-up timing)")
    add("--quit-after", metavar="SECONDS", type=positive_seconds,
        help="quit SECONDS after the window is up, saying what it showed (demos, tests)")


def positive_seconds(text: str) -> float:
    """A finite number of seconds above zero, or argparse's one-sentence error."""
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not seconds > 0 or seconds == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds: {text!r}")
    return seconds


def window_argv(args: argparse.Namespace, defaults: argparse.Namespace,
                prefix: str = "") -> list[str]:
    """The window options of `args` (under `prefix`) that differ from `defaults`, as argv."""
    argv: list[str] = []
    for name, takes_value in WINDOW_OPTIONS:
        value = getattr(args, prefix + name, None)
        if value == getattr(defaults, prefix + name, None):
            continue
        flag = "--" + name.replace("_", "-")
        argv += [flag, str(value)] if takes_value else [flag]
    return argv
