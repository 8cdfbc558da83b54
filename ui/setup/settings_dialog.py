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
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSlider,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station.documents.settings import DOCUMENTS, Destination
from station.errors import UsageError
from station.oms.models import StockLocation
from station.packing.supervisors import check_new_supervisor, hash_pin
from ui.background import Runner
from ui.credentials import CredentialsUnavailable, TokenStore
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
from ui.setup.sign_in import SignInFlow

log = logging.getLogger(__name__)

LATER = " (after restart)"
LANGUAGE_CHOICES = (("System language", ""), ("English", "en"), ("Türkçe", "tr"))
DOCUMENT_LABELS = {"slip": "Packing slip", "label": "Package label",
                   "shipping-label": "Shipping label", "invoice": "Invoice"}
TABS = ("Connection", "Scanner", "Sound && display", "Printing", "Barcodes && API",
        "Supervisors")


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
        self.setWindowTitle("Packing Station — settings")
        self.original = settings
        self.saved: StationSettings | None = None
        self._tokens = tokens or TokenStore()
        self._path = settings_path
        self._sign_in = sign_in
        self._scanner_test = scanner_test
        self._connection: Connection | None = None
        self._supervisors = dict(settings.supervisors)
        self._runner = Runner("settings-connect", parent=self)
        self.tabs = QTabWidget()
        for builder, title in zip((self._connection_tab, self._scanner_tab, self._display_tab,
                                   self._printing_tab, self._barcodes_tab,
                                   self._supervisors_tab), TABS, strict=True):
            self.tabs.addTab(builder(settings), title)
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
        self.sign_in_button = QPushButton("Sign in…")
        self.sign_in_button.setEnabled(self._sign_in is not None)
        self.sign_in_button.clicked.connect(self._offer_sign_in)
        self.sign_out_button = QPushButton("Sign out")
        self.sign_out_button.setEnabled(bool(s.base_url))
        self.sign_out_button.clicked.connect(self._sign_out)
        self.url_edit = QLineEdit(s.base_url)
        self.url_edit.setPlaceholderText("https://oms.example.com")
        self.user_edit = QLineEdit(s.username)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("only to change the OMS or the stock location")
        self.connect_button = QPushButton("Connect")
        self.connect_button.clicked.connect(self.start_connect)
        self.location_combo = QComboBox()
        self.location_combo.addItem(_saved_location(s), None)
        self.location_combo.setEnabled(False)
        self.packer_edit = QLineEdit(s.packer)
        form = QFormLayout()
        form.addRow("OMS account", self.account_label)
        form.addRow("", _row(self.sign_in_button, self.sign_out_button))
        form.addRow("OMS address" + LATER, self.url_edit)
        form.addRow("Username" + LATER, self.user_edit)
        form.addRow("Password", self.password_edit)
        form.addRow("", _row(self.connect_button))
        form.addRow("Stock location" + LATER, self.location_combo)
        form.addRow("Default packer", self.packer_edit)
        return _page(form)

    def _scanner_tab(self, s: StationSettings) -> QWidget:
        self.prefix_edit = QLineEdit(s.scanner_prefix)
        self.prefix_edit.setPlaceholderText("none")
        self.suffix_combo = QComboBox()
        for label, suffix in SUFFIXES:
            self.suffix_combo.addItem(label, suffix)
        self.suffix_combo.setCurrentIndex(max(0, self.suffix_combo.findData(s.scanner_suffix)))
        self.gap_spin = _spin(1, 500, s.scanner_max_key_gap_ms, " ms")
        self.min_length_spin = _spin(1, 50, s.scanner_min_length, " characters")
        self.idle_spin = _spin(1, 2000, s.scanner_idle_timeout_ms, " ms")
        self.auto_start_check = QCheckBox("Start preparing when a package opens")
        self.auto_start_check.setChecked(s.auto_start_preparing)
        self.scanner_test_button = QPushButton("Scanner test…")
        self.scanner_test_button.setEnabled(self._scanner_test is not None)
        self.scanner_test_button.clicked.connect(lambda: self._scanner_test and
                                                 self._scanner_test())
        form = QFormLayout()
        form.addRow("Prefix", self.prefix_edit)
        form.addRow("Suffix (terminator)", self.suffix_combo)
        form.addRow("Longest gap between keys", self.gap_spin)
        form.addRow("Shortest scan", self.min_length_spin)
        form.addRow("Silence that ends a scan", self.idle_spin)
        form.addRow("", self.auto_start_check)
        form.addRow("", _row(self.scanner_test_button))
        return _page(form)

    def _display_tab(self, s: StationSettings) -> QWidget:
        self.sound_check = QCheckBox("Sounds on")
        self.sound_check.setChecked(s.sound_enabled)
        self.volume_slider = QSlider(Qt.Orientation.Horizontal)
        self.volume_slider.setRange(0, 100)
        self.volume_slider.setValue(round(s.sound_volume * 100))
        self.language_combo = QComboBox()
        for label, code in LANGUAGE_CHOICES:
            self.language_combo.addItem(label, code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(s.language)))
        self.font_spin = _spin(MIN_FONT, MAX_FONT, s.font_size, " pt")
        form = QFormLayout()
        form.addRow("", self.sound_check)
        form.addRow("Volume", self.volume_slider)
        form.addRow("Language" + LATER, self.language_combo)
        form.addRow("Font size", self.font_spin)
        return _page(form)

    def _printing_tab(self, s: StationSettings) -> QWidget:
        printing = s.printing or {}
        destinations = printing.get("destinations") or {}
        auto = set(printing.get("auto_print", ["shipping-label", "slip"]))
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>Document</b>"), 0, 0)
        grid.addWidget(QLabel("<b>Printer</b>"), 0, 1)
        grid.addWidget(QLabel("<b>On completion</b>"), 0, 2)
        self.destination_edits: dict[str, QLineEdit] = {}
        self.auto_print_checks: dict[str, QCheckBox] = {}
        for row, document in enumerate(DOCUMENTS, start=1):
            edit = QLineEdit(str(destinations.get(document, "")))
            edit.setPlaceholderText("not printed")
            check = QCheckBox("Print")
            check.setChecked(document in auto)
            grid.addWidget(QLabel(DOCUMENT_LABELS[document]), row, 0)
            grid.addWidget(edit, row, 1)
            grid.addWidget(check, row, 2)
            self.destination_edits[document], self.auto_print_checks[document] = edit, check
        self.wait_label_check = QCheckBox("Wait for a shipping label OMS has not made yet")
        self.wait_label_check.setChecked(bool(printing.get("wait_for_shipping_label", True)))
        self.store_name_edit = QLineEdit(str(printing.get("store_name", "")))
        form = QFormLayout()
        form.addRow("", self.wait_label_check)
        form.addRow("Store name on documents", self.store_name_edit)
        hint = QLabel("A printer is tcp://host:9100 (a raw port), cups:QUEUE, folder:PATH "
                      "(save as PDF) or a system printer's name. Changes apply to the next "
                      "print job.")
        hint.setWordWrap(True)
        layout = QVBoxLayout()
        layout.addLayout(grid)
        layout.addWidget(hint)
        layout.addLayout(form)
        return _page(layout)

    def _barcodes_tab(self, s: StationSettings) -> QWidget:
        self.attribute_keys_edit = QLineEdit(", ".join(s.barcode_attribute_keys))
        self.attribute_keys_edit.setPlaceholderText("e.g. ean13, supplier_code")
        self.invoice_pattern_edit = QLineEdit(s.invoice_pattern)
        self.invoice_pattern_edit.setPlaceholderText(r"e.g. ^INV\d{8}$ (empty: none)")
        self.profile_edit = QPlainTextEdit(
            json.dumps(s.api_profile, indent=2, sort_keys=True) if s.api_profile else "")
        self.profile_edit.setPlaceholderText('{"param_page_size": "page_size"}  '
                                             "(empty: the documented names)")
        form = QFormLayout()
        form.addRow("Barcode attribute keys" + LATER, self.attribute_keys_edit)
        form.addRow("Invoice number pattern", self.invoice_pattern_edit)
        form.addRow("API profile overrides" + LATER, self.profile_edit)
        return _page(form)

    def _supervisors_tab(self, _s: StationSettings) -> QWidget:
        self.supervisor_list = QListWidget()
        self.supervisor_list.addItems(sorted(self._supervisors, key=str.casefold))
        self.remove_supervisor_button = QPushButton("Remove selected")
        self.remove_supervisor_button.clicked.connect(self.remove_supervisor)
        self.supervisor_name_edit = QLineEdit()
        self.pin_edit, self.pin_again_edit = QLineEdit(), QLineEdit()
        for edit in (self.pin_edit, self.pin_again_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_supervisor_button = QPushButton("Add supervisor")
        self.add_supervisor_button.clicked.connect(self.add_supervisor)
        form = QFormLayout()
        form.addRow("Name", self.supervisor_name_edit)
        form.addRow("PIN", self.pin_edit)
        form.addRow("PIN again", self.pin_again_edit)
        form.addRow("", _row(self.add_supervisor_button))
        layout = QVBoxLayout()
        layout.addWidget(QLabel("Who may override a blocked completion (PINs are stored "
                                "only as scrypt hashes):"))
        layout.addWidget(self.supervisor_list)
        layout.addWidget(self.remove_supervisor_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(form)
        return _page(layout)

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
        self._show(f"Connecting to {base_url}…", error=False)
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
        self._show(f"Connected as {result.username}: {len(ids)} stock location(s). "
                   "Choose one, then OK.", error=False)
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
        self.account_label.setText(f"Signed out ({self.original.username}): sign in to "
                                   "send commands and sync.")

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

    def add_supervisor(self) -> None:
        """Add (or give a new PIN to) the named supervisor; the PIN is typed twice."""
        pin = self.pin_edit.text()
        try:
            name = check_new_supervisor(self.supervisor_name_edit.text(), pin)
            if pin != self.pin_again_edit.text():
                raise UsageError("the two PINs differ: type the same PIN twice")
        except UsageError as exc:
            self._show(_sentence(str(exc)), error=True)
            return
        for existing in [n for n in self._supervisors if n.casefold() == name.casefold()]:
            del self._supervisors[existing]  # one record per person, whatever the case
        self._supervisors[name] = hash_pin(pin)
        for edit in (self.supervisor_name_edit, self.pin_edit, self.pin_again_edit):
            edit.clear()
        self._refresh_supervisors()
        self._show(f"{name} may override blocked completions (after OK).", error=False)

    def remove_supervisor(self) -> None:
        item = self.supervisor_list.currentItem()
        if item is None:
            self._show("Choose the supervisor to remove first.", error=True)
            return
        name = item.text()  # the item goes with the refresh
        self._supervisors.pop(name, None)
        self._refresh_supervisors()
        self._show(f"{name} removed (after OK).", error=False)

    def _refresh_supervisors(self) -> None:
        self.supervisor_list.clear()
        self.supervisor_list.addItems(sorted(self._supervisors, key=str.casefold))

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
            barcode_attribute_keys=_keys(self.attribute_keys_edit.text()),
            invoice_pattern=self.invoice_pattern_edit.text().strip(),
            api_profile=self._api_profile(), supervisors=dict(self._supervisors))
        # The same checks as loading the file: what is saved always loads again.
        return StationSettings.from_json(json.loads(json.dumps(new.to_json())))

    def _printing(self) -> dict[str, object]:
        destinations: dict[str, str] = {}
        for document, edit in self.destination_edits.items():
            text = edit.text().strip()
            if text:
                try:
                    Destination.parse(text)
                except UsageError as exc:
                    raise SettingsError(f"{DOCUMENT_LABELS[document]} printer: {exc}") from exc
                destinations[document] = text
        printing = dict(self.original.printing)  # sizes, dpi…: kept as they are
        printing.update(
            destinations=destinations,
            auto_print=[d for d, check in self.auto_print_checks.items() if check.isChecked()],
            wait_for_shipping_label=self.wait_label_check.isChecked(),
            store_name=self.store_name_edit.text().strip())
        return printing

    def _api_profile(self) -> dict[str, object]:
        text = self.profile_edit.toPlainText().strip()
        if not text:
            return {}
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SettingsError(f"API profile overrides are not JSON ({exc.msg}, line "
                                f"{exc.lineno})") from exc
        if not isinstance(value, dict):
            raise SettingsError('API profile overrides must be a JSON object, e.g. '
                                '{"param_page_size": "page_size"}')
        return value

    def save(self) -> None:
        """OK: check the form, write the file, keep a new token, close. A bad field
        or an unwritable file is one sentence here, and the dialog stays open."""
        if self.connection_pending():
            self.tabs.setCurrentIndex(0)
            self._show("Press Connect to use the new OMS address or user (or type the "
                       "old ones back).", error=True)
            return
        try:
            new = self.result_settings()
        except SettingsError as exc:
            self._show(_sentence(str(exc).removeprefix("settings file: ")), error=True)
            return
        try:
            save_settings(new, self._path)
        except OSError as exc:
            self._show(f"Could not save the settings ({exc.strerror or exc}): "
                       "nothing was changed.", error=True)
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
            later = ["OMS address / user (press Connect)", *later]
        self.restart_label.setText(
            f"Takes effect after a restart: {', '.join(later)}." if later else
            "Everything changed here takes effect at once, except what says "
            "(after restart).")

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
        return "Not set up for OMS: connect below."
    return f"{s.username} at {s.base_url}"


def _saved_location(s: StationSettings) -> str:
    if not s.stock_location_id:
        return "Connect first"
    return f"{s.stock_location_name or '(no name)'} — #{s.stock_location_id}"


def _row(*buttons: QPushButton) -> QHBoxLayout:
    """Buttons side by side at their natural width, on the left."""
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def _spin(low: int, high: int, value: int, suffix: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setSuffix(suffix)
    return spin


def _keys(text: str) -> list[str]:
    return [key.strip() for key in text.split(",") if key.strip()]


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _page(layout: QFormLayout | QVBoxLayout) -> QWidget:
    page = QWidget()
    page.setLayout(layout)
    return page
