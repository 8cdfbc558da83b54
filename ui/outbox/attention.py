"""The "Needs attention" screen: outbox entries OMS refused (conflict) or that failed.

Owns `AttentionWidget`: one row per entry in conflict/failed — package number,
command, when, packer and, most prominently, OMS's own message (`last_error`) —
and the packer's answers, Retry, Discard and — for a conflict — Mark as delivered (OMS
already has it, e.g. the read-back found the same change made elsewhere), which call
`station.outbox.attention` (the core audits them). After any of them, delivery is woken
(optional callback) so a retried entry goes out at once, and `changed` tells the main
window to refresh.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station import outbox
from station.errors import RejectedError
from station.outbox.queue import OutboxEntry
from station.outbox.status_words import status_word
from station.store import package_numbers
from station.store.db import Store
from ui.i18n import format_datetime, render

_ENTRY_ROLE = Qt.ItemDataRole.UserRole
_MESSAGE_STYLE = (
    "background: #ffebee; color: #b71c1c; font-size: 18pt; font-weight: bold; "
    "padding: 10px; border: 2px solid #c62828;"
)
# Nothing to do is good news: it reads green, not like an error (issue 13).
_ALL_CLEAR_STYLE = (
    "background: #e8f5e9; color: #1b5e20; font-size: 18pt; font-weight: bold; "
    "padding: 10px; border: 2px solid #2e7d32;"
)


def entry_text(entry: OutboxEntry, number: str | None) -> str:
    """The list row: who/what/when on the first line, OMS's message under it (its words
    are OMS's own, shown as they came)."""
    translate = QCoreApplication.translate
    what = command_name(entry)
    shouted: dict[str, str] = {outbox.Status.CONFLICT: translate("AttentionWidget", "CONFLICT"),
                               outbox.Status.FAILED: translate("AttentionWidget", "FAILED")}
    status = shouted.get(entry.status) or render(status_word(entry.status))
    package = number or translate("AttentionWidget", "id {id}").format(id=entry.package_id)
    head = translate("AttentionWidget",
                     "Package {package} · {what} · {status} · {when} by {packer}").format(
        package=package, what=what, status=status, when=format_datetime(entry.created_at),
        packer=entry.packer)
    # Our words around OMS's (a stored Message) in the packer's language; OMS's as they came.
    said = render(entry.last_error) or translate("AttentionWidget", "(no message)")
    return head + "\n" + translate("AttentionWidget", "OMS: {message}").format(message=said)


def command_name(entry: OutboxEntry) -> str:
    """What the entry sends, in the packer's language where the words are ours."""
    translate = QCoreApplication.translate
    if entry.kind == outbox.KIND_INVOICE:
        return translate("AttentionWidget", "Invoice number {value}").format(value=entry.payload)
    if entry.kind == outbox.KIND_REMOTE_ID:
        return translate("AttentionWidget", "Remote id {value}").format(value=entry.payload)
    return entry.label or entry.command_type or entry.slug or translate(
        "AttentionWidget", "transition {id}").format(id=entry.transition_id)


