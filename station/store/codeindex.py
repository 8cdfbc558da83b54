"""Keeps the product rows of the `codes` table in step with the code rule.

`upsert_page` writes a product's codes only when the product changed, so a change
of the rule itself (a new `CODE_RULE_VERSION`, or other configured barcode
attribute keys) would leave old rows behind. `open_store` calls
`ensure_codes_current`: it compares the rule's fingerprint with the one stored
under sync_state key `code_rule` and, when they differ, recomputes every
product's barcode/sku/attribute codes from the stored products. `selected_barcode`
codes come from items and are not touched.
"""

from __future__ import annotations

import msgspec

from station.oms.models import Product
from station.store import syncstate
from station.store.codes import PRODUCT_KINDS, code_rule_fingerprint, product_codes
from station.store.db import Store, write_transaction

CODE_RULE_KEY = "code_rule"


def ensure_codes_current(store: Store) -> bool:
    """Rebuild product codes if the rule changed since they were written; True if so."""
    fingerprint = code_rule_fingerprint(store.barcode_attributes)
    if syncstate.get_value(store, CODE_RULE_KEY) == fingerprint:
        return False
    rebuild_product_codes(store)
    return True


def rebuild_product_codes(store: Store) -> int:
    """Recompute every product's codes under the current rule; returns the row count."""
    placeholders = ", ".join("?" for _ in PRODUCT_KINDS)
    with write_transaction(store):
        conn = store.conn
        conn.execute(f"DELETE FROM codes WHERE kind IN ({placeholders})", PRODUCT_KINDS)
        rows = [
            (code, product_id, kind)
            for product_id, sku, barcode, attributes in conn.execute(
                "SELECT id, sku, barcode, attributes FROM products"
            ).fetchall()
            for code, kind in product_codes(
                Product(id=product_id, sku=sku, barcode=barcode,
                        attributes=msgspec.json.decode(attributes) if attributes else None),
                store.barcode_attributes,
            )
        ]
        conn.executemany(
            "INSERT OR IGNORE INTO codes (code, product_id, kind) VALUES (?, ?, ?)", rows
        )
        syncstate.set_value(store, CODE_RULE_KEY, code_rule_fingerprint(store.barcode_attributes))
    return len(rows)
