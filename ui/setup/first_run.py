"""First-run set-up: log in to OMS, pick the stock location, set up the scanner.

Owns `SetupDialog`. "Connect" logs in with the URL, username and password and
fetches the stock locations off the UI thread through `ui.background.Runner` (a
slow or unreachable OMS never freezes the window; the result comes back on the UI
thread). "Save" writes the settings file (`ui.settings`, no secrets) and puts
the token in the OS keyring (`ui.credentials`). The password is only ever held
by the widgets and the short-lived client; it is never saved.

Every failure is an inline message under the form: a bad URL, rejected
credentials, an unreachable OMS, a keyring without a backend.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import httpx
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from station.errors import CredentialsRejected, NetworkError, StationError
from station.oms.client import OmsClient
from station.oms.models import StockLocation
from station.oms.transport import RetryPolicy, Timeouts
from ui.background import Runner
from ui.credentials import CredentialsUnavailable, TokenStore
from ui.i18n import QT_TRANSLATE_NOOP, render
from ui.settings import StationSettings, save_settings

# One try, short waits: the packer is looking at the dialog, not at a sync.
CONNECT_TIMEOUTS = Timeouts(connect=5.0, read=15.0, write=15.0, pool=5.0)
CONNECT_RETRY = RetryPolicy(attempts=1, total_timeout=30.0)
# (label, suffix): the labels are shown through translate("setup", label).
SUFFIXES = ((QT_TRANSLATE_NOOP("setup", "Enter"), "\r"), (QT_TRANSLATE_NOOP("setup", "Tab"), "\t"),
            (QT_TRANSLATE_NOOP("setup", "Enter + line feed"), "\r\n"),
            (QT_TRANSLATE_NOOP("setup", "None"), ""))
translate = QCoreApplication.translate  # lupdate reads translate("setup", "…")
ERROR_STYLE = "color: #b00020; font-weight: bold;"
OK_STYLE = "color: #1b5e20;"


@dataclasses.dataclass(frozen=True)
class Connection:
    """What a successful Connect brought back."""

    base_url: str
    username: str
    token: str
    locations: list[StockLocation]


def connect(base_url: str, username: str, password: str) -> Connection:
    """Log in and list the stock locations; raises StationError on failure."""
    with OmsClient(
        base_url,
        username=username,
        password=password,
        timeouts=CONNECT_TIMEOUTS,
        retry=CONNECT_RETRY,
    ) as client:
        client.login()
        locations = client.stock_locations()
        token = client.token
    assert token is not None  # login() succeeded, so there is one
    return Connection(base_url, username, token, locations)


def _connect_or_explain(base_url: str, username: str, password: str) -> Connection | str:
    """In the runner's thread: the connection, or the one sentence saying why not."""
    try:
        return connect(base_url, username, password)
    except Exception as exc:  # every failure becomes a message in the dialog
        return error_message(exc, base_url, username)


def url_problem(text: str) -> str | None:
    """Why `text` is not an OMS base URL, or None when it is one."""
    try:
        url = httpx.URL(text)
    except (httpx.InvalidURL, ValueError):
        url = None
    if url is None or url.scheme not in ("http", "https") or not url.host:
        return translate("setup", "Enter the OMS address as https://host[:port] (for example "
                                  "https://oms.example.com)")
    return None


def error_message(exc: BaseException, base_url: str, username: str) -> str:
    if isinstance(exc, CredentialsRejected):
        return translate("setup", "OMS credentials rejected for user {username}: check the "
                                  "username and password.").format(username=repr(username))
    if isinstance(exc, NetworkError):
        return translate("setup", "Could not reach the OMS at {url}: check the address and the "
                                  "network. ({reason})").format(url=base_url, reason=_said(exc))
    if isinstance(exc, StationError):
        return translate("setup", "The OMS at {url} answered unexpectedly: {reason}").format(
            url=base_url, reason=_said(exc))
    return translate("setup", "Connecting failed: {kind}: {reason}").format(
        kind=type(exc).__name__, reason=exc)


def _said(exc: BaseException) -> str:
    """The exception's sentence, translated when the core made it with msg()."""
    return render(exc.args[0]) if len(exc.args) == 1 else str(exc)


