"""The "next package" prompt shown after a completion: the most urgent package still to
pack, so the packer goes straight on — "Next: package 1042 (same day, due 14:30) —
scan it or press Enter".

Owns `NextPackagePrompt`. `propose(...)` finds the package with
`station.stats.next_package` (the queue's own order, off the UI thread) and shows it;
`show_next(row)` shows a row the caller already has. Enter (or "Open") asks for that
package; Escape (or scanning anything: the main window just hides the prompt) leaves
it. The widget runs no SQL.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from station import stats
from station.store import QueueRow
from station.store.db import Store
from ui.i18n import format_datetime
from ui.today.reading import StoreReader

logger = logging.getLogger(__name__)


class NextPackagePrompt(QFrame):
    """A band under the package panel naming the next package to pack.

    Signals:
        open_package_requested(package_id): Enter or "Open" on the proposed package.
        dismissed(): Escape or "Not now": the packer will scan another one.
    """

    open_package_requested = Signal(int)
    dismissed = Signal()

    def __init__(self, store: Store | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._reader = StoreReader("next-package", store, self) if store is not None else None
        self.proposed: QueueRow | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("NextPackagePrompt { background: #e3f2fd; }")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.text = QLabel()
        self.text.setStyleSheet("font-size: 18pt;")
        self.text.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.accept)
        self.later_button = QPushButton(self.tr("Not now"))
        self.later_button.clicked.connect(self.dismiss)
        for button in (self.open_button, self.later_button):
            button.setStyleSheet("font-size: 14pt; padding: 6px 18px;")
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.open_button)
        layout.addWidget(self.later_button)
        self.hide()

    def propose(self, *, stock_location_id: int | None = None,
                exclude: Iterable[int] = ()) -> None:
        """Find the most urgent package still to pack (off the UI thread) and show it."""
        if self._reader is None:
            raise RuntimeError("NextPackagePrompt.propose needs the store it was made with")
        query = functools.partial(stats.next_package, stock_location_id=stock_location_id,
                                  exclude=tuple(exclude))
        self._reader.read(query, self.show_next, self._not_found)

    def show_next(self, row: QueueRow | None) -> None:
        """Show `row` as the next package (None: nothing is waiting)."""
        self.proposed = row
        self.open_button.setVisible(row is not None)
        if row is None:
            self.text.setText(self.tr("Nothing else is waiting: scan another package."))
        else:
            self.text.setText(self._sentence(row))
        self.show()

    def _sentence(self, row: QueueRow) -> str:
        due, late = _due(row.target_packing_date)
        when = (self.tr("overdue since {due}") if late else self.tr("due {due}")).format(due=due)
        if row.delivery_type == "same_day" and due:
            where = self.tr("same day, {when}").format(when=when)
        elif row.delivery_type == "same_day":
            where = self.tr("same day")
        elif due:
            where = when
        else:
            return self.tr("Next: package {number} — scan it or press Enter").format(
                number=row.number)
        return self.tr("Next: package {number} ({where}) — scan it or press Enter").format(
            number=row.number, where=where)

    def _not_found(self, exc: BaseException) -> None:
        logger.warning("next package not found", exc_info=exc)
        self.proposed = None
        self.hide()

    @Slot()
    def accept(self) -> None:
        """Open the proposed package (the main window's slot does the opening)."""
        row = self.proposed
        if row is not None and self.isVisible():
            self.hide()
            self.open_package_requested.emit(row.id)

    @Slot()
    def dismiss(self) -> None:
        if self.isVisible():
            self.hide()
            self.dismissed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept()
        elif event.key() == Qt.Key.Key_Escape:
            self.dismiss()
        else:
            super().keyPressEvent(event)


def _due(target: str | None) -> tuple[str, bool]:
    """The target packing time as shown (the time alone today, with the date otherwise)
    and whether it has passed."""
    if not target:
        return "", False
    try:
        moment = dt.datetime.fromisoformat(target.replace("Z", "+00:00"))
    except ValueError:
        return target, False
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    now = dt.datetime.now(dt.UTC)
    same_day = moment.astimezone().date() == now.astimezone().date()
    return format_datetime(moment, with_date=not same_day), moment < now
