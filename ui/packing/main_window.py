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
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from station import outbox
from station.packing.session import PackingSession, ScanOutcome
from ui.feedback.banner import AlertOverlay, FeedbackBanner, FeedbackKind
from ui.feedback.sound import SoundPlayer
from ui.outbox.attention import AttentionWidget
from ui.outbox.history import HistoryWidget
from ui.packing.chooser import ChoiceBar
from ui.packing.override import OverrideOffer
from ui.packing.panel import PackagePanel
from ui.packing.queue import QueueModel, utcnow
from ui.scanner.capture import ArmedIndicator, ScannerCapture
from ui.scanner.check_dialog import ScannerTestDialog

BASE_FONT_PT = 14
COMMAND_KEYS = 8  # F1–F8
ARMED_NOT_READY = "○ Click here to scan"
ALL_STATES = "All states"
WRONG_ITEM_HINT = "Take it out of the box, then press Space or Esc, or click"

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


class MainWindow(QMainWindow):
    """The packing screen for one packer's session."""

    scanHandled = Signal(object)  # the ScanOutcome, after the screen shows it
    commandQueued = Signal()  # something was added to the outbox: wake delivery
    syncRequested = Signal()  # Station ▸ Sync now
    offlineChosen = Signal(bool)  # Station ▸ Go offline (True) / Go online (False)

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
        self.setWindowTitle(f"Packing Station — {session.packer}")
        font = self.font()
        font.setPointSize(max(BASE_FONT_PT, font.pointSize()))
        self.setFont(font)
        self.banner = FeedbackBanner()
        self.queue_model = QueueModel(
            session.store, stock_location_id=stock_location_id, now=now, parent=self
        )
        self.queue = self._build_queue()
        self.state_filter = QComboBox()
        self.queue_search = QLineEdit()
        self.queue_search.setPlaceholderText("Search package / order number")
        self.queue_search.setClearButtonEnabled(True)
        self._refresh_state_filter()
        self.state_filter.currentIndexChanged.connect(self._filter_queue)
        self.queue_search.textChanged.connect(self._filter_queue)
        self.panel = PackagePanel()
        self.panel.commandClicked.connect(self.run_command)
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
        self.sync_action = menu.addAction("Sync now", self.syncRequested.emit)
        self.offline_action = QAction("Go offline", self, checkable=True)
        self.offline_action.setToolTip("Stop sending to OMS; commands queue until you go online")
        self.offline_action.toggled.connect(self.set_offline_by_choice)
        menu.addAction(self.offline_action)
        menu.addSeparator()
        self.scanner_test_action = menu.addAction("Scanner test…", self.open_scanner_test)
        self.attention_action = menu.addAction("Needs attention", self.open_attention)
        self.history_action = menu.addAction("History", self.open_history)
        menu.addSeparator()
        self.quit_action = menu.addAction("Quit", self.close)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)

    def _build_status_bar(self, capture: ScannerCapture) -> None:
        self.online_label = QLabel("○ Not synced yet")
        self.sync_label = QLabel("Synced: never")
        self.outbox_label = QLabel()
        self.packer_label = QLabel(f"Packer: {self.session.packer}")
        self.armed = ArmedIndicator()
        # Shorter than the indicator's default so the bar fits 1280 px; the tooltip says why.
        self.armed.NOT_READY_TEXT = ARMED_NOT_READY
        self.armed.setToolTip("Scans are heard only while this window is active")
        self.armed.bind(capture)
        self.attention_button = self._status_button("Needs attention (0)", self.open_attention)
        self.history_button = self._status_button("History", self.open_history)
        self.attention: AttentionWidget | None = None
        self.history: HistoryWidget | None = None
        bar = self.statusBar()
        for widget in (self.online_label, self.sync_label, self.outbox_label, self.packer_label,
                       self.attention_button, self.history_button):
            if isinstance(widget, QLabel):
                widget.setContentsMargins(0, 0, 10, 0)  # a gap between the texts
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
        self.attention.refresh()
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
        self.queue_model.refresh()
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
        self._show(self.session.handle_scan(raw), source=raw)

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

    def _show(self, outcome: ScanOutcome, source: str | int | None = None) -> None:
        """`source` (the raw scan or transition id) lets a blocked command be overridden."""
        self.last_outcome = outcome
        kind = banner_kind(outcome.kind)
        self.banner.show_feedback(kind, outcome.message)
        if outcome.kind == "wrong":
            self.alert.raise_alert(outcome.message, WRONG_ITEM_HINT)
        if self.sound is not None:
            self.sound.play(kind)
        self.panel.show_view(self.session.view)
        self.chooser.follow(outcome)
        self.override.follow(outcome, source)
        if outcome.outbox_id:
            self.queue_model.refresh()
            self._wake_delivery()
        self.refresh_status()
        self.scanHandled.emit(outcome)

    # --- status -------------------------------------------------------------------

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
        if self.attention is not None and self.attention.isVisible():
            self.attention.refresh()

    def _wake_delivery(self) -> None:
        if not self.offline_by_choice:  # offline by choice: commands wait in the outbox
            self.commandQueued.emit()

    def set_offline_by_choice(self, offline: bool) -> None:
        """Stop (or resume) talking to OMS; the Station pauses its workers on `offlineChosen`."""
        if offline == self.offline_by_choice:
            return
        self.offline_by_choice = offline
        self.offline_action.setChecked(offline)
        self.offline_action.setText("Go online" if offline else "Go offline")
        self.sync_action.setEnabled(not offline)
        self.offlineChosen.emit(offline)
        if offline:
            self.set_online(False)
        else:
            self.online_label.setText("○ Connecting…")
            self.online_label.setToolTip("")
            self.commandQueued.emit()  # deliver what queued meanwhile

    def set_online(self, online: bool, detail: str = "") -> None:
        """Short text (the status bar must fit 1280 px); the detail goes in the tooltip."""
        if self.offline_by_choice:  # a sync that was in flight must not say otherwise
            online, text = False, "○ Offline (by choice)"
            detail = "Station ▸ Go online to send queued commands"
        else:
            text = "● Online" if online else "○ Offline"
        self.online_label.setText(text)
        self.online_label.setToolTip(detail)
        self.online_label.setStyleSheet(f"color: {'#1b7f3b' if online else '#c62828'};")

    def shut_down(self) -> None:
        """The station is stopping and its store closing: from now on every slot fed by
        a worker (a result queued before the worker stopped) does nothing."""
        self.stopped = True

    def on_images_cached(self, _report: dict) -> None:
        """New product images on disk: redraw the open package so thumbnails show now.
        A result queued while the station was shutting down finds the window closed."""
        if not self.stopped and self.isVisible():
            self.panel.show_view(self.session.view)

    def on_synced(self, report: dict[str, Any]) -> None:
        if self.stopped:
            return
        self.set_online(True)
        stamp = dt.datetime.now().strftime("%H:%M:%S")
        self.sync_label.setText(f"Synced {stamp[:5]}")
        self.sync_label.setToolTip(f"Last sync at {stamp}: {report.get('stored', 0)} updated")
        self._refresh_state_filter()
        self._filter_queue()  # the chosen state may be gone: the filter follows the combo
        self.panel.show_view(self.session.view)
        self.refresh_status()

    def on_sync_failed(self, message: str, offline: bool) -> None:
        if self.stopped:
            return
        self.set_online(not offline, message)
        if not offline:
            self.sync_label.setText("Sync failed")
            self.sync_label.setToolTip(message)
