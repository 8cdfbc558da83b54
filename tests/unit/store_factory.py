"""Builders for the store tests: OMS-shaped package JSON, decoded through the real
`decode_package`, so the tests exercise the same structs sync hands to the store.
(No tests here; the module is shared by tests/unit/test_store_*.py.)"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from station.oms.models import Package, decode_package

SYNCED_AT = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
WAITING = (35, "100", "Waiting")
PREPARING = (37, "200", "Preparing")
PACKED = (40, "500", "Packed")
ITEM_WAITING = (57, "100", "Waiting")


def state_json(state: tuple[int, str, str], enum_class: str = "PackageStatus") -> dict:
    state_id, enum_value, name = state
    return {"id": state_id, "enum_value": enum_value, "name": name, "enum_class": enum_class,
            "translations": {"tr": {"name": name.upper()}}, "config": {}}


def product_json(product_id: int, *, sku: str | None = None, barcode: str | None = None,
                 attributes: dict[str, Any] | None = None, name: str | None = None) -> dict:
    return {
        "id": product_id, "name": name or f"Product {product_id}",
        "sku": sku if sku is not None else f"SKU-{product_id}",
        "base_code": f"BASE-{product_id}", "barcode": barcode, "omnitron_id": product_id + 1000,
        "attributes": attributes if attributes is not None else {},
        "productimage_set": [{"url": f"https://img/{product_id}/b.jpg", "order": 2},
                             {"url": f"https://img/{product_id}/a.jpg", "order": 1}],
    }


def item_json(item_id: int, product: dict, *, selected_barcode: str | None = None,
              serial_no: str | None = None, unit_weight: str | None = None,
              state: tuple[int, str, str] = ITEM_WAITING) -> dict:
    return {
        "id": item_id, "state": state_json(state, "PackageItemStatus"),
        "order_item": {"id": item_id + 5000, "omnitron_id": item_id + 9000, "product": product,
                       "state": state_json((20, "200", "Waiting"), "OrderStatus"),
                       "price": "10.00", "price_currency": "try"},
        "selected_barcode": selected_barcode, "serial_no": serial_no,
        "unit_weight": unit_weight, "modified_date": "2024-04-30T10:00:00Z",
    }


def command_json(command_id: int, source: int, destination: int, *,
                 command: str | None = "COMPLETE_PACKAGING", slug: str | None = None,
                 label: str = "Complete", item_param: bool = False) -> dict:
    return {
        "id": command_id, "command": command, "slug": slug, "label": label,
        "translations": {"en": {"label": label}}, "configuration": {"remote_invoice_call": True},
        "ui_visibility": ["oms_web", "third_party"], "source_state": source,
        "destination_state": destination, "is_packageitem_parameter_required": item_param,
    }


def package_json(package_id: int, *, items: list[dict] | None = None,
                 commands: list[dict] | None = None, number: str | None = None,
                 order_number: str | None = None, state: tuple[int, str, str] = WAITING,
                 location: int = 6, modified: str = "2024-05-01T10:00:00Z") -> dict:
    if items is None:
        items = [item_json(package_id * 10, product_json(package_id * 10))]
    if commands is None:
        commands = [command_json(16, state[0], PACKED[0])]
    return {
        "id": package_id, "number": number or f"PKG{package_id:06d}",
        "order_number": order_number or f"ORD{package_id:06d}", "order_id": package_id + 100,
        "state": state_json(state),
        "stock_location": {"id": location, "name": f"Store {location}",
                           "erp_code": f"ERP-{location}", "stock_location_type": "store",
                           "omnitron_id": location + 50},
        "modified_date": modified, "created_date": "2024-04-30T09:00:00Z",
        "date_placed": "2024-04-30T08:00:00+03:00", "target_packing_date": None,
        "channel_name": "Web", "delivery_type": "standard", "is_click_and_collect": False,
        "order_has_gift_box": True, "order_gift_box_note": "Happy birthday",
        "order_notes": "Ring twice", "invoice_number": None, "tracking_number": None,
        "packageitem_set": items, "commands": commands,
        "shipping_address": {"city": {"name": "Istanbul"}},
    }


def decoded(payload: dict) -> tuple[Package, bytes]:
    raw = msgspec.json.encode(payload)
    return decode_package(raw), raw


def page(*payloads: dict) -> list[tuple[Package, bytes]]:
    return [decoded(payload) for payload in payloads]
