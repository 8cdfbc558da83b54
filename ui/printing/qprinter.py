"""Printing on a system printer through Qt (`QPrinter`): the print worker's Qt sender.

Owns `print_content(content, printer_name)`, which the print worker
(`station.documents.worker`, a plain thread) calls for `qt:` destinations —
Qt supports painting on a QPrinter outside the GUI thread — and
`choose_printer(parent)`, the printer dialog whose choice the settings remember.

Our own documents (slip, package label) are rendered as PNG pages at the
printer's resolution (capped, see MAX_DPI) from their mm layout and painted
edge to edge on a page of the layout's size; OMS's PDFs (shipping labels) are
rasterised with QtPdf at the same resolution; a PNG is painted as it is.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QWidget

from station.documents import render_png_pages
from station.documents.transports import PrinterUnavailable, PrintRejected
from station.documents.worker import Content

log = logging.getLogger(__name__)

MAX_DPI = 600  # beyond this a page image costs memory and time, not sharpness
PDF_OUTPUT_DPI = 300
MM_PER_INCH = 25.4


def print_content(content: Content, printer_name: str, *,
                  output_file: Path | None = None) -> None:
    """Print `content` on the system printer `printer_name`, or into `output_file` as
    a PDF (Qt's own PDF printer: tests and "print to file")."""
    printer = _printer(printer_name, output_file)
    dpi = min(printer.resolution(), MAX_DPI)
    pages = _page_images(content, dpi)
    if not pages:
        raise PrintRejected(f"{content.title} has no page to print")
    width_mm, height_mm = (pages[0].width() / dpi * MM_PER_INCH,
                           pages[0].height() / dpi * MM_PER_INCH)
    printer.setPageLayout(QPageLayout(QPageSize(QSizeF(width_mm, height_mm),
                                                QPageSize.Unit.Millimeter),
                                      QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    printer.setFullPage(True)
    printer.setDocName(content.title)
    _paint(printer, pages)


def _printer(name: str, output_file: Path | None) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if output_file is not None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(output_file))
        printer.setResolution(PDF_OUTPUT_DPI)
        return printer
    if name not in QPrinterInfo.availablePrinterNames():
        raise PrinterUnavailable(f"the system printer {name!r} is not available (switched "
                                 "off, removed, or the print service is not running)")
    printer.setPrinterName(name)
    return printer


def _page_images(content: Content, dpi: int) -> list[QImage]:
    if content.layout is not None:
        return [QImage.fromData(png) for png in render_png_pages(content.layout, dpi=dpi)]
    if content.content_type == "application/pdf":
        return _pdf_pages(content.data, dpi)
    image = QImage.fromData(content.data)
    if image.isNull():
        raise PrintRejected(f"a {content.content_type} document cannot be printed on a "
                            "system printer; choose a raw printer for it")
    return [image]


def _pdf_pages(data: bytes, dpi: int) -> list[QImage]:
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready:
        raise PrintRejected(f"the PDF cannot be read ({document.error().name})")
    pages = []
    for index in range(document.pageCount()):
        points = document.pagePointSize(index)  # 1/72 inch
        size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
        pages.append(document.render(index, size))
    document.close()
    return pages


def _paint(printer: QPrinter, pages: list[QImage]) -> None:
    painter = QPainter()
    if not painter.begin(printer):
        raise PrinterUnavailable(f"the printer {printer.printerName() or 'file'} refused "
                                 "the job")
    try:
        for number, image in enumerate(pages):
            if number:
                printer.newPage()
            target = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
            painter.drawImage(target, image)
    finally:
        painter.end()


def choose_printer(parent: QWidget | None = None, current: str = "") -> str | None:
    """The system printer the packer picks in Qt's printer dialog; None if cancelled."""
    printer = QPrinter()
    if current:
        printer.setPrinterName(current)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return None
    return printer.printerName() or None
