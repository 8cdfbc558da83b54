"""Decoded packages → table rows (tuples in the column order named here).

Pure functions, no database (`station.store.snapshot` runs the SQL). Column
tuples live next to the code that fills them so the two cannot drift apart.

A package's `commands[]` is stored as a `CommandList`: one row per distinct list
(in practice one per state), which packages point at by digest. Within a page,
lists are recognised by their encoded bytes, so each distinct list is converted
(and its learned transitions derived) once per page, not once per package.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import msgspec

from station.oms.models import Command, Package, PackageItem, Product, State, StockLocation
from station.store.codes import KIND_SELECTED_BARCODE, normalise_code, product_codes
from station.store.db import iso_utc

STATE_COLUMNS = ("id", "enum_class", "enum_value", "name", "translations")
LOCATION_COLUMNS = ("id", "name", "erp_code", "type", "omnitron_id")
PRODUCT_COLUMNS = ("id", "name", "sku", "base_code", "barcode", "omnitron_id",
                   "attributes", "image_urls")
PACKAGE_COLUMNS = (
    "id", "number", "order_number", "order_id", "state_id", "state_enum",
    "stock_location_id", "channel_name", "date_placed", "target_packing_date",
    "delivery_type", "is_click_and_collect", "order_has_gift_box", "order_gift_box_note",
    "order_notes", "invoice_number", "tracking_number", "modified_date", "created_date",
    "synced_at", "command_list",
)
RAW_COLUMNS = ("package_id", "raw")
ITEM_COLUMNS = ("id", "package_id", "position", "product_id", "order_item_id", "state_id",
                "state_enum", "selected_barcode", "serial_no", "unit_weight", "modified_date")
# Bump when the rows built from a given package JSON change: packages stored by an
# older version are then rewritten on their next sync even if OMS sends the same JSON.
ROWS_VERSION = 1
COMMAND_LIST_COLUMNS = ("digest", "commands")
# The keys of each command object in a stored command list, in this order.
COMMAND_FIELDS = ("id", "command_type", "slug", "label", "translations", "source_state",
                  "destination_state", "ui_visibility", "is_packageitem_parameter_required",
                  "configuration")
# Without first_seen/last_seen, which the writer appends.
TRANSITION_COLUMNS = ("source_state", "command_id", "destination_state", "command_type",
                      "slug", "label", "translations", "ui_visibility",
                      "is_packageitem_parameter_required", "configuration")

Row = tuple[Any, ...]
# msgspec encoders are thread-safe (msgspec >= 0.16); one instance avoids per-call setup.
_ENCODER = msgspec.json.Encoder()


def to_json(value: Any) -> str | None:
    return None if value is None else _ENCODER.encode(value).decode()


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def iso_text(value: dt.datetime | None) -> str | None:
    """`db.iso_utc(value)`, 8 times faster for what msgspec decodes OMS dates to
    (tzinfo UTC): ~7 dates a package made it a tenth of the row building."""
    if value is not None and value.tzinfo is dt.UTC:
        text = _ENCODER.encode(value)  # b'"2024-05-01T12:00:00.000000Z"'
        if len(text) == 29:  # msgspec leaves out zero microseconds: then the slow way
            return text[1:-1].decode()
    return iso_utc(value)


@dataclass(frozen=True, slots=True)
class CommandList:
    """One distinct `commands[]`: its digest (the key packages store), the JSON
    that `package_detail` returns, and the learned-transition rows it teaches."""

    digest: bytes
    json: str
    transitions: tuple[Row, ...]

    @classmethod
    def of(cls, commands: Sequence[Command]) -> CommandList:
        entries = [dict(zip(COMMAND_FIELDS, _command_values(c), strict=True)) for c in commands]
        text = _ENCODER.encode(entries).decode()
        digest = hashlib.blake2b(text.encode(), digest_size=16).digest()
        return cls(digest, text, tuple(_transition_row(c) for c in commands))


@dataclass(slots=True)
class PageRows:
    """A page's rows; products, states, locations, command lists and transitions
    de-duplicated (for shared ones, the last package wins)."""

    states: list[Row] = field(default_factory=list)
    locations: list[Row] = field(default_factory=list)
    products: list[Row] = field(default_factory=list)
    # The structs behind `products`, for codes of the products that changed.
    product_structs: dict[int, Product] = field(default_factory=dict)
    selected_codes: list[Row] = field(default_factory=list)
    command_lists: list[Row] = field(default_factory=list)
    packages: list[Row] = field(default_factory=list)
    raws: list[Row] = field(default_factory=list)
    items: list[Row] = field(default_factory=list)
    transitions: list[Row] = field(default_factory=list)


class _CommandLists:
    """The page's distinct command lists, keyed by their encoded structs."""

    def __init__(self) -> None:
        self._by_encoding: dict[bytes, CommandList] = {}
        self.last_used: dict[bytes, CommandList] = {}  # digest → list, by last use

    def digest_of(self, commands: Sequence[Command]) -> bytes | None:
        if not commands:
            return None
        key = _ENCODER.encode(commands)
        found = self._by_encoding.get(key)
        if found is None:
            found = self._by_encoding[key] = CommandList.of(commands)
        self.last_used.pop(found.digest, None)
        self.last_used[found.digest] = found
        return found.digest


