"""Wiring of the desktop app: QApplication, Store, OMS client, session, workers, window.

Owns `build_station` (everything for one packer on one database file, returned as
a `Station` to start and stop), `main(argv)` (the GUI against a real OMS, or
offline on the local cache without `--base-url`) and `run_demo()` (the GUI
against the in-process OMS simulator, on a temporary database).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import getpass
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QLineEdit

from station.documents.demo_sheet import demo_sheet_pdf
from station.oms.client import OmsClient
from station.packing.session import PackingConfig, PackingSession
from station.scanning.interpret import ScannerConfig
from station.store import default_db_path, open_store
from station.store.db import Store
from station.sync import Syncer
from ui.background import DEFAULT_SYNC_INTERVAL, DeliveryService, SyncWorker
from ui.credentials import CredentialsUnavailable, TokenStore
from ui.feedback import FeedbackKind, SoundPlayer
from ui.packing import BASE_FONT_PT, MainWindow
from ui.scanner import ScannerCapture
from ui.settings import StationSettings, load_settings
from ui.setup import SetupDialog

TOKEN_ENV = "PACKING_STATION_TOKEN"  # the same variable the CLI reads
DEMO_LOCATION = 1
DEMO_PACKAGES = 300
WINDOW_SIZE = (1280, 800)


@dataclass
class Station:
    """One running packing screen and what it needs; `stop()` ends all of it."""

    window: MainWindow
    store: Store
    capture: ScannerCapture
    sync: SyncWorker | None = None
    delivery: DeliveryService | None = None

    def start(self) -> None:
        if self.window.offline_by_choice:
            return  # "Go online" starts them
        if self.sync is not None and not self.sync.running:
            self.sync.start()
        if self.delivery is not None and not self.delivery.worker.running:
            self.delivery.start()

    def set_offline(self, offline: bool) -> None:
        """Offline by choice: no syncs and nothing sent (a request in flight ends first,
        so this may wait for it); commands queue in the outbox. Online again: both
        workers start over, and a restarted sync runs at once."""
        if not offline:
            self.start()
            return
        if self.sync is not None:
            self.sync.stop()
        if self.delivery is not None:
            self.delivery.worker.stop()  # not DeliveryService.stop: that closes the client

    def stop(self) -> None:
        if self.sync is not None:
            self.sync.stop()
        if self.delivery is not None:
            self.delivery.stop()
        self.capture.uninstall()
        # Results the workers queued before they stopped may still be delivered:
        # the window ignores them from here on, so nothing touches the closed store.
        self.window.shut_down()
        self.window.close()
        self.store.close()


def application(argv: Sequence[str] = ()) -> QApplication:
    """The QApplication (the existing one, if any) with the large base font."""
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "", *argv])
    assert isinstance(app, QApplication)
    font: QFont = app.font()
    font.setPointSize(max(BASE_FONT_PT, font.pointSize()))
    app.setFont(font)
    return app


def build_station(
    app: QApplication,
    db_path: str | Path,
    *,
    packer: str,
    make_client: Callable[[], OmsClient] | None = None,
    stock_location_id: int | None = None,
    sync_interval: float = DEFAULT_SYNC_INTERVAL,
    sound: SoundPlayer | None = None,
    config: PackingConfig | None = None,
) -> Station:
    """The window and its workers (not started). Without `make_client` the station
    is offline: it packs from the cache and queues commands."""
    store = open_store(db_path)
    session = PackingSession(store, packer=packer, config=config or PackingConfig())
    capture = ScannerCapture()
    capture.install(app)
    window = MainWindow(session, capture, sound=sound, stock_location_id=stock_location_id)
    station = Station(window, store, capture)
    if make_client is None:
        window.set_online(False, "no OMS configured")
        window.offline_action.setEnabled(False)  # always offline: nothing to toggle
        window.sync_action.setEnabled(False)
        return station
    window.offlineChosen.connect(station.set_offline)
    if stock_location_id is not None:
        station.sync = SyncWorker(
            db_path,
            make_client,
            stock_location_id=stock_location_id,
            interval=sync_interval,
            parent=window,
        )
        station.sync.synced.connect(window.on_synced)
        station.sync.images_cached.connect(window.on_images_cached)
        station.sync.failed.connect(window.on_sync_failed)
        window.syncRequested.connect(station.sync.sync_now)
    else:
        window.sync_action.setEnabled(False)  # no stock location: nothing to sync
    station.delivery = DeliveryService(db_path, make_client(), parent=window)
    station.delivery.changed.connect(lambda *_: _after_delivery(window))
    window.commandQueued.connect(station.delivery.wake)
    return station


def _after_delivery(window: MainWindow) -> None:
    if window.stopped:
        return
    window.refresh_status()
    window.queue_model.refresh()


def _run(app: QApplication, station: Station) -> int:
    station.window.resize(*WINDOW_SIZE)
    station.window.show()
    station.window.scan_field.setFocus()
    station.start()
    try:
        return app.exec()
    finally:
        station.stop()


# --- the GUI against a real OMS -----------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="packing-station", description="The packing screen.")
    parser.add_argument("--db", help="database file (default: the user data directory)")
    parser.add_argument("--packer", default=_default_packer(), help="who is packing")
    parser.add_argument("--base-url", help="OMS base URL; without it the station is offline")
    parser.add_argument("--username", help="OMS user (the password is asked for)")
    parser.add_argument("--stock-location", type=int, help="stock location id to sync")
    parser.add_argument(
        "--offline", action="store_true", help="pack from the local cache only; no OMS at all"
    )
    parser.add_argument(
        "--sync-interval",
        type=float,
        default=DEFAULT_SYNC_INTERVAL,
        help="seconds between syncs (default %(default)s)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    app = application()
    make_client = _connection(args)
    if make_client is None and not args.offline:
        return 1  # the packer closed the set-up dialog
    if args.base_url and args.stock_location is None:
        raise SystemExit("--base-url needs --stock-location (the id to sync)")
    station = build_station(
        app,
        args.db or default_db_path(),
        packer=args.packer,
        make_client=make_client,
        stock_location_id=args.stock_location,
        sync_interval=args.sync_interval,
        sound=_sound(getattr(args, "settings", None)),
        config=_packing_config(getattr(args, "settings", None)),
    )
    return _run(app, station)


def _packing_config(settings: StationSettings | None) -> PackingConfig:
    """The station's packing behaviour from its settings (defaults without any)."""
    if settings is None:
        return PackingConfig()
    scanner = ScannerConfig(prefix=settings.scanner_prefix, suffix=settings.scanner_suffix)
    return PackingConfig(auto_start_preparing=settings.auto_start_preparing, scanner=scanner)


