"""QPrinter printing (ui.printing) offscreen, into Qt's own PDF printer: the PDF that
comes out is rasterised by poppler and zxing reads the package number back, for our
own layout (rendered at the printer's resolution) and for a PDF as OMS would send it
(rasterised with QtPdf). And the window's status bar counting a job that waits for
its printer, and a waiting job sent to a Qt printer from the print jobs screen."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from station.documents import StationInfo, package_label, packing_slip, queue, render_pdf
from station.documents.fetch import SHIPPING_LABEL, store_cached
from station.documents.settings import PrintSettings
from station.documents.transports import PrinterUnavailable
from station.documents.worker import Content, PrintWorker
from station.store import open_store
from tests.integration.documents.printing_helpers import free_port
from tests.unit.documents.payloads import package
from tests.unit.documents.readback import code128, pdf_pages
from ui.printing import print_content
from ui.printing.jobs import PrintJobsWidget

NUMBER = "2236607691411584P1"
INFO = StationInfo("Moda Store", "İstanbul Depo")


def test_a_packing_slip_prints_through_qprinter_to_pdf(qapp, tmp_path):
    layout = packing_slip(package(3, number=NUMBER), INFO, "A5")
    target = tmp_path / "slip.pdf"
    print_content(Content(b"", "application/pdf", layout.name, layout), "",
                  output_file=target)
    pages = pdf_pages(target.read_bytes(), dpi=200)
    assert len(pages) == len(layout.pages)
    assert NUMBER in code128(pages[0])
    width_mm = pages[0].width / 200 * 25.4
    assert abs(width_mm - layout.pages[0].width) < 2  # the layout's own paper size


def test_a_pdf_shipping_label_is_rasterised_and_printed(qapp, tmp_path):
    label_pdf = render_pdf(package_label(package(1, number=NUMBER), INFO, "100x150"))
    target = tmp_path / "label.pdf"
    print_content(Content(label_pdf, "application/pdf", "shipping-label-1"), "",
                  output_file=target)
    (page,) = pdf_pages(target.read_bytes(), dpi=200)
    assert NUMBER in code128(page)


def test_a_printer_that_is_not_there_is_unavailable_not_a_crash(qapp):
    layout = packing_slip(package(1, number=NUMBER), INFO, "A6")
    with pytest.raises(PrinterUnavailable, match="not available"):
        print_content(Content(b"", "application/pdf", layout.name, layout), "No Such Printer")


def test_the_status_bar_counts_a_job_waiting_for_its_printer(make_station, qtbot, db_path):
    with open_store(db_path) as store:
        package_id = store.conn.execute("SELECT MIN(id) FROM packages").fetchone()[0]
        queue.enqueue(store, package_id, "label", f"tcp://127.0.0.1:{free_port()}")
    station = make_station()
    status = station.printing_ui.status
    assert status.parent() is not None and status in station.window.statusBar().children()
    qtbot.waitUntil(lambda: status.isVisible() and status.text() == "Printer: 1 waiting — "
                    "paper?", timeout=10_000)
    assert "refused the connection" in status.toolTip()
    station.printing_ui.action.trigger()  # Station ▸ Print jobs… opens the screen
    (jobs,) = station.printing_ui.jobs
    qtbot.waitUntil(lambda: len(jobs.rows) == 1, timeout=5_000)


def test_the_print_worker_thread_prints_on_a_qt_printer(qapp, qtbot, tmp_path):
    """Qt paints on a QPrinter outside the GUI thread: the worker's own thread does it."""
    db = tmp_path / "station.db"
    label = tmp_path / "cached.pdf"
    label.write_bytes(render_pdf(package_label(package(1, number=NUMBER), INFO, "100x150")))
    target = tmp_path / "printed.pdf"
    threads: list[str] = []

    def to_file(content: Content, name: str) -> None:
        threads.append(threading.current_thread().name)
        print_content(content, name, output_file=target)

    with open_store(db) as store:
        store_cached(store, 3, SHIPPING_LABEL, label, "application/pdf", 1, "test")
        queue.enqueue(store, 3, SHIPPING_LABEL, "qt:Front Desk")
    worker = PrintWorker(lambda: open_store(db), PrintSettings(), qt_sender=to_file)
    worker.start()
    try:
        qtbot.waitUntil(target.exists, timeout=10_000)
    finally:
        assert worker.stop()
    assert threads == ["print-worker"]
    (page,) = pdf_pages(target.read_bytes(), dpi=200)
    assert NUMBER in code128(page)
    with open_store(db) as store:
        assert [job.state for job in queue.jobs(store)] == ["printed"]


def test_a_waiting_job_sent_elsewhere_to_a_qt_printer_prints_its_barcode(qapp, qtbot,
                                                                          db_path, tmp_path):
    """Queue → worker → the print jobs screen's "Send elsewhere" → a system printer (Qt's
    PDF output here) → pdftoppm → zxing reads the package number; then Reprint."""
    with open_store(db_path) as store:
        package_id, number = store.conn.execute(
            "SELECT id, number FROM packages ORDER BY id LIMIT 1").fetchone()
        job_id = queue.enqueue(store, package_id, "label", f"tcp://127.0.0.1:{free_port()}")
    printed: list[tuple[str, str]] = []

    def to_pdf(content: Content, name: str) -> None:
        target = tmp_path / f"{name}-{len(printed) + 1}.pdf"
        print_content(content, name, output_file=target)
        printed.append((threading.current_thread().name, str(target)))

    worker = PrintWorker(lambda: open_store(db_path), PrintSettings(), qt_sender=to_pdf,
                         idle_poll=0.2)
    jobs = PrintJobsWidget(db_path, packer="tester", worker=worker, known=["qt:Front Desk"])
    qtbot.addWidget(jobs)
    worker.start()
    try:
        qtbot.waitUntil(lambda: waiting_job(db_path, job_id), timeout=10_000)
        jobs.refresh()
        qtbot.waitUntil(lambda: jobs.select_job(job_id), timeout=5_000)
        menu = jobs.fill_elsewhere_menu()
        next(a for a in menu.actions() if a.text() == "Printer Front Desk").trigger()
        qtbot.waitUntil(lambda: job_state(db_path, job_id) == "printed", timeout=20_000)
        with qtbot.waitSignal(jobs.loaded, timeout=5_000):
            jobs.refresh()
        assert jobs.select_job(job_id) and jobs.selected_job().state == "printed"
        jobs.reprint_button.click()
        qtbot.waitUntil(lambda: len(printed) == 2, timeout=20_000)
    finally:
        assert worker.stop()
    assert [thread for thread, _ in printed] == ["print-worker", "print-worker"]
    for _thread, path in printed:
        (page,) = pdf_pages(Path(path).read_bytes(), dpi=200)
        assert number in code128(page)
    with open_store(db_path) as store:
        done = queue.jobs(store, package_id=package_id)
    assert [(j.destination, j.state, j.requested_by) for j in done] == [
        ("qt:Front Desk", "printed", "auto"), ("qt:Front Desk", "printed", "tester")]


def waiting_job(db_path, job_id: int) -> bool:
    with open_store(db_path) as store:
        (job,) = [j for j in queue.jobs(store) if j.id == job_id]
    return job.state == "queued" and job.attempts > 0


def job_state(db_path, job_id: int) -> str:
    with open_store(db_path) as store:
        return next(j.state for j in queue.jobs(store) if j.id == job_id)
