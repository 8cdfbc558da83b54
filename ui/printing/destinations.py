"""Choosing where a document prints: the "Choose…" menu of the printing settings and
the "Send elsewhere…" of the print jobs screen.

Owns `DestinationChooser` (a menu of the system's printers, the printers already in
the settings, Qt's printer dialog, a network label printer, a PDF folder; the
choice comes out as a destination text, `station.documents.settings.Destination`)
and `NetworkPrinterDialog` (host and port → `tcp://HOST:PORT`). The system's
printers are listed off the UI thread (`ui.background.Runner`): a print service
that is slow to answer never freezes the window.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from station.documents.settings import Destination
from station.documents.transports import RAW_PORT, PrintRejected, parse_tcp_target
from station.errors import UsageError
from ui.background import Runner
from ui.printing.qprinter import choose_printer

log = logging.getLogger(__name__)

ERROR_STYLE = "color: #b71c1c;"
Deliver = Callable[[str], None]  # where a chosen destination goes


def system_printer_names() -> list[str]:
    """The printers the operating system offers (may ask the print service: slow)."""
    return sorted(QPrinterInfo.availablePrinterNames(), key=str.casefold)




def describe(destination: str) -> str:
    """A destination as a packer reads it (the text itself when it does not parse)."""
    try:
        parsed = Destination.parse(destination)
    except UsageError:
        return destination
    if parsed.kind == "tcp":
        return QCoreApplication.translate("DestinationChooser", "Network printer {address}"
                                          ).format(address=parsed.target.removeprefix("tcp://"))
    if parsed.kind == "cups":
        return QCoreApplication.translate("DestinationChooser", "CUPS queue {name}"
                                          ).format(name=parsed.target)
    if parsed.kind == "folder":
        return QCoreApplication.translate("DestinationChooser", "PDF folder {path}"
                                          ).format(path=parsed.target)
    return QCoreApplication.translate("DestinationChooser", "Printer {name}"
                                      ).format(name=parsed.target)


class DestinationChooser(QObject):
    """Builds the "where to print" menu; a choice is announced, not applied.

    Signals:
        chosen(str): the destination text the packer picked (tcp://…, folder:…, qt:…).
        printers_listed(list): the system's printer names, once listed off the UI thread.
    """

    chosen = Signal(str)
    printers_listed = Signal(list)

    def __init__(self, parent: QWidget, *,
                 known: Iterable[str] | Callable[[], Iterable[str]] = ()) -> None:
        super().__init__(parent)
        self._parent = parent
        # The printers already set up; a function is asked each time (settings change).
        self._known = known if callable(known) else list(known)
        self.printers: list[str] | None = None  # None: still being listed
        self._runner = Runner("printer-list", parent=self)
        self.refresh_printers()

    def known(self) -> list[str]:
        """The destinations already in use, each once, in their order."""
        texts = self._known() if callable(self._known) else self._known
        return [text for text in dict.fromkeys(str(text) for text in texts) if text]

    def refresh_printers(self) -> None:
        self._runner.run(system_printer_names, done=self._listed, failed=self._not_listed)

    def _listed(self, names: list[str]) -> None:
        self.printers = names
        self.printers_listed.emit(names)

    def _not_listed(self, error: BaseException) -> None:
        log.warning("the system's printers could not be listed: %s", error)
        self._listed([])

    def fill_menu(self, menu: QMenu, current: str = "",
                  deliver: Deliver | None = None) -> QMenu:
        """Replace `menu`'s entries with the choices (`current`: the field's text); a
        choice is emitted as `chosen` and handed to `deliver`."""
        menu.clear()
        if self.printers is None:
            menu.addAction(self.tr("Looking for printers…")).setEnabled(False)
        elif not self.printers:
            menu.addAction(self.tr("No system printer found")).setEnabled(False)
        for name in self.printers or []:
            menu.addAction(name, functools.partial(self._choose, f"qt:{name}", deliver))
        others = [text for text in self.known() if text != current]
        if others:
            menu.addSeparator()
            for text in others:
                menu.addAction(describe(text), functools.partial(self._choose, text, deliver))
        menu.addSeparator()
        menu.addAction(self.tr("Printer dialog…"),
                       lambda: self.open_printer_dialog(current, deliver))
        menu.addAction(self.tr("Network label printer…"),
                       lambda: self.ask_network_printer(current, deliver))
        menu.addAction(self.tr("Save as PDF in folder…"),
                       lambda: self.ask_folder(current, deliver))
        return menu

    def menu(self, current: str = "", deliver: Deliver | None = None) -> QMenu:
        """A new menu of the choices, owned by the parent widget."""
        return self.fill_menu(QMenu(self._parent), current, deliver)

    def open_printer_dialog(self, current: str = "",
                            deliver: Deliver | None = None) -> str | None:
        name = choose_printer(self._parent, _qt_name(current))
        return self._choose(f"qt:{name}" if name else None, deliver)

    def ask_network_printer(self, current: str = "",
                            deliver: Deliver | None = None) -> str | None:
        dialog = NetworkPrinterDialog(current, self._parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return self._choose(dialog.destination() if accepted else None, deliver)

    def ask_folder(self, current: str = "", deliver: Deliver | None = None) -> str | None:
        dialog = QFileDialog(self._parent, self.tr("Save documents as PDF in this folder"),
                             _folder(current))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # same on every OS
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return None
        return self._choose(f"folder:{dialog.selectedFiles()[0]}", deliver)

    def _choose(self, destination: str | None, deliver: Deliver | None) -> str | None:
        if destination:
            self.chosen.emit(destination)
            if deliver is not None:
                deliver(destination)
        return destination


class NetworkPrinterDialog(QDialog):
    """Asks for a raw label printer's address: host and port (9100)."""

    def __init__(self, current: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Network label printer"))
        host, port = _tcp_parts(current)
        self.host_edit = QLineEdit(host)
        self.host_edit.setPlaceholderText(self.tr("e.g. 10.0.0.7 or zebra-1.local"))
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(port)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        form = QFormLayout()
        form.addRow(self.tr("Printer address"), self.host_edit)
        form.addRow(self.tr("Port"), self.port_spin)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("A label printer that takes raw ZPL on its network "
                                        "port (usually 9100).")))
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def destination(self) -> str:
        host = self.host_edit.text().strip()
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"  # an IPv6 literal, as in URLs
        return f"tcp://{host}:{self.port_spin.value()}"

    def accept(self) -> None:
        """OK only with an address that parses; else one sentence and the dialog stays."""
        if not self.host_edit.text().strip():
            self.error_label.setText(self.tr("Type the printer's address."))
            return
        try:
            parse_tcp_target(self.destination())
        except PrintRejected:
            self.error_label.setText(self.tr("That is not a printer address: type a name "
                                             "or an IP address."))
            return
        super().accept()


def _tcp_parts(current: str) -> tuple[str, int]:
    if current.strip().startswith("tcp://"):
        try:
            return parse_tcp_target(current)
        except PrintRejected:
            pass
    return "", RAW_PORT


def _qt_name(current: str) -> str:
    try:
        parsed = Destination.parse(current)
    except UsageError:
        return ""
    return parsed.target if parsed.kind == "qt" else ""


def _folder(current: str) -> str:
    try:
        parsed = Destination.parse(current)
    except UsageError:
        return ""
    return parsed.target if parsed.kind == "folder" else ""
