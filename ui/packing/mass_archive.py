"""Asking before a sync archives a large share of the cache.

Owns `MassArchivePrompt`: when a sync found that OMS no longer lists many of this
station's packages (a wrong OMS address or stock location looks exactly like that),
the core archives nothing and records the decision (`station.sync.mass_archive`). The
prompt shows it — how many, of how many — and lets the packer or manager archive them
or keep them. It never blocks scanning: packing goes on while it is open.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from station.store import Store
from station.sync import confirm_mass_archive, discard_mass_archive, pending_mass_archive


def sentence(decision: dict[str, Any]) -> str:
    total, live = int(decision["projected"]), int(decision["live"])
    return QCoreApplication.translate(
        "MassArchivePrompt",
        "OMS no longer lists {total} of this station's {live} packages ({share}%). Nothing "
        "was archived. Check the OMS address and the stock location; archive them only if "
        "they really left this station.").format(
            total=total, live=live, share=round(float(decision["share"]) * 100))


class MassArchivePrompt(QMessageBox):
    """The question, non-modal, shown again after each sync while it is pending.

    Signals:
        decided(archived): after a choice; how many packages were archived (0: kept).
    """

    decided = Signal(int)

    def __init__(self, store: Store, location: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store, self._location = store, location
        self.setWindowTitle(self.tr("Packages missing from OMS"))
        self.setIcon(QMessageBox.Icon.Warning)
        self.archive_button = self.addButton(self.tr("Archive them"),
                                             QMessageBox.ButtonRole.DestructiveRole)
        self.keep_button = self.addButton(self.tr("Keep them"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.keep_button)
        self.setModal(False)
        self.buttonClicked.connect(self._answer)

    def ask_if_pending(self) -> bool:
        """Show the pending decision, if any (again after each sync); True if shown."""
        decision = pending_mass_archive(self._store, self._location)
        if decision is None:
            self.hide()
            return False
        self.setText(sentence(decision))
        self.show()
        return True

    def _answer(self, button: Any) -> None:
        if button is self.archive_button:
            archived = confirm_mass_archive(self._store, self._location)
        else:
            discard_mass_archive(self._store, self._location)
            archived = 0
        self.decided.emit(archived)
