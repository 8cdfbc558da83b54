"""One packer's station: the window, its store and workers (`Station`), built and wired.

Owns `application()` (the QApplication with the bench font and the packer's language),
`build_station` (everything for one packer on one database file, not started: the
window, the store, scanner capture, sync, delivery, printing, today's screens, the
refusal alarm), `run_station` (show it and run the event loop), `initial_sync` and
`print_settings`.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
)

from station.documents.settings import PrintSettings, load_print_settings
from station.documents.worker import PrintWorker
from station.errors import StationError, UsageError
from station.oms.client import OmsClient
from station.packing.lock import StationLock
from station.packing.session import PackingConfig, PackingSession
from station.packing.takeover import who_is_packing
from station.store import open_store
from station.store.db import Store
from station.sync import ImageCache, Syncer, default_image_dir
from ui.background import DEFAULT_SYNC_INTERVAL, DeliveryService, SyncWorker, WalCheckpointer
from ui.credentials import TokenStore
from ui.errors import (
    guarded,
)
from ui.feedback import FeedbackKind, SoundPlayer
from ui.i18n import current_language, emoji_fallback, install_translator
from ui.outbox.refusal_alert import attach_refusal_alert
from ui.packing import BASE_FONT_PT, MainWindow
from ui.printing import PrintingUi, attach_printing, print_content
from ui.scanner import ScannerCapture
from ui.settings import SettingsError, StationSettings, load_settings
from ui.setup import SharedToken, SignInFlow
from ui.today import attach_today, follow_history

log = logging.getLogger(__name__)


@dataclass
class Station:
    """One running packing screen and what it needs; `stop()` ends all of it.

    Nothing here waits for a worker on the UI thread while the event loop runs:
    going offline only asks the workers to stop (each reports `stopped` later), and
    going online before they have cancels that (never a second sync thread). Only
    `stop()`, at the end of the program, waits for them (bounded)."""

    window: MainWindow
    store: Store
    capture: ScannerCapture
    sync: SyncWorker | None = None
    delivery: DeliveryService | None = None
    checkpointer: WalCheckpointer | None = None
    sign_in: SignInFlow | None = None  # offered when OMS refuses the token
    lock: StationLock | None = None  # no other program packs on this database meanwhile
    printing: PrintWorker | None = None  # local: prints offline too
    printing_ui: PrintingUi | None = None  # status bar's printer line, Print jobs screen
    clients: SharedToken | None = None  # the OMS clients: a sign-in or sign-out reaches all

    def start(self) -> None:
        if self.checkpointer is not None:
            self.checkpointer.start()
        if self.printing is not None:
            self.printing.start()
        if self.window.offline_by_choice:
            return  # "Go online" starts them
        if self.sync is not None:
            self.sync.start()
        if self.delivery is not None:
            self.delivery.start()

    def set_offline(self, offline: bool) -> None:
        """Offline by choice: no syncs and nothing sent; returns at once (a request in
        flight ends in its worker, which then reports `stopped`); commands queue in
        the outbox. Online again: both workers go on, and a restarted sync runs at once."""
        if not offline:
            self.start()
            return
        if self.sync is not None:
            self.sync.stop()
        if self.delivery is not None:
            self.delivery.request_stop()

    def stop(self) -> None:
        """End of the program (the event loop has ended): stop and wait for the
        workers, bounded, then close the window and the store."""
        if self.sync is not None:
            self.sync.shut_down()
        if self.delivery is not None:
            self.delivery.shut_down()
        if self.checkpointer is not None:
            self.checkpointer.shut_down()
        if self.printing is not None:
            self.printing.stop()
        self.capture.uninstall()
        # Results the workers queued before they stopped may still be delivered:
        # the window ignores them from here on, so nothing touches the closed store.
        self.window.shut_down()
        self.window.close()
        self.store.close()
        if self.lock is not None:
            self.lock.release()


def application(argv: Sequence[str] = ()) -> QApplication:
    """The QApplication (the existing one, if any) with the large base font (emoji
    fallback included) and the settings' language (Turkish or English)."""
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "", *argv])
    assert isinstance(app, QApplication)
    font: QFont = app.font()
    font.setPointSize(max(BASE_FONT_PT, font.pointSize()))
    app.setFont(emoji_fallback(font))
    saved = saved_settings_file()
    install_translator(app, saved.language if saved is not None else "")
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
    username: str | None = None,
    tokens: TokenStore | None = None,
    image_dir: Path | None = None,
    barcode_attributes: Sequence[str] | None = None,
) -> Station:
    """The window and its workers (not started). Without `make_client` the station
    is offline: it packs from the cache and queues commands. `username` (the OMS
    user) and `tokens` (the keyring) serve signing in again when OMS refuses the token.
    `image_dir`: where product images go (default: a folder per OMS installation).
    `barcode_attributes`: the settings' keys, remembered by the database for every
    connection (None: keep the remembered ones)."""
    lock = StationLock(db_path, program="packing-station GUI", packer=packer).acquire()
    # No WAL checkpoint ever runs on the UI thread's connection: WalCheckpointer does it.
    store = open_store(db_path, auto_checkpoint=False, barcode_attributes=barcode_attributes)
    session = PackingSession(store, packer=packer,
                             config=config or PackingConfig(language=current_language()))
    capture = ScannerCapture()
    capture.install(app)
    window = MainWindow(session, capture, sound=sound, stock_location_id=stock_location_id)
    station = Station(window, store, capture, checkpointer=WalCheckpointer(db_path), lock=lock)
    station.printing = _print_worker(db_path, window)
    station.printing_ui = attach_printing(window, station.printing, db_path, packer=packer)
    attach_today(window, store, print_settings=station.printing.settings,
                 wake_printer=station.printing.wake, stock_location_id=stock_location_id)
    if make_client is None:
        window.set_no_oms()
        window.offline_action.setEnabled(False)  # always offline: nothing to toggle
        window.sync_action.setEnabled(False)
        return station
    window.offline_chosen.connect(station.set_offline)
    clients = SharedToken(make_client)  # a new sign-in reaches sync's and delivery's client
    station.clients = clients
    client = clients.make()
    if station.printing is not None:  # a due invoice job may ask OMS for its invoice
        station.printing.client = clients.make()
    window.who_is_packing = functools.partial(_who_is_packing, clients)
    image_dir = image_dir or default_image_dir(client.base_url)  # this OMS's own folder
    if stock_location_id is not None:
        station.sync = _sync_worker(db_path, clients, stock_location_id, sync_interval,
                                    image_dir, window)
    else:
        window.sync_action.setEnabled(False)  # no stock location: nothing to sync
    window.panel.thumbnails.images = ImageCache(image_dir)
    station.delivery = DeliveryService(db_path, client, parent=window)
    station.delivery.changed.connect(lambda *_: _after_delivery(window))
    follow_history(window, station.delivery)
    window.command_queued.connect(station.delivery.wake)
    _watch_connection(station, clients, client, username, tokens)
    attach_refusal_alert(window, station.delivery, sound)  # a refused completion: alarm
    return station


