"""The error presenter: uncaught exceptions (UI thread, worker threads, slots fed by
worker signals) reach one non-modal dialog with one sentence and folded details, and
the log file, which never holds a secret; Help ▸ About names that file."""

from __future__ import annotations

import logging
import sqlite3
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMainWindow

from station.errors import NetworkError
from station.logfile import configure_file_logging
from ui.errors import AboutDialog, ErrorPresenter, add_help_menu, guarded, install_excepthook


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    root = logging.getLogger()
    level = root.level
    path = configure_file_logging(path=tmp_path / "logs" / "packing-station.log")
    assert path is not None
    yield path
    for handler in [h for h in root.handlers if getattr(h, "_station_log_file", False)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


@pytest.fixture
def presenter(qapp, log_file: Path) -> Iterator[ErrorPresenter]:
    presenter = ErrorPresenter(log_path=log_file)
    uninstall = install_excepthook(presenter)
    yield presenter
    uninstall()
    if presenter.dialog is not None:
        presenter.dialog.close()


def _shown(presenter: ErrorPresenter) -> bool:
    return presenter.dialog is not None and presenter.dialog.isVisible()


def test_worker_thread_exception_reaches_the_dialog_and_the_log(qtbot, presenter, log_file):
    def work() -> None:
        raise RuntimeError("disk on fire in worker")

    thread = threading.Thread(target=work, name="test-worker")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: _shown(presenter), timeout=5000)
    dialog = presenter.dialog
    assert dialog is not None
    assert "Something unexpected went wrong" in dialog.sentence_label.text()
    assert "Traceback" not in dialog.sentence_label.text()
    # The technical text is there, but folded away until Details is pressed.
    assert not dialog.details_text.isVisible()
    assert "disk on fire in worker" in dialog.details_text.toPlainText()
    assert str(log_file) in dialog.details_text.toPlainText()
    dialog.details_button.click()
    assert dialog.details_text.isVisible()
    assert not dialog.isModal()  # scanning goes on
    text = log_file.read_text(encoding="utf-8")
    assert "test-worker" in text and "disk on fire in worker" in text


def test_ui_thread_exception_goes_through_sys_excepthook(qtbot, presenter):
    try:
        raise NetworkError("connect refused")
    except NetworkError:
        sys.excepthook(*sys.exc_info())
    qtbot.waitUntil(lambda: _shown(presenter), timeout=5000)
    assert presenter.dialog is not None
    assert "could not be reached" in presenter.dialog.sentence_label.text()


class _Worker(QObject):
    result = Signal(str)


def test_a_guarded_slot_never_fails_silently(qtbot, presenter, log_file):
    worker = _Worker()
    seen: list[str] = []

    @guarded
    def on_result(text: str) -> None:
        seen.append(text)
        raise KeyError(text)

    worker.result.connect(on_result)
    worker.result.emit("pkg-17")
    assert seen == ["pkg-17"]
    qtbot.waitUntil(lambda: _shown(presenter), timeout=5000)
    assert presenter.dialog is not None
    assert "KeyError: 'pkg-17'" in presenter.dialog.details_text.toPlainText()
    assert "KeyError: 'pkg-17'" in log_file.read_text(encoding="utf-8")


def test_repeated_errors_share_one_dialog(qtbot, presenter):
    presenter.report_exception(ValueError("first"))
    qtbot.waitUntil(lambda: _shown(presenter), timeout=5000)
    dialog = presenter.dialog
    presenter.report_exception(ValueError("second"))
    qtbot.waitUntil(lambda: "second" in dialog.details_text.toPlainText(), timeout=5000)
    assert presenter.dialog is dialog
    assert "first" in dialog.details_text.toPlainText()
    assert "2 problems" in dialog.count_label.text()


def test_the_log_file_never_holds_a_token_or_password(log_file):
    token = "9f2c4e1ab36d0c7e8f9a1b2c3d4e5f60718293a4"
    logging.getLogger("station.test").warning(
        "request failed: Authorization: Token %s body={\"password\": \"hunter2\"}", token)
    try:
        raise RuntimeError(f"OMS echoed Authorization: Token {token}")
    except RuntimeError:
        logging.getLogger("station.test").exception("boom")
    text = log_file.read_text(encoding="utf-8")
    assert token not in text and "hunter2" not in text


def test_the_details_never_show_a_token(qtbot, presenter):
    token = "9f2c4e1ab36d0c7e8f9a1b2c3d4e5f60718293a4"
    presenter.report_exception(RuntimeError(f"header was Authorization: Token {token}"))
    qtbot.waitUntil(lambda: _shown(presenter), timeout=5000)
    assert presenter.dialog is not None
    assert token not in presenter.dialog.details_text.toPlainText()


def test_a_database_failure_names_the_database(qtbot, tmp_path):
    presenter = ErrorPresenter(db_path=tmp_path / "station.db")
    presenter.report_exception(sqlite3.OperationalError("database or disk is full"))
    qtbot.waitUntil(lambda: _shown(presenter), timeout=5000)
    assert presenter.dialog is not None
    sentence = presenter.dialog.sentence_label.text()
    assert "disk full" in sentence and str(tmp_path) in sentence
    assert "Traceback" not in sentence
    presenter.dialog.close()


def test_help_about_names_the_log_file(qtbot, log_file):
    window = QMainWindow()
    qtbot.addWidget(window)
    open_about = add_help_menu(window, log_file)
    titles = [action.text() for action in window.menuBar().actions()]
    assert "&Help" in titles
    about = open_about()
    assert isinstance(about, AboutDialog)
    assert str(log_file) in about.log_label.text()
    assert QApplication.activeModalWidget() is None
