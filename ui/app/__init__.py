"""Wiring of the desktop app: QApplication, Store, OMS client, session, workers, window.

The composition root, in three rooms: `station` (one packer's `Station`, built by
`build_station` and run by `run_station`), `startup` (`main(argv)`: the command line
and the saved settings decide what opens) and `demo` (`run_demo()`: the same window
against the in-process OMS simulator).
"""

from ui.app.demo import DEMO_LOCATION, DEMO_PACKAGES, run_demo, write_demo_sheet
from ui.app.startup import build_parser, main, open_station
from ui.app.station import (
    Station,
    application,
    build_station,
    initial_sync,
    print_settings,
    run_station,
)

__all__ = ["DEMO_LOCATION", "DEMO_PACKAGES", "Station", "application", "build_parser",
           "build_station", "initial_sync", "main", "open_station", "print_settings",
           "run_demo", "run_station", "write_demo_sheet"]
