"""The `packing-station` console script: headless sub-commands, or the GUI.

`station.cli.main` owns argument parsing and the sub-commands but may not import Qt;
this module injects the GUI starter, so `packing-station` with no sub-command
opens the packing screen and `--demo` opens it against the built-in simulator.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from station.cli import main as cli_main


def start_gui(demo: bool, args: list[str]) -> int:
    try:
        from ui.app import main as gui_main
        from ui.app import run_demo
    except ImportError as exc:  # Qt could not load a system library
        from ui.selftest import missing_library_sentence

        sentence = missing_library_sentence(exc)
        if sentence is None:
            raise
        print(f"packing-station: cannot open the window: {sentence}", file=sys.stderr)
        return 2

    if demo:
        return run_demo(parse_demo_args(args).offline_after)
    return gui_main(args)


def parse_demo_args(args: Sequence[str]) -> argparse.Namespace:
    """The options of `packing-station --demo` (unknown ones are an error, not ignored)."""
    parser = argparse.ArgumentParser(prog="packing-station --demo")
    parser.add_argument(
        "--offline-after",
        type=_positive_seconds,
        metavar="SECONDS",
        help="stop the simulator after SECONDS, to show packing while OMS is unreachable",
    )
    return parser.parse_args(list(args))


def _positive_seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not seconds > 0 or seconds == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds: {text!r}")
    return seconds


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["self-test"]:
        return run_self_test(args[1:])
    return cli_main(args, gui=start_gui)


def run_self_test(args: list[str]) -> int:
    """`packing-station self-test`: offscreen checks of this installation (ui.selftest)."""
    if args:
        print("usage: packing-station self-test  (takes no options)", file=sys.stderr)
        return 2
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any QApplication exists
    from ui import selftest

    return selftest.run()


if __name__ == "__main__":
    sys.exit(main())
