"""The packing screen: feedback banner, package queue, open package, command keys.

Owns `MainWindow`: it lays out the banner, the collapsible queue panel
(`ui.packing.queue_panel`), the open package (`ui.packing.panel`), the command row
across the whole width, the menus (`ui.packing.menu`) and the status bar
(`ui.packing.status_bar`). Every scan — scanner burst, the "simulate scan" field, a
command key — goes through `PackingSession.handle_scan`/`run_command` and then
`_show`, so the packer sees one kind of feedback whatever the source.

The bench layout (issue 13): the window fits the screen it is on and never grows past
it (no widget asks for more than the screen; questions are bounded, dialogs are
windows), the font size changes live (`apply_font_size`, or any `setFont`), and
full screen is one key away. The window only reads and writes the UI thread's Store;
background sync and delivery tell it to refresh through signals (ui.background).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QFrame,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from station import outbox
from station.packing.questions import TAKEOVER
from station.packing.session import PackingSession, ScanOutcome
from station.scanning import render
from ui.background import Runner
from ui.errors import guarded
from ui.feedback.banner import AlertOverlay, FeedbackBanner, FeedbackKind
from ui.feedback.sound import SoundPlayer
from ui.i18n import render as render_text
from ui.packing.chooser import ChoiceBar
from ui.packing.connection import SYNC, Health, is_auth_failure
from ui.packing.geometry import BENCH_SIZE, MIN_SIZE, WindowGeometry
from ui.packing.mass_archive import MassArchivePrompt
from ui.packing.menu import WindowMenu
from ui.packing.override import OverrideOffer
from ui.packing.panel import PackagePanel
from ui.packing.queue import QueueModel, utcnow
from ui.packing.queue_panel import QueuePanel
from ui.packing.status_bar import StatusBar
from ui.scanner.capture import ScannerCapture
from ui.scanner.check_dialog import ScannerTestDialog

BASE_FONT_PT = 14
BANNER_MAX_PX = 100  # two lines of the banner's smallest font: the rest is for the items
QUEUE_WIDTH_PX = 470  # package number, target, state, channel at the bench font
CHOICES_MAX_SHARE = 0.4  # a question takes at most this share of the window's height
# Why a scan is held (never run) while the screen waits for the packer.

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


class MainWindow(WindowMenu, StatusBar, WindowGeometry, QMainWindow):
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
        self.setMinimumSize(MIN_SIZE)
        font = self.font()
        font.setPointSize(max(BASE_FONT_PT, font.pointSize()))
        self.setFont(font)
        self.banner = FeedbackBanner()
        self.banner.setMaximumHeight(BANNER_MAX_PX)
        self.queue_model = QueueModel(
            session.store, stock_location_id=stock_location_id, now=now, parent=self
        )
        self.mass_archive: MassArchivePrompt | None = None
        if stock_location_id is not None:
            self.mass_archive = MassArchivePrompt(session.store, stock_location_id, self)
            self.mass_archive.decided.connect(self._after_mass_archive)
        self.queue_panel = QueuePanel(self.queue_model)
        self.queue, self.state_filter = self.queue_panel.table, self.queue_panel.state_filter
        self.queue_search = self.queue_panel.search
        self._refresh_state_filter()
        self.state_filter.currentIndexChanged.connect(self._filter_queue)
        self.queue_search.textChanged.connect(self._filter_queue)
        self.queue.doubleClicked.connect(self._open_from_queue)
        self.panel = PackagePanel()
        # Buttons and their keys act as their cards do when scanned (station catalogue).
        self.panel.set_catalogue(session.config.catalogue)
        self.panel.card_clicked.connect(self.handle_scan)
        self.chooser = ChoiceBar(session, self._show)
        self.override = OverrideOffer(session, self._show)
        self.scan_field = QLineEdit()
        self.scan_field.setPlaceholderText(self.tr("Simulate scan: type a code and press Enter"))
        self.scan_field.returnPressed.connect(self._submit_scan_field)
        self._build_layout()
        self.alert = AlertOverlay(self)  # a wrong item: the packer must take it out first
        self._build_status_bar(capture)
        self._build_menu()
        capture.scanned.connect(self.handle_scan)
        self.banner.show_feedback(FeedbackKind.INFO, self.tr("Scan a package number to start."))
        self.panel.show_view(session.view)
        self.apply_font_size(self.font().pointSize())
        self.refresh_status()

    # --- building -----------------------------------------------------------------

    def _build_layout(self) -> None:
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.panel, 1)
        right_layout.addWidget(self._bounded(self.chooser))
        right_layout.addWidget(self.override)
        self.splitter = QSplitter()
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.queue_panel)
        self.splitter.addWidget(right)
        # A wider screen widens both: the queue's columns fit from about 1600 px.
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([QUEUE_WIDTH_PX, BENCH_SIZE.width() - QUEUE_WIDTH_PX])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 4)
        layout.setSpacing(4)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.panel.command_row)  # the keys span the whole width
        layout.addWidget(self.scan_field)
        self.setCentralWidget(central)

    def _bounded(self, widget: QWidget) -> QScrollArea:
        """`widget` in a scroll area at most CHOICES_MAX_SHARE of the window high: a
        long question scrolls instead of growing the window past the screen."""
        area = QScrollArea()
        area.setObjectName("chooser_area")
        area.setWidget(widget)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setVisible(False)
        self.chooser_area = area
        return area

    def _bound_chooser(self) -> None:
        """The question's area: as high as its choices, at most CHOICES_MAX_SHARE of
        the window (then it scrolls), hidden when nothing is asked."""
        asking = self.chooser.isVisibleTo(self.chooser_area) and bool(self.chooser.buttons)
        limit = int(self.height() * CHOICES_MAX_SHARE)
        self.chooser_area.setMaximumHeight(min(limit, self.chooser.sizeHint().height()))
        self.chooser_area.setVisible(asking)

    def title(self) -> str:
        return " — ".join(filter(None, (self.tr("Packing Station"), self.place,
                                        self.session.packer)))

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
            return self.tr("take the wrong item out first, then press Space or Esc, or click")
        if self.override.asking:
            return self.tr("answer the question first: the supervisor's name and PIN, or Cancel")
        if self.chooser.asking and not self.chooser.answers(raw):
            return self.tr("answer the question first: click or scan one of the choices, or "
                           "scan the CANCEL card")
        return None

    def _hold(self, raw: str, reason: str) -> None:
        """Show the held scan where the packer is looking; it is dropped, never run
        later: the packer scans it again once the screen is free."""
        message = self.tr("Scan {code} NOT used: {reason}.").format(code=render(raw),
                                                                    reason=reason)
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
        self.state_filter.addItem(self.tr("All states"), None)
        for state_id, name in self.queue_model.live_states():
            self.state_filter.addItem(name, state_id)
        self.state_filter.setCurrentIndex(max(0, self.state_filter.findData(chosen)))
        self.state_filter.blockSignals(False)

    def _filter_queue(self) -> None:
        self.queue_model.set_filter(self.state_filter.currentData(), self.queue_search.text())

    def _open_from_queue(self, index: QModelIndex) -> None:
        package_id = self.queue_model.data(index, Qt.ItemDataRole.UserRole)
        if package_id is not None:
            self.open_package(int(package_id))

    def open_package(self, package_id: int) -> None:
        """Open a package as if its number were scanned (queue, Packed today, prompt)."""
        self._show(self.session.open_package(package_id))

    def _show(self, outcome: ScanOutcome, source: str | int | None = None) -> None:
        """`source` (the raw scan or transition id) lets a blocked command be overridden."""
        self.last_outcome = outcome
        # A badge switches the packer.
        self.packer_label.setText(self.tr("Packer: {name}").format(name=self.session.packer))
        self.setWindowTitle(self.title())
        kind = banner_kind(outcome.kind)
        self.banner.show_feedback(kind, render_text(outcome.message))
        if outcome.kind in ("wrong", "over"):  # both: a unit to take out of the box
            self.alert.raise_alert(render_text(outcome.message), self.tr(
                "Take it out of the box, then press Space or Esc, or click"))
        if self.sound is not None:
            self.sound.play(kind)
        self.panel.show_view(self.session.view, scanned_item_id=outcome.item_id)
        self.chooser.follow(outcome)
        self._bound_chooser()
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
            self, self.tr("Quit Packing Station?"),
            (self.tr("1 command is not delivered to OMS yet. It is kept and sent when the "
                     "station runs again. Quit anyway?") if undelivered == 1 else
             self.tr("{count} commands are not delivered to OMS yet. They are kept and sent "
                     "when the station runs again. Quit anyway?").format(count=undelivered)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

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
        self.sync_label.setText(self.tr("Synced {time}").format(time=stamp[:5]))
        self.sync_label.setToolTip(self.tr("Last sync at {time}: {n} updated").format(
            time=stamp, n=report.get("stored", 0)))
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
            self.sync_label.setText(self.tr("Sync failed"))
