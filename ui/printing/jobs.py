"""The "Print jobs" screen: what waits for a printer, what failed, what printed today.

Owns `PrintJobsWidget` and `job_rows`. One row per job of `station.documents.queue.
screen_jobs` (document, package number, printer, state, the reason sentence, the
next try in local time); the packer can Retry a waiting or failed job, Send it
elsewhere (the `ui.printing.destinations` menu), Reprint a job (a new job for the
same document) or Cancel one that has not printed. Every read and write runs off
the UI thread (`ui.background.Runner`, its own connection per call); after a
change the print worker is woken so the job goes out at once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.documents import queue
from station.documents.worker import PrintWorker
from station.store import open_store, package_numbers
from station.store.db import Store
from ui.background import Runner
from ui.i18n import format_datetime, render
from ui.printing.destinations import DestinationChooser, describe
from ui.printing.texts import document_label, print_state_text

log = logging.getLogger(__name__)

WHY_COLUMN = 4
NOT_PRINTED = ("queued", "failed", "uncertain")  # Retry, Send elsewhere and Cancel apply
_COLOUR = {"failed": "#ffcdd2", "uncertain": "#fff3c4", "queued": "#fff3c4",
           "printed": "#c8e6c9"}


@dataclass(frozen=True)
class JobRow:
    """One job as the screen shows it."""

    job: queue.PrintJob
    package: str  # the package number, or "#id" when it left the cache

    @property
    def waiting(self) -> bool:
        return self.job.state == "queued" and self.job.attempts > 0


def start_of_today() -> dt.datetime:
    """Midnight of the station's local day, as an aware datetime."""
    return dt.datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)


def job_rows(store: Store, since: dt.datetime | None = None) -> list[JobRow]:
    """The screen's rows, newest first: every job not printed, and those printed `since`
    (default: today)."""
    jobs = queue.screen_jobs(store, since or start_of_today())
    numbers = package_numbers(store, {job.package_id for job in jobs})
    return [JobRow(job, numbers.get(job.package_id, f"#{job.package_id}"))
            for job in reversed(jobs)]




