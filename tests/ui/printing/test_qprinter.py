"""QPrinter printing (ui.printing) offscreen, into Qt's own PDF printer: the PDF that
comes out is rasterised by poppler and zxing reads the package number back, for our
own layout (rendered at the printer's resolution) and for a PDF as OMS would send it
(rasterised with QtPdf). And the window's status bar counting a job that waits for
its printer."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QLabel

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

    def waiting_label() -> QLabel | None:
        return next((label for label in station.window.statusBar().findChildren(QLabel)
                     if label.text().startswith("Printing:") and label.isVisible()), None)

    qtbot.waitUntil(lambda: waiting_label() is not None, timeout=10_000)
    label = waiting_label()
    assert label.text() == "Printing: 1 waiting"
    assert "refused the connection" in label.toolTip()


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
