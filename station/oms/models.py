"""Typed OMS payloads and their decoding.

msgspec Structs for the parts of the OMS package payload the station uses. They
ignore unknown fields (OMS adds fields freely), accept the nulls the public
examples show (`product.barcode`, `slug`, a missing `command`), and turn any
other shape problem into one `DecodeError` naming the field (`$.packageitem_set[0].id`).

Pages are decoded in two steps: the envelope with raw results, then each package
on its own, so one bad package can be quarantined while the rest of the page is kept.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from typing import Annotated, Any

import msgspec

from station.errors import DecodeError

Json = dict[str, Any]
# gc=False: decoded payloads are trees (no reference cycles), and skipping the cycle
# collector's tracking saves ~45 µs per package during sync (measured).
# Ids are stored in SQLite INTEGER columns: anything outside 64 bits is a broken payload
# (quarantined with the field named), not a crash at write time.
Id = Annotated[int, msgspec.Meta(ge=-(2**63), le=2**63 - 1)]
_MISSING_FIELD = re.compile(r"Object missing required field `([^`]+)`")
# A \uD800-\uDBFF escape without a low surrogate escape after it, or a low one alone,
# after an even number of backslashes (so `\\ud83d`, an escaped backslash, is not one).
_LONE_SURROGATE = re.compile(
    rb"(?<!\\)((?:\\\\)*)(\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2})")


class State(msgspec.Struct, frozen=True, gc=False):
    """A state object; `id` is per installation, `enum_value` is what to compare."""

    id: Id
    enum_value: str | int
    name: str = ""
    enum_class: str | None = None
    translations: dict[str, Any] | None = None

    @property
    def enum(self) -> str:
        return str(self.enum_value)


class ProductImage(msgspec.Struct, frozen=True, gc=False):
    url: str | None = None
    order: Id | None = None


class Product(msgspec.Struct, frozen=True, gc=False):
    id: Id
    name: str | None = None
    sku: str | None = None
    base_code: str | None = None
    barcode: str | None = None
    omnitron_id: Id | None = None
    attributes: dict[str, Any] | None = None
    productimage_set: list[ProductImage] = []


class OrderItem(msgspec.Struct, frozen=True, gc=False):
    id: Id
    product: Product
    omnitron_id: Id | None = None
    state: State | None = None
    price: str | None = None
    price_currency: str | None = None


class PackageItem(msgspec.Struct, frozen=True, gc=False):
    """One unit to pack (the detailed payload carries no quantity: one item = one unit)."""

    id: Id
    state: State
    order_item: OrderItem
    selected_barcode: str | None = None
    serial_no: str | None = None
    unit_weight: str | float | None = None
    modified_date: dt.datetime | None = None


class Command(msgspec.Struct, frozen=True, gc=False):
    """An entry of a package's `commands[]`: one allowed transition from its state."""

    id: Id
    source_state: Id
    destination_state: Id
    command: str | None = None
    slug: str | None = None
    label: str | None = None
    translations: dict[str, Any] | None = None
    configuration: dict[str, Any] | None = None
    ui_visibility: list[str] = []
    is_packageitem_parameter_required: bool = False

    @property
    def command_type(self) -> str:
        """`command`, or the type read from the slug (`package__<type>__<src>__<dst>`)."""
        if self.command:
            return self.command
        if self.slug and self.slug.startswith("package__"):
            return self.slug.split("__")[1].upper()
        return ""


class StockLocation(msgspec.Struct, frozen=True, gc=False):
    id: Id
    name: str | None = None
    erp_code: str | None = None
    stock_location_type: str | None = None
    omnitron_id: Id | None = None
    is_active: bool | None = None


class ShippingLabel(msgspec.Struct, frozen=True, gc=False):
    id: Id
    is_file: bool | None = None
    preview_url: str | None = None
    uuid: str | None = None


class Package(msgspec.Struct, frozen=True, gc=False):
    id: Id
    number: str
    state: State
    stock_location: StockLocation
    modified_date: dt.datetime
    # Required and never empty: a package stored without items could be completed
    # without a single scan (a missing list is a broken payload, not "nothing to pack").
    packageitem_set: Annotated[list[PackageItem], msgspec.Meta(min_length=1)]
    order_number: str | None = None
    order_id: Id | None = None
    channel_name: str | None = None
    date_placed: dt.datetime | None = None
    created_date: dt.datetime | None = None
    target_packing_date: dt.datetime | None = None
    delivery_type: str | None = None
    is_click_and_collect: bool | None = None
    order_has_gift_box: bool | None = None
    order_gift_box_note: str | None = None
    order_notes: str | None = None
    invoice_number: str | None = None
    remote_id: str | None = None
    tracking_number: str | None = None
    shipping_label: ShippingLabel | None = None
    commands: list[Command] = []


class Page(msgspec.Struct, frozen=True, gc=False):
    """The `{count, next, previous, results}` envelope, results left undecoded."""

    count: int
    results: list[msgspec.Raw]
    next: str | None = None
    previous: str | None = None


class TransitionLog(msgspec.Struct, frozen=True, gc=False):
    id: Id
    new_state: State
    old_state: State | None = None
    user: Any = None
    attributes: dict[str, Any] | None = None
    created_date: dt.datetime | None = None


def decode(raw: bytes | str, kind: type[msgspec.Struct], what: str = "") -> Any:
    """Decode JSON into `kind`, mapping every failure to one DecodeError with the field path."""
    try:
        return msgspec.json.decode(raw, type=kind)
    except msgspec.ValidationError as exc:
        message = str(exc)
        path = message.rsplit(" - at ", 1)[1].strip("`") if " - at " in message else "$"
        missing = _MISSING_FIELD.match(message)
        if missing:  # msgspec names the object, not the field: point at the field itself
            path = f"{path}.{missing.group(1)}"
        raise DecodeError(f"{what or kind.__name__}: {message}", path=path, raw=raw) from exc
    except msgspec.DecodeError as exc:
        lone = _LONE_SURROGATE.search(raw.encode() if isinstance(raw, str) else raw)
        detail = f"a lone UTF-16 surrogate escape {lone.group(2).decode()}; " if lone else ""
        raise DecodeError(f"{what or kind.__name__}: invalid JSON ({detail}{exc})",
                          raw=raw) from exc
    except RecursionError as exc:
        # msgspec recurses per nesting level; a hostile payload (100,000 nested lists)
        # must be a bad payload, not a RecursionError escaping to the user.
        raise DecodeError(
            f"{what or kind.__name__}: JSON nested too deeply to decode "
            f"(more than about {sys.getrecursionlimit()} levels)", raw=raw) from exc


def decode_package(raw: bytes | str) -> Package:
    return decode(raw, Package, "package")


def decode_page(raw: bytes | str) -> Page:
    return decode(raw, Page, "page")