class PrintJobsWidget(QWidget):
    """The print queue of one station database, with the packer's actions.

    Signals:
        loaded(): the table shows a fresh read (tests wait on it).
        changed(): a job was retried, sent elsewhere, reprinted or cancelled.
    """

    loaded = Signal()
    changed = Signal()
    COLUMNS = 6  # document, package, printer, state, why, next try

    def __init__(self, db_path: str | Path, *, packer: str, worker: PrintWorker | None = None,
                 known: Iterable[str] | Callable[[], Iterable[str]] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Print jobs"))
        self.db_path = db_path
        self.packer = packer
        self.worker = worker
        self.rows: list[JobRow] = []
        self._runner = Runner("print-jobs", parent=self)
        self.chooser = DestinationChooser(self, known=known)
        self.table = self._build_table()
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Jobs waiting for a printer, failed ones, and what "
                                        "printed today. Scanning goes on meanwhile.")))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message_label)
        layout.addLayout(self._build_buttons())
        self._update_buttons()

    def _build_table(self) -> QTableWidget:
        table = QTableWidget(0, self.COLUMNS)
        table.setHorizontalHeaderLabels([
            self.tr("Document"), self.tr("Package"), self.tr("Printer"), self.tr("State"),
            self.tr("Why"), self.tr("Next try")])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setWordWrap(True)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(WHY_COLUMN, QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setVisible(False)
        table.itemSelectionChanged.connect(self._update_buttons)
        return table

    def _build_buttons(self) -> QHBoxLayout:
        self.retry_button = QPushButton(self.tr("Retry"))
        self.retry_button.clicked.connect(lambda _=False: self.retry())
        self.elsewhere_button = QPushButton(self.tr("Send elsewhere…"))
        self.elsewhere_menu = QMenu(self.elsewhere_button)
        self.elsewhere_menu.aboutToShow.connect(self.fill_elsewhere_menu)
        self.elsewhere_button.setMenu(self.elsewhere_menu)
        self.reprint_button = QPushButton(self.tr("Reprint"))
        self.reprint_button.clicked.connect(lambda _=False: self.reprint())
        self.cancel_button = QPushButton(self.tr("Cancel job"))
        self.cancel_button.clicked.connect(lambda _=False: self.cancel())
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(lambda _=False: self.refresh())
        row = QHBoxLayout()
        for button in (self.retry_button, self.elsewhere_button, self.reprint_button,
                       self.cancel_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # scans stay with packing
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.refresh_button)
        return row

    # --- reading ------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the queue again (off the UI thread); `loaded` follows."""
        self._runner.run(self._read, done=self._show, failed=self._read_failed)

    def _read(self) -> list[JobRow]:
        with open_store(self.db_path) as store:
            return job_rows(store)

    def _read_failed(self, error: BaseException) -> None:
        log.warning("the print jobs could not be read: %s", error)
        self._say(self.tr("The print jobs could not be read: {problem}").format(
            problem=render(error)), error=True)
        self.loaded.emit()

    def _show(self, rows: list[JobRow]) -> None:
        selected = self.selected_job()
        self.rows = rows
        self.table.setRowCount(len(rows))
        for number, row in enumerate(rows):
            for column, text in enumerate(self._cells(row)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                colour = _COLOUR.get(row.job.state)
                if colour and (row.job.state != "queued" or row.waiting):
                    item.setBackground(QBrush(QColor(colour)))
                self.table.setItem(number, column, item)
        self.table.resizeRowsToContents()  # a long reason wraps onto more lines
        if selected is not None:
            self.select_job(selected.id)
        self._update_buttons()
        self.loaded.emit()

    def _cells(self, row: JobRow) -> tuple[str, ...]:
        job = row.job
        next_try = format_datetime(job.next_attempt_at) if row.waiting else ""
        return (document_label(job.document), row.package, describe(job.destination),
                print_state_text(job.state, waiting=row.waiting), render(job.reason or ""),
                next_try)

    # --- selection ----------------------------------------------------------------

    def select_job(self, job_id: int) -> bool:
        for number, row in enumerate(self.rows):
            if row.job.id == job_id:
                self.table.selectRow(number)
                return True
        return False

    def selected_job(self) -> queue.PrintJob | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.rows):
            return None
        return self.rows[rows[0].row()].job

    def _update_buttons(self) -> None:
        job = self.selected_job()
        state = job.state if job else ""
        self.retry_button.setEnabled(state in NOT_PRINTED)
        self.cancel_button.setEnabled(state in NOT_PRINTED)
        self.elsewhere_button.setEnabled(state in (*NOT_PRINTED, "printed"))
        self.reprint_button.setEnabled(state in ("printed", "failed", "uncertain"))

    # --- the packer's actions -----------------------------------------------------

    def fill_elsewhere_menu(self) -> QMenu:
        job = self.selected_job()
        current = job.destination if job else ""
        return self.chooser.fill_menu(self.elsewhere_menu, current, self.send_elsewhere)

    def retry(self) -> None:
        job = self.selected_job()
        if job is not None:
            self._act(lambda store: queue.retry(store, job.id),
                      self.tr("Trying again now."), self.tr("This job is not waiting any more."))

    def send_elsewhere(self, destination: str) -> None:
        """The selected job to `destination`: a job not printed moves there; a printed
        one prints again there."""
        job = self.selected_job()
        if job is None:
            return
        where = describe(destination)
        if job.state == "printed":
            self._act(lambda store: queue.print_again(store, job.id, packer=self.packer,
                                                      destination=destination),
                      self.tr("Printing again on {where}.").format(where=where),
                      self.tr("This job is gone."))
            return
        self._act(lambda store: queue.retry(store, job.id, destination),
                  self.tr("Sent to {where}.").format(where=where),
                  self.tr("This job is not waiting any more."))

    def reprint(self) -> None:
        job = self.selected_job()
        if job is not None:
            self._act(lambda store: queue.print_again(store, job.id, packer=self.packer),
                      self.tr("Printing again."), self.tr("This job is gone."))

    def cancel(self) -> None:
        job = self.selected_job()
        if job is not None:
            self._act(lambda store: queue.cancel(store, job.id),
                      self.tr("Cancelled: it will not print."),
                      self.tr("This job cannot be cancelled: it is printing or printed."))

    def _act(self, change: Callable[[Store], Any], done: str, not_done: str) -> None:
        def work() -> bool:
            with open_store(self.db_path) as store:
                return change(store) not in (False, None)

        def after(ok: bool) -> None:
            self._say(done if ok else not_done, error=not ok)
            if ok and self.worker is not None:
                self.worker.wake()
            self.changed.emit()
            self.refresh()

        def broke(error: BaseException) -> None:
            self._say(self.tr("Nothing was changed: {problem}").format(problem=render(error)),
                      error=True)
            self.refresh()

        self._runner.run(work, done=after, failed=broke)

    def _say(self, message: str, *, error: bool) -> None:
        self.message_label.setStyleSheet("color: #b71c1c;" if error else "")
        self.message_label.setText(message)
