"""Starting the packing window from the command line and the saved settings.

Owns `main(argv)` (the GUI against a real OMS, or offline on the local cache without
`--base-url`), `build_parser`, `open_station` (what the command line and the settings
file decide: first-run set-up, sign-in, the saved packer, font, queue panel) and the
one error presenter of the window (`present_errors`, `attach_errors`).
"""

from __future__ import annotations

import argparse
import functools
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
)

from station.cli.window import add_window_arguments
from station.config import TOKEN_ENV
from station.documents.hooks import packing_hooks
from station.logfile import log_file_path
from station.oms.client import OmsClient
from station.oms.profile import ApiProfile
from station.packing.lock import StationBusy
from station.packing.session import PackingConfig
from station.packing.settings import packing_config
from station.store import default_db_path
from ui.app.station import (
    Station,
    application,
    build_station,
    print_settings,
    run_station,
    saved_settings_file,
)
from ui.credentials import CredentialsUnavailable, TokenStore
from ui.errors import (
    ErrorPresenter,
    add_help_menu,
    ensure_log_file,
    guarded,
    install_excepthook,
)
from ui.feedback import FeedbackKind, SoundPlayer
from ui.i18n import QT_TRANSLATE_NOOP, current_language, install_translator
from ui.settings import SettingsError, StationSettings, load_settings, save_changes
from ui.setup import SetupDialog, attach_settings
from ui.setup.apply import SettingsLink

log = logging.getLogger(__name__)
translate = QCoreApplication.translate  # lupdate reads translate("app", "…")
NOT_SET_UP = QT_TRANSLATE_NOOP("app", "The station is not set up for OMS yet: it packs from "
                                       "this computer's cache. Start it again to set it up.")


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
    presenter, uninstall = present_errors()
    try:
        try:
            station = open_station(app, argv)
        except StationBusy as exc:  # another program packs on this database: say which
            QMessageBox.critical(None, translate("app", "Packing Station"),
                                 translate("app", "Cannot start: {reason}.").format(reason=exc))
            return 1
        attach_errors(presenter, station)
        options = build_parser().parse_args(argv)
        if options.kiosk:
            station.window.set_full_screen(True)
        if options.exit_when_ready:
            # Smoke tests and start-up timing: quit once the first frame is painted.
            QTimer.singleShot(0, lambda: print("ready", flush=True) or app.quit())
        return run_station(app, station)
    finally:
        uninstall()


def present_errors() -> tuple[ErrorPresenter, Callable[[], None]]:
    """Uncaught exceptions go to one error dialog and the log file, from now on."""
    presenter = ErrorPresenter(log_path=ensure_log_file())
    return presenter, install_excepthook(presenter)


def attach_errors(presenter: ErrorPresenter, station: Station) -> None:
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
    saved = plan.settings or saved_settings_file()
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
    hooks = packing_hooks(print_settings())  # print jobs with completions, CMD:REPRINT
    if settings is None:  # --offline or --base-url: the supervisors still come from the file
        return PackingConfig(supervisors=_saved_supervisors(), language=current_language(),
                             **hooks)
    # The same rules as `pack`; OMS's labels in the window's language.
    return packing_config(settings.to_json(), language=current_language(), **hooks)


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
