"""Reading the snapshot: the scan lookups and the package detail.

Every lookup is an exact match on an indexed column (no prefixes, no LIKE):
a scan either names something or it does not. Rows come back as plain dicts;
JSON columns are decoded to Python values, 0/1 flags to bools. Archived packages are returned with
`archived` True so the caller can say "this package is no longer here" instead of
"unknown code".
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

import msgspec

from station.store.db import Store

Row = dict[str, Any]

_PACKAGE_FIELDS = """
    p.id, p.number, p.order_number, p.order_id, p.state_id, p.state_enum,
    s.name AS state_name, p.stock_location_id, p.channel_name, p.date_placed,
    p.target_packing_date, p.delivery_type, p.is_click_and_collect, p.order_has_gift_box,
    p.order_gift_box_note, p.order_notes, p.invoice_number, p.tracking_number,
    p.modified_date, p.created_date, p.archived, p.archived_reason, p.archived_at,
    p.synced_at
"""
_PACKAGE_FROM = "FROM packages p LEFT JOIN states s ON s.id = p.state_id"

_ITEM_FIELDS = """
    i.id, i.package_id, i.position, i.product_id, i.order_item_id, i.state_id,
    i.state_enum, s.name AS state_name, i.selected_barcode, i.serial_no, i.unit_weight,
    i.modified_date, pr.name AS product_name, pr.sku AS product_sku,
    pr.base_code AS product_base_code, pr.barcode AS product_barcode,
    pr.omnitron_id AS product_omnitron_id
"""
_ITEM_FROM = """
    FROM package_items i
    JOIN products pr ON pr.id = i.product_id
    LEFT JOIN states s ON s.id = i.state_id
"""
_TRANSITION_FIELDS = """
    source_state, command_id, destination_state, command_type, slug, label, translations,
    ui_visibility, is_packageitem_parameter_required, configuration, first_seen, last_seen
"""
_JSON_FIELDS = frozenset({"translations", "ui_visibility", "configuration",
                          "product_attributes", "product_image_urls"})

_BOOL_FIELDS = frozenset({"archived", "is_click_and_collect", "order_has_gift_box",
                          "is_packageitem_parameter_required"})


def _dicts(cursor: sqlite3.Cursor) -> list[Row]:
    names = [column[0] for column in cursor.description]
    rows = [dict(zip(names, values, strict=True)) for values in cursor]
    json_names = [name for name in names if name in _JSON_FIELDS]
    bool_names = [name for name in names if name in _BOOL_FIELDS]
    for row in rows:
        for name in json_names:
            if row[name] is not None:
                row[name] = msgspec.json.decode(row[name])
        for name in bool_names:
            if row[name] is not None:
                row[name] = bool(row[name])
    return rows


def packages_by_number_or_order(store: Store, text: str) -> list[Row]:
    """Packages whose `number` or `order_number` is exactly `text` (live ones first)."""
    cursor = store.conn.execute(
        f"SELECT {_PACKAGE_FIELDS} {_PACKAGE_FROM} "
        "WHERE p.number = ?1 OR p.order_number = ?1 ORDER BY p.archived, p.id",
        (text,),
    )
    return _dicts(cursor)


def items_by_code(store: Store, code: str, package_id: int | None = None) -> list[Row]:
    """Items whose product answers to `code` (barcode, SKU, selected barcode or a
    barcode attribute), each with its product's fields.

    With `package_id`: the items of that package. Without: the items of every
    non-archived package. A code shared by several products finds all of them.
    """
    if package_id is not None:
        cursor = store.conn.execute(
            f"SELECT {_ITEM_FIELDS} {_ITEM_FROM} WHERE i.package_id = ?2 "
            "AND i.product_id IN (SELECT product_id FROM codes WHERE code = ?1) "
            "ORDER BY i.position",
            (code, package_id),
        )
    else:
        cursor = store.conn.execute(
            f"SELECT {_ITEM_FIELDS} {_ITEM_FROM} JOIN packages p ON p.id = i.package_id "
            "WHERE p.archived = 0 "
            "AND i.product_id IN (SELECT product_id FROM codes WHERE code = ?1) "
            "ORDER BY i.package_id, i.position",
            (code,),
        )
    return _dicts(cursor)


def products_by_code(store: Store, code: str) -> list[Row]:
    """Products answering to `code`, with the kinds of match (`kinds`: sorted list)."""
    cursor = store.conn.execute(
        "SELECT pr.id, pr.name, pr.sku, pr.base_code, pr.barcode, pr.omnitron_id, "
        "group_concat(c.kind) AS kinds FROM codes c JOIN products pr ON pr.id = c.product_id "
        "WHERE c.code = ? GROUP BY pr.id ORDER BY pr.id",
        (code,),
    )
    rows = _dicts(cursor)
    for row in rows:
        row["kinds"] = sorted(row["kinds"].split(","))
    return rows


def package_detail(store: Store, package_id: int) -> Row | None:
    """`{"package", "items", "commands"}` for one package, or None if unknown.

    Items carry their product (attributes and image URLs included); commands are
    the package's current `commands[]`, in OMS order.
    """
    conn = store.conn
    packages = _dicts(conn.execute(
        f"SELECT {_PACKAGE_FIELDS} {_PACKAGE_FROM} WHERE p.id = ?", (package_id,)
    ))
    if not packages:
        return None
    items = _dicts(conn.execute(
        f"SELECT {_ITEM_FIELDS}, pr.attributes AS product_attributes, "
        f"pr.image_urls AS product_image_urls {_ITEM_FROM} "
        "WHERE i.package_id = ? ORDER BY i.position",
        (package_id,),
    ))
    return {"package": packages[0], "items": items, "commands": _commands(store, package_id)}


def _commands(store: Store, package_id: int) -> list[Row]:
    """The package's command list: dicts with the keys of `rows.COMMAND_FIELDS`."""
    row = store.conn.execute(
        "SELECT l.commands FROM packages p JOIN command_lists l ON l.digest = p.command_list "
        "WHERE p.id = ?",
        (package_id,),
    ).fetchone()
    return [] if row is None else msgspec.json.decode(row[0])


def learned_transitions_from(store: Store, state_id: int) -> list[Row]:
    """Every transition ever seen leaving `state_id` (the offline state graph)."""
    cursor = store.conn.execute(
        f"SELECT {_TRANSITION_FIELDS} FROM learned_transitions "
        "WHERE source_state = ? ORDER BY command_id",
        (state_id,),
    )
    return _dicts(cursor)


def states_by_id(store: Store, ids: Iterable[int] | None = None) -> dict[int, Row]:
    """Known states (`id, enum_class, enum_value, name, translations`) by id;
    all of them when `ids` is None."""
    sql = "SELECT id, enum_class, enum_value, name, translations FROM states"
    if ids is None:
        cursor = store.conn.execute(sql)
    else:
        cursor = store.conn.execute(
            f"{sql} WHERE id IN (SELECT value FROM json_each(?))",
            (msgspec.json.encode(list(ids)).decode(),),
        )
    return {row["id"]: row for row in _dicts(cursor)}
