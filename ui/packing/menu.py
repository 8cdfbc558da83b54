"""The packing window's menus and the windows they open.

Owns `WindowMenu`, a mix-in of `MainWindow` (ui.packing.main_window): Station ▸ (sync,
go offline, scanner test, needs attention, history, statistics, switch packer,
settings, sign out, quit) and View ▸ (the queue panel, remembered through
`restore_queue`, and full screen), and opening the Needs attention, History and
scanner-test windows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from ui.outbox.attention import AttentionWidget
from ui.outbox.history import HistoryWidget
from ui.packing.inputs import ask_packer_name, badge_for
from ui.scanner.check_dialog import ScannerTestDialog
from ui.stats import open_stats

if TYPE_CHECKING:
    from ui.today import Reprinter

# At run time a plain mix-in; for the type checker, anything the window it is mixed
# into (ui.packing.main_window.MainWindow) provides.
_Base: Any = object

QUEUE_KEY = "Ctrl+Shift+L"  # F11 is a catalogue command key (Invoice number)
FULL_SCREEN_KEY = "Ctrl+Shift+F"


class WindowMenu(_Base):
    """The menus of the packing window (a mix-in: `MainWindow` provides the rest)."""

    attention: AttentionWidget | None
    history: HistoryWidget | None
    reprinter: Reprinter | None  # History's "Reprint" (None: no printers wired)
    scanner_test: ScannerTestDialog | None

    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Station"))
        self.sync_action = menu.addAction(self.tr("Sync now"), self.sync_requested.emit)
        # Not a check box: "☑ Go online" would read backwards. The text says what it does.
        self.offline_action = QAction(self.tr("Go offline"), self)
        self.offline_action.setToolTip(
            self.tr("Stop sending to OMS; commands queue until you go online"))
        self.offline_action.triggered.connect(
            lambda: self.set_offline_by_choice(not self.offline_by_choice))
        menu.addAction(self.offline_action)
        menu.addSeparator()
        self.scanner_test_action = menu.addAction(self.tr("Scanner test…"), self.open_scanner_test)
        self.attention_action = menu.addAction(self.tr("Needs attention"), self.open_attention)
        self.history_action = menu.addAction(self.tr("History"), self.open_history)
        self.stats_action = menu.addAction(self.tr("Statistics…"), lambda: open_stats(
            self, self.session.store.path, self.session.packer))
        self.packer_action = menu.addAction(self.tr("Switch packer…"), self.ask_packer)
        self.settings_action = menu.addAction(self.tr("Settings…"), self.settings_requested.emit)
        self.sign_out_action = menu.addAction(self.tr("Sign out"), self.sign_out_requested.emit)
        menu.addSeparator()
        self.quit_action = menu.addAction(self.tr("Quit"), self.close)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self._build_view_menu()

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
            self.history = HistoryWidget(self.session.store, self.session.packer,
                                         reprinter=self.reprinter, parent=self)
            history = self.history
            # Live: every handled scan re-reads it while it is shown (delivery changes
            # reach it through `refresh_today`, its own timer covers the rest).
            self.scan_handled.connect(lambda *_: history.isVisible() and history.refresh())
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

    def ask_packer(self) -> None:
        """The menu's packer switch: the same as scanning the new packer's badge."""
        name = ask_packer_name(self, self.session.packer)
        if name is not None:
            self.handle_scan(badge_for(name))


    def _build_view_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&View"))
        self.queue_action = QAction(self.tr("Package queue"), self)
        self.queue_action.setCheckable(True)
        self.queue_action.setChecked(True)
        self.queue_action.setShortcut(QKeySequence(QUEUE_KEY))
        self.queue_action.toggled.connect(self.show_queue)
        menu.addAction(self.queue_action)
        self.full_screen_action = QAction(self.tr("Full screen"), self)
        self.full_screen_action.setCheckable(True)
        self.full_screen_action.setShortcut(QKeySequence(FULL_SCREEN_KEY))
        self.full_screen_action.toggled.connect(self.set_full_screen)
        menu.addAction(self.full_screen_action)
        for action in (self.queue_action, self.full_screen_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)  # the keys work with the menu bar hidden (full screen)

    def restore_queue(self, shown: bool,
                      remember: Callable[[bool], None] | None = None) -> None:
        """The queue panel as the settings remember it; then `remember(shown)` is called
        each time the packer shows or hides it (View ▸ Package queue, its key)."""
        self.show_queue(shown)
        if remember is not None:
            self.queue_action.toggled.connect(remember)
