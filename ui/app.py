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
import logging
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
)

from station.cli.window import add_window_arguments
from station.config import TOKEN_ENV
from station.documents.demo_sheet import demo_sheet_pdf
from station.documents.hooks import packing_hooks
from station.documents.settings import PrintSettings, load_print_settings
from station.documents.worker import PrintWorker
from station.errors import StationError, UsageError
from station.logfile import log_file_path
from station.oms.client import OmsClient
from station.oms.profile import ApiProfile
from station.packing.lock import StationBusy, StationLock
from station.packing.session import PackingConfig, PackingSession
from station.packing.settings import packing_config
from station.packing.takeover import who_is_packing
from station.store import default_db_path, open_store
from station.store.db import Store
from station.sync import ImageCache, Syncer, default_image_dir
from ui.background import DEFAULT_SYNC_INTERVAL, DeliveryService, SyncWorker, WalCheckpointer
from ui.credentials import CredentialsUnavailable, TokenStore
from ui.errors import (
    ErrorPresenter,
    add_help_menu,
    ensure_log_file,
    guarded,
    install_excepthook,
)
from ui.feedback import FeedbackKind, SoundPlayer
from ui.i18n import QT_TRANSLATE_NOOP, current_language, emoji_fallback, install_translator
from ui.outbox.refusal_alert import attach_refusal_alert
from ui.packing import BASE_FONT_PT, MainWindow
from ui.printing import PrintingUi, attach_printing, print_content
from ui.scanner import ScannerCapture
from ui.settings import SettingsError, StationSettings, load_settings, save_changes
from ui.setup import SetupDialog, SharedToken, SignInFlow, attach_settings
from ui.setup.apply import SettingsLink
from ui.today import attach_today, follow_history

log = logging.getLogger(__name__)
translate = QCoreApplication.translate  # lupdate reads translate("app", "…")

NOT_SET_UP = QT_TRANSLATE_NOOP("app", "The station is not set up for OMS yet: it packs from "
                                       "this computer's cache. Start it again to set it up.")
DEMO_LOCATION = 1
DEMO_PACKAGES = 300
WINDOW_SIZE = (1280, 800)


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
    saved = _saved_settings_file()
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


def _run(app: QApplication, station: Station) -> int:
    station.window.fit_to_screen()  # the screen it is on, maximized when roomy
    station.window.show()
    station.window.scan_field.setFocus()
    station.start()
    try:
        return app.exec()
    finally:
        station.stop()