def _sound(settings: StationSettings | None) -> SoundPlayer:
    if settings is None:
        return SoundPlayer()
    return SoundPlayer(volume=settings.sound_volume, enabled=settings.sound_enabled)


def _connection(args: argparse.Namespace) -> Callable[[], OmsClient] | None:
    """How this run reaches OMS: `--offline` none; `--base-url` as given; otherwise
    the saved station settings with the keyring's token, asking through the set-up
    dialog on the first run or when there is no usable token."""
    if args.offline:
        return None
    if args.base_url:
        return _client_factory(args)
    settings = load_settings()
    token = _saved_token(settings) if settings is not None else None
    if settings is None or token is None:
        dialog = SetupDialog(packer=args.packer, defaults=settings)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.settings is None:
            return None
        settings, token = dialog.settings, dialog.token()
    args.base_url, args.stock_location = settings.base_url, settings.stock_location_id
    args.packer = settings.packer or args.packer
    args.settings = settings
    return functools.partial(
        OmsClient, settings.base_url, token=token, username=settings.username
    )


def _saved_token(settings: StationSettings) -> str | None:
    try:
        return TokenStore().load(settings.base_url, settings.username)
    except CredentialsUnavailable:
        return None  # no keyring here: the set-up dialog asks for the password


def _client_factory(args: argparse.Namespace) -> Callable[[], OmsClient]:
    token = os.environ.get(TOKEN_ENV) or None
    password = None
    if args.username:
        password, ok = QInputDialog.getText(
            None,
            "Packing Station",
            f"OMS password for {args.username}:",
            QLineEdit.EchoMode.Password,
        )
        if not ok or not password:
            raise SystemExit("no password given")
    elif not token:
        raise SystemExit(f"give --username (the password is asked for) or set {TOKEN_ENV}")
    return lambda: OmsClient(args.base_url, token=token, username=args.username, password=password)


def _default_packer() -> str:
    try:
        return getpass.getuser() or "station"
    except (KeyError, OSError):  # no user name in a bare container
        return "station"


# --- the demo -----------------------------------------------------------------------


def run_demo(
    offline_after: float | None = None, *, packages: int = DEMO_PACKAGES, packer: str = "demo"
) -> int:
    """The packing screen against the in-process simulator on a temporary database.
    `offline_after` seconds: the simulator stops, to show packing on offline."""
    from station.simulator import Simulator, SimulatorConfig

    app = application()
    with contextlib.ExitStack() as stack:
        sim = Simulator(SimulatorConfig(packages=packages, seed=1, locations=1)).start()
        stack.callback(sim.stop)
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
        )
        station.window.setWindowTitle(f"Packing Station — DEMO ({sim.url})")
        if offline_after is not None:
            QTimer.singleShot(int(offline_after * 1000), lambda: _go_offline(station, sim))
        return _run(app, station)
    return 0  # pragma: no cover  (ExitStack does not swallow exceptions)


def write_demo_sheet(db_path: Path, pdf_path: Path) -> Path:
    """The printable barcodes of the demo packages and the command cards."""
    with open_store(db_path) as store:
        demo_sheet_pdf(store, pdf_path, stock_location_id=DEMO_LOCATION)
    return pdf_path


def initial_sync(db_path: Path, make_client: Callable[[], OmsClient], location: int) -> None:
    """A full sync before the window opens, so the queue is never empty at start."""
    with make_client() as client, open_store(db_path) as store:
        Syncer(client, store, stock_location_id=location).sync(full=True)


def _go_offline(station: Station, sim: object) -> None:
    sim.stop()  # type: ignore[attr-defined]
    if station.sync is not None:
        station.sync.sync_now()  # the status bar shows "Offline" at once
    station.window.banner.show_feedback(
        FeedbackKind.INFO, "Demo: the OMS is now unreachable. Keep packing: commands queue."
    )
