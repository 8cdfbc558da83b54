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
from typing import TYPE_CHECKING

from station.cli import main as cli_main
from station.cli.window import positive_seconds

if TYPE_CHECKING:  # Qt only once the window is wanted (a missing library: one sentence)
    from ui.packing import MainWindow


def start_gui(demo: bool, args: list[str]) -> int:
    try:
        from ui.app import build_parser, run_demo
        from ui.app import main as gui_main
    except ImportError as exc:  # Qt could not load a system library
        from ui.selftest import missing_library_sentence

        sentence = missing_library_sentence(exc)
        if sentence is None:
            raise
        print(f"packing-station: cannot open the window: {sentence}", file=sys.stderr)
        return 2

    if demo:
        options = parse_demo_args(args)
        end_on_its_own(options.quit_after, ready=options.exit_when_ready)
        return run_demo(options.offline_after)
    end_on_its_own(build_parser().parse_args(args).quit_after)  # ready: ui.app.main's own
    return gui_main(args)


def parse_demo_args(args: Sequence[str]) -> argparse.Namespace:
    """The options of `packing-station --demo` (unknown ones are an error, not ignored)."""
    parser = argparse.ArgumentParser(prog="packing-station --demo")
    parser.add_argument(
        "--offline-after",
        type=positive_seconds,
        metavar="SECONDS",
        help="stop the simulator after SECONDS, to show packing while OMS is unreachable",
    )
    parser.add_argument("--quit-after", type=positive_seconds, metavar="SECONDS",
                        help="quit SECONDS after the window is up, saying what it showed")
    parser.add_argument("--exit-when-ready", action="store_true",
                        help="quit as soon as the window is up")
    return parser.parse_args(list(args))


def end_on_its_own(quit_after: float | None, *, ready: bool = False) -> None:
    """Demos and tests: once the packing window is up, quit at once (`ready`, printing
    "ready") or after `quit_after` seconds, printing what the window showed then."""
    if quit_after is None and not ready:
        return
    from PySide6.QtCore import QTimer

    from ui.app import application
    from ui.packing import MainWindow

    app = application()
    watch = QTimer(app)  # ticks only once the event loop runs, i.e. the window is shown

    def window_up() -> None:
        window = next((w for w in app.topLevelWidgets()
                       if isinstance(w, MainWindow) and w.isVisible()), None)
        if window is None:
            return
        watch.stop()
        print(f"window up: {window.windowTitle()}", flush=True)
        if ready:
            print("ready", flush=True)
            app.quit()
        elif quit_after is not None:
            QTimer.singleShot(int(quit_after * 1000), lambda: _summary_and_quit(window))

    watch.timeout.connect(window_up)
    watch.start(100)


def _summary_and_quit(window: MainWindow) -> None:
    """The exit summary a demo run or a test reads: the connection and the banner."""
    from PySide6.QtWidgets import QApplication

    print(f"connection: {window.online_label.text()}", flush=True)
    print(f"banner: {window.banner.message}", flush=True)
    QApplication.quit()


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