# --- the GUI against a real OMS -----------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The window's options; defined in `station.cli.window` so `packing-station --help`
    lists the same ones."""
    parser = argparse.ArgumentParser(prog="packing-station", description="The packing screen.",
                                     allow_abbrev=False)
    add_window_arguments(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """The packing screen. It always opens: without a usable token it offers to sign
    in, with OMS down it packs offline, without set-up it packs from its cache."""
    app = application()
    language = build_parser().parse_args(argv).language
    if language:  # --language: this run only, over the settings' choice
        install_translator(app, language)
    presenter, uninstall = _present_errors()
    try:
        try:
            station = open_station(app, argv)
        except StationBusy as exc:  # another program packs on this database: say which
            QMessageBox.critical(None, translate("app", "Packing Station"),
                                 translate("app", "Cannot start: {reason}.").format(reason=exc))
            return 1
        _attach_errors(presenter, station)
        options = build_parser().parse_args(argv)
        if options.kiosk:
            station.window.set_full_screen(True)
        if options.exit_when_ready:
            # Smoke tests and start-up timing: quit once the first frame is painted.
            QTimer.singleShot(0, lambda: print("ready", flush=True) or app.quit())
        return _run(app, station)
    finally:
        uninstall()


def _present_errors() -> tuple[ErrorPresenter, Callable[[], None]]:
    """Uncaught exceptions go to one error dialog and the log file, from now on."""
    presenter = ErrorPresenter(log_path=ensure_log_file())
    return presenter, install_excepthook(presenter)


def _attach_errors(presenter: ErrorPresenter, station: Station) -> None:
    """Error dialogs over the packing screen; Help ▸ About names the log file."""
    presenter.parent_widget = station.window
    presenter.db_path = station.store.path
    add_help_menu(station.window, presenter.log_path or log_file_path())


@dataclass
class _Plan:
    """How this run reaches OMS, from the options and the saved settings."""

    make_client: Callable[[], OmsClient] | None
    settings: StationSettings | None = None
    username: str | None = None
    signed_out: str = ""  # why the station starts signed out (no saved token)
    problem: str = ""  # why it starts without OMS (a sentence for the banner)


def open_station(app: QApplication, argv: Sequence[str] | None,
                 *, tokens: TokenStore | None = None) -> Station:
    """The station the options and the saved settings describe (not started)."""
    args = build_parser().parse_args(argv)
    tokens = tokens or TokenStore()
    plan = _plan(args, tokens)
    if args.base_url and args.stock_location is None:
        raise SystemExit("--base-url needs --stock-location (the id to sync)")
    # --offline and --base-url runs still pack with the saved scanner, sound, supervisors
    # and barcode keys; only a station never set up has none (None: keep the database's).
    saved = plan.settings or _saved_settings_file()
    station = build_station(
        app,
        args.db or default_db_path(),
        packer=args.packer,
        make_client=plan.make_client,
        stock_location_id=args.stock_location,
        sync_interval=args.sync_interval,
        sound=_sound(saved),
        config=_packing_config(saved),
        username=plan.username,
        tokens=tokens,
        barcode_attributes=saved.barcode_attribute_keys if saved else None,
    )
    # Station ▸ Settings… and Sign out; the saved font size, scanner timing and title.
    link = attach_settings(station, saved or _blank_settings(), tokens=tokens)
    # View ▸ Package queue as it was left; saved only where a settings file is in use (a
    # blank one written for a station never set up would skip its set-up).
    station.window.restore_queue(link.settings.queue_visible,
                                 functools.partial(_remember_queue, link) if saved else None)
    # Once the window is up (the event loop runs): say what is missing, ask nothing first.
    QTimer.singleShot(0, functools.partial(_offer_what_is_missing, station, plan))
    return station


def _remember_queue(link: SettingsLink, shown: bool) -> None:
    """Save the queue panel's state at once (a failure only costs that, and is logged)."""
    try:
        link.settings = save_changes(link.settings, link.path, queue_visible=shown)
    except OSError as exc:
        log.warning("the queue panel's state was not saved: %s", exc)


def _saved_settings_file() -> StationSettings | None:
    """The settings file's (offline or --base-url runs); None when there is none yet
    (or it is broken: said in the log, and the station packs on with defaults)."""
    try:
        return load_settings()
    except SettingsError as exc:
        log.warning("%s", exc)
        return None


def _blank_settings() -> StationSettings:
    return StationSettings(base_url="", username="", stock_location_id=0)


@guarded
def _offer_what_is_missing(station: Station, plan: _Plan) -> None:
    if station.window.stopped:
        return
    if plan.problem:
        station.window.set_no_oms(plan.problem)
        station.window.banner.show_feedback(FeedbackKind.INFO, plan.problem)
    elif plan.signed_out:
        # Offers the sign-in dialog, headed by the same sentence.
        station.window.signed_out(plan.signed_out, sentence=plan.signed_out)


def _packing_config(settings: StationSettings | None) -> PackingConfig:
    """The station's packing behaviour from its settings (defaults without any)."""
    hooks = packing_hooks(_print_settings())  # print jobs with completions, CMD:REPRINT
    if settings is None:  # --offline or --base-url: the supervisors still come from the file
        return PackingConfig(supervisors=_saved_supervisors(), language=current_language(),
                             **hooks)
    # The same rules as `pack`; OMS's labels in the window's language.
    return packing_config(settings.to_json(), language=current_language(), **hooks)


def _print_settings() -> PrintSettings:
    try:
        return load_print_settings()
    except UsageError as exc:  # a bad "printing" entry must not keep the station from packing
        log.warning("printing is off: %s", exc)
        return PrintSettings()


def _print_worker(db_path: str | Path, window: MainWindow) -> PrintWorker:
    """The print queue's worker thread (own connection), woken after every scan."""
    worker = PrintWorker(lambda: open_store(db_path), _print_settings(),
                         qt_sender=print_content, idle_poll=1.0,
                         language=current_language())  # printing.language wins if set
    window.scan_handled.connect(lambda _outcome: worker.wake())
    return worker


