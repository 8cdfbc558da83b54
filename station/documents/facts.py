"""What a document says about a package, read from its raw OMS payload.

`read_package` turns the package JSON exactly as OMS sent it (the shape of the
Package Services reference: `packageitem_set`, `shipment`, `order_gift_box_note`…)
into `PackageFacts`, the only input the slip and label builders take. Reading is
forgiving on purpose: a field that is missing, null or of another type leaves
that line off the document instead of failing the print. Only the package
number is required, because it is the barcode; without it there is nothing to
print and `DecodeError` says so.

`StationInfo` is what the payload cannot tell: who is printing, and in which
language (`station.documents.captions`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from station.errors import DecodeError

Json = Mapping[str, Any]

# Attribute keys that name an item's size or colour, in order of preference,
# compared case-insensitively. Turkish installations use "beden"/"renk".
SIZE_KEYS = ("size", "beden", "variant_size", "variant_beden", "numara", "integration_size")
COLOUR_KEYS = ("color", "colour", "renk", "variant_color", "variant_colour",
               "variant_renk", "integration_color", "integration_renk")
SAME_DAY_TYPES = frozenset({"same_day", "sameday"})


@dataclass(frozen=True)
class StationInfo:
    """The printing station: its store's name and its stock location's name
    (the location's name from the payload is used when this one is empty), and the
    language its documents print in ("en", "tr"; anything else, "" too, prints English)."""

    store_name: str
    stock_location_name: str = ""
    language: str = ""


@dataclass(frozen=True)
class ItemLine:
    """One product of the package with how many units of it are in it."""

    name: str
    sku: str
    barcode: str
    size: str
    colour: str
    quantity: int


@dataclass(frozen=True)
class PackageFacts:
    number: str
    order_number: str
    date_placed: str  # YYYY-MM-DD, or ""
    channel: str
    stock_location: str
    city: str
    delivery_type: str  # OMS's value made readable: "Same day", "Standard", or ""
    same_day: bool
    click_and_collect: bool
    gift_box: bool
    gift_note: str
    order_notes: str
    cargo_company: str
    tracking_number: str
    invoice_number: str
    items: tuple[ItemLine, ...]

    @property
    def unit_count(self) -> int:
        return sum(item.quantity for item in self.items)


def load_payload(payload: Json | bytes | str) -> Json:
    """The payload as a mapping: the store keeps raw JSON bytes, tests pass dicts."""
    if isinstance(payload, Mapping):
        return payload
    try:
        decoded = json.loads(payload)
    except ValueError as error:
        raise DecodeError(f"package payload is not JSON: {error}", raw=payload) from error
    if not isinstance(decoded, Mapping):
        raise DecodeError("package payload is not a JSON object", raw=payload)
    return decoded


def read_package(payload: Json | bytes | str) -> PackageFacts:
    """The facts a slip or label prints, from a package payload."""
    data = load_payload(payload)
    delivery = _text(data.get("delivery_type"))
    shipment = _mapping(data.get("shipment"))
    return PackageFacts(
        number=_package_number(data),
        order_number=_text(data.get("order_number")),
        date_placed=_text(data.get("date_placed"))[:10],
        channel=_text(data.get("channel_name")),
        stock_location=_text(_mapping(data.get("stock_location")).get("name")),
        city=_city(data),
        delivery_type=delivery.replace("_", " ").capitalize(),
        same_day=delivery.lower().replace("-", "_") in SAME_DAY_TYPES,
        click_and_collect=data.get("is_click_and_collect") is True,
        gift_box=data.get("order_has_gift_box") is True,
        gift_note=_text(data.get("order_gift_box_note")),
        order_notes=_text(data.get("order_notes")),
        cargo_company=_text(_mapping(shipment.get("cargo_company")).get("name")),
        tracking_number=(_text(data.get("tracking_number"))
                         or _text(shipment.get("awb_number"))
                         or _text(shipment.get("tracking_number"))),
        invoice_number=_text(data.get("invoice_number")),
        items=_items(data.get("packageitem_set")),
    )


def _package_number(data: Json) -> str:
    number = _text(data.get("number"))
    if not number:
        raise DecodeError("the package has no number to print", path="number")
    # Code128 encodes printable ASCII; anything else could not be scanned back.
    if not all(" " <= char <= "~" for char in number):
        raise DecodeError(f"package number {number!r} cannot be a Code128 barcode",
                          path="number")
    return number


def _city(data: Json) -> str:
    address_city = _mapping(_mapping(data.get("shipping_address")).get("city"))
    return _text(data.get("city")) or _text(address_city.get("name"))


def _items(raw: object) -> tuple[ItemLine, ...]:
    """Package items grouped by product (each OMS package item is one unit),
    in the order OMS lists them."""
    grouped: dict[tuple[object, ...], ItemLine] = {}
    for entry in raw if isinstance(raw, list) else []:
        item = _item(_mapping(entry))
        key = (item.name, item.sku, item.barcode, item.size, item.colour)
        known = grouped.get(key)
        grouped[key] = item if known is None else replace(known, quantity=known.quantity + 1)
    return tuple(grouped.values())


def _item(entry: Json) -> ItemLine:
    product = _mapping(_mapping(entry.get("order_item")).get("product"))
    attributes = _attributes(product)
    return ItemLine(
        name=_text(product.get("name")) or _text(product.get("sku")) or "—",
        sku=_text(product.get("sku")),
        barcode=_text(entry.get("selected_barcode")) or _text(product.get("barcode")),
        size=_first(attributes, SIZE_KEYS),
        colour=_first(attributes, COLOUR_KEYS),
        quantity=1,
    )


def _attributes(product: Json) -> dict[str, str]:
    """Attribute values by lower-cased key; the label of `attributes_kwargs`
    (what the storefront shows) wins over the raw value."""
    values = {str(key).lower(): _text(value)
              for key, value in _mapping(product.get("attributes")).items()}
    for key, spec in _mapping(product.get("attributes_kwargs")).items():
        label = _text(_mapping(spec).get("label"))
        if label:
            values[str(key).lower()] = label
    return values


def _first(attributes: Mapping[str, str], keys: tuple[str, ...]) -> str:
    return next((attributes[key] for key in keys if attributes.get(key)), "")


def _mapping(value: object) -> Json:
    return value if isinstance(value, Mapping) else {}


def _text(value: object) -> str:
    """Strings and numbers as stripped text; anything else (null, objects) as ""."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, str | int | float):
        return str(value).strip()
    return ""
