"""The printer's line in the status bar, and wiring the printing screens into the window.

Owns:

* `PrintMonitor` — turns the print worker's `on_change(job_id, state, reason)` calls
  (made on the worker's thread) into a Qt signal queued to the UI thread, and counts
  the jobs that are not printed off the UI thread (`ui.background.Runner`, its own
  connection per count; counts asked for meanwhile are merged into one).
* `PrintStatusButton` — "Printer: 2 waiting — paper?"; hidden when everything has
  printed; its tooltip is the newest reason; a click opens the print jobs screen.
* `attach_printing(window, worker, db_path, packer=…)` — adds both to a main window
  with a "Print jobs…" menu action, without the window knowing about printing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QPushButton, QWidget

from station.documents import queue
from station.documents.worker import PrintWorker
from station.store import open_store
from ui.background import Runner
from ui.i18n import render
from ui.printing.jobs import PrintJobsWidget

log = logging.getLogger(__name__)

NEEDS_PACKER = ("failed", "uncertain")
TROUBLE_STYLE = "QPushButton { background: #fff3c4; border: 1px solid #c9a400; padding: 1px 8px; }"
CALM_STYLE = "QPushButton { padding: 1px 8px; }"


@dataclass(frozen=True)
class PrintCount:
    """The jobs not printed yet: `waiting` for a printer or their turn, `stuck` (failed
    or may have printed) for the packer; `reason`: the newest sentence why."""

    waiting: int = 0
    stuck: int = 0
    reason: str = ""
    printer_trouble: bool = False  # a job waits because a printer did not take it

    @property
    def total(self) -> int:
        return self.waiting + self.stuck


def count_jobs(db_path: str | Path) -> PrintCount:
    """What the status bar shows, read on the caller's thread with its own connection."""
    with open_store(db_path) as store:
        jobs = queue.jobs(store, states=("queued", "printing", *NEEDS_PACKER))
    reasons = [job.reason for job in jobs if job.reason]
    return PrintCount(
        waiting=sum(job.state not in NEEDS_PACKER for job in jobs),
        stuck=sum(job.state in NEEDS_PACKER for job in jobs),
        reason=reasons[-1] if reasons else "",
        printer_trouble=any(job.state == "queued" and job.attempts > 0 for job in jobs))


class PrintMonitor(QObject):
    """Counts the print queue whenever the worker reports a change (or when asked).

    Signals:
        job_changed(job_id, state, reason): from the worker's thread, queued here.
        counted(PrintCount): a fresh count, on the UI thread.
    """

    job_changed = Signal(int, str, object)
    counted = Signal(object)

    def __init__(self, db_path: str | Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self._runner = Runner("print-status", parent=self)
        self._again = False  # a count was asked for while one ran
        # A bound method of this QObject (which lives on the UI thread): emitted on the
        # worker's thread, the call is queued here.
        self.job_changed.connect(self._job_changed)

    def listen_to(self, worker: PrintWorker) -> None:
        """Be told of every job the worker finishes or puts back (keeps any earlier
        listener). Called from the worker's thread: the signal crosses to this one."""
        earlier = worker.on_change

        def on_change(job_id: int, state: str, reason: str | None) -> None:
            if earlier is not None:
                earlier(job_id, state, reason)
            self.job_changed.emit(job_id, state, reason)

        worker.on_change = on_change

    def _job_changed(self, _job_id: int, _state: str, _reason: object) -> None:
        self.recount()

    def recount(self) -> None:
        """Count again, off the UI thread; `counted` follows."""
        if self._runner.busy:
            self._again = True
            return
        self._runner.run(lambda: count_jobs(self.db_path), done=self._counted,
                         failed=self._not_counted)

    def _counted(self, count: PrintCount) -> None:
        self.counted.emit(count)
        if self._again:
            self._again = False
            self.recount()

    def _not_counted(self, error: BaseException) -> None:
        log.warning("the print queue could not be counted: %s", error)
        self._again = False


class PrintStatusButton(QPushButton):
    """The status bar's printer line; hidden while nothing waits.

    Signals: clicked() (QPushButton's): open the print jobs screen.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # scans stay with the packing screen
        self.hide()

    def show_count(self, count: PrintCount) -> None:
        if count.total == 0:
            self.hide()
            self.setToolTip("")
            return
        self.setText(self._sentence(count))
        self.setToolTip(render(count.reason))
        self.setStyleSheet(TROUBLE_STYLE if count.stuck or count.printer_trouble else
                           CALM_STYLE)
        self.show()

    def _sentence(self, count: PrintCount) -> str:
        if count.stuck and count.waiting:
            return self.tr("Printer: {waiting} waiting, {stuck} need you").format(
                waiting=count.waiting, stuck=count.stuck)
        if count.stuck:
            return self.tr("Printer: {n} need you").format(n=count.stuck)
        if count.printer_trouble:
            return self.tr("Printer: {n} waiting — paper?").format(n=count.waiting)
        return self.tr("Printer: {n} waiting").format(n=count.waiting)


@dataclass
class PrintingUi:
    """What `attach_printing` added to the window."""

    monitor: PrintMonitor
    status: PrintStatusButton
    action: QAction
    open_jobs: Callable[[], PrintJobsWidget]
    jobs: list[PrintJobsWidget]


def attach_printing(window: QMainWindow, worker: PrintWorker, db_path: str | Path, *,
                    packer: str) -> PrintingUi:
    """The printer status line, the print jobs screen and its menu action on `window`.
    "Send elsewhere…" offers the printers of the worker's settings as they are then."""
    monitor = PrintMonitor(db_path, parent=window)
    monitor.listen_to(worker)
    status = PrintStatusButton(window)
    status.setFont(window.statusBar().font())
    window.statusBar().addWidget(status)
    monitor.counted.connect(status.show_count)
    opened: list[PrintJobsWidget] = []

    def open_jobs() -> PrintJobsWidget:
        if not opened:
            jobs = PrintJobsWidget(db_path, packer=packer, worker=worker, parent=window,
                                   known=lambda: worker.settings.destinations.values())
            jobs.setWindowFlag(Qt.WindowType.Window)
            jobs.resize(1000, 500)
            jobs.changed.connect(monitor.recount)
            monitor.counted.connect(lambda _count: _refresh_if_shown(jobs))
            opened.append(jobs)
        opened[0].refresh()
        opened[0].show()
        return opened[0]

    status.clicked.connect(lambda _=False: open_jobs())
    action = QAction(QCoreApplication.translate("PrintStatus", "Print jobs…"), window)
    action.triggered.connect(lambda _=False: open_jobs())
    _add_to_menu(window, action)
    monitor.recount()
    return PrintingUi(monitor, status, action, open_jobs, opened)


def _refresh_if_shown(jobs: PrintJobsWidget) -> None:
    if jobs.isVisible():
        jobs.refresh()  # a job the worker just finished changes its row


def _add_to_menu(window: QMainWindow, action: QAction) -> None:
    """Into the window's first menu (Station), before its Settings… entry if there is
    one, else at its end; a menu of its own when the window has none."""
    menus = [menu for entry in window.menuBar().actions()
             if isinstance(menu := entry.menu(), QMenu)]
    if not menus:
        window.menuBar().addAction(action)
        return
    menu = menus[0]
    settings = getattr(window, "settings_action", None)
    if isinstance(settings, QAction) and settings in menu.actions():
        menu.insertAction(settings, action)
    else:
        menu.addAction(action)
