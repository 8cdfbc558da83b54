"""The station's settings after the first run: Station ▸ Settings….

Owns `SettingsDialog`, six tabs over one `StationSettings`: Connection (OMS
address, sign-in/out, stock location, packer), Scanner (prefix/suffix, timing,
the scanner test), Sound & display (sounds, volume, language, font size),
Printing (per document type destination and auto-print), Barcodes & API
(barcode attribute keys, invoice pattern, API profile overrides) and Supervisors
(list, add with the PIN typed twice, remove). Changing the OMS or the stock
location reuses the first-run dialog's Connect (`ui.setup.first_run`: log in and
list locations off the UI thread through `ui.background.Runner`).

OK checks the whole form the way the settings file is checked when loaded (one
sentence under the tabs, nothing lost), writes the file and keeps a new token in
the keyring, then closes; `ui.setup.apply` applies it to the running station.
Fields that only the next start uses say "(after restart)", and a line under the
tabs lists the changes that wait for one. Cancel changes nothing.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSlider,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station.oms.models import StockLocation
from ui.background import Runner
from ui.credentials import CredentialsUnavailable, TokenStore
from ui.i18n import QT_TRANSLATE_NOOP, render
from ui.settings import (
    MAX_FONT,
    MIN_FONT,
    SettingsError,
    StationSettings,
    restart_needed,
    save_settings,
)
from ui.setup.first_run import (
    ERROR_STYLE,
    OK_STYLE,
    SUFFIXES,
    Connection,
    _connect_or_explain,
    _missing_login,
    location_label,
    url_problem,
)
from ui.setup.form import keys, page, row, sentence, spin
from ui.setup.printing_page import PrintingPage
from ui.setup.sign_in import SignInFlow
from ui.setup.supervisors_page import SupervisorsPage

log = logging.getLogger(__name__)

# Shown through translate("SettingsDialog", …); "English" and "Türkçe" name themselves.
LANGUAGE_CHOICES = ((QT_TRANSLATE_NOOP("SettingsDialog", "System language"), ""),
                    ("English", "en"), ("Türkçe", "tr"))
TABS = (QT_TRANSLATE_NOOP("SettingsDialog", "Connection"),
        QT_TRANSLATE_NOOP("SettingsDialog", "Scanner"),
        QT_TRANSLATE_NOOP("SettingsDialog", "Sound && display"),
        QT_TRANSLATE_NOOP("SettingsDialog", "Printing"),
        QT_TRANSLATE_NOOP("SettingsDialog", "Barcodes && API"),
        QT_TRANSLATE_NOOP("SettingsDialog", "Supervisors"))
translate = QCoreApplication.translate  # lupdate reads translate("SettingsDialog", "…")


class SettingsDialog(QDialog):
    """Edits a copy of the station's settings; `result_settings()` after OK.

    Signals:
        sign_out_requested(): the Sign out button (the station forgets its token).
        connect_finished(ok): after each Connect (tests wait on it).
    """

    sign_out_requested = Signal()
    connect_finished = Signal(bool)

    def __init__(self, settings: StationSettings, *, tokens: TokenStore | None = None,
                 settings_path: Path | None = None, sign_in: SignInFlow | None = None,
                 scanner_test: Callable[[], object] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Packing Station — settings"))
        self.original = settings
        self.saved: StationSettings | None = None
        self._tokens = tokens or TokenStore()
        self._path = settings_path
        self._sign_in = sign_in
        self._scanner_test = scanner_test
        self._connection: Connection | None = None
        self._runner = Runner("settings-connect", parent=self)
        self.tabs = QTabWidget()
        for builder, title in zip((self._connection_tab, self._scanner_tab, self._display_tab,
                                   self._printing_tab, self._barcodes_tab,
                                   self._supervisors_tab), TABS, strict=True):
            self.tabs.addTab(builder(settings), self.tr(title))
        self._lay_out()
        self._watch_changes()

    # --- layout -------------------------------------------------------------------

    def _lay_out(self) -> None:
        self.restart_label = QLabel()
        self.restart_label.setWordWrap(True)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.restart_label)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(980)  # all six tabs readable at the station's large font

    def _connection_tab(self, s: StationSettings) -> QWidget:
        self.account_label = QLabel(_account_text(s))
        self.sign_in_button = QPushButton(self.tr("Sign in…"))
        self.sign_in_button.setEnabled(self._sign_in is not None)
        self.sign_in_button.clicked.connect(self._offer_sign_in)
        self.sign_out_button = QPushButton(self.tr("Sign out"))
        self.sign_out_button.setEnabled(bool(s.base_url))
        self.sign_out_button.clicked.connect(self._sign_out)
        self.url_edit = QLineEdit(s.base_url)
        self.url_edit.setPlaceholderText(self.tr("https://oms.example.com"))
        self.user_edit = QLineEdit(s.username)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("only to change the OMS or the stock "
                                                         "location"))
        self.connect_button = QPushButton(self.tr("Connect"))
        self.connect_button.clicked.connect(self.start_connect)
        self.location_combo = QComboBox()
        self.location_combo.addItem(_saved_location(s), None)
        self.location_combo.setEnabled(False)
        self.packer_edit = QLineEdit(s.packer)
        form = QFormLayout()
        form.addRow(self.tr("OMS account"), self.account_label)
        form.addRow("", row(self.sign_in_button, self.sign_out_button))
        form.addRow(self.tr("OMS address (after restart)"), self.url_edit)
        form.addRow(self.tr("Username (after restart)"), self.user_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        form.addRow("", row(self.connect_button))
        form.addRow(self.tr("Stock location (after restart)"), self.location_combo)
        form.addRow(self.tr("Default packer"), self.packer_edit)
        return page(form)

    def _scanner_tab(self, s: StationSettings) -> QWidget:
        self.prefix_edit = QLineEdit(s.scanner_prefix)
        self.prefix_edit.setPlaceholderText(self.tr("none"))
        self.suffix_combo = QComboBox()
        for label, suffix in SUFFIXES:
            self.suffix_combo.addItem(translate("setup", label), suffix)
        self.suffix_combo.setCurrentIndex(max(0, self.suffix_combo.findData(s.scanner_suffix)))
        self.gap_spin = spin(1, 500, s.scanner_max_key_gap_ms, self.tr(" ms"))
        self.min_length_spin = spin(1, 50, s.scanner_min_length, self.tr(" characters"))
        self.idle_spin = spin(1, 2000, s.scanner_idle_timeout_ms, self.tr(" ms"))
        self.auto_start_check = QCheckBox(self.tr("Start preparing when a package opens"))
        self.auto_start_check.setChecked(s.auto_start_preparing)
        self.scanner_test_button = QPushButton(self.tr("Scanner test…"))
        self.scanner_test_button.setEnabled(self._scanner_test is not None)
        self.scanner_test_button.clicked.connect(lambda: self._scanner_test and
                                                 self._scanner_test())
        form = QFormLayout()
        form.addRow(self.tr("Prefix"), self.prefix_edit)
        form.addRow(self.tr("Suffix (terminator)"), self.suffix_combo)
        form.addRow(self.tr("Longest gap between keys"), self.gap_spin)
        form.addRow(self.tr("Shortest scan"), self.min_length_spin)
        form.addRow(self.tr("Silence that ends a scan"), self.idle_spin)
        form.addRow("", self.auto_start_check)
        form.addRow("", row(self.scanner_test_button))
        return page(form)

    def _display_tab(self, s: StationSettings) -> QWidget:
        self.sound_check = QCheckBox(self.tr("Sounds on"))
        self.sound_check.setChecked(s.sound_enabled)
        self.volume_slider = QSlider(Qt.Orientation.Horizontal)
        self.volume_slider.setRange(0, 100)
        self.volume_slider.setValue(round(s.sound_volume * 100))
        self.language_combo = QComboBox()
        for label, code in LANGUAGE_CHOICES:
            self.language_combo.addItem(self.tr(label), code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(s.language)))
        self.font_spin = spin(MIN_FONT, MAX_FONT, s.font_size, self.tr(" pt"))
        form = QFormLayout()
        form.addRow("", self.sound_check)
        form.addRow(self.tr("Volume"), self.volume_slider)
        form.addRow(self.tr("Language (after restart)"), self.language_combo)
        form.addRow(self.tr("Font size"), self.font_spin)
        return page(form)

    def _printing_tab(self, s: StationSettings) -> QWidget:
        self.printing_page = PrintingPage(s.printing)
        self.destination_edits = self.printing_page.destination_edits
        return self.printing_page

    def _barcodes_tab(self, s: StationSettings) -> QWidget:
        self.attribute_keys_edit = QLineEdit(", ".join(s.barcode_attribute_keys))
        self.attribute_keys_edit.setPlaceholderText(self.tr("e.g. ean13, supplier_code"))
        self.invoice_pattern_edit = QLineEdit(s.invoice_pattern)
        self.invoice_pattern_edit.setPlaceholderText(self.tr("e.g. ^INV\\d{8}$ (empty: none)"))
        self.profile_edit = QPlainTextEdit(
            json.dumps(s.api_profile, indent=2, sort_keys=True) if s.api_profile else "")
        self.profile_edit.setPlaceholderText(
            self.tr("{example}  (empty: the documented names)").format(
                example='{"param_page_size": "page_size"}'))
        form = QFormLayout()
        form.addRow(self.tr("Barcode attribute keys (after restart)"), self.attribute_keys_edit)
        form.addRow(self.tr("Invoice number pattern"), self.invoice_pattern_edit)
        form.addRow(self.tr("API profile overrides (after restart)"), self.profile_edit)
        return page(form)

    def _supervisors_tab(self, _s: StationSettings) -> QWidget:
        self.supervisors_page = SupervisorsPage(self.original.supervisors)
        self.supervisors_page.said.connect(lambda text, error: self._show(text, error=error))
        sup = self.supervisors_page  # its widgets, as the dialog's (tests, focus order)
        self.supervisor_list, self.supervisor_name_edit = sup.supervisor_list, \
            sup.supervisor_name_edit
        self.pin_edit, self.pin_again_edit = sup.pin_edit, sup.pin_again_edit
        self.add_supervisor_button = sup.add_supervisor_button
        self.remove_supervisor_button = sup.remove_supervisor_button
        return sup

    # --- connection ---------------------------------------------------------------

    def start_connect(self) -> None:
        """Log in with the typed address, user and password; list the stock locations."""
        base_url = self.url_edit.text().strip().rstrip("/")
        username, password = self.user_edit.text().strip(), self.password_edit.text()
        problem = url_problem(base_url) or _missing_login(username, password)
        if problem:
            self._show(problem, error=True)
            self.connect_finished.emit(False)
            return
        self._show(self.tr("Connecting to {url}…").format(url=base_url), error=False)
        self.connect_button.setEnabled(False)
        self._runner.run(lambda: _connect_or_explain(base_url, username, password),
                         done=self._on_connect_done)

    def _on_connect_done(self, result: Connection | str) -> None:
        self.connect_button.setEnabled(True)
        self.password_edit.clear()  # the token is what is kept, never the password
        if isinstance(result, str):
            self._show(result, error=True)
            self.connect_finished.emit(False)
            return
        self._connection = result
        self.location_combo.clear()
        for location in result.locations:
            self.location_combo.addItem(location_label(location), location)
        ids = [location.id for location in result.locations]
        if self.original.stock_location_id in ids:
            self.location_combo.setCurrentIndex(ids.index(self.original.stock_location_id))
        self.location_combo.setEnabled(bool(ids))
        found = (self.tr("Connected as {username}: 1 stock location. Choose it, then OK.")
                 if len(ids) == 1 else
                 self.tr("Connected as {username}: {count} stock locations. Choose one, "
                         "then OK."))
        self._show(found.format(username=result.username, count=len(ids)), error=False)
        self.connect_finished.emit(True)
        self._update_restart_notice()

    def wait_for_worker(self, timeout: float = 30.0) -> None:
        """Tests: process events until the Connect in flight has reported."""
        deadline = time.monotonic() + timeout
        while self._runner.busy and time.monotonic() < deadline:
            QCoreApplication.processEvents()
            time.sleep(0.005)

    def _offer_sign_in(self) -> None:
        if self._sign_in is not None:
            self._sign_in.offer("")

    def _sign_out(self) -> None:
        self.sign_out_requested.emit()
        self.sign_out_button.setEnabled(False)
        self.account_label.setText(self.tr("Signed out ({username}): sign in to send commands "
                                           "and sync.").format(username=self.original.username))

    def keep_token(self) -> None:
        """Put a new Connect's token in the keyring (after OK)."""
        connection = self._connection
        if connection is None:
            return
        try:
            self._tokens.save(connection.base_url, connection.username, connection.token)
        except CredentialsUnavailable as exc:
            log.warning("token not kept: %s", exc)

    def token(self) -> str | None:
        return self._connection.token if self._connection else None

    # --- supervisors --------------------------------------------------------------

    # --- the result ---------------------------------------------------------------

    def result_settings(self) -> StationSettings:
        """The settings the form describes (raises SettingsError for a bad field)."""
        s = self.original
        location = self.location_combo.currentData()
        connection = self._connection
        if connection is not None and isinstance(location, StockLocation):
            s = dataclasses.replace(s, base_url=connection.base_url,
                                    username=connection.username,
                                    stock_location_id=location.id,
                                    stock_location_name=location.name or "")
        new = dataclasses.replace(
            s, packer=self.packer_edit.text().strip(),
            scanner_prefix=self.prefix_edit.text(),
            scanner_suffix=str(self.suffix_combo.currentData()),
            scanner_max_key_gap_ms=self.gap_spin.value(),
            scanner_min_length=self.min_length_spin.value(),
            scanner_idle_timeout_ms=self.idle_spin.value(),
            auto_start_preparing=self.auto_start_check.isChecked(),
            sound_enabled=self.sound_check.isChecked(),
            sound_volume=self.volume_slider.value() / 100,
            language=str(self.language_combo.currentData()),
            font_size=self.font_spin.value(), printing=self._printing(),
            barcode_attribute_keys=keys(self.attribute_keys_edit.text()),
            invoice_pattern=self.invoice_pattern_edit.text().strip(),
            api_profile=self._api_profile(), supervisors=dict(self.supervisors_page.supervisors))
        # The same checks as loading the file: what is saved always loads again.
        return StationSettings.from_json(json.loads(json.dumps(new.to_json())))

    def _printing(self) -> dict[str, object]:
        return self.printing_page.values()

    def _api_profile(self) -> dict[str, object]:
        text = self.profile_edit.toPlainText().strip()
        if not text:
            return {}
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SettingsError(self.tr("API profile overrides are not JSON ({reason}, line "
                                        "{line})").format(reason=exc.msg, line=exc.lineno)
                                ) from exc
        if not isinstance(value, dict):
            raise SettingsError(self.tr("API profile overrides must be a JSON object, e.g. "
                                        "{example}").format(
                example='{"param_page_size": "page_size"}'))
        return value

    def save(self) -> None:
        """OK: check the form, write the file, keep a new token, close. A bad field
        or an unwritable file is one sentence here, and the dialog stays open."""
        if self.connection_pending():
            self.tabs.setCurrentIndex(0)
            self._show(self.tr("Press Connect to use the new OMS address or user (or type the "
                               "old ones back)."), error=True)
            return
        try:
            new = self.result_settings()
        except SettingsError as exc:
            self._show(sentence(render(exc.args[0] if exc.args else exc)
                                 .removeprefix("settings file: ")), error=True)
            return
        try:
            save_settings(new, self._path)
        except OSError as exc:
            self._show(self.tr("Could not save the settings ({reason}): nothing was changed.")
                       .format(reason=exc.strerror or exc), error=True)
            return
        self.keep_token()
        self.saved = new
        self.accept()

    # --- helpers ------------------------------------------------------------------

    def _watch_changes(self) -> None:
        for edit in (self.url_edit, self.user_edit, self.attribute_keys_edit):
            edit.textChanged.connect(self._update_restart_notice)
        self.language_combo.currentIndexChanged.connect(self._update_restart_notice)
        self.location_combo.currentIndexChanged.connect(self._update_restart_notice)
        self.profile_edit.textChanged.connect(self._update_restart_notice)
        self._update_restart_notice()

    def _update_restart_notice(self, *_: object) -> None:
        try:
            later = restart_needed(self.original, self.result_settings())
        except SettingsError:
            return  # OK will say what is wrong
        if self.connection_pending():
            later = [self.tr("OMS address / user (press Connect)"), *later]
        self.restart_label.setText(
            self.tr("Takes effect after a restart: {changes}.").format(changes=", ".join(later))
            if later else
            self.tr("Everything changed here takes effect at once, except what says "
                    "(after restart)."))

    def connection_pending(self) -> bool:
        """The address or user was edited but not connected with yet."""
        typed = (self.url_edit.text().strip().rstrip("/"), self.user_edit.text().strip())
        connection = self._connection
        current = ((connection.base_url, connection.username) if connection else
                   (self.original.base_url, self.original.username))
        return typed != current

    def _show(self, message: str, *, error: bool) -> None:
        self.status_label.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        self.status_label.setText(message)


def _account_text(s: StationSettings) -> str:
    if not s.base_url:
        return translate("SettingsDialog", "Not set up for OMS: connect below.")
    return translate("SettingsDialog", "{username} at {url}").format(username=s.username,
                                                                     url=s.base_url)


def _saved_location(s: StationSettings) -> str:
    if not s.stock_location_id:
        return translate("SettingsDialog", "Connect first")
    name = s.stock_location_name or translate("setup", "(no name)")
    return f"{name} — #{s.stock_location_id}"
