"""The one way the GUI shows an unexpected error, and the log file behind it.

Owns:

* `ErrorDialog` — one clear sentence, the technical text folded away under
  "Details". It is not modal: scanning and packing go on while it is open.
* `ErrorPresenter` — turns an exception into that dialog and a log record. Its
  `report_exception` may be called from any thread: the report travels to the
  UI thread through a queued signal.
* `install_excepthook(presenter)` — uncaught exceptions of the UI thread
  (`sys.excepthook`) and of worker threads (`threading.excepthook`) go to the
  presenter and to the log instead of a console nobody reads.
* `guarded(slot)` — wraps a slot fed by a worker signal so that it can never fail
  silently: an exception is logged and presented, and the slot returns None.
* `AboutDialog` (Help ▸ About…) — names the log file for whoever is asked to send
  it. The file itself, and scrubbing secrets out of it, is `station.logfile`'s.
"""

from __future__ import annotations

import functools
import logging
import sqlite3
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, ParamSpec, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from station.errors import CredentialsRejected, NetworkError, RetryableError, StationError
from station.logfile import configure_file_logging, redact
from station.store.db import explain_database_error
from ui.i18n import render

log = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")

ERROR_STYLE = "font-weight: bold; color: #b00020;"
DETAILS_FONT_PT = 10
DETAILS_SIZE = (760, 260)  # px: a traceback line and the log file's path fit
translate = QCoreApplication.translate  # lupdate reads translate("errors", "…")


# --- what to tell the packer ----------------------------------------------------------


def user_sentence(exc: BaseException, db_path: Path | None = None) -> str:
    """One clear sentence about `exc` for a packer (the details go under "Details");
    `db_path` lets a database failure name its file."""
    if isinstance(exc, sqlite3.Error) or isinstance(exc.__cause__, sqlite3.Error):
        cause = exc if isinstance(exc, sqlite3.Error) else exc.__cause__
        assert isinstance(cause, sqlite3.Error)
        return translate("errors", "The station's database cannot be used: {reason}.").format(
            reason=explain_database_error(cause, db_path))
    if isinstance(exc, CredentialsRejected):
        return translate("errors", "OMS did not accept the station's sign-in: click “sign in "
                                   "again” in the status bar.")
    if isinstance(exc, NetworkError):
        return translate("errors", "The OMS could not be reached. Your work is kept and is "
                                   "sent when it is back.")
    if isinstance(exc, RetryableError):
        return translate("errors", "The OMS is having trouble right now; the station tries "
                                   "again by itself.")
    if isinstance(exc, StationError):
        return translate("errors", "That did not work: {reason}").format(reason=_first_line(exc))
    if isinstance(exc, OSError):
        return translate("errors", "A file or device could not be used: {reason}").format(
            reason=_first_line(exc))
    return translate("errors", "Something unexpected went wrong in the Packing Station. Scans "
                               "and commands saved before it are kept; the details help "
                               "whoever looks into it.")



def _first_line(exc: BaseException) -> str:
    text = render(exc.args[0] if len(exc.args) == 1 else exc).strip().splitlines()
    line = text[0] if text else type(exc).__name__
    return line if line.endswith((".", "!", "?")) else line + "."


def technical_text(exc: BaseException, tb: TracebackType | None = None) -> str:
    """The traceback of `exc`, scrubbed of secrets (for the Details part and the log)."""
    lines = traceback.format_exception(type(exc), exc, tb or exc.__traceback__)
    return redact("".join(lines)).rstrip()


# --- the dialog -----------------------------------------------------------------------