def _saved_supervisors() -> dict[str, str]:
    try:
        saved = load_settings()
    except SettingsError:
        return {}
    return saved.supervisors if saved is not None else {}


def _sound(settings: StationSettings | None) -> SoundPlayer:
    if settings is None:
        return SoundPlayer()
    return SoundPlayer(volume=settings.sound_volume, enabled=settings.sound_enabled)


def _plan(args: argparse.Namespace, tokens: TokenStore) -> _Plan:
    """`--offline`: no OMS; `--base-url`: as given; otherwise the saved settings with
    the keyring's token. The set-up dialog is offered on the first run only, and
    cancelling it opens the station on its cache; a missing token means signing in
    from the running station, never a forced dialog."""
    if args.offline:
        return _Plan(None)
    if args.base_url:
        problem = _address_problem(args.base_url, args.allow_insecure_http)
        if problem:
            return _Plan(None, problem=problem)
        return _Plan(_client_factory(args), username=args.username)
    settings, token = _saved_settings(tokens)
    if settings is None:
        dialog = SetupDialog(packer=args.packer, tokens=tokens)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.settings is None:
            return _Plan(None, problem=translate("app", NOT_SET_UP))
        settings, token = dialog.settings, dialog.token()
    args.base_url, args.stock_location = settings.base_url, settings.stock_location_id
    args.packer = settings.packer or args.packer
    problem = _address_problem(settings.base_url, settings.allow_insecure_http)
    if problem:
        return _Plan(None, settings, problem=problem)
    signed_out = "" if token else translate(
        "app", "No saved sign-in for {username}: the system keyring has no OMS token here. "
               "Sign in to send commands and sync; packing goes on meanwhile.").format(
        username=settings.username)
    make_client = functools.partial(
        OmsClient, settings.base_url, token=token, username=settings.username,
        allow_insecure_http=settings.allow_insecure_http,
        profile=ApiProfile.from_mapping(settings.api_profile))
    return _Plan(make_client, settings, settings.username, signed_out=signed_out)


def _saved_settings(tokens: TokenStore) -> tuple[StationSettings | None, str | None]:
    """The settings file and the keyring's token (None where there is none)."""
    try:
        settings = load_settings()
    except SettingsError as exc:  # a broken file is set up again, not a crash
        log.warning("%s; offering set-up", exc)
        return None, None
    if settings is None:
        return None, None
    try:
        return settings, tokens.load(settings.base_url, settings.username)
    except CredentialsUnavailable as exc:
        log.warning("%s", exc)
        return settings, None  # no keyring here: the packer signs in from the station


def _address_problem(base_url: str, allow_insecure_http: bool) -> str:
    """Why the OMS address cannot be used (plain http not allowed), or ""."""
    try:
        OmsClient(base_url, allow_insecure_http=allow_insecure_http).close()
    except ValueError as exc:  # InsecureConnectionError is one
        return translate("app", "Not connecting to OMS: {reason}. Packing goes on from this "
                                "computer's cache.").format(reason=exc)
    return ""


def _client_factory(args: argparse.Namespace) -> Callable[[], OmsClient]:
    token = os.environ.get(TOKEN_ENV) or None
    password = None
    if args.username:
        password, ok = QInputDialog.getText(
            None,
            translate("app", "Packing Station"),
            translate("app", "OMS password for {username}:").format(username=args.username),
            QLineEdit.EchoMode.Password,
        )
        if not ok or not password:
            raise SystemExit("no password given")
    elif not token:
        raise SystemExit(f"give --username (the password is asked for) or set {TOKEN_ENV}")
    return lambda: OmsClient(args.base_url, token=token, username=args.username, password=password,
                             allow_insecure_http=args.allow_insecure_http)


def run_demo(
    offline_after: float | None = None, *, packages: int = DEMO_PACKAGES, packer: str = "demo"
) -> int:
    """The packing screen against the in-process simulator on a temporary database.
    `offline_after` seconds: the simulator stops, to show packing on offline."""
    from station.simulator import Simulator, SimulatorConfig

    app = application()
    with contextlib.ExitStack() as stack:
        presenter, uninstall = _present_errors()
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
        _attach_errors(presenter, station)
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
        FeedbackKind.INFO,
        translate("app", "Demo: the OMS is now unreachable. Keep packing: commands queue."),
    )
