"""Package payloads for the document tests: the seed payloads and synthetic ones.

Synthetic payloads have the shape of OMS's package JSON (see
tests/fixtures/documents/README.md) with only the fields documents read, so a
test can say exactly what it varies: item count, long names, Turkish letters,
emoji in the gift note.
"""

from __future__ import annotations

import json
import pathlib
from typing import Any

FIXTURES = pathlib.Path(__file__).parents[2] / "fixtures"
TURKISH = "ğüşıöçĞÜŞİÖÇ"
LONG_NAME = ("Organik Pamuklu Bisiklet Yaka Uzun Kollu Çizgili Tişört — Özel Üretim "
             "Şık Günlük Kullanım İçin Yıkanabilir Kumaş ve Ölçülü Kesim Modeli")
EMOJI_NOTE = "Doğum günün kutlu olsun! 🎉🎂 Seni çok seviyoruz ❤️ 👨‍👩‍👧 İyi ki varsın 🇹🇷"

Payload = dict[str, Any]


def seed_packages() -> list[Payload]:
    """The three package payloads of the seed order webhook (Akinon's example)."""
    webhook = json.loads((FIXTURES / "seed_order_webhook.json").read_text())
    packages: list[Payload] = webhook["payload"]["packages"]
    return packages


def reference_packages() -> list[Payload]:
    """The two payloads rebuilt from the Package Services reference."""
    path = FIXTURES / "documents" / "package_services_reference.json"
    packages: list[Payload] = json.loads(path.read_text())
    return packages


def all_fixture_packages() -> list[Payload]:
    return seed_packages() + reference_packages()


def product(n: int, *, name: str | None = None, size: str = "M",
            colour: str = "Lacivert") -> Payload:
    return {
        "id": 1000 + n, "name": name if name is not None else f"Ürün {n} Şal Örgü",
        "sku": f"SKU-{n:04d}", "barcode": f"86{n:011d}",
        "attributes": {"beden": size, "renk": colour, "erp_Sezon": "Devamlı"},
        "attributes_kwargs": {"renk": {"label": colour, "value": colour.lower(),
                                       "data_type": "dropdown"}},
    }


def package(items: int = 1, *, number: str = "2236607691411584P1", name: str | None = None,
            gift_note: str | None = None, notes: str | None = None,
            delivery_type: str | None = "same_day", city: str = "İstanbul",
            repeat: int = 1) -> Payload:
    """A package of `items` different products, each `repeat` units."""
    entries = [{"id": 5000 + n * repeat + unit, "selected_barcode": None,
                "order_item": {"id": 7000 + n, "product": product(n, name=name)}}
               for n in range(items) for unit in range(repeat)]
    return {
        "id": 6636, "number": number, "order_number": "2236607691411584",
        "date_placed": "2023-03-15T12:19:51.710043Z", "city": city,
        "channel_name": "Moda Şehri Online", "delivery_type": delivery_type,
        "is_click_and_collect": False, "order_has_gift_box": gift_note is not None,
        "order_gift_box_note": gift_note, "order_notes": notes,
        "tracking_number": "68993", "invoice_number": "SEP2018000149774",
        "stock_location": {"id": 1, "name": "Kadıköy Mağaza"},
        "shipping_address": {"city": {"pk": 34, "name": city}},
        "shipment": {"cargo_company": {"id": 1, "name": "Yurtiçi Kargo"},
                     "awb_number": "68993"},
        "packageitem_set": entries,
    }
