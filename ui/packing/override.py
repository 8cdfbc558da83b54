"""Supervisor override of a completing command blocked by unscanned items.

Owns `OverrideOffer` (the "Supervisor override…" button the packing screen shows
after such a block) and `OverrideDialog` (asks for the supervisor's name and PIN,
the PIN masked). On OK the same command runs again through
`PackingSession.override(command, name, pin)`, which checks the PIN against the
station's supervisors and writes the override — or the refusal — to the audit
trail (the name, never the PIN). A refused PIN keeps the dialog open and says so;
an allowed override goes back to the window like any scan. Scanner bursts never
reach the fields: ScannerCapture swallows them, terminator included, so a scan
cannot accept the dialog either; while the dialog is open the packing screen holds
every scan (`asking`, `show_held`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
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

from station.packing.commands import match_commands
from station.packing.session import PackingSession, ScanOutcome
from station.scanning.interpret import CommandCard, interpret

EMPTY_CODE = str(QT_TRANSLATE_NOOP(
    "OverrideDialog", "Enter the supervisor's name and PIN — nothing was saved."))


class OverrideDialog(QDialog):
    """Asks for a supervisor's name and PIN; OK with either empty stays open and says
    why. OK with both filled emits `submitted`: the caller checks the PIN and either
    closes the dialog (`done`) or keeps it open with the reason (`refuse`).

    Signals:
        submitted: OK was pressed with a name and a PIN filled in.
    """

    submitted = Signal()

    def __init__(self, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Supervisor override"))
        if parent is not None:  # a dialog is a window: fonts do not propagate to it
            self.setFont(parent.font())
        self.setMinimumWidth(560)
        self.prompt = QLabel(prompt)
        self.prompt.setWordWrap(True)
        self.name_field = QLineEdit()
        self.name_field.setPlaceholderText(self.tr("Supervisor name"))
        self.pin_field = QLineEdit()
        self.pin_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_field.setPlaceholderText(self.tr("PIN"))
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828; font-weight: bold;")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name_field)
        form.addRow(self.tr("PIN"), self.pin_field)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    @property
    def name(self) -> str:
        return self.name_field.text().strip()

    @property
    def pin(self) -> str:
        return self.pin_field.text()

    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def refuse(self, message: str) -> None:
        """The PIN was not accepted: say why, clear it, let them try again."""
        self.show_error(message)
        self.pin_field.clear()
        self.pin_field.setFocus()

    def accept(self) -> None:
        if not self.name or not self.pin:
            self.show_error(QCoreApplication.translate("OverrideDialog", EMPTY_CODE))
            (self.pin_field if self.name else self.name_field).setFocus()
            return
        self.submitted.emit()


class OverrideOffer(QPushButton):
    """Shown only while the last outcome is a completing command blocked by
    unscanned items; clicking it asks for a supervisor's name and PIN and retries
    that command."""

    def __init__(
        self,
        session: PackingSession,
        show: Callable[[ScanOutcome], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Supervisor override…", parent)
        self._session = session
        self._show = show
        self._blocked: tuple[int, str | int] | None = None  # (package id, command)
        self._asking: tuple[int, str | int] | None = None  # what the open dialog is for
        self.dialog: OverrideDialog | None = None
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # scans and Enter stay with the form
        self.setMinimumHeight(52)
        self.setStyleSheet("font-size: 16pt; font-weight: bold; color: #e65100;")
        self.clicked.connect(lambda _=False: self.ask())
        self.hide()

    def follow(self, outcome: ScanOutcome, source: str | int | None) -> None:
        """After every outcome: offer an override only for a blocked completion.
        `source` is what ran: a raw scan (str), a transition id (int) or None."""
        self._blocked = None
        command = self._command_of(source)
        if outcome.kind == "input_needed" and command is not None and self._overridable(command):
            self._blocked = (outcome.package_id or 0, command)
        self.setVisible(self._blocked is not None)

    def _command_of(self, source: str | int | None) -> str | int | None:
        if not isinstance(source, str):
            return source
        event = interpret(source, self._session.config.scanner)
        return event.command if isinstance(event, CommandCard) else None

    @property
    def asking(self) -> bool:
        """The name-and-PIN dialog is open: the packing screen holds scans meanwhile."""
        return self.dialog is not None and self.dialog.isVisible()

    def show_held(self, message: str) -> None:
        """Tell the packer, in the dialog in front, that a scan was held."""
        if self.dialog is not None:
            self.dialog.show_error(message)

    def ask(self) -> OverrideDialog | None:
        """Open the dialog (window-modal, so the packing screen stays visible)."""
        if self._blocked is None:
            return None
        self._asking = self._blocked  # scans while the dialog is open must not change it
        view = self._session.view
        unscanned = sum(not line.verified for line in view.lines()) if view else 0
        number = view.number if view else ""
        # Short on purpose: the banner behind the dialog already lists what is missing.
        prompt = (self.tr("A supervisor allows completing {number} with 1 item unscanned:")
                  if unscanned == 1 else
                  self.tr("A supervisor allows completing {number} with {count} items "
                          "unscanned:")).format(number=number, count=unscanned)
        self.dialog = OverrideDialog(prompt, self.window())
        self.dialog.submitted.connect(self._confirmed)
        self.dialog.open()
        self.dialog.name_field.setFocus()
        return self.dialog

    def _confirmed(self) -> None:
        dialog, blocked = self.dialog, self._asking
        if dialog is None or blocked is None:
            return
        package_id, command = blocked
        if self._session.package_id != package_id:  # the package changed meanwhile
            dialog.done(QDialog.DialogCode.Rejected)
            self._show(ScanOutcome("error", "Override NOT used: the package changed while "
                                   "the PIN was asked. Run the command again.",
                                   self._session.package_id))
            return
        outcome = self._session.override(command, dialog.name, dialog.pin)
        if outcome.kind == "error":  # refused (and audited): they may try again
            dialog.refuse(outcome.message)
            return
        dialog.done(QDialog.DialogCode.Accepted)
        self._show(outcome)

    def _overridable(self, command: str | int) -> bool:
        view = self._session.view
        if view is None:
            return False
        matches = match_commands(view.commands, command)
        missing = any(not line.verified for line in view.lines())
        return len(matches) == 1 and matches[0].completes and missing