class ErrorDialog(QDialog):
    """One sentence, and the technical text behind a "Details" button. Not modal."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Packing Station — problem"))
        self.setModal(False)
        # The packer keeps scanning into the main window while this is open.
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(48, 48))
        self.sentence_label = QLabel()
        self.sentence_label.setWordWrap(True)
        self.sentence_label.setStyleSheet(ERROR_STYLE)
        self.count_label = QLabel()
        self.details_button = QPushButton(self.tr("Details ▸"))
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self._show_details)
        self.details_text = QPlainTextEdit()
        self.details_text.setReadOnly(True)
        self.details_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        fixed.setPointSize(DETAILS_FONT_PT)
        self.details_text.setFont(fixed)
        self.details_text.setMinimumSize(*DETAILS_SIZE)
        self.details_text.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.sentence_label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.count_label)
        layout.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.details_text, 1)
        layout.addWidget(buttons)
        # Not setMinimumWidth on the dialog: that would stop the layout widening it
        # for the details.
        self.sentence_label.setMinimumWidth(480)
        self._reports = 0

    def add_report(self, sentence: str, details: str) -> None:
        """Show `sentence`; earlier reports still open stay in the details, newest first."""
        self._reports = self._reports + 1 if self.isVisible() else 1
        self.sentence_label.setText(sentence)
        self.count_label.setText(
            self.tr("{count} problems since this window opened; the newest is shown.")
            .format(count=self._reports)
            if self._reports > 1 else "")
        self.count_label.setVisible(self._reports > 1)
        earlier = self.details_text.toPlainText() if self._reports > 1 else ""
        self.details_text.setPlainText(details + (f"\n\n---\n\n{earlier}" if earlier else ""))

    def _show_details(self, shown: bool) -> None:
        self.details_button.setText(self.tr("Details ▾") if shown else self.tr("Details ▸"))
        self.details_text.setVisible(shown)
        self.adjustSize()


class ErrorPresenter(QObject):
    """Shows errors in one `ErrorDialog` and logs them; safe to call from any thread.

    Signals:
        reported(sentence, details): queued to the UI thread, which shows the dialog.
    """

    reported = Signal(str, str)

    def __init__(self, parent_widget: QWidget | None = None, log_path: Path | None = None,
                 db_path: Path | None = None) -> None:
        super().__init__()
        self.parent_widget = parent_widget
        self.log_path = log_path
        self.db_path = db_path
        self.dialog: ErrorDialog | None = None
        self.reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def report_exception(self, exc: BaseException, sentence: str | None = None,
                         tb: TracebackType | None = None) -> None:
        """Log `exc` with its traceback and show it (from any thread)."""
        details = technical_text(exc, tb)
        log.error("%s\n%s", sentence or "unexpected error", details)
        if self.log_path is not None:
            details += f"\n\nLog file: {self.log_path}"
        self.reported.emit(sentence or user_sentence(exc, self.db_path), details)

    def report(self, sentence: str, details: str = "") -> None:
        """Show a problem that is not an exception (from any thread)."""
        log.warning("%s %s", sentence, details)
        self.reported.emit(sentence, details)

    def _show(self, sentence: str, details: str) -> None:
        if self.dialog is None:
            self.dialog = ErrorDialog(self.parent_widget)
        self.dialog.add_report(sentence, details)
        self.dialog.show()

    def guard(self, slot: Callable[P, R]) -> Callable[P, R | None]:
        """`slot`, but an exception in it is logged and presented instead of lost."""

        @functools.wraps(slot)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | None:
            try:
                return slot(*args, **kwargs)
            except Exception as exc:
                self.report_exception(exc)
                return None

        return wrapper


# --- the hooks ------------------------------------------------------------------------

_installed: list[ErrorPresenter] = []  # the presenter the hooks feed (at most one)


def install_excepthook(presenter: ErrorPresenter) -> Callable[[], None]:
    """Route uncaught exceptions (UI thread and worker threads) to `presenter`.
    Returns a function that puts the previous hooks back."""
    previous_sys, previous_threading = sys.excepthook, threading.excepthook

    def on_uncaught(kind: type[BaseException], exc: BaseException,
                    tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous_sys(kind, exc, tb)
            return
        presenter.report_exception(exc, tb=tb)

    def on_thread_uncaught(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or isinstance(args.exc_value, SystemExit):
            return  # a thread that ends with SystemExit ended on purpose
        name = args.thread.name if args.thread is not None else "a worker thread"
        log.error("uncaught exception in thread %s", name)
        presenter.report_exception(args.exc_value, tb=args.exc_traceback)

    sys.excepthook, threading.excepthook = on_uncaught, on_thread_uncaught
    _installed[:] = [presenter]

    def uninstall() -> None:
        sys.excepthook, threading.excepthook = previous_sys, previous_threading
        if _installed and _installed[0] is presenter:
            _installed.clear()

    return uninstall


def guarded(slot: Callable[P, R]) -> Callable[P, R | None]:
    """Decorator for slots fed by worker signals: an exception is logged and shown by
    the installed presenter (or, with none installed, logged and passed to
    `sys.excepthook`), never swallowed, and never propagated into Qt."""

    @functools.wraps(slot)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return slot(*args, **kwargs)
        except Exception as exc:
            if _installed:
                _installed[0].report_exception(exc)
            else:
                log.exception("slot %s failed", getattr(slot, "__qualname__", slot))
                sys.excepthook(type(exc), exc, exc.__traceback__)
            return None

    return wrapper


# --- Help ▸ About ---------------------------------------------------------------------


class AboutDialog(QDialog):
    """Names the application, its version and the log file to send with a problem."""

    def __init__(self, log_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Packing Station"))
        title = QLabel(self.tr("<b>Packing Station</b> {version}").format(version=app_version()))
        self.log_label = QLabel(self.tr("Log file:<br><code>{path}</code>").format(path=log_path))
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.log_label.setWordWrap(True)
        hint = QLabel(self.tr("When something goes wrong, send this file along with what you "
                              "saw."))
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        for widget in (title, self.log_label, hint, buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(520)


def app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("packing-station")
    except PackageNotFoundError:
        return translate("errors", "(development)")


def add_help_menu(window: Any, log_path: Path) -> Callable[[], AboutDialog]:
    """A Help ▸ About… entry on `window`'s menu bar; returns the function it runs."""
    about: list[AboutDialog] = []

    def open_about() -> AboutDialog:
        if not about:
            about.append(AboutDialog(log_path, window))
        about[0].show()
        return about[0]

    help_menu = window.menuBar().addMenu(translate("errors", "&Help"))
    help_menu.addAction(translate("errors", "About…"), open_about)
    return open_about


def ensure_log_file() -> Path | None:
    """The station's log file: the one the console script set up, or a new one
    (INFO, secrets scrubbed) when the GUI was started another way."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.FileHandler) and getattr(handler, "_station_log_file",
                                                                False):
            return Path(handler.baseFilename)
    return configure_file_logging()
