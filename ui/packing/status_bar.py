"""The packing window's status bar and what it says about the connection and the outbox.

Owns `StatusBar`, a mix-in of `MainWindow` (ui.packing.main_window): the labels for the
connection (ui.packing.connection), the last sync, the outbox, the packer and the
scanner, the Needs attention and History buttons, and the slots that keep them true
(deliveries, sign-in and sign-out). The bar never widens the window: its texts elide.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from station import outbox
from ui.background import Runner
from ui.errors import guarded
from ui.outbox.attention import AttentionWidget
from ui.outbox.history import HistoryWidget
from ui.packing.connection import (
    DELIVERY,
    SYNC,
    ConnectionLabel,
    ConnectionTruth,
    Health,
    InsecureLabel,
)
from ui.packing.eliding import ElidingLabel
from ui.scanner.capture import ArmedIndicator, ScannerCapture

if TYPE_CHECKING:
    from ui.today import Reprinter

# At run time a plain mix-in; for the type checker, anything the window it is mixed
# into (ui.packing.main_window.MainWindow) provides.
_Base: Any = object

# The bar holds connection, sync, outbox, packer and scanner state in 1280 px, even
# "signed out" and "insecure connection" at once; the banner is what is read from afar.
STATUS_FONT_PT = 11
STATUS_SMALLER_PT = 3  # below the base font: the bar is glanced at, not read from afar
TOKEN_REFUSED = "OMS no longer accepts this station's sign-in: sign in again."
ARMED_NOT_READY = "○ Click here to scan"


class StatusBar(_Base):
    """The status bar of the packing window (a mix-in: `MainWindow` provides the rest)."""

    def _build_status_bar(self, capture: ScannerCapture) -> None:
        self.connection = ConnectionTruth()
        self.online_label = ConnectionLabel(self.connection)
        self.online_label.sign_in_clicked.connect(self._ask_sign_in)
        self.insecure_label = InsecureLabel()
        # When the bar is crowded these give way, not the connection, outbox or attention.
        self.sync_label = ElidingLabel(self.tr("Synced: never"))
        self.outbox_label = QLabel()
        self.packer_label = ElidingLabel(
            self.tr("Packer: {name}").format(name=self.session.packer))
        self.armed = ArmedIndicator()
        # Shorter than the indicator's default so the bar fits 1280 px; the tooltip says why.
        self.armed.NOT_READY_TEXT = ARMED_NOT_READY
        self.armed.setToolTip(self.tr("Scans are heard only while this window is active"))
        self.armed.bind(capture)
        self.attention_button = self._status_button(self.tr("Needs attention ({n})").format(n=0),
                                                   self.open_attention)
        self.history_button = self._status_button(self.tr("History"), self.open_history)
        self.attention: AttentionWidget | None = None
        self.delivery_problem = ""  # why deliveries are paused, if they are
        self.newest_problem: str | None = None  # the outbox entry that last needed the packer
        # Online: (package id, state id) → "by ayse since 14:05" from OMS, or None.
        self.who_is_packing: Callable[[int, int], str | None] | None = None
        self._oms_runner: Runner | None = None
        # Asked on quit with undelivered commands (a function of their count; True quits).
        self.confirm_quit: Callable[[int], bool] = self.ask_before_quitting
        self.history: HistoryWidget | None = None
        self.reprinter: Reprinter | None = None  # set by ui.today.attach_today
        bar = self.statusBar()
        font = bar.font()
        font.setPointSize(STATUS_FONT_PT)
        bar.setFont(font)
        for widget in (self.online_label, self.insecure_label,
                       self.sync_label, self.outbox_label, self.packer_label,
                       self.attention_button, self.history_button):
            if isinstance(widget, QLabel):
                widget.setContentsMargins(0, 0, 10, 0)  # a gap between the texts
            widget.setFont(font)  # a style-sheeted widget would not take the bar's
            bar.addWidget(widget)
        bar.addPermanentWidget(self.armed)

    def _status_button(self, text: str, action: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # scans stay with the packing screen
        button.clicked.connect(lambda _=False: action())
        return button

    def refresh_status(self) -> None:
        counts = outbox.counts(self.session.store)
        waiting = counts.get("pending", 0) + counts.get("sending", 0)
        uncertain = counts.get("uncertain", 0)
        conflict = counts.get("conflict", 0) + counts.get("failed", 0)
        # Zero counts are left out so the bar fits 1280 px; the tooltip has all three.
        extra = "".join(text.format(n=n) for n, text in (
            (uncertain, self.tr(" · {n} uncertain")), (conflict, self.tr(" · {n} conflict")))
            if n)
        self.outbox_label.setText(self.tr("Outbox: {n} pending").format(n=waiting) + extra)
        self.outbox_label.setToolTip(
            self.tr("Outbox: {waiting} pending · {uncertain} uncertain · {conflict} conflict")
            .format(waiting=waiting, uncertain=uncertain, conflict=conflict))
        needing = sum(counts.get(status, 0) for status in outbox.NEEDS_ATTENTION)
        self.attention_button.setText(self.tr("Needs attention ({n})").format(n=needing))
        self.attention_button.setStyleSheet("color: #c62828; font-weight: bold;" if needing else "")
        # Nothing to look at: the bar's room goes to the connection (Station ▸ Needs attention).
        self.attention_button.setVisible(needing > 0)
        if self.attention is not None and self.attention.isVisible():
            self.attention.refresh()

    # --- the connection, as the last requests found it ---------------------------------

    def show_connection(self) -> Health:
        """Paint what `connection` knows (signed out: with a "sign in again" link)."""
        return self.online_label.show_truth().health

    def set_no_oms(self, reason: str = "no OMS configured") -> None:
        """This station packs from its cache only: nothing to sync or send to."""
        self.connection.configured = False
        self.show_connection()
        self.online_label.setToolTip(reason)

    def show_insecure(self, base_url: str | None, insecure: bool | None = None) -> None:
        self.insecure_label.follow(base_url, insecure)

    @guarded  # fed by a worker signal: a failure is shown, never lost
    def on_delivery_event(self, status: str, entry_id: str, *, network_down: bool = False,
                          auth_problem: str | None = None) -> None:
        """An outbox entry changed in delivery: "done" proves OMS answered; a retry
        says why (the network, OMS, or the token); "conflict"/"failed" are answers
        too (the entry shows under Needs attention)."""
        if self.stopped:
            return
        if status == "auth" or auth_problem:
            self.signed_out(auth_problem or self._last_error(entry_id), DELIVERY)
        elif status in ("done", "conflict", "failed"):
            self.connection.success(DELIVERY)
            if status != "done":  # Needs attention opens on the newest problem
                self.newest_problem = entry_id
        elif status in ("pending", "uncertain"):
            reason = self._last_error(entry_id)
            health = Health.OFFLINE if network_down else Health.FAILING
            self.connection.failure(DELIVERY, health, reason)
        self.show_connection()

    @guarded  # fed by a worker signal: a failure is shown, never lost
    def on_delivery_problem(self, message: str) -> None:
        """Deliveries pause on an error that repeats (not OMS's answer: the disk, a
        bug): the bar says so, and so does Needs attention, until one works again."""
        if self.stopped:
            return
        self.delivery_problem = message
        if message:
            self.connection.failure(DELIVERY, Health.FAILING, message)
            self.show_connection()
            self.attention_button.setText(self.tr("Needs attention ({n})").format(n="!"))
            self.attention_button.show()
        if self.attention is not None:
            self.attention.show_delivery_problem(message)

    def signed_in(self) -> None:
        """A new token is in use: "Connecting…" until a request with it succeeds."""
        self.connection.signed_in()
        self.show_connection()

    def signed_out(self, reason: str, source: str = SYNC, sentence: str = "") -> None:
        """OMS refused the token (or there is none): say so, and ask for a sign-in.
        `reason` (technical) goes in the tooltip; `sentence` heads the sign-in dialog."""
        already = self.connection.signed_out
        self.connection.failure(source, Health.SIGNED_OUT, reason)
        self.show_connection()
        if not already:  # ask once; "sign in again" in the bar asks again
            self.sign_in_requested.emit(sentence or TOKEN_REFUSED)

    def _ask_sign_in(self) -> None:
        self.sign_in_requested.emit("")

    def _last_error(self, entry_id: str) -> str:
        entry = outbox.get_entry(self.session.store, entry_id)
        return (entry.last_error if entry is not None else None) or "no reason given"


    def scale_status_bar(self, points: int) -> None:
        """The bar's texts follow the base size, STATUS_SMALLER_PT smaller."""
        bar = self.statusBar()
        font = bar.font()
        font.setPointSize(max(8, points - STATUS_SMALLER_PT))
        bar.setFont(font)
        for widget in (self.online_label, self.insecure_label, self.sync_label,
                       self.outbox_label, self.packer_label, self.attention_button,
                       self.history_button, self.armed):
            widget.setFont(font)  # a style-sheeted widget would not take the bar's
