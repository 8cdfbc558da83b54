"""Wiring the "today" screens into a main window, for the composition root.

Owns `attach_packed_today` (an opener for the "Packed today" window whose "Reopen"
opens the package in the main window), `attach_next_package` (the next-package prompt
after each completion) and `follow_station` (History and Packed today re-read when a
scan is handled or delivery changes an entry). The main window is duck-typed: it
needs the `scan_handled(outcome)` signal only; opening a package is the callable the
caller gives, so this module never reaches into the window's insides.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from station.documents.settings import PrintSettings
from station.packing.commands import COMPLETING_TYPES
from station.packing.outcome import ScanOutcome
from station.store.db import Store
from ui.today.next_package import NextPackagePrompt
from ui.today.packed import PackedTodayWidget
from ui.today.reprint import Reprinter

logger = logging.getLogger(__name__)


def attach_packed_today(window: QWidget, store: Store, *, open_package: Callable[[int], None],
                        reprinter: Reprinter | None = None,
                        packer: str | None = None) -> Callable[[], PackedTodayWidget]:
    """An opener for the "Packed today" window (made once, shown and refreshed on each
    call; it follows the station's scans). "Reopen" calls `open_package(id)` and brings
    the main window forward."""
    made: list[PackedTodayWidget] = []

    def reopen(package_id: int) -> None:
        open_package(package_id)
        window.raise_()
        window.activateWindow()

    def open_screen() -> PackedTodayWidget:
        if not made:
            screen = PackedTodayWidget(store, packer=packer, reprinter=reprinter, parent=window)
            screen.setWindowFlag(Qt.WindowType.Window)
            screen.resize(1100, 650)
            screen.open_package_requested.connect(reopen)
            follow_station(screen, window)
            made.append(screen)
        made[0].refresh()
        made[0].show()
        made[0].raise_()
        return made[0]

    return open_screen


def attach_next_package(window: QWidget, prompt: NextPackagePrompt, *,
                        open_package: Callable[[int], None],
                        stock_location_id: int | None = None) -> None:
    """After a completion (a completing command saved) the prompt proposes the most
    urgent package; any other scan hides it (the packer chose another one)."""

    def after_scan(outcome: ScanOutcome) -> None:
        if outcome.saved and outcome.command_type in COMPLETING_TYPES:
            done = [outcome.package_id] if outcome.package_id is not None else []
            prompt.propose(stock_location_id=stock_location_id, exclude=done)
        elif prompt.isVisible():
            prompt.hide()

    window.scan_handled.connect(after_scan)  # type: ignore[attr-defined]
    prompt.open_package_requested.connect(open_package)


def follow_station(screen: Any, window: QWidget, delivery: Any | None = None) -> None:
    """`screen.refresh()` after every handled scan and (given the `DeliveryService`)
    every delivery change, while the screen is visible (it re-reads when shown)."""

    def refresh(*_args: object) -> None:
        if screen.isVisible():
            screen.refresh()

    window.scan_handled.connect(refresh)  # type: ignore[attr-defined]
    if delivery is not None:
        delivery.changed.connect(refresh)


def attach_today(window: Any, store: Store, *, print_settings: PrintSettings,
                 wake_printer: Callable[[], object] = lambda: None,
                 stock_location_id: int | None = None) -> NextPackagePrompt:
    """Everything "today" in the packing window: Reprint in History and Packed today
    (waking the print worker), Station ▸ Packed today…, and the next-package prompt
    above the command keys (Enter in the empty scan field opens the proposed package).
    Returns the prompt. History follows delivery through `follow_history`."""

    window.reprinter = Reprinter(store, print_settings, packer=lambda: window.session.packer,
                                 wake=wake_printer)
    open_today = attach_packed_today(window, store, open_package=window.open_package,
                                     reprinter=window.reprinter)
    window.packed_today_action = QAction(
        QCoreApplication.translate("WindowMenu", "Packed today…"), window)
    window.packed_today_action.triggered.connect(open_today)
    _insert_after_history(window)
    window.open_packed_today = open_today
    prompt = NextPackagePrompt(store, parent=window)
    prompt.hide()
    layout = window.centralWidget().layout()
    layout.insertWidget(layout.indexOf(window.panel.command_row), prompt)
    attach_next_package(window, prompt, open_package=window.open_package,
                        stock_location_id=stock_location_id)
    window.scan_field.returnPressed.connect(
        lambda: prompt.isVisible() and not window.scan_field.text().strip() and prompt.accept())
    window.next_package_prompt = prompt
    return prompt


def _insert_after_history(window: Any) -> None:
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if menu is not None and window.history_action in menu.actions():
            menu.insertAction(window.stats_action, window.packed_today_action)
            return


def follow_history(window: Any, delivery: Any) -> None:
    """History re-reads when delivery changes an entry, while it is shown."""
    delivery.changed.connect(lambda *_: window.history is not None
                             and window.history.isVisible() and window.history.refresh())
