"""Supervisor override of a completing command blocked by unscanned items.

Owns `OverrideOffer` (the "Supervisor override…" button the packing screen shows
after such a block) and `OverrideDialog` (asks for the supervisor code, masked).
On OK the same command runs again through `PackingSession.run_command(...,
override_by=code)`, which writes the override to the audit trail; the outcome goes
back to the window like any scan. Scanner bursts never reach the code field:
ScannerCapture swallows them, terminator included, so a scan cannot accept the
dialog either.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station.packing.commands import match_commands
from station.packing.session import PackingSession, ScanOutcome
from station.scanning.interpret import CommandCard, interpret

EMPTY_CODE = "Enter the supervisor code — nothing was saved."


class OverrideDialog(QDialog):
    """Asks for a supervisor code; OK with an empty code stays open and says why."""

    def __init__(self, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Supervisor override")
        if parent is not None:  # a dialog is a window: fonts do not propagate to it
            self.setFont(parent.font())
        self.setMinimumWidth(560)
        self.prompt = QLabel(prompt)
        self.prompt.setWordWrap(True)
        self.code_field = QLineEdit()
        self.code_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.code_field.setPlaceholderText("Supervisor code")
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828; font-weight: bold;")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.prompt, self.code_field, self.error, self.buttons):
            layout.addWidget(widget)

    @property
    def code(self) -> str:
        return self.code_field.text().strip()

    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def accept(self) -> None:
        if not self.code:
            self.error.setText(EMPTY_CODE)
            self.error.show()
            self.code_field.setFocus()
            return
        super().accept()


class OverrideOffer(QPushButton):
    """Shown only while the last outcome is a completing command blocked by
    unscanned items; clicking it asks for the code and retries that command."""

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

    def ask(self) -> OverrideDialog | None:
        """Open the code dialog (window-modal, so the packing screen stays visible)."""
        if self._blocked is None:
            return None
        self._asking = self._blocked  # scans while the dialog is open must not change it
        view = self._session.view
        unscanned = sum(not line.verified for line in view.lines()) if view else 0
        number = view.number if view else ""
        # Short on purpose: the banner behind the dialog already lists what is missing.
        prompt = f"Supervisor code to complete {number} with {unscanned} item(s) unscanned:"
        self.dialog = OverrideDialog(prompt, self.window())
        self.dialog.accepted.connect(self._confirmed)
        self.dialog.open()
        self.dialog.code_field.setFocus()
        return self.dialog

    def _confirmed(self) -> None:
        dialog, blocked = self.dialog, self._asking
        if dialog is None or blocked is None:
            return
        package_id, command = blocked
        if self._session.package_id != package_id:  # a scan switched package meanwhile
            self._show(ScanOutcome("error", "Override NOT used: the package changed while "
                                   "the code was asked. Run the command again.",
                                   self._session.package_id))
            return
        self._show(self._session.run_command(command, override_by=dialog.code))

    def _overridable(self, command: str | int) -> bool:
        view = self._session.view
        if view is None:
            return False
        matches = match_commands(view.commands, command)
        missing = any(not line.verified for line in view.lines())
        return len(matches) == 1 and matches[0].completes and missing
