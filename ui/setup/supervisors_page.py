"""The settings dialog's Supervisors page: who may override a blocked completion.

Owns `SupervisorsPage`: the list of supervisors, adding one (name and a PIN typed
twice, checked by station.packing.supervisors, kept only as an scrypt hash) and
removing one. Nothing is saved here: the dialog saves `supervisors` with the rest.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station.errors import UsageError
from station.packing.supervisors import check_new_supervisor, hash_pin
from ui.i18n import render
from ui.setup.form import row, sentence


class SupervisorsPage(QWidget):
    """Supervisors by name (their PIN hashes in `supervisors`).

    Signals:
        said(message, error): a sentence for the dialog's status line.
    """

    said = Signal(str, bool)

    def __init__(self, supervisors: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.supervisors = dict(supervisors)
        self.supervisor_list = QListWidget()
        self.remove_supervisor_button = QPushButton(self.tr("Remove selected"))
        self.remove_supervisor_button.clicked.connect(self.remove_supervisor)
        self.supervisor_name_edit = QLineEdit()
        self.pin_edit, self.pin_again_edit = QLineEdit(), QLineEdit()
        for edit in (self.pin_edit, self.pin_again_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_supervisor_button = QPushButton(self.tr("Add supervisor"))
        self.add_supervisor_button.clicked.connect(self.add_supervisor)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.supervisor_name_edit)
        form.addRow(self.tr("PIN"), self.pin_edit)
        form.addRow(self.tr("PIN again"), self.pin_again_edit)
        form.addRow("", row(self.add_supervisor_button))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Who may override a blocked completion (PINs are "
                                        "stored only as scrypt hashes):")))
        layout.addWidget(self.supervisor_list)
        layout.addWidget(self.remove_supervisor_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(form)
        self._refresh()

    def add_supervisor(self) -> None:
        """Add (or give a new PIN to) the named supervisor; the PIN is typed twice."""
        pin = self.pin_edit.text()
        try:
            name = check_new_supervisor(self.supervisor_name_edit.text(), pin)
            if pin != self.pin_again_edit.text():
                raise UsageError(self.tr("the two PINs differ: type the same PIN twice"))
        except UsageError as exc:
            self.said.emit(sentence(render(exc.args[0] if exc.args else exc)), True)
            return
        for existing in [n for n in self.supervisors if n.casefold() == name.casefold()]:
            del self.supervisors[existing]  # one record per person, whatever the case
        self.supervisors[name] = hash_pin(pin)
        for edit in (self.supervisor_name_edit, self.pin_edit, self.pin_again_edit):
            edit.clear()
        self._refresh()
        self.said.emit(self.tr("{name} may override blocked completions (after OK).").format(
            name=name), False)

    def remove_supervisor(self) -> None:
        item = self.supervisor_list.currentItem()
        if item is None:
            self.said.emit(self.tr("Choose the supervisor to remove first."), True)
            return
        name = item.text()  # the item goes with the refresh
        self.supervisors.pop(name, None)
        self._refresh()
        self.said.emit(self.tr("{name} removed (after OK).").format(name=name), False)

    def _refresh(self) -> None:
        self.supervisor_list.clear()
        self.supervisor_list.addItems(sorted(self.supervisors, key=str.casefold))