class AttentionWidget(QWidget):
    """Entries in conflict/failed with Retry, Discard and Mark as delivered (conflicts
    only) for the selected one.

    Signals:
        changed: an entry was retried, discarded or marked as delivered.
    """

    changed = Signal()

    def __init__(
        self,
        store: Store,
        packer: str,
        *,
        wake_delivery: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._packer = packer
        self._wake_delivery = wake_delivery
        self.setWindowTitle(self.tr("Needs attention"))
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 22pt; font-weight: bold;")
        self.delivery_problem = QLabel()
        self.delivery_problem.setWordWrap(True)
        self.delivery_problem.setStyleSheet(_MESSAGE_STYLE)
        self.delivery_problem.hide()
        self.list = QListWidget()
        self.list.setStyleSheet("font-size: 16pt;")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.currentItemChanged.connect(lambda *_: self._show_selected())
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(_MESSAGE_STYLE)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result = QLabel()
        self.result.setStyleSheet("font-size: 14pt;")
        self.result.setWordWrap(True)
        self.retry_button = self._button(self.tr("Retry — send again"), self.retry_selected)
        self.discard_button = self._button(self.tr("Discard — give up"), self.discard_selected)
        self.delivered_button = self._button(self.tr("Mark as delivered"),
                                             self.mark_delivered_selected)
        self._build_layout()
        self.refresh()

    def _button(self, text: str, action: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setMinimumHeight(56)
        button.setStyleSheet("font-size: 18pt;")
        button.clicked.connect(lambda _=False: action())
        return button

    def _build_layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.delivered_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.delivery_problem)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addWidget(self.result)

    def show_delivery_problem(self, message: str) -> None:
        """Deliveries are paused on an error that repeats: say so above the list
        ("" hides it once deliveries work again)."""
        self.delivery_problem.setText(self.tr(
            "Deliveries are paused and retried with growing pauses: {message}").format(
                message=message) if message else "")
        self.delivery_problem.setVisible(bool(message))

    # --- reading ------------------------------------------------------------------

    @property
    def entries(self) -> list[OutboxEntry]:
        """The entries shown, in list order."""
        return [self.list.item(row).data(_ENTRY_ROLE) for row in range(self.list.count())]

    def refresh(self) -> int:
        """Re-read the outbox; keeps the selection when the entry is still listed.
        Returns how many entries need attention."""
        selected = self.selected()
        found = outbox.entries(self._store, statuses=outbox.NEEDS_ATTENTION)
        numbers = package_numbers(self._store, {entry.package_id for entry in found})
        self.list.clear()
        for entry in found:
            item = QListWidgetItem(entry_text(entry, numbers.get(entry.package_id)))
            item.setData(_ENTRY_ROLE, entry)
            self.list.addItem(item)
            if selected is not None and entry.id == selected.id:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and found:
            self.list.setCurrentRow(0)
        self.title.setText(self.tr("Needs attention ({n})").format(n=len(found)))
        self._show_selected()
        return len(found)

    def selected(self) -> OutboxEntry | None:
        item = self.list.currentItem()
        return None if item is None else item.data(_ENTRY_ROLE)

    def _show_selected(self) -> None:
        entry = self.selected()
        self.retry_button.setEnabled(entry is not None)
        self.discard_button.setEnabled(entry is not None)
        self.delivered_button.setEnabled(entry is not None and entry.status == "conflict")
        all_clear = entry is None and self.list.count() == 0
        self.message.setStyleSheet(_ALL_CLEAR_STYLE if all_clear else _MESSAGE_STYLE)
        if entry is None:
            self.message.setText(self._all_clear_text() if all_clear else "")
            return
        self.message.setText(self.tr("OMS said: {message}").format(
            message=render(entry.last_error) or self.tr("(no message)")))

    def _all_clear_text(self) -> str:
        """Good news, and true: "every command is delivered" only when none is still
        on its way (offline, or OMS not reached yet)."""
        counts = outbox.counts(self._store)
        on_its_way = sum(counts.get(status, 0) for status in outbox.IN_FLIGHT)
        if on_its_way:
            return self.tr("Nothing needs you. {n} still on their way to OMS.").format(
                n=on_its_way)
        return self.tr("Nothing needs you. Every command is delivered.")

    # --- the packer's answers -----------------------------------------------------

    def select_entry(self, entry_id: str) -> bool:
        """Make `entry_id` the selected row; False if it is not listed."""
        for row in range(self.list.count()):
            if self.list.item(row).data(_ENTRY_ROLE).id == entry_id:
                self.list.setCurrentRow(row)
                return True
        return False

    def retry_selected(self) -> OutboxEntry | None:
        return self._act(outbox.retry, self.tr("{what} will be sent again."))

    def discard_selected(self) -> OutboxEntry | None:
        return self._act(outbox.discard, self.tr("{what} was discarded; it will not be sent."))

    def mark_delivered_selected(self) -> OutboxEntry | None:
        return self._act(outbox.mark_delivered,
                         self.tr("{what} is recorded as delivered; it will not be sent."))

    def _act(self, action: Callable[..., OutboxEntry], done_text: str) -> OutboxEntry | None:
        """Run the packer's answer on the selected entry; `done_text` has a {what}."""
        entry = self.selected()
        if entry is None:
            return None
        try:
            updated = action(self._store, entry.id, packer=self._packer)
        except RejectedError as exc:  # e.g. delivery resolved it meanwhile: say so, re-read
            self.result.setText(self.tr("Could not do that: {reason}").format(
                reason=render(exc.args[0]) if exc.args else str(exc)))
            self.refresh()
            return None
        number = package_numbers(self._store, {updated.package_id}).get(updated.package_id)
        what = self.tr("{what} for package {package}").format(
            what=command_name(updated), package=number or updated.package_id)
        self.result.setText(done_text.format(what=f"{what[:1].upper()}{what[1:]}"))
        if self._wake_delivery is not None:
            self._wake_delivery()
        self.refresh()
        self.changed.emit()
        return updated
