"""The print jobs screen and the status bar's printer line, offscreen, with a real
print worker thread, a real SQLite file synced from the simulator and real loopback
TCP "printers":

* a label printer that is off: the status line says the job waits, a scan meanwhile
  is answered; once the printer listens, Retry prints the job exactly once;
* a job sent elsewhere, to a PDF folder chosen in the folder dialog: printed there once;
* Cancel: the job never prints and the status line goes away.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu

from station.documents import queue
from station.store import open_store
from station.store.db import parse_iso
from tests.integration.documents.printing_helpers import LoopbackPrinter, free_port
from ui.printing import attach_printing

SETTLE_S = 1.5  # longer than the worker's idle poll: a second copy would have gone out


def entry(menu: QMenu, text: str):
    return next(action for action in menu.actions() if action.text() == text)


def answer_modal(handle) -> None:
    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, act)
            return
        handle(dialog)

    QTimer.singleShot(0, act)


def first_package(db_path) -> tuple[int, str]:
    with open_store(db_path) as store:
        return store.conn.execute(
            "SELECT id, number FROM packages ORDER BY id LIMIT 1").fetchone()


def job(db_path, job_id: int) -> queue.PrintJob:
    with open_store(db_path) as store:
        return next(j for j in queue.jobs(store) if j.id == job_id)


def add_job(db_path, package_id: int, document: str, destination: str) -> int:
    with open_store(db_path) as store:
        return queue.enqueue(store, package_id, document, destination)


@pytest.fixture
def printing(make_station, db_path):
    station = make_station()
    # The station's own once ui/app.py wires it in (see attach_printing), else ours.
    ui = getattr(station, "printing_ui", None) or attach_printing(
        station.window, station.printing, db_path, packer="tester")
    return station, ui


def wait_for_state(qtbot, db_path, job_id: int, state: str, timeout: int = 10_000) -> None:
    qtbot.waitUntil(lambda: job(db_path, job_id).state == state, timeout=timeout)


def test_a_printer_that_is_off_waits_then_retry_prints_once(printing, qtbot, keyboard,
                                                             db_path):
    station, ui = printing
    package_id, number = first_package(db_path)
    port = free_port()
    job_id = add_job(db_path, package_id, "label", f"tcp://127.0.0.1:{port}")
    station.printing.wake()
    qtbot.waitUntil(lambda: ui.status.isVisible()
                    and ui.status.text() == "Printer: 1 waiting — paper?", timeout=10_000)
    assert "refused the connection" in ui.status.toolTip()

    answered: list = []
    station.window.scan_handled.connect(answered.append)
    keyboard.scan(station.window, number, "\r")  # packing goes on meanwhile
    qtbot.waitUntil(lambda: bool(answered), timeout=5_000)
    assert answered[0].package_id == package_id

    printer = LoopbackPrinter(port)
    try:
        jobs = ui.open_jobs()
        qtbot.waitUntil(lambda: any(r.job.id == job_id for r in jobs.rows), timeout=5_000)
        shown = next(r for r in jobs.rows if r.job.id == job_id)
        assert shown.waiting and "refused" in jobs.table.item(0, 4).text()
        due = parse_iso(shown.job.next_attempt_at)
        assert jobs.select_job(job_id) and jobs.retry_button.isEnabled()
        jobs.retry_button.click()
        wait_for_state(qtbot, db_path, job_id, "printed")
        assert parse_iso(job(db_path, job_id).printed_at) < due  # Retry did it, not the timer
        qtbot.waitUntil(lambda: not ui.status.isVisible(), timeout=5_000)
        time.sleep(SETTLE_S)
        assert len(printer.jobs) == 1 and b"^XA" in printer.jobs[0]
        assert number.encode() in printer.jobs[0]
    finally:
        printer.close()


def test_a_waiting_job_sent_to_a_pdf_folder_prints_there_once(printing, qtbot, db_path,
                                                              tmp_path):
    station, ui = printing
    package_id, _number = first_package(db_path)
    job_id = add_job(db_path, package_id, "slip", f"tcp://127.0.0.1:{free_port()}")
    station.printing.wake()
    qtbot.waitUntil(lambda: ui.status.isVisible(), timeout=10_000)
    folder = tmp_path / "pdfs"
    folder.mkdir()
    jobs = ui.open_jobs()
    qtbot.waitUntil(lambda: jobs.select_job(job_id), timeout=5_000)
    assert jobs.elsewhere_button.isEnabled()

    def pick(dialog: QFileDialog) -> None:
        dialog.setDirectory(str(folder))
        dialog.selectFile(str(folder))
        dialog.accept()

    answer_modal(pick)
    entry(jobs.fill_elsewhere_menu(), "Save as PDF in folder…").trigger()
    wait_for_state(qtbot, db_path, job_id, "printed")
    assert job(db_path, job_id).destination == f"folder:{folder}"
    time.sleep(SETTLE_S)
    files = list(folder.glob("*.pdf"))
    assert len(files) == 1 and files[0].read_bytes().startswith(b"%PDF-")
    qtbot.waitUntil(lambda: not ui.status.isVisible(), timeout=5_000)
    qtbot.waitUntil(lambda: "Sent to PDF folder" in jobs.message_label.text(), timeout=5_000)


def test_a_cancelled_job_never_prints(printing, qtbot, db_path):
    station, ui = printing
    package_id, _number = first_package(db_path)
    port = free_port()
    job_id = add_job(db_path, package_id, "label", f"tcp://127.0.0.1:{port}")
    station.printing.wake()
    qtbot.waitUntil(lambda: ui.status.isVisible(), timeout=10_000)
    jobs = ui.open_jobs()
    qtbot.waitUntil(lambda: jobs.select_job(job_id), timeout=5_000)
    jobs.cancel_button.click()
    wait_for_state(qtbot, db_path, job_id, "cancelled")
    qtbot.waitUntil(lambda: not ui.status.isVisible(), timeout=5_000)
    qtbot.waitUntil(lambda: all(r.job.id != job_id for r in jobs.rows), timeout=5_000)
    printer = LoopbackPrinter(port)
    try:
        station.printing.wake()
        time.sleep(SETTLE_S)
        assert printer.jobs == []
    finally:
        printer.close()


def test_the_print_jobs_action_is_in_the_station_menu(printing):
    station, ui = printing
    menu = station.window.settings_action.associatedObjects()
    assert any(isinstance(m, QMenu) and ui.action in m.actions() for m in menu)


def test_screenshot_of_the_print_jobs_screen(printing, qtbot, db_path):
    station, ui = printing
    package_id, _number = first_package(db_path)
    with open_store(db_path) as store:
        printed = queue.enqueue(store, package_id, "slip", "folder:/srv/slips")
        queue.claim_next(store)
        queue.mark_printed(store, printed)
        failed = queue.enqueue(store, package_id + 1, "invoice", "folder:/srv/invoices")
        queue.mark_failed(store, failed, "this station has no invoice document for the "
                                         "package: OMS provides none it can fetch")
        waiting = queue.enqueue(store, package_id + 2, "label", "tcp://10.0.0.7:9100")
        queue.mark_waiting(store, queue.jobs(store, package_id=package_id + 2)[0],
                           "printer 10.0.0.7:9100 refused the connection (is it on?)",
                           now=dt.datetime.now(dt.UTC))
    ui.monitor.recount()
    qtbot.waitUntil(lambda: ui.status.isVisible(), timeout=5_000)
    jobs = ui.open_jobs()
    qtbot.waitUntil(lambda: len(jobs.rows) == 3, timeout=5_000)
    jobs.select_job(waiting)
    station.window.grab().save("/tmp/printui/window_status.png")
    assert jobs.grab().save("/tmp/printui/print_jobs.png")
