"""Demo mode: the packing screen against the in-process OMS simulator.

Owns `run_demo()` (a throw-away database synced from the simulator, the printable demo
barcode sheet, `--offline-after` stopping the simulator to show packing offline) and
`write_demo_sheet`.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer

from station.documents.demo_sheet import demo_sheet_pdf
from station.oms.client import OmsClient
from station.store import open_store
from ui.app.startup import attach_errors, present_errors
from ui.app.station import Station, application, build_station, initial_sync, run_station
from ui.feedback import FeedbackKind, SoundPlayer

translate = QCoreApplication.translate  # lupdate reads translate("app", "…")
DEMO_LOCATION = 1
DEMO_PACKAGES = 300


def run_demo(
    offline_after: float | None = None, *, packages: int = DEMO_PACKAGES, packer: str = "demo"
) -> int:
    """The packing screen against the in-process simulator on a temporary database.
    `offline_after` seconds: the simulator stops, to show packing on offline."""
    from station.simulator import Simulator, SimulatorConfig

    app = application()
    with contextlib.ExitStack() as stack:
        presenter, uninstall = present_errors()
        stack.callback(uninstall)
        sim = Simulator(SimulatorConfig(packages=packages, seed=1, locations=1)).start()
        stack.callback(sim.stop)
        os.environ.setdefault("PACKING_STATION_INVOICE_SOURCE", "oms")  # sim makes invoices
        folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="packing-demo-"))
        db_path = Path(folder) / "station.db"

        def make_client() -> OmsClient:
            return OmsClient(sim.url, username="demo", password="demo")

        initial_sync(db_path, make_client, DEMO_LOCATION)
        sheet = write_demo_sheet(db_path, Path(folder) / "demo-barcodes.pdf")
        print(f"Demo barcode sheet (print it to scan): {sheet}", flush=True)
        station = build_station(
            app,
            db_path,
            packer=packer,
            make_client=make_client,
            stock_location_id=DEMO_LOCATION,
            sound=SoundPlayer(),
            # The demo's pictures live and die with its temporary folder: they never
            # mix with a real OMS's products, nor pile up one folder per demo port.
            image_dir=Path(folder) / "images",
        )
        station.window.setWindowTitle(
            translate("app", "Packing Station — DEMO ({url})").format(url=sim.url))
        attach_errors(presenter, station)
        if offline_after is not None:
            QTimer.singleShot(int(offline_after * 1000), lambda: _go_offline(station, sim))
        return run_station(app, station)
    return 0  # pragma: no cover  (ExitStack does not swallow exceptions)


def write_demo_sheet(db_path: Path, pdf_path: Path) -> Path:
    """The printable barcodes of the demo packages and the command cards."""
    with open_store(db_path) as store:
        demo_sheet_pdf(store, pdf_path, stock_location_id=DEMO_LOCATION)
    return pdf_path


def _go_offline(station: Station, sim: object) -> None:
    sim.stop()  # type: ignore[attr-defined]
    if station.sync is not None:
        station.sync.sync_now()  # the status bar shows "Offline" at once
    station.window.banner.show_feedback(
        FeedbackKind.INFO,
        translate("app", "Demo: the OMS is now unreachable. Keep packing: commands queue."),
    )