def _who_is_packing(clients: SharedToken, package_id: int, state_id: int) -> str | None:
    """Who OMS says moved the package into its state (a worker thread; None offline)."""
    try:
        with clients.make() as client:
            return who_is_packing(client.transition_logs(package_id), state_id)
    except StationError as exc:  # offline or refused: the banner keeps its generic words
        log.info("who is packing %s: %s", package_id, exc)
        return None


def _sync_worker(db_path: str | Path, clients: SharedToken, location: int, interval: float,
                 image_dir: Path, window: MainWindow) -> SyncWorker:
    worker = SyncWorker(db_path, clients.make, stock_location_id=location, interval=interval,
                        image_dir=image_dir, parent=window)
    worker.synced.connect(window.on_synced)
    worker.images_cached.connect(window.on_images_cached)
    worker.failed.connect(window.on_sync_failed)
    window.sync_requested.connect(worker.sync_now)
    return worker


def _watch_connection(station: Station, clients: SharedToken, client: OmsClient,
                      username: str | None, tokens: TokenStore | None) -> None:
    """The status bar follows delivery too; a refused token offers the sign-in
    dialog, whose new token reaches sync and delivery, which go on by themselves."""
    window, delivery = station.window, station.delivery
    assert delivery is not None
    insecure = bool(getattr(client, "is_insecure", False))
    window.show_insecure(client.base_url, insecure)
    delivery.changed.connect(functools.partial(_delivery_health, window, delivery))
    delivery.failing.connect(window.on_delivery_problem)
    station.sign_in = SignInFlow(client.base_url, username or "", tokens=tokens,
                                 allow_insecure_http=insecure, parent=window)
    window.sign_in_requested.connect(station.sign_in.offer)
    station.sign_in.signed_in.connect(functools.partial(_signed_in, station, clients))


@guarded
def _delivery_health(window: MainWindow, delivery: DeliveryService, event: str,
                     entry_id: str) -> None:
    status = delivery.worker.status
    window.on_delivery_event(event, entry_id, auth_problem=status.auth_problem,
                             network_down=status.network_paused_until is not None)


@guarded
def _signed_in(station: Station, clients: SharedToken, token: str, note: str) -> None:
    clients.use_token(token)
    station.window.signed_in()
    if note:  # no keyring: the packer should know the next start asks again
        station.window.banner.show_feedback(FeedbackKind.INFO, note)
    if station.delivery is not None:
        station.delivery.worker.resume()
    if station.sync is not None:
        station.sync.sync_now()


@guarded
def _after_delivery(window: MainWindow) -> None:
    if window.stopped:
        return
    window.refresh_status()
    window.queue_model.update_loaded()  # only rows on screen, only those that changed


def run_station(app: QApplication, station: Station) -> int:
    station.window.fit_to_screen()  # the screen it is on, maximized when roomy
    station.window.show()
    station.window.scan_field.setFocus()
    station.start()
    try:
        return app.exec()
    finally:
        station.stop()


def print_settings() -> PrintSettings:
    try:
        return load_print_settings()
    except UsageError as exc:  # a bad "printing" entry must not keep the station from packing
        log.warning("printing is off: %s", exc)
        return PrintSettings()


def _print_worker(db_path: str | Path, window: MainWindow) -> PrintWorker:
    """The print queue's worker thread (own connection), woken after every scan."""
    worker = PrintWorker(lambda: open_store(db_path), print_settings(),
                         qt_sender=print_content, idle_poll=1.0,
                         language=current_language())  # printing.language wins if set
    window.scan_handled.connect(lambda _outcome: worker.wake())
    return worker


def initial_sync(db_path: Path, make_client: Callable[[], OmsClient], location: int) -> None:
    """A full sync before the window opens, so the queue is never empty at start."""
    with make_client() as client, open_store(db_path) as store:
        Syncer(client, store, stock_location_id=location).sync(full=True)


def saved_settings_file() -> StationSettings | None:
    """The settings file's (offline or --base-url runs); None when there is none yet
    (or it is broken: said in the log, and the station packs on with defaults)."""
    try:
        return load_settings()
    except SettingsError as exc:
        log.warning("%s", exc)
        return None
