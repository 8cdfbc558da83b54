"""Migration step 1: the snapshot tables (what OMS last said). Released: never edit."""

from __future__ import annotations

import sqlite_utils


def step_1_snapshot(db: sqlite_utils.Database) -> None:
    """Snapshot tables: packages and their items and command lists, products and
    codes, states, stock locations, learned transitions, sync state, quarantine."""
    db.table("states").create(
        {"id": int, "enum_class": str, "enum_value": str, "name": str, "translations": str},
        pk="id",
        not_null={"enum_value"},
    )
    db.table("stock_locations").create(
        {"id": int, "name": str, "erp_code": str, "type": str, "omnitron_id": int},
        pk="id",
    )
    db.table("products").create(
        {
            "id": int,
            "name": str,
            "sku": str,
            "base_code": str,
            "barcode": str,
            "omnitron_id": int,
            "attributes": str,  # JSON object
            "image_urls": str,  # JSON list, in productimage_set order
        },
        pk="id",
    )
    _create_command_lists(db)
    _create_packages(db)
    _create_package_items(db)
    _create_codes(db)
    _create_learned_transitions(db)
    db.table("sync_state").create(
        {"key": str, "value": str, "updated_at": str}, pk="key", not_null={"updated_at"}
    )
    _create_quarantine(db)


def _create_packages(db: sqlite_utils.Database) -> None:
    packages = db.table("packages").create(
        {
            "id": int,
            "number": str,
            "order_number": str,
            "order_id": int,
            "state_id": int,
            "state_enum": str,
            "stock_location_id": int,
            "channel_name": str,
            "date_placed": str,
            "target_packing_date": str,
            "delivery_type": str,
            "is_click_and_collect": int,
            "order_has_gift_box": int,
            "order_gift_box_note": str,
            "order_notes": str,
            "invoice_number": str,
            "tracking_number": str,
            "modified_date": str,  # ISO 8601 UTC, fixed width: compares as text
            "created_date": str,
            "archived": int,
            "archived_reason": str,
            "archived_at": str,
            "synced_at": str,
            "command_list": bytes,  # its `commands[]`: command_lists.digest; NULL if none
            "rows_version": int,  # rows.ROWS_VERSION of the code that wrote the row
        },
        pk="id",
        not_null={"number", "state_id", "state_enum", "stock_location_id", "modified_date",
                  "archived", "synced_at"},
        defaults={"archived": 0},
        foreign_keys=[("state_id", "states", "id"),
                      ("stock_location_id", "stock_locations", "id"),
                      ("command_list", "command_lists", "digest")],
    )
    packages.create_index(["number"])
    packages.create_index(["order_number"])
    packages.create_index(["stock_location_id", "archived", "state_enum"])
    # Finds whether a command list is still used, before it is deleted.
    packages.create_index(["command_list"])
    # The package's JSON as OMS sent it (see snapshot.compress_raw): most of the file's
    # bytes, kept out of `packages` so its rows stay small (a dozen to a page).
    db.table("package_raw").create(
        {"package_id": int, "raw": bytes},
        pk="package_id",
        not_null={"raw"},
        foreign_keys=[("package_id", "packages", "id")],
    )


def _create_package_items(db: sqlite_utils.Database) -> None:
    items = db.table("package_items").create(
        {
            "id": int,
            "package_id": int,
            "position": int,  # index in the package's packageitem_set
            "product_id": int,
            "order_item_id": int,
            "state_id": int,
            "state_enum": str,
            "selected_barcode": str,
            "serial_no": str,
            "unit_weight": str,  # decimal text as OMS sends it
            "modified_date": str,
        },
        pk="id",
        not_null={"package_id", "product_id", "state_id", "state_enum"},
        foreign_keys=[("package_id", "packages", "id"), ("product_id", "products", "id"),
                      ("state_id", "states", "id")],
    )
    items.create_index(["package_id"])
    items.create_index(["product_id"])


def _create_codes(db: sqlite_utils.Database) -> None:
    # The primary key's index starts with `code`, so it is the scan lookup index
    # (and covers `SELECT product_id … WHERE code = ?`); no separate codes.code index.
    codes = db.table("codes").create(
        {"code": str, "product_id": int, "kind": str},
        pk=("code", "product_id", "kind"),
        not_null={"code", "product_id", "kind"},
        foreign_keys=[("product_id", "products", "id")],
    )
    codes.create_index(["product_id"])  # replacing a product's codes on re-sync


def _create_command_lists(db: sqlite_utils.Database) -> None:
    # A package's `commands[]` is the same list for every package in the same state,
    # so each distinct list is stored once and packages point at it by digest.
    db.table("command_lists").create(
        {
            "digest": bytes,  # blake2b-128 of `commands`, see rows.CommandList
            # JSON list, in OMS order, of objects with the keys of rows.COMMAND_FIELDS
            "commands": str,
        },
        pk="digest",
        not_null={"digest", "commands"},
    )


def _create_learned_transitions(db: sqlite_utils.Database) -> None:
    db.table("learned_transitions").create(
        {
            "source_state": int,
            "command_id": int,
            "destination_state": int,
            "command_type": str,
            "slug": str,
            "label": str,
            "translations": str,
            "ui_visibility": str,
            "is_packageitem_parameter_required": int,
            "configuration": str,
            "first_seen": str,
            "last_seen": str,
        },
        pk=("source_state", "command_id"),
        not_null={"source_state", "command_id", "destination_state", "first_seen", "last_seen"},
    )


def _create_quarantine(db: sqlite_utils.Database) -> None:
    quarantine = db.table("quarantine").create(
        {
            "id": int,
            "key": str,  # "package:<id>", or "sha256:<hex of raw>" when no id is known
            "package_id": int,
            "number": str,
            "reason": str,
            "path": str,
            "raw": bytes,
            "first_seen": str,
            "last_seen": str,
            "count": int,
        },
        pk="id",
        not_null={"key", "reason", "first_seen", "last_seen", "count"},
    )
    quarantine.create_index(["key"], unique=True)
    quarantine.create_index(["package_id"])
