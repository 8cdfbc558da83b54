"""The packing screen: feedback banner, package queue, open package, status bar.

Owns `MainWindow`: it lays out the banner, the queue (`ui.packing.queue`), the
open package (`ui.packing.panel`), the menu and the status bar. Every scan —
scanner burst, the "simulate scan" field, a command button — goes through
`PackingSession.handle_scan`/`run_command` and then `_show`, so the packer sees
one kind of feedback whatever the source.

The window only reads and writes the UI thread's Store; background sync and
delivery tell it to refresh through signals (ui.background).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPainter, QPaintEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from station import outbox
from station.packing.inputs import TAKEOVER
from station.packing.session import PackingSession, ScanOutcome
from station.scanning import render
from ui.background import Runner
from ui.errors import guarded
from ui.feedback.banner import AlertOverlay, FeedbackBanner, FeedbackKind
from ui.feedback.sound import SoundPlayer
from ui.outbox.attention import AttentionWidget
from ui.outbox.history import HistoryWidget
from ui.packing.chooser import ChoiceBar
from ui.packing.connection import (
    DELIVERY,
    SYNC,
    ConnectionLabel,
    ConnectionTruth,
    Health,
    InsecureLabel,
    is_auth_failure,
)
from ui.packing.inputs import ask_packer_name, badge_for
from ui.packing.mass_archive import MassArchivePrompt
from ui.packing.override import OverrideOffer
from ui.packing.panel import PackagePanel
from ui.packing.queue import QueueModel, utcnow
from ui.scanner.capture import ArmedIndicator, ScannerCapture
from ui.scanner.check_dialog import ScannerTestDialog
from ui.stats import open_stats

BASE_FONT_PT = 14
# The bar holds connection, sync, outbox, packer and scanner state in 1280 px, even
# "signed out" and "insecure connection" at once; the banner is what is read from afar.
STATUS_FONT_PT = 11
SQUEEZABLE_MIN_PX = 40
TOKEN_REFUSED = "OMS no longer accepts this station's sign-in: sign in again."
COMMAND_KEYS = 0  # the command keys are the panel's (one per catalogue action)
ARMED_NOT_READY = "○ Click here to scan"
ALL_STATES = "All states"
WRONG_ITEM_HINT = "Take it out of the box, then press Space or Esc, or click"
# Why a scan is held (never run) while the screen waits for the packer.
HELD_WRONG_ITEM = "take the wrong item out first, then press Space or Esc, or click"
HELD_CHOICE = "answer the question first: click or scan one of the choices, or scan CMD:CANCEL"
HELD_OVERRIDE = "answer the question first: the supervisor's name and PIN, or Cancel"

# ScanOutcome kinds that are not FeedbackKinds, and how they look/sound.
_BANNER_KIND = {
    "saved": FeedbackKind.OK,
    "closed": FeedbackKind.INFO,
    "choose": FeedbackKind.INPUT_NEEDED,
}


def banner_kind(outcome_kind: str) -> FeedbackKind:
    if outcome_kind in _BANNER_KIND:
        return _BANNER_KIND[outcome_kind]
    try:
        return FeedbackKind(outcome_kind)
    except ValueError:  # a kind this screen does not know yet: never green
        return FeedbackKind.ERROR


class ElidingLabel(QLabel):
    """A status-bar text that, when the bar is crowded, ends in "…" instead of being
    cut off mid-letter; its tooltip still has it all."""

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self.setMinimumWidth(SQUEEZABLE_MIN_PX)

    def paintEvent(self, _event: QPaintEvent) -> None:
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                             rect.width())
        QPainter(self).drawText(rect, int(self.alignment()), text)


class MainWindow(QMainWindow):
    """The packing screen for one packer's session.

    Signals:
        scan_handled(outcome): the ScanOutcome, after the screen shows it.
        scan_held(raw, message): a scan held, not run, while the screen asks something.
        command_queued(): something was added to the outbox: wake delivery.
        sync_requested(): Station ▸ Sync now.
        offline_chosen(offline): Station ▸ Go offline (True) / Go online (False).
        sign_in_requested(reason): OMS refused the token, or the packer pressed
            "Sign in": ask for the password.
        settings_requested(): Station ▸ Settings… (ui.setup.apply opens the dialog).
        sign_out_requested(): Station ▸ Sign out: forget the OMS token.
    """

    scan_handled = Signal(object)
    scan_held = Signal(str, str)
    command_queued = Signal()
    sync_requested = Signal()
    offline_chosen = Signal(bool)
    sign_in_requested = Signal(str)
    settings_requested = Signal()
    sign_out_requested = Signal()

    def __init__(
        self,
        session: PackingSession,
        capture: ScannerCapture,
        *,
        sound: SoundPlayer | None = None,
        stock_location_id: int | None = None,
        now: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        super().__init__()
        self.session = session
        self.sound = sound
        self.last_outcome: ScanOutcome | None = None
        self.capture = capture
        self.offline_by_choice = False
        self.stopped = False
        self.scanner_test: ScannerTestDialog | None = None
        self.place = ""  # the store / stock location's name, in the title (settings)
        self.setWindowTitle(self.title())
        font = self.font()
        font.setPointSize(max(BASE_FONT_PT, font.pointSize()))
        self.setFont(font)
        self.banner = FeedbackBanner()
        self.queue_model = QueueModel(
            session.store, stock_location_id=stock_location_id, now=now, parent=self
        )
        self.mass_archive: MassArchivePrompt | None = None
        if stock_location_id is not None:
            self.mass_archive = MassArchivePrompt(session.store, stock_location_id, self)
            self.mass_archive.decided.connect(self._after_mass_archive)
        self.queue = self._build_queue()
        self.state_filter = QComboBox()
        self.queue_search = QLineEdit()
        self.queue_search.setPlaceholderText("Search package / order number")
        self.queue_search.setClearButtonEnabled(True)
        self._refresh_state_filter()
        self.state_filter.currentIndexChanged.connect(self._filter_queue)
        self.queue_search.textChanged.connect(self._filter_queue)
        self.panel = PackagePanel()
        # Buttons and their keys act as their cards do when scanned (station catalogue).
        self.panel.set_catalogue(session.config.catalogue)
        self.panel.card_clicked.connect(self.handle_scan)
        self.chooser = ChoiceBar(session, self._show)
        self.override = OverrideOffer(session, self._show)
        self.scan_field = QLineEdit()
        self.scan_field.setPlaceholderText("Simulate scan: type a code and press Enter")
        self.scan_field.returnPressed.connect(self._submit_scan_field)
        self._build_layout()
        self.alert = AlertOverlay(self)  # a wrong item: the packer must take it out first
        self._build_status_bar(capture)
        self._build_shortcuts()
        self._build_menu()
        capture.scanned.connect(self.handle_scan)
        self.banner.show_feedback(FeedbackKind.INFO, "Scan a package number to start.")
        self.panel.show_view(session.view)
        self.refresh_status()

    # --- building -----------------------------------------------------------------

    def _build_queue(self) -> QTableView:
        view = QTableView()
        view.setModel(self.queue_model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().hide()
        view.horizontalHeader().setStretchLastSection(True)
        widths = (205, 60, 125, 110, 130, 110, 50)  # px at 14 pt
        view.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # numbers differ at both ends
        for column, width in enumerate(widths):
            view.setColumnWidth(column, width)
        view.doubleClicked.connect(self._open_from_queue)
        return view

    def _build_layout(self) -> None:
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.panel, 1)
        right_layout.addWidget(self.chooser)
        right_layout.addWidget(self.override)
        right_layout.addWidget(self.scan_field)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        filters.addWidget(self.state_filter)
        filters.addWidget(self.queue_search, 1)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.queue, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([560, 720])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu("&Station")
        self.sync_action = menu.addAction("Sync now", self.sync_requested.emit)
        # Not a check box: "☑ Go online" would read backwards. The text says what it does.
        self.offline_action = QAction("Go offline", self)
        self.offline_action.setToolTip("Stop sending to OMS; commands queue until you go online")
        self.offline_action.triggered.connect(
            lambda: self.set_offline_by_choice(not self.offline_by_choice))
        menu.addAction(self.offline_action)
        menu.addSeparator()
        self.scanner_test_action = menu.addAction("Scanner test…", self.open_scanner_test)
        self.attention_action = menu.addAction("Needs attention", self.open_attention)
        self.history_action = menu.addAction("History", self.open_history)
        self.stats_action = menu.addAction("Statistics…", lambda: open_stats(
            self, self.session.store.path, self.session.packer))
        self.packer_action = menu.addAction("Switch packer…", self.ask_packer)
        self.settings_action = menu.addAction("Settings…", self.settings_requested.emit)
        self.sign_out_action = menu.addAction("Sign out", self.sign_out_requested.emit)
        menu.addSeparator()
        self.quit_action = menu.addAction("Quit", self.close)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)

    def title(self) -> str:
        return " — ".join(filter(None, ("Packing Station", self.place, self.session.packer)))

    def _build_status_bar(self, capture: ScannerCapture) -> None:
        self.connection = ConnectionTruth()
        self.online_label = ConnectionLabel(self.connection)
        self.online_label.sign_in_clicked.connect(self._ask_sign_in)
        self.insecure_label = InsecureLabel()
        # When the bar is crowded these give way, not the connection, outbox or attention.
        self.sync_label = ElidingLabel("Synced: never")
        self.outbox_label = QLabel()
        self.packer_label = ElidingLabel(f"Packer: {self.session.packer}")
        self.armed = ArmedIndicator()
        # Shorter than the indicator's default so the bar fits 1280 px; the tooltip says why.
        self.armed.NOT_READY_TEXT = ARMED_NOT_READY
        self.armed.setToolTip("Scans are heard only while this window is active")
        self.armed.bind(capture)
        self.attention_button = self._status_button("Needs attention (0)", self.open_attention)
        self.history_button = self._status_button("History", self.open_history)
        self.attention: AttentionWidget | None = None
        self.delivery_problem = ""  # why deliveries are paused, if they are
        self.newest_problem: str | None = None  # the outbox entry that last needed the packer
        # Online: (package id, state id) → "by ayse since 14:05" from OMS, or None.
        self.who_is_packing: Callable[[int, int], str | None] | None = None
        self._oms_runner: Runner | None = None
        # Asked on quit with undelivered commands (a function of their count; True quits).
        self.confirm_quit: Callable[[int], bool] = self.ask_before_quitting
        self.history: HistoryWidget | None = None
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

    def open_attention(self) -> AttentionWidget:
        """The "Needs attention" window; a retry wakes delivery like a new command."""
        if self.attention is None:
            self.attention = AttentionWidget(
                self.session.store, self.session.packer, wake_delivery=self._wake_delivery,
                parent=self)
            self.attention.setWindowFlag(Qt.WindowType.Window)
            self.attention.resize(900, 600)
            self.attention.changed.connect(self._after_attention)
        self.attention.show_delivery_problem(self.delivery_problem)
        self.attention.refresh()
        if self.newest_problem is not None:
            self.attention.select_entry(self.newest_problem)
        self.attention.show()
        return self.attention

    def open_history(self) -> HistoryWidget:
        if self.history is None:
            self.history = HistoryWidget(self.session.store, self.session.packer, parent=self)
            self.history.setWindowFlag(Qt.WindowType.Window)
            self.history.resize(900, 600)
        self.history.refresh()
        self.history.show()
        return self.history

    def open_scanner_test(self) -> ScannerTestDialog:
        """The scanner test; while it is open, scans go to it, not to packing."""
        if self.scanner_test is None:
            self.scanner_test = ScannerTestDialog(self.capture, parent=self)
            self.scanner_test.finished.connect(self._scanner_test_closed)
        self.scanner_test.show()
        return self.scanner_test

    def _scanner_test_closed(self) -> None:
        if self.scanner_test is not None:
            self.scanner_test.deleteLater()
        self.scanner_test = None  # scans go back to packing; the next test starts fresh

    def _after_attention(self) -> None:
        self.queue_model.update_loaded()  # a retry or a give-up changes states, not order
        self.panel.show_view(self.session.view)
        self.refresh_status()

    def _build_shortcuts(self) -> None:
        for number in range(COMMAND_KEYS):
            shortcut = QShortcut(QKeySequence(Qt.Key(Qt.Key.Key_F1 + number)), self)
            shortcut.activated.connect(lambda n=number: self._click_command(n))

    # --- scans and commands -------------------------------------------------------

    def handle_scan(self, raw: str) -> None:
        if self.scanner_test is not None:
            return  # the scanner test dialog takes this scan
        reason = self._held_because(raw)
        if reason is not None:
            self._hold(raw, reason)
            return
        self._show(self.session.handle_scan(raw), source=raw)

    def _held_because(self, raw: str) -> str | None:
        """Why `raw` must not run now: a wrong item is still in the box, or the screen
        asks the packer something that this scan does not answer."""
        if self.alert.is_up:
            return HELD_WRONG_ITEM
        if self.override.asking:
            return HELD_OVERRIDE
        if self.chooser.asking and not self.chooser.answers(raw):
            return HELD_CHOICE
        return None

    def _hold(self, raw: str, reason: str) -> None:
        """Show the held scan where the packer is looking; it is dropped, never run
        later: the packer scans it again once the screen is free."""
        message = f"Scan {render(raw)} NOT used: {reason}."
        if self.alert.is_up:
            self.alert.raise_alert(self.alert.message, message)
        elif self.override.asking:
            self.override.show_held(message)
        else:
            self.banner.show_feedback(FeedbackKind.INPUT_NEEDED, message)
        if self.sound is not None:
            self.sound.play(FeedbackKind.ERROR)
        self.scan_held.emit(raw, message)

    def run_command(self, transition_id: int) -> None:
        self._show(self.session.run_command(transition_id), source=transition_id)

    def _click_command(self, number: int) -> None:
        buttons = self.panel.command_buttons
        if number < len(buttons):
            buttons[number].click()

    def _submit_scan_field(self) -> None:
        text = self.scan_field.text()
        self.scan_field.clear()
        if text.strip():
            self.handle_scan(text)

    def _refresh_state_filter(self) -> None:
        """Offer the states live packages are in now, keeping the chosen one if still there."""
        chosen = self.state_filter.currentData()
        self.state_filter.blockSignals(True)  # the filter itself is unchanged
        self.state_filter.clear()
        self.state_filter.addItem(ALL_STATES, None)
        for state_id, name in self.queue_model.live_states():
            self.state_filter.addItem(name, state_id)
        self.state_filter.setCurrentIndex(max(0, self.state_filter.findData(chosen)))
        self.state_filter.blockSignals(False)

    def _filter_queue(self) -> None:
        self.queue_model.set_filter(self.state_filter.currentData(), self.queue_search.text())

    def _open_from_queue(self, index: QModelIndex) -> None:
        package_id = self.queue_model.data(index, Qt.ItemDataRole.UserRole)
        if package_id is not None:
            self._show(self.session.open_package(int(package_id)))

    def ask_packer(self) -> None:
        """The menu's packer switch: the same as scanning the new packer's badge."""
        name = ask_packer_name(self, self.session.packer)
        if name is not None:
            self.handle_scan(badge_for(name))

    def _show(self, outcome: ScanOutcome, source: str | int | None = None) -> None:
        """`source` (the raw scan or transition id) lets a blocked command be overridden."""
        self.last_outcome = outcome
        self.packer_label.setText(f"Packer: {self.session.packer}")  # a badge switches it
        self.setWindowTitle(self.title())
        kind = banner_kind(outcome.kind)
        self.banner.show_feedback(kind, outcome.message)
        if outcome.kind in ("wrong", "over"):  # both: a unit to take out of the box
            self.alert.raise_alert(outcome.message, WRONG_ITEM_HINT)
        if self.sound is not None:
            self.sound.play(kind)
        self.panel.show_view(self.session.view)
        self.chooser.follow(outcome)
        self.override.follow(outcome, source)
        self._name_who_is_packing()
        if outcome.outbox_id:
            if outcome.package_id is not None:  # only that row, only if on screen
                self.queue_model.update_packages([outcome.package_id])
            self._wake_delivery()
        self.refresh_status()
        self.scan_handled.emit(outcome)

    # --- status -------------------------------------------------------------------

    def _name_who_is_packing(self) -> None:
        """A package another station packs opened read-only: ask OMS (off the UI thread,
        online only) who moved it there, and name them in the banner."""
        view, question = self.session.view, self.session.question
        if self.who_is_packing is None or view is None or question is None \
                or question.kind != TAKEOVER:
            return
        ask = self.who_is_packing
        package_id, state_id = view.package_id, view.snapshot_state_id
        if self._oms_runner is None:
            self._oms_runner = Runner("who-is-packing", parent=self)
        self._oms_runner.run(lambda: ask(package_id, state_id),
                             done=lambda who: self._show_who_is_packing(package_id, who))

    def _show_who_is_packing(self, package_id: int, who: str | None) -> None:
        view, question = self.session.view, self.session.question
        if self.stopped or not who or view is None or view.package_id != package_id \
                or question is None or question.kind != TAKEOVER:
            return  # the packer moved on meanwhile, or OMS did not say
        self.banner.show_feedback(self.banner.kind, (
            f"Package {view.number} is being packed {who}. Scan CMD:OK to take it over, "
            "CMD:CANCEL to leave it."))

    def closeEvent(self, event: QCloseEvent) -> None:
        """Quitting (Ctrl+Q, the window's X) with commands not yet delivered asks first:
        they are kept and sent at the next start, but the packer should know."""
        if self.stopped or self.confirm_quit(self.undelivered()):
            event.accept()
        else:
            event.ignore()

    def undelivered(self) -> int:
        counts = outbox.counts(self.session.store)
        return sum(counts.get(status, 0) for status in outbox.QUEUED)

    def ask_before_quitting(self, undelivered: int) -> bool:
        """The default `confirm_quit`: True to quit."""
        if undelivered == 0:
            return True
        answer = QMessageBox.question(
            self, "Quit Packing Station?",
            f"{undelivered} command{'s' * (undelivered != 1)} not delivered to OMS yet. They "
            "are kept and sent when the station runs again. Quit anyway?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def refresh_status(self) -> None:
        counts = outbox.counts(self.session.store)
        waiting = counts.get("pending", 0) + counts.get("sending", 0)
        uncertain = counts.get("uncertain", 0)
        conflict = counts.get("conflict", 0) + counts.get("failed", 0)
        # Zero counts are left out so the bar fits 1280 px; the tooltip has all three.
        extra = "".join(f" · {n} {name}" for n, name in ((uncertain, "uncertain"),
                                                        (conflict, "conflict")) if n)
        self.outbox_label.setText(f"Outbox: {waiting} pending{extra}")
        self.outbox_label.setToolTip(
            f"Outbox: {waiting} pending · {uncertain} uncertain · {conflict} conflict")
        needing = sum(counts.get(status, 0) for status in outbox.NEEDS_ATTENTION)
        self.attention_button.setText(f"Needs attention ({needing})")
        self.attention_button.setStyleSheet("color: #c62828; font-weight: bold;" if needing else "")
        # Nothing to look at: the bar's room goes to the connection (Station ▸ Needs attention).
        self.attention_button.setVisible(needing > 0)
        if self.attention is not None and self.attention.isVisible():
            self.attention.refresh()

    def _wake_delivery(self) -> None:
        if not self.offline_by_choice:  # offline by choice: commands wait in the outbox
            self.command_queued.emit()

    def set_offline_by_choice(self, offline: bool) -> None:
        """Stop (or resume) talking to OMS; the Station pauses its workers on `offline_chosen`."""
        if offline == self.offline_by_choice:
            return
        self.offline_by_choice = offline
        self.offline_action.setText("Go online" if offline else "Go offline")
        self.sync_action.setEnabled(not offline)
        self.offline_chosen.emit(offline)
        self.connection.choose_offline(offline)
        self.show_connection()
        if not offline:
            self.command_queued.emit()  # deliver what queued meanwhile

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
            self.attention_button.setText("Needs attention (!)")
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

    def shut_down(self) -> None:
        """The station is stopping and its store closing: from now on every slot fed by
        a worker (a result queued before the worker stopped) does nothing."""
        self.stopped = True

    @guarded  # fed by a worker signal: a failure is shown, never lost
    def on_images_cached(self, _report: dict) -> None:
        """New product images on disk: redraw the open package so thumbnails show now.
        A result queued while the station was shutting down finds the window closed."""
        if not self.stopped and self.isVisible():
            self.panel.show_view(self.session.view)

    @guarded  # fed by a worker signal: a failure is shown, never lost
    def on_synced(self, report: dict[str, Any]) -> None:
        if self.stopped:
            return
        self.connection.success(SYNC)
        self.show_connection()
        stamp = dt.datetime.now().strftime("%H:%M:%S")
        self.sync_label.setText(f"Synced {stamp[:5]}")
        self.sync_label.setToolTip(f"Last sync at {stamp}: {report.get('stored', 0)} updated")
        self._refresh_state_filter()
        self._filter_queue()  # the chosen state may be gone: the filter follows the combo
        self.panel.show_view(self.session.view)
        self.refresh_status()
        if self.mass_archive is not None:
            self.mass_archive.ask_if_pending()

    def _after_mass_archive(self, archived: int) -> None:
        self._filter_queue()
        self.refresh_status()
        kept = "kept; the next sync asks again if OMS still does not list them"
        self.banner.show_feedback(FeedbackKind.INFO, f"{archived} packages archived."
                                  if archived else f"The packages are {kept}.")

    @guarded  # fed by a worker signal: a failure is shown, never lost
    def on_sync_failed(self, message: str, offline: bool) -> None:
        """A sync round failed: offline (the network), signed out (the token), or failing."""
        if self.stopped:
            return
        if is_auth_failure(message):
            self.signed_out(message, SYNC)
        else:
            self.connection.failure(SYNC, Health.OFFLINE if offline else Health.FAILING, message)
            self.show_connection()
        if not offline:
            self.sync_label.setText("Sync failed")
            self.sync_label.setToolTip(message)
