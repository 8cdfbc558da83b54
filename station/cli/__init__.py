"""The `packing-station` command line: one module per sub-command (`sync`, `status`,
`pack`, `outbox`), `common` for what they share, `main` for the parser and dispatch.

The GUI is injected by `ui.launch` (the console script), so the core never imports Qt.
"""

from station.cli.main import GuiStarter, build_parser, main

__all__ = ["GuiStarter", "build_parser", "main"]
