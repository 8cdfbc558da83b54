"""Decoded packages → table rows (tuples in the column order named here).

Pure functions, no database: `upsert_page` builds rows before it takes the write
lock, so the lock is held only for the SQL. Column tuples live next to the code
that fills them so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable
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
    "synced_at", "raw",
)
ITEM_COLUMNS = ("id", "package_id", "position", "product_id", "order_item_id", "state_id",
                "state_enum", "selected_barcode", "serial_no", "unit_weight", "modified_date")
COMMAND_COLUMNS = ("package_id", "id", "position", "command_type", "slug", "label",
                   "translations", "source_state", "destination_state", "ui_visibility",
                   "is_packageitem_parameter_required", "configuration")
# Without first_seen/last_seen, which the writer appends.
TRANSITION_COLUMNS = ("source_state", "command_id", "destination_state", "command_type",
                      "slug", "label", "translations", "ui_visibility",
                      "is_packageitem_parameter_required", "configuration")

Row = tuple[Any, ...]
_COMMAND_ID = COMMAND_COLUMNS.index("id")
_COMMAND_SOURCE = COMMAND_COLUMNS.index("source_state")


def to_json(value: Any) -> str | None:
    return None if value is None else msgspec.json.encode(value).decode()


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


@dataclass
class PackageRows:
    """Everything one package contributes to the snapshot."""

    package_id: int
    modified_date: str
    package: Row
    items: list[Row]
    commands: list[Row]
    selected_codes: list[Row]
    products: dict[int, Product]
    states: dict[int, State]
    location: StockLocation


@dataclass
class PageRows:
    """A page's rows, products/states/locations/transitions de-duplicated."""

    states: list[Row] = field(default_factory=list)
    locations: list[Row] = field(default_factory=list)
    products: list[Row] = field(default_factory=list)
    # The structs behind `products`, for codes of the products that changed.
    product_structs: dict[int, Product] = field(default_factory=dict)
    selected_codes: list[Row] = field(default_factory=list)
    packages: list[Row] = field(default_factory=list)
    items: list[Row] = field(default_factory=list)
    commands: list[Row] = field(default_factory=list)
    transitions: list[Row] = field(default_factory=list)


def build_package_rows(package: Package, raw: bytes, synced_at: str) -> PackageRows:
    states = {package.state.id: package.state}
    products: dict[int, Product] = {}
    items: list[Row] = []
    selected: list[Row] = []
    for position, item in enumerate(package.packageitem_set):
        product = item.order_item.product
        products[product.id] = product
        states[item.state.id] = item.state
        if item.order_item.state is not None:
            states[item.order_item.state.id] = item.order_item.state
        items.append(_item_row(package.id, position, item))
        code = normalise_code(item.selected_barcode)
        if code is not None:
            selected.append((code, product.id, KIND_SELECTED_BARCODE))
    modified = iso_utc(package.modified_date)
    assert modified is not None  # modified_date is required by the model
    return PackageRows(
        package_id=package.id,
        modified_date=modified,
        package=_package_row(package, modified, synced_at, raw),
        items=items,
        commands=[_command_row(package.id, i, c) for i, c in enumerate(package.commands)],
        selected_codes=selected,
        products=products,
        states=states,
        location=package.stock_location,
    )


def merge_rows(page: Iterable[PackageRows]) -> PageRows:
    """Flatten packages into page rows; for shared products/states, the last wins."""
    merged = PageRows()
    states: dict[int, State] = {}
    locations: dict[int, StockLocation] = {}
    products: dict[int, Product] = {}
    transitions: dict[tuple[int, int], Row] = {}
    for rows in page:
        states.update(rows.states)
        locations[rows.location.id] = rows.location
        products.update(rows.products)
        merged.packages.append(rows.package)
        merged.items.extend(rows.items)
        merged.commands.extend(rows.commands)
        merged.selected_codes.extend(rows.selected_codes)
        for command in rows.commands:
            transitions[(command[_COMMAND_SOURCE], command[_COMMAND_ID])] = _transition_row(command)
    merged.states = [_state_row(state) for state in states.values()]
    merged.locations = [_location_row(location) for location in locations.values()]
    merged.products = [_product_row(product) for product in products.values()]
    merged.product_structs = products
    merged.transitions = list(transitions.values())
    merged.selected_codes = list(dict.fromkeys(merged.selected_codes))
    return merged


def product_code_rows(product: Product, extra_code_keys: frozenset[str]) -> list[Row]:
    """`codes` rows (code, product_id, kind) derived from the product itself."""
    return [(code, product.id, kind) for code, kind in product_codes(product, extra_code_keys)]


def _package_row(package: Package, modified: str, synced_at: str, raw: bytes) -> Row:
    return (
        package.id, package.number, package.order_number, package.order_id,
        package.state.id, package.state.enum, package.stock_location.id,
        package.channel_name, iso_utc(package.date_placed),
        iso_utc(package.target_packing_date), package.delivery_type,
        _flag(package.is_click_and_collect), _flag(package.order_has_gift_box),
        package.order_gift_box_note, package.order_notes, package.invoice_number,
        package.tracking_number, modified, iso_utc(package.created_date), synced_at, raw,
    )


def _item_row(package_id: int, position: int, item: PackageItem) -> Row:
    weight = None if item.unit_weight is None else str(item.unit_weight)
    return (
        item.id, package_id, position, item.order_item.product.id, item.order_item.id,
        item.state.id, item.state.enum, item.selected_barcode, item.serial_no, weight,
        iso_utc(item.modified_date),
    )


def _command_row(package_id: int, position: int, command: Command) -> Row:
    return (
        package_id, command.id, position, command.command_type, command.slug,
        command.label, to_json(command.translations), command.source_state,
        command.destination_state, to_json(command.ui_visibility),
        int(command.is_packageitem_parameter_required), to_json(command.configuration),
    )


def _transition_row(command_row: Row) -> Row:
    """A command row (COMMAND_COLUMNS) as a TRANSITION_COLUMNS row."""
    (_, command_id, _, command_type, slug, label, translations, source, destination,
     visibility, item_param, configuration) = command_row
    return (source, command_id, destination, command_type, slug, label, translations,
            visibility, item_param, configuration)


def _state_row(state: State) -> Row:
    return (state.id, state.enum_class, state.enum, state.name, to_json(state.translations))


def _location_row(location: StockLocation) -> Row:
    return (location.id, location.name, location.erp_code, location.stock_location_type,
            location.omnitron_id)


def _product_row(product: Product) -> Row:
    images = sorted(
        (image for image in product.productimage_set if image.url),
        key=lambda image: image.order if image.order is not None else 0,
    )
    return (
        product.id, product.name, product.sku, product.base_code, product.barcode,
        product.omnitron_id, to_json(product.attributes or {}),
        to_json([image.url for image in images]),
    )
