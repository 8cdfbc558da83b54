"""`packing-station` entry point: the GUI by default, headless sub-commands otherwise.

This module builds the parser from the sub-command modules beside it (`sync`,
`status`, `pack`, `outbox`, and the simulator's) and dispatches; each sub-command's
arguments and work live in its own module, what they share in `common`.

Failures: whatever a sub-command raises becomes one sentence on stderr
(`describe.describe_error`) and exit status 2 (70 for a defect); the traceback goes
only to the log file (`station.logfile`), which records INFO and up by default.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from station import __version__
from station.cli import outbox as outbox_command
from station.cli import pack as pack_command
from station.cli import print as print_command
from station.cli import status as status_command
from station.cli import supervisor as supervisor_command
from station.cli import sync as sync_command
from station.cli.common import busy_timeout_ms, db_path
from station.cli.describe import describe_error
from station.cli.window import add_window_arguments, window_argv
from station.logfile import SecretFilter, configure_file_logging
from station.simulator import cli as simulator_cli

log = logging.getLogger(__name__)
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
FILE_ONLY = "station_file_only"  # a LogRecord attribute: keep this record off stderr

GuiStarter = Callable[[bool, list[str]], int]
WINDOW_PREFIX = "window_"  # the window options' names in the top-level namespace


class OneLineParser(argparse.ArgumentParser):
    """argparse with its errors as one sentence (no usage block); sub-command
    parsers are of the same class."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="packing-station",
        description="Scanner-driven, offline-first packing station for Akinon OMS. "
                    "Without a COMMAND it opens the packing window.",
        allow_abbrev=False,  # --offline must never be read as --offline-after
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start the built-in OMS simulator with demo data and open the app against it",
    )
    parser.add_argument(
        "--offline-after", type=float, metavar="SECONDS",
        help="with --demo: stop the simulator after SECONDS to show offline packing")
    parser.add_argument(
        "--log-level", choices=LOG_LEVELS, default="INFO", type=str.upper,
        help="what the log file records (default %(default)s; stderr shows warnings)")
    add_window_arguments(parser.add_argument_group("packing window (no COMMAND)"),
                         prefix=WINDOW_PREFIX)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    simulator_cli.add_arguments(
        sub.add_parser("simulator", help="run the OMS simulator (demo, tests, benchmarks)")
    )
    sync_command.add_arguments(
        sub.add_parser("sync", help="pull this station's packages from OMS"))
    status_command.add_arguments(sub.add_parser("status", help="what the local cache holds"))
    pack_command.add_arguments(
        sub.add_parser("pack", help="feed raw scans through a packing session (headless)"))
    outbox_command.add_arguments(
        sub.add_parser("outbox", help="list, retry, discard or deliver queued commands"))
    supervisor_command.add_arguments(sub.add_parser("supervisor", help="add a supervisor"))
    print_command.add_arguments(
        sub.add_parser("print", help="print a package's documents from the offline cache"))
    return parser


COMMANDS = {
    "sync": sync_command.run, "status": status_command.run,
    "pack": pack_command.run, "outbox": outbox_command.run,
    "supervisor": supervisor_command.run, "print": print_command.run,
}


class _NotForStderr(logging.Filter):
    """Keeps records meant for the log file only off stderr: the failure record (the
    user already got the sentence) and stamina's per-retry lines (retries are
    routine; the final error, if any, is what the operator needs)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, FILE_ONLY, False):
            return False
        return not (record.name.startswith("stamina") and record.levelno < logging.ERROR)


class _OneLineFormatter(logging.Formatter):
    """`LEVEL logger: message`, never a traceback (that is the log file's)."""

    def format(self, record: logging.LogRecord) -> str:
        return " ".join(f"{record.levelname} {record.name}: {record.getMessage()}".split())


def configure_logging(level: str = "INFO") -> Path | None:
    """Warnings to stderr, one line each; `level` and up to the rotating log file.

    Returns the log file's path (None when it cannot be written)."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_station_stderr", False)]:
        root.removeHandler(handler)
    stderr = logging.StreamHandler(sys.stderr)
    stderr._station_stderr = True  # type: ignore[attr-defined]
    stderr.setLevel(logging.WARNING)
    stderr.setFormatter(_OneLineFormatter())
    stderr.addFilter(SecretFilter())
    stderr.addFilter(_NotForStderr())
    root.addHandler(stderr)
    root.setLevel(min(logging.WARNING, logging.getLevelName(level)))
    return configure_file_logging(level)


def run_command(args: argparse.Namespace, log_file: Path | None) -> int:
    """Run one headless sub-command; any failure is one sentence on stderr."""
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print(f"packing-station {args.command}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        message, status = describe_error(exc, db_path(args), busy_timeout_ms(args), log_file)
        # The log keeps the whole story; the user gets the sentence.
        log.error("%s failed: %s", args.command, message, exc_info=exc,
                  extra={FILE_ONLY: True})
        print(f"packing-station {args.command}: {message}", file=sys.stderr)
        return status


def main(argv: Sequence[str] | None = None, *, gui: GuiStarter | None = None) -> int:
    """Run a sub-command; with none, hand over to `gui(demo, gui_args)` when given.

    The GUI is injected by `ui.launch` (the console script), so this core module
    never imports Qt."""
    parser = build_parser()
    args = parser.parse_args(argv)
    gui_args = window_argv(args, parser.parse_args([]), prefix=WINDOW_PREFIX)
    if args.command and gui_args:
        parser.error(f"{gui_args[0]} is a packing window option; give it without a COMMAND")
    log_file = configure_logging(args.log_level)
    if args.command == "simulator":
        return simulator_cli.run(args)
    if args.command in COMMANDS:
        return run_command(args, log_file)
    if gui is None:  # `python -m station`: headless only
        parser.print_help()
        return 0
    if args.offline_after is not None:
        if not args.demo:
            parser.error("--offline-after needs --demo")
        gui_args = [f"--offline-after={args.offline_after}", *gui_args]
    return gui(args.demo, gui_args)


if __name__ == "__main__":
    sys.exit(main())
