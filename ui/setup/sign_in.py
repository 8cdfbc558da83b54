"""Signing in again while the station runs: OMS refused the token, or there is none.

Owns:

* `SharedToken` — makes the OMS clients of one station (sync's and delivery's) and
  remembers them, so that a new token reaches every one of them at once, and every
  client made later.
* `SignInDialog` — the password for the station's OMS user (the address is fixed:
  it is the station's). Logging in runs in a worker thread; the result comes back
  through a queued signal. The password lives only in the widget and the short-lived
  login client; the new token goes to the OS keyring (`ui.credentials`), or, without
  a keyring, is used for this run only.
* `SignInFlow` — offers the dialog (not modal: packing goes on behind it), at most
  one at a time.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station.oms.client import OmsClient
from ui.credentials import CredentialsUnavailable, TokenStore
from ui.i18n import render
from ui.setup.first_run import CONNECT_RETRY, CONNECT_TIMEOUTS, ERROR_STYLE, OK_STYLE, error_message

log = logging.getLogger(__name__)


class SharedToken:
    """The factory of a station's OMS clients; `use_token` updates all of them."""

    def __init__(self, make_client: Callable[[], OmsClient]) -> None:
        self._make_client = make_client
        self._clients: list[OmsClient] = []
        self._token: str | None = None
        self._lock = threading.Lock()  # sync makes its client in its own thread

    def make(self) -> OmsClient:
        client = self._make_client()
        with self._lock:
            if self._token is not None:
                client.use_token(self._token)
            self._clients.append(client)
        return client

    def use_token(self, token: str) -> None:
        with self._lock:
            self._token = token
            for client in self._clients:
                client.use_token(token)


class _Relay(QObject):
    """Carries the login thread's result to the UI thread.

    Signals:
        done(result): the token (str) or the failure (an exception).
    """

    done = Signal(object)


class SignInDialog(QDialog):
    """Asks for the password of the station's OMS user and logs in.

    Signals:
        signed_in(token, note): logged in; `note` says where the token is kept
            ("" when the keyring has it).
        attempt_finished(ok): after each attempt (tests wait on it).
    """

    signed_in = Signal(str, str)
    attempt_finished = Signal(bool)

    def __init__(self, base_url: str, username: str, *, tokens: TokenStore | None = None,
                 reason: str = "", allow_insecure_http: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Packing Station — sign in to OMS"))
        self.setModal(False)  # packing goes on; commands queue meanwhile
        self.base_url = base_url
        self._tokens = tokens or TokenStore()
        self._allow_insecure_http = allow_insecure_http
        self._worker: threading.Thread | None = None
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self._build(username, reason)

    def _build(self, username: str, reason: str) -> None:
        self.reason_label = QLabel(render(reason) or self.tr("Sign in to OMS to send commands "
                                                             "and sync."))
        self.reason_label.setWordWrap(True)
        self.reason_label.setStyleSheet("font-weight: bold;")
        intro = QLabel(self.tr("Packing goes on meanwhile: commands wait in the outbox and are "
                               "sent once you are signed in. The password is not saved."))
        intro.setWordWrap(True)
        self.url_label = QLabel(self.base_url)
        self.user_edit = QLineEdit(username)
        self.user_edit.setReadOnly(bool(username))  # the station's user; its token is kept
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.returnPressed.connect(self.start_sign_in)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.sign_in_button: QPushButton = buttons.addButton(
            self.tr("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self.start_sign_in)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("OMS address"), self.url_label)
        form.addRow(self.tr("Username"), self.user_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        layout = QVBoxLayout(self)
        for widget in (self.reason_label, intro):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.status_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        (self.password_edit if username else self.user_edit).setFocus()

    def start_sign_in(self) -> None:
        username, password = self.user_edit.text().strip(), self.password_edit.text()
        if not username or not password:
            self._show(self.tr("Enter the OMS username and password."), error=True)
            self.attempt_finished.emit(False)
            return
        if self._worker is not None and self._worker.is_alive():
            return  # one login at a time
        self._show(self.tr("Signing in to {url}…").format(url=self.base_url), error=False)
        self.sign_in_button.setEnabled(False)
        self._worker = threading.Thread(target=self._log_in, args=(username, password),
                                        name="sign-in", daemon=True)
        self._worker.start()

    def _log_in(self, username: str, password: str) -> None:
        try:
            with OmsClient(self.base_url, username=username, password=password,
                           timeouts=CONNECT_TIMEOUTS, retry=CONNECT_RETRY,
                           allow_insecure_http=self._allow_insecure_http) as client:
                client.login()
                result: object = client.token
        except Exception as exc:  # every failure becomes a sentence in the dialog
            result = exc
        with contextlib.suppress(RuntimeError):  # the dialog was closed and deleted
            self._relay.done.emit(result)

    def _on_done(self, result: object) -> None:
        self.sign_in_button.setEnabled(True)
        username = self.user_edit.text().strip()
        if not isinstance(result, str):
            assert isinstance(result, BaseException)
            log.info("sign-in as %s failed: %s", username, result)
            self._show(error_message(result, self.base_url, username), error=True)
            self.password_edit.clear()
            self.attempt_finished.emit(False)
            return
        self.password_edit.clear()  # not kept a moment longer than needed
        note = self._keep(username, result)
        log.info("signed in to %s as %s", self.base_url, username)
        self.attempt_finished.emit(True)
        self.signed_in.emit(result, note)
        self.accept()

    def _keep(self, username: str, token: str) -> str:
        """Put the token in the keyring; without one, say it is for this run only."""
        try:
            self._tokens.save(self.base_url, username, token)
        except CredentialsUnavailable as exc:
            log.warning("token not kept: %s", exc)
            return self.tr("Signed in for this run only: {reason}.").format(reason=exc)
        return ""

    def wait_for_worker(self, timeout: float = 30.0) -> None:
        if self._worker is not None:
            self._worker.join(timeout)

    def _show(self, message: str, *, error: bool) -> None:
        self.status_label.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        self.status_label.setText(message)
        self.adjustSize()  # room for the message; the fields keep their height


class SignInFlow(QObject):
    """Offers one `SignInDialog` at a time for the station's OMS user.

    Signals:
        signed_in(token, note): as the dialog's.
    """

    signed_in = Signal(str, str)

    def __init__(self, base_url: str, username: str, *, tokens: TokenStore | None = None,
                 allow_insecure_http: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.base_url = base_url
        self.username = username
        self._tokens = tokens
        self._allow_insecure_http = allow_insecure_http
        self._parent = parent
        self.dialog: SignInDialog | None = None

    def offer(self, reason: str = "") -> SignInDialog:
        """Show the dialog (or raise the one already open)."""
        if self.dialog is not None:
            self.dialog.raise_()  # already open, maybe behind the packing screen
            self.dialog.activateWindow()
            return self.dialog
        self.dialog = SignInDialog(
            self.base_url, self.username, tokens=self._tokens, reason=reason,
            allow_insecure_http=self._allow_insecure_http, parent=self._parent)
        self.dialog.signed_in.connect(self._on_signed_in)
        self.dialog.finished.connect(self._closed)
        self.dialog.show()
        return self.dialog

    def _on_signed_in(self, token: str, note: str) -> None:
        self.username = self.dialog.user_edit.text().strip() if self.dialog else self.username
        self.signed_in.emit(token, note)

    def _closed(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None
