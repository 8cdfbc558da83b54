"""Printable documents for a package: the packing slip and the thermal package label.

Pure Python (no Qt): the print queue and the UI call these off the UI thread.

    doc = packing_slip(payload, StationInfo("Moda Store", "İstanbul Depo", "tr"), "A5")
    pdf = render_pdf(doc)                     # bytes, fonts embedded
    png = render_png(doc, dpi=203)            # first page; render_png_pages for all
    label = package_label(payload, info, "100x150")
    send_raw_tcp(render_zpl(label, dpi=203).encode(), "tcp://10.0.0.7:9100")
    save_pdf_to_folder(pdf, "~/Labels", doc.name)

`payload` is the package JSON as OMS sent it — a dict, or the raw bytes that
`station.store.snapshot.package_raw` returns. Builders produce a `Document` (a
tree of positioned elements in mm, `layout.py`); renderers turn it into PDF,
PNG or ZPL; transports deliver bytes. Every fixed word and date format on paper is
in `StationInfo.language` ("en" or "tr"; `station.documents.captions`). The demo
barcode sheet lives in `station.documents.demo_sheet`.
"""

from __future__ import annotations

from station.documents import label, slip
from station.documents.facts import Json, PackageFacts, StationInfo, read_package
from station.documents.layout import (
    LABEL_SIZES,
    SLIP_SIZES,
    Barcode,
    Box,
    Document,
    LabelSize,
    Line,
    Page,
    SlipSize,
    Text,
)
from station.documents.pdf import render_pdf
from station.documents.png import render_png, render_png_pages
from station.documents.transports import (
    PrinterUnavailable,
    PrintRejected,
    parse_tcp_target,
    save_pdf_to_folder,
    send_raw_cups,
    send_raw_tcp,
)
from station.documents.zpl import render_zpl


def packing_slip(payload: Json | bytes | str, info: StationInfo,
                 page_size: SlipSize | str = "A4") -> Document:
    """The packing slip of a package on A4, A5 or A6 paper."""
    return slip.build(read_package(payload), info, page_size)


def package_label(payload: Json | bytes | str, info: StationInfo,
                  size: LabelSize | str = "100x150") -> Document:
    """The thermal package label of a package, 100×150 or 100×100 mm."""
    return label.build(read_package(payload), info, size)


__all__ = [
    "LABEL_SIZES", "SLIP_SIZES", "Barcode", "Box", "Document", "LabelSize", "Line",
    "PackageFacts", "Page", "PrintRejected", "PrinterUnavailable", "SlipSize",
    "StationInfo", "Text", "package_label", "packing_slip", "parse_tcp_target",
    "read_package", "render_pdf", "render_png", "render_png_pages", "render_zpl",
    "save_pdf_to_folder", "send_raw_cups", "send_raw_tcp",
]
