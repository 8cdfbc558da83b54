"""Generated documents the simulator serves: product PNGs, label PDFs, invoice objects.

All are deterministic functions of their inputs, so two simulators serve the same bytes.
"""

from __future__ import annotations

import functools
import io
import unicodedata
from typing import Any

from PIL import Image, ImageDraw

Json = dict[str, Any]
PNG_SIZE = 96


@functools.lru_cache(maxsize=512)
def product_png(product_id: int) -> bytes:
    """A small PNG: a colour from the id, with diagonal stripes so it is not a flat square."""
    hue = (product_id * 47) % 256
    base = (hue, (hue * 3 + 80) % 256, (255 - hue) % 256)
    image = Image.new("RGB", (PNG_SIZE, PNG_SIZE), base)
    draw = ImageDraw.Draw(image)
    stripe = tuple(min(255, channel + 60) for channel in base)
    for offset in range(-PNG_SIZE, PNG_SIZE, 16):
        draw.line([(offset, 0), (offset + PNG_SIZE, PNG_SIZE)], fill=stripe, width=5)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def _pdf_text(value: str) -> str:
    """Latin-1-safe, escaped text for a PDF string (Helvetica has no Turkish ı/ş/ğ)."""
    ascii_text = unicodedata.normalize("NFKD", value.replace("ı", "i")).encode("ascii",
                                                                               "ignore")
    text = ascii_text.decode()
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def label_pdf(lines: list[str]) -> bytes:
    """A one-page 4x6 inch PDF with the given text lines (valid xref, no timestamps)."""
    text_ops = ["BT", "/F1 16 Tf", "24 396 Td", "20 TL"]
    for line in lines:
        text_ops.append(f"({_pdf_text(line)}) Tj T*")
    text_ops.append("ET")
    stream = "\n".join(text_ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 288 432] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref_at)
    return bytes(out)


def label_lines(package: Json) -> list[str]:
    address = package.get("shipping_address") or {}
    city = (address.get("city") or {}).get("name", "")
    return [
        "SHIPPING LABEL",
        f"Package {package['number']}",
        f"Tracking {package.get('tracking_number') or '-'}",
        f"{address.get('first_name', '')} {address.get('last_name', '')}",
        f"{address.get('line', '')}",
        f"{address.get('postcode', '')} {city}",
    ]


def invoice_file_lines(package: Json) -> list[str]:
    """The text of an installation's own invoice file for the package."""
    return ["INVOICE", f"Package {package['number']}",
            f"Order {package.get('order_number') or '-'}",
            f"Invoice number {package.get('invoice_number') or '-'}"]


def invoice(invoice_id: int, package: Json, stamp: str) -> Json:
    """The 201 body of `POST packages/{pk}/invoice/` (S002 "Package Invoice")."""
    address = package.get("shipping_address") or {}
    items = [_invoice_item(invoice_id * 100 + index, item, stamp)
             for index, item in enumerate(package["packageitem_set"])]
    return {
        "id": invoice_id, "invoice_type": "purchased", "status": "waiting",
        "channel": {"id": package.get("channel_omnitron_id"), "channel_type": "web",
                    "created_date": stamp, "modified_date": stamp,
                    "omnitron_id": package.get("channel_omnitron_id"),
                    "name": package.get("channel_name"), "configuration": {},
                    "is_active": True},
        "address": {
            "pk": address.get("id"), "email": address.get("email"),
            "phone_number": address.get("phone_number"),
            "first_name": address.get("first_name"), "last_name": address.get("last_name"),
            "country": (address.get("country") or {}).get("pk"),
            "city": (address.get("city") or {}).get("pk"), "line": address.get("line"),
            "title": address.get("title"),
            "township": (address.get("township") or {}).get("pk"),
            "district": (address.get("district") or {}).get("pk"),
            "postcode": address.get("postcode"), "notes": address.get("notes"),
            "company_name": address.get("company_name"),
            "tax_office": address.get("tax_office"), "tax_no": address.get("tax_no"),
            "e_bill_taxpayer": address.get("e_bill_taxpayer", False), "is_corporate": False,
        },
        "invoiceitem_set": items,
        "order": {"id": package.get("order_id"), "state": _order_state(package),
                  "payment_type": package.get("payment_type"), "created_date": stamp,
                  "modified_date": stamp, "omnitron_id": package.get("omnitron_order_id"),
                  "number": package.get("order_number"),
                  "date_placed": package.get("date_placed"),
                  "channel": package.get("channel_omnitron_id"),
                  "customer": (address.get("customer") or {}).get("pk"),
                  "shipping_address": address.get("id"), "billing_address": address.get("id")},
        "package_number": package["number"], "created_date": stamp, "modified_date": stamp,
        "number": f"INV{invoice_id:08d}",
    }


def _order_state(package: Json) -> Json | None:
    items = package.get("packageitem_set") or []
    return (items[0].get("order_item") or {}).get("state") if items else None


def _invoice_item(item_id: int, item: Json, stamp: str) -> Json:
    order_item = item.get("order_item") or {}
    return {"id": item_id, "created_date": stamp, "modified_date": stamp,
            "tax_rate": order_item.get("tax_rate"), "tax_amount": order_item.get("tax_amount"),
            "discount_rate": "0.00", "discount_amount": order_item.get("discount_amount"),
            "interest_rate": "0.00", "interest_amount": None,
            "total_amount": order_item.get("price"), "net_amount": order_item.get("net_amount"),
            "order_item": order_item.get("id")}