class SetupDialog(QDialog):
    """The station set-up form. After `accept()`, `settings` and `token()` hold the result.

    Signals:
        connect_finished(ok): after each Connect (run off the UI thread): did it work?
    """

    connect_finished = Signal(bool)

    def __init__(
        self,
        *,
        settings_path: Path | None = None,
        tokens: TokenStore | None = None,
        defaults: StationSettings | None = None,
        packer: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Packing Station — set-up"))
        self.settings: StationSettings | None = None
        self._settings_path = settings_path
        self._tokens = tokens or TokenStore()
        self._connection: Connection | None = None
        self._runner = Runner("setup-connect", parent=self)
        self._saved_without_keyring = False
        self._default_location_id = defaults.stock_location_id if defaults else None
        self._supervisors = dict(defaults.supervisors) if defaults else {}  # kept as they are
        self._build(defaults, packer)

    # --- layout -------------------------------------------------------------------

    def _build(self, defaults: StationSettings | None, packer: str) -> None:
        self.url_edit = QLineEdit(defaults.base_url if defaults else "")
        self.url_edit.setPlaceholderText(self.tr("https://oms.example.com"))
        self.user_edit = QLineEdit(defaults.username if defaults else "")
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        for edit in (self.url_edit, self.user_edit):
            # Locations and token belong to the OMS user they came from.
            edit.textEdited.connect(self._forget_connection)
        self.connect_button = QPushButton(self.tr("Connect"))
        self.connect_button.clicked.connect(self.start_connect)
        self.location_combo = QComboBox()
        self.location_combo.setEnabled(False)
        self.location_combo.setPlaceholderText(self.tr("Connect first"))
        self.location_combo.currentIndexChanged.connect(self._update_save)
        self.packer_edit = QLineEdit(defaults.packer if defaults and defaults.packer else packer)
        self._build_scanner_and_sound(defaults or _blank_defaults())
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(False)
        self._save_text = self.save_button.text()
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()

    def _build_scanner_and_sound(self, defaults: StationSettings) -> None:
        self.prefix_edit = QLineEdit(defaults.scanner_prefix)
        self.suffix_combo = QComboBox()
        for label, suffix in SUFFIXES:
            self.suffix_combo.addItem(translate("setup", label), suffix)
        self.suffix_combo.setCurrentIndex(
            max(0, self.suffix_combo.findData(defaults.scanner_suffix))
        )
        self.auto_start_check = QCheckBox(self.tr("Start preparing when a package opens"))
        self.auto_start_check.setChecked(defaults.auto_start_preparing)
        self.sound_check = QCheckBox(self.tr("Sounds on"))
        self.sound_check.setChecked(defaults.sound_enabled)
        self.volume_slider = QSlider(Qt.Orientation.Horizontal)
        self.volume_slider.setRange(0, 100)
        self.volume_slider.setValue(round(defaults.sound_volume * 100))

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("OMS address"), self.url_edit)
        form.addRow(self.tr("Username"), self.user_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        form.addRow("", self.connect_button)
        form.addRow(self.tr("Stock location"), self.location_combo)
        form.addRow(self.tr("Packer"), self.packer_edit)
        form.addRow(self.tr("Scanner prefix"), self.prefix_edit)
        form.addRow(self.tr("Scanner suffix"), self.suffix_combo)
        form.addRow("", self.auto_start_check)
        form.addRow("", self.sound_check)
        form.addRow(self.tr("Volume"), self.volume_slider)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(640)

    # --- connect ------------------------------------------------------------------

    def start_connect(self) -> None:
        """Validate the form, then log in and fetch locations in a worker thread."""
        base_url = self.url_edit.text().strip().rstrip("/")
        username = self.user_edit.text().strip()
        password = self.password_edit.text()
        problem = url_problem(base_url) or _missing_login(username, password)
        self._forget_connection()
        if problem:
            self._show(problem, error=True)
            self.connect_finished.emit(False)
            return
        self._show(self.tr("Connecting to {url}…").format(url=base_url), error=False)
        self.connect_button.setEnabled(False)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self._runner.run(lambda: _connect_or_explain(base_url, username, password),
                         done=self._on_connect_done)

    def _on_connect_done(self, result: Connection | str) -> None:
        QGuiApplication.restoreOverrideCursor()
        self.connect_button.setEnabled(True)
        if isinstance(result, str):
            self._show(result, error=True)
            self.connect_finished.emit(False)
            return
        self._connection = result
        self._fill_locations(result.locations)
        count = len(result.locations)
        found = (self.tr("Connected as {username}: 1 stock location.") if count == 1 else
                 self.tr("Connected as {username}: {count} stock locations."))
        self._show(found.format(username=result.username, count=count), error=False)
        self.connect_finished.emit(True)

    def _fill_locations(self, locations: list[StockLocation]) -> None:
        self.location_combo.clear()
        for location in locations:
            self.location_combo.addItem(location_label(location), location)
        self.location_combo.setEnabled(bool(locations))
        # Preselect only when there is no choice to make or one was saved before;
        # otherwise the packer picks explicitly (a wrong location syncs the wrong orders).
        wanted = self._default_location_id
        ids = [location.id for location in locations]
        if wanted in ids:
            self.location_combo.setCurrentIndex(ids.index(wanted))
        elif len(ids) == 1:
            self.location_combo.setCurrentIndex(0)
        if not locations:
            self._show(self.tr("This OMS user sees no stock locations."), error=True)
        self._update_save()

    def _forget_connection(self, *_: object) -> None:
        self._connection = None
        self._saved_without_keyring = False
        self.save_button.setText(self._save_text)
        self.location_combo.clear()
        self.location_combo.setEnabled(False)
        self._update_save()

    def wait_for_worker(self, timeout: float = 30.0) -> None:
        """Tests: process events until the Connect in flight has reported (the UI thread
        keeps running meanwhile; nothing is joined)."""
        deadline = time.monotonic() + timeout
        while self._runner.busy and time.monotonic() < deadline:
            QCoreApplication.processEvents()
            time.sleep(0.005)

    # --- save ---------------------------------------------------------------------

    def save(self) -> None:
        """Write the settings file and keep the token in the keyring, then close."""
        if self._saved_without_keyring:
            self.accept()  # second click after the keyring warning: go on without it
            return
        connection = self._connection
        location = self.location_combo.currentData()
        if connection is None or not isinstance(location, StockLocation):
            self._show(self.tr("Connect and choose a stock location first."), error=True)
            return
        self.settings = self._settings_from_form(connection, location)
        save_settings(self.settings, self._settings_path)
        try:
            self._tokens.save(connection.base_url, connection.username, connection.token)
        except CredentialsUnavailable as exc:
            self._saved_without_keyring = True
            self.save_button.setText(self.tr("Continue"))
            self._show(self.tr("Settings saved, but {reason}.").format(reason=exc), error=True)
            return
        self.accept()

    def _settings_from_form(
        self, connection: Connection, location: StockLocation
    ) -> StationSettings:
        return StationSettings(
            base_url=connection.base_url,
            username=connection.username,
            stock_location_id=location.id,
            stock_location_name=location.name or "",
            packer=self.packer_edit.text().strip(),
            scanner_prefix=self.prefix_edit.text(),
            scanner_suffix=str(self.suffix_combo.currentData()),
            auto_start_preparing=self.auto_start_check.isChecked(),
            sound_enabled=self.sound_check.isChecked(),
            sound_volume=self.volume_slider.value() / 100,
            supervisors=self._supervisors,
        )

    def token(self) -> str | None:
        """The token from the last successful Connect (for this run's client)."""
        return self._connection.token if self._connection else None

    # --- helpers ------------------------------------------------------------------

    def _update_save(self, *_: object) -> None:
        ready = self._connection is not None and self.location_combo.currentIndex() >= 0
        self.save_button.setEnabled(ready)

    def _show(self, message: str, *, error: bool) -> None:
        self.status_label.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        self.status_label.setText(message)


def location_label(location: StockLocation) -> str:
    name = location.name or translate("setup", "(no name)")
    return f"{name} — #{location.id}" + (f" ({location.erp_code})" if location.erp_code else "")


def _missing_login(username: str, password: str) -> str | None:
    if not username:
        return translate("setup", "Enter the OMS username.")
    if not password:
        return translate("setup", "Enter the OMS password.")
    return None


def _blank_defaults() -> StationSettings:
    return StationSettings(base_url="", username="", stock_location_id=0)
