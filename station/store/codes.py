"""Which strings a scanner may produce for a product: the `codes` table's rows.

A product is found by its `barcode`, its `sku`, any `selected_barcode` an item of
it carried, and the values of barcode-like attributes. `product.barcode` is null
in every documented payload, so the attributes matter.

An attribute counts as a barcode when its key
* contains "barcode" (any case: `barcode`, `Barcode2`, `extra_barcodes`), or
* has "ean" or "gtin" as a word of its own (`ean`, `EAN13`, `ean_code`,
  `productGtin`; but not `ocean_color` or `meaning`), or
* is one of the installation's configured keys (exact, any case).
Its value may be a string, an integer or a list of those; anything else is ignored.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from station.oms.models import Product

# Bump when the rule above changes: stores rebuild their product codes on open
# (see station.store.codeindex).
CODE_RULE_VERSION = 1

KIND_BARCODE = "barcode"
KIND_SKU = "sku"
KIND_ATTRIBUTE = "attribute"
KIND_SELECTED_BARCODE = "selected_barcode"
# Kinds derived from the product payload itself: replaced whenever the product is
# re-synced. selected_barcode rows come from items and are kept: a barcode once
# chosen for a product keeps identifying that product.
PRODUCT_KINDS = (KIND_BARCODE, KIND_SKU, KIND_ATTRIBUTE)

# Splits `productGtin14`, `EAN13`, `ean_code` into words: Product|Gtin|14, EAN|13, ean|code.
_KEY_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_CODE_WORDS = frozenset({"ean", "gtin"})


@functools.lru_cache(maxsize=4096)  # a catalogue uses few distinct attribute keys
def is_barcode_attribute(key: str, extra_keys: frozenset[str] = frozenset()) -> bool:
    """Whether values under attribute `key` are scannable codes (see module doc)."""
    folded = key.casefold()
    if "barcode" in folded or folded in extra_keys:
        return True
    return any(word.casefold() in _CODE_WORDS for word in _KEY_WORDS.findall(key))


def attribute_codes(
    attributes: dict[str, Any] | None, extra_keys: frozenset[str] = frozenset()
) -> list[str]:
    """Codes held by a product's barcode-like attributes, in attribute order."""
    if not attributes:
        return []
    codes: list[str] = []
    for key, value in attributes.items():
        if is_barcode_attribute(key, extra_keys):
            codes.extend(_scalar_codes(value))
    return codes


def product_codes(
    product: Product, extra_keys: frozenset[str] = frozenset()
) -> Iterator[tuple[str, str]]:
    """(code, kind) pairs for one product; blanks skipped, whitespace trimmed."""
    for code in _scalar_codes(product.barcode):
        yield code, KIND_BARCODE
    for code in _scalar_codes(product.sku):
        yield code, KIND_SKU
    for code in attribute_codes(product.attributes, extra_keys):
        yield code, KIND_ATTRIBUTE


def code_rule_fingerprint(extra_keys: frozenset[str]) -> str:
    """Identifies the rule in force: its version plus the configured keys."""
    return f"{CODE_RULE_VERSION}:" + ",".join(sorted(extra_keys))


def normalise_code(value: object) -> str | None:
    """A stored/scanned code as text, trimmed; None when blank or not a scalar code."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    text = str(value).strip()
    return text or None


def _scalar_codes(value: object) -> list[str]:
    values = value if isinstance(value, list | tuple) else [value]
    return [code for code in map(normalise_code, values) if code is not None]
