"""Changed settings reach the running station: what can change live, and what waits.

Owns `apply_settings(station, old, new)` (pushes new settings into the running
`Station`: scanner timing into its `ScannerCapture`, prefix/suffix, supervisors and
auto-start into the packing session's config, volume and on/off into its
`SoundPlayer`, the font size into the QApplication and the window, the print
settings into the print worker and the completion hooks, the stock location's name
into the window title) and returns what waits for the next start
(`ui.settings.restart_needed`: the OMS connection, the stock location, the
language, barcode attribute keys (the store reopens with them), API profile
overrides). `sign_out` forgets the token in the keyring and in the running
clients. `attach_settings` connects the window's "Settings…" and "Sign out"
menu entries to the dialog and to `sign_out`.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget

from station.documents.hooks import packing_hooks
from station.documents.settings import PrintSettings
from station.documents.worker import PrintWorker
from station.errors import UsageError
from station.packing.catalogue import CATALOGUE
from station.scanning.interpret import ScannerConfig
from ui.credentials import CredentialsUnavailable, TokenStore
from ui.errors import guarded
from ui.feedback import FeedbackKind
from ui.packing import MainWindow
from ui.scanner import ScannerCapture
from ui.scanner.capture import ScannerSettings
from ui.settings import StationSettings, restart_needed
from ui.setup.settings_dialog import SettingsDialog
from ui.setup.sign_in import SharedToken, SignInFlow

log = logging.getLogger(__name__)
translate = QCoreApplication.translate  # lupdate reads translate("setup", "…")


class Station(Protocol):
    """What of `ui.app.Station` settings reach (ui.app imports this module)."""

    window: MainWindow
    capture: ScannerCapture
    printing: PrintWorker | None
    clients: SharedToken | None
    sign_in: SignInFlow | None


def apply_settings(station: Station, old: StationSettings | None,
                   new: StationSettings) -> list[str]:
    """Push `new` into the running station; returns what waits for a restart."""
    station.capture.settings = scanner_settings(new)
    _apply_packing(station, new)
    sound = station.window.sound
    if sound is not None:
        sound.volume, sound.enabled = new.sound_volume, new.sound_enabled
    apply_font(station.window, new.font_size)
    show_place(station, new.stock_location_name)
    later = restart_needed(old, new)
    if later:
        log.info("settings saved; at the next start: %s", ", ".join(later))
    return later


def scanner_settings(settings: StationSettings) -> ScannerSettings:
    return ScannerSettings(max_key_gap_ms=settings.scanner_max_key_gap_ms,
                           min_length=settings.scanner_min_length,
                           idle_timeout_ms=settings.scanner_idle_timeout_ms)


def print_settings(settings: StationSettings) -> PrintSettings:
    """The settings' printing entry; printing off (defaults) when it is unusable."""
    try:
        return PrintSettings.from_json(settings.printing)
    except UsageError as exc:  # checked when loaded; a bad one must not stop packing
        log.warning("printing is off: %s", exc)
        return PrintSettings()


def _apply_packing(station: Station, new: StationSettings) -> None:
    session = station.window.session
    printing = print_settings(new)
    catalogue = CATALOGUE.with_overrides(new.command_rules)
    session.config = dataclasses.replace(
        session.config, auto_start_preparing=new.auto_start_preparing,
        scanner=ScannerConfig(prefix=new.scanner_prefix, suffix=new.scanner_suffix),
        supervisors=dict(new.supervisors), catalogue=catalogue,
        invoice_pattern=new.invoice_pattern or None, **packing_hooks(printing))
    station.window.panel.set_catalogue(catalogue)
    if station.printing is not None:
        station.printing.settings = printing  # the worker reads it per job


def apply_font(window: QWidget, points: int) -> None:
    """The application's and the window's base font size, at once."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        font = app.font()
        font.setPointSize(points)
        app.setFont(font)
    font = window.font()
    font.setPointSize(points)
    window.setFont(font)


def show_place(station: Station, name: str) -> None:
    """The store / stock location's name in the window title."""
    window = station.window
    window.place = name
    window.setWindowTitle(window.title())


def sign_out(station: Station, settings: StationSettings, tokens: TokenStore) -> str:
    """Forget the OMS token: in the keyring and in the running clients (the next
    request is refused, so nothing more is sent until a sign-in). Returns the
    sentence to show."""
    try:
        tokens.delete(settings.base_url, settings.username)
    except CredentialsUnavailable as exc:
        log.warning("%s", exc)
    if station.clients is not None:
        station.clients.use_token("")
    sentence = translate("setup", "Signed out of OMS ({username}). Packing goes on; commands "
                                  "wait in the outbox until someone signs in.").format(
        username=settings.username)
    station.window.signed_out("signed out from the menu", sentence=sentence)
    return sentence


# --- the menu entries ---------------------------------------------------------------


@dataclasses.dataclass
class SettingsLink:
    """What the menu entries need: the settings in use, where they are kept, the keyring."""

    station: Station
    settings: StationSettings
    tokens: TokenStore
    path: Path | None = None
    dialog: SettingsDialog | None = None


def attach_settings(station: Station, settings: StationSettings, *,
                    tokens: TokenStore | None = None,
                    settings_path: Path | None = None) -> SettingsLink:
    """Connect Station ▸ Settings… and Sign out; apply what shows at once (font,
    scanner timing, the title) from `settings`."""
    link = SettingsLink(station, settings, tokens or TokenStore(), settings_path)
    station.window.settings_requested.connect(functools.partial(open_settings, link))
    station.window.sign_out_requested.connect(functools.partial(_sign_out, link))
    station.window.sign_out_action.setEnabled(bool(settings.base_url))
    station.capture.settings = scanner_settings(settings)
    apply_font(station.window, settings.font_size)
    show_place(station, settings.stock_location_name)
    return link


@guarded
def open_settings(link: SettingsLink) -> SettingsDialog:
    """Station ▸ Settings…: the dialog (window-modal); its OK saves, then this applies."""
    if link.dialog is not None:  # one at a time: raise the open one
        link.dialog.raise_()
        link.dialog.activateWindow()
        return link.dialog
    window = link.station.window
    dialog = SettingsDialog(link.settings, tokens=link.tokens, settings_path=link.path,
                            sign_in=link.station.sign_in,
                            scanner_test=window.open_scanner_test, parent=window)
    dialog.sign_out_requested.connect(functools.partial(_sign_out, link))
    dialog.accepted.connect(functools.partial(_accepted, link, dialog))
    dialog.finished.connect(functools.partial(_closed, link, dialog))
    link.dialog = dialog
    dialog.open()
    return dialog


@guarded
def _accepted(link: SettingsLink, dialog: SettingsDialog) -> None:
    new = dialog.saved  # written by the dialog's OK
    if new is None:
        return
    later = apply_settings(link.station, link.settings, new)
    link.settings = new
    if later:
        link.station.window.banner.show_feedback(
            FeedbackKind.INFO,
            translate("setup", "Settings saved. Restart the station to use the new {changes}.")
            .format(changes=", ".join(later)))


def _closed(link: SettingsLink, dialog: SettingsDialog, *_: object) -> None:
    link.dialog = None
    dialog.deleteLater()


@guarded
def _sign_out(link: SettingsLink, *_: object) -> None:
    sentence = sign_out(link.station, link.settings, link.tokens)
    link.station.window.banner.show_feedback(FeedbackKind.INFO, sentence)