def build_page_rows(
    packages: Iterable[tuple[Package, bytes]],
    synced_at: str,
    *,
    also_commands_of: Iterable[Package] = (),
) -> PageRows:
    """Rows for a page of (package, compressed raw JSON); ids must be unique.
    `also_commands_of`: packages stored already, whose command lists and learned
    transitions are seen again (they count before `packages` for "last wins")."""
    page = PageRows()
    states: dict[int, State] = {}
    locations: dict[int, StockLocation] = {}
    lists = _CommandLists()
    for package in also_commands_of:
        lists.digest_of(package.commands)
    for package, raw in packages:
        states[package.state.id] = package.state
        locations[package.stock_location.id] = package.stock_location
        _add_items(page, package, states)
        modified = iso_text(package.modified_date)
        assert modified is not None  # modified_date is required by the model
        digest = lists.digest_of(package.commands)
        page.packages.append(_package_row(package, modified, synced_at, digest))
        page.raws.append((package.id, raw))
    page.states = [_state_row(state) for state in states.values()]
    page.locations = [_location_row(location) for location in locations.values()]
    page.products = [_product_row(product) for product in page.product_structs.values()]
    page.command_lists = [(found.digest, found.json) for found in lists.last_used.values()]
    transitions = {(row[0], row[1]): row
                   for found in lists.last_used.values() for row in found.transitions}
    page.transitions = list(transitions.values())
    page.selected_codes = list(dict.fromkeys(page.selected_codes))
    return page


def _add_items(page: PageRows, package: Package, states: dict[int, State]) -> None:
    """The package's item rows, and the products, states and selected codes they carry."""
    products = page.product_structs
    for position, item in enumerate(package.packageitem_set):
        order_item = item.order_item
        product = order_item.product
        products[product.id] = product
        states[item.state.id] = item.state
        if order_item.state is not None:
            states[order_item.state.id] = order_item.state
        page.items.append(_item_row(package.id, position, item))
        code = normalise_code(item.selected_barcode)
        if code is not None:
            page.selected_codes.append((code, product.id, KIND_SELECTED_BARCODE))


def product_code_rows(product: Product, extra_code_keys: frozenset[str]) -> list[Row]:
    """`codes` rows (code, product_id, kind) derived from the product itself."""
    return [(code, product.id, kind) for code, kind in product_codes(product, extra_code_keys)]


def _package_row(
    package: Package, modified: str, synced_at: str, command_list: bytes | None
) -> Row:
    return (
        package.id, package.number, package.order_number, package.order_id,
        package.state.id, package.state.enum, package.stock_location.id,
        package.channel_name, iso_text(package.date_placed),
        iso_text(package.target_packing_date), package.delivery_type,
        _flag(package.is_click_and_collect), _flag(package.order_has_gift_box),
        package.order_gift_box_note, package.order_notes, package.invoice_number,
        package.tracking_number, modified, iso_text(package.created_date), synced_at,
        command_list,
    )


def _item_row(package_id: int, position: int, item: PackageItem) -> Row:
    weight = None if item.unit_weight is None else str(item.unit_weight)
    return (
        item.id, package_id, position, item.order_item.product.id, item.order_item.id,
        item.state.id, item.state.enum, item.selected_barcode, item.serial_no, weight,
        iso_text(item.modified_date),
    )


def _command_values(command: Command) -> tuple[Any, ...]:
    """A command's values in COMMAND_FIELDS order, as `package_detail` returns them."""
    return (
        command.id, command.command_type, command.slug, command.label, command.translations,
        command.source_state, command.destination_state, command.ui_visibility,
        command.is_packageitem_parameter_required, command.configuration,
    )


def _transition_row(command: Command) -> Row:
    return (
        command.source_state, command.id, command.destination_state, command.command_type,
        command.slug, command.label, to_json(command.translations),
        to_json(command.ui_visibility), int(command.is_packageitem_parameter_required),
        to_json(command.configuration),
    )


def _state_row(state: State) -> Row:
    return (state.id, state.enum_class, state.enum, state.name, to_json(state.translations))


def _location_row(location: StockLocation) -> Row:
    return (location.id, location.name, location.erp_code, location.stock_location_type,
            location.omnitron_id)


def _product_row(product: Product) -> Row:
    images = product.productimage_set
    if len(images) > 1 or (images and not images[0].url):
        images = sorted(
            (image for image in images if image.url),
            key=lambda image: image.order if image.order is not None else 0,
        )
    return (
        product.id, product.name, product.sku, product.base_code, product.barcode,
        product.omnitron_id, to_json(product.attributes or {}),
        to_json([image.url for image in images]),
    )
