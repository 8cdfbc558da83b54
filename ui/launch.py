"""The `packing-station` console script: headless sub-commands, or the GUI.

`station.cli` owns argument parsing and the sub-commands but may not import Qt;
this module injects the GUI starter, so `packing-station` with no sub-command
opens the packing screen and `--demo` opens it against the built-in simulator.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from station.cli import main as cli_main


def start_gui(demo: bool, args: list[str]) -> int:
    from ui.app import main as gui_main
    from ui.app import run_demo

    return run_demo() if demo else gui_main(args)


def main(argv: Sequence[str] | None = None) -> int:
    return cli_main(argv, gui=start_gui)


if __name__ == "__main__":
    sys.exit(main())
