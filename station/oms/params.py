"""Building OMS request parameters with the names the API profile gives.

Owns: the query string of the package list (stock location, modified since,
state filters, id lower bound, sort, page size) and the `package_items` value of
command bodies in the profile's shape. Every name comes from `ApiProfile`, so an
installation that spells a filter differently only changes its profile.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
from collections.abc import Iterable, Mapping
from typing import Any

from station.oms.profile import ApiProfile


@dataclasses.dataclass(frozen=True)
class PackageItemInput:
    """What the packer recorded for one package item, for `input_parameters.package_items`."""

    id: int
    selected_barcode: str | None = None
    serial_no: str | None = None
    unit_weight: decimal.Decimal | float | str | None = None


def list_params(
    profile: ApiProfile,
    *,
    stock_location: int | None = None,
    modified_since: dt.datetime | None = None,
    state_enum: str | int | None = None,
    state_enum_in: Iterable[str | int] | None = None,
    state_enum_not_in: Iterable[str | int] | None = None,
    id_gt: int | None = None,
    sort: str | None = None,
    page_size: int | None = None,
) -> dict[str, str]:
    """Query parameters for the package list; None leaves a filter out.

    `page_size` defaults to the profile's; pass 0 to send no page size at all.
    """
    size = profile.page_size if page_size is None else page_size
    if size < 0:
        raise ValueError(f"page size must not be negative, got {size}")
    values: dict[str, str | None] = {
        profile.param_stock_location: _optional(stock_location),
        profile.param_modified_since: _iso(modified_since),
        profile.param_state_enum: _optional(state_enum),
        profile.param_state_enum_in: _joined(state_enum_in),
        profile.param_state_enum_not_in: _joined(state_enum_not_in),
        profile.param_id_gt: _optional(id_gt),
        profile.param_sort: sort,
        profile.param_page_size: str(size) if size else None,
    }
    return {name: value for name, value in values.items() if value is not None}


def _optional(value: object) -> str | None:
    return None if value is None else str(value)


def _joined(values: Iterable[str | int] | None) -> str | None:
    if values is None:
        return None
    items = [str(value) for value in values]
    if not items:
        # An empty "in" filter would silently mean "no filter" on the server.
        raise ValueError("a state filter needs at least one value")
    return ",".join(items)


def _iso(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"modified_since needs a timezone-aware datetime, got {moment!r}")
    return moment.isoformat()


def package_items_param(
    items: Iterable[PackageItemInput | int | Mapping[str, Any]], profile: ApiProfile
) -> list[Any]:
    """`input_parameters.package_items` in the profile's shape.

    "ids" → `[7, 8]`; "objects" → `[{"id": 7, "selected_barcode": "…"}, …]` with
    unset keys left out. Accepts `PackageItemInput`, a bare id, or a mapping with "id".
    """
    normalised = [_as_input(item) for item in items]
    if profile.package_items_shape == "ids":
        return [item.id for item in normalised]
    if profile.package_items_shape == "objects":
        return [_as_object(item) for item in normalised]
    raise ValueError(f"unknown package_items_shape {profile.package_items_shape!r}")


def _as_input(item: PackageItemInput | int | Mapping[str, Any]) -> PackageItemInput:
    if isinstance(item, PackageItemInput):
        return item
    if isinstance(item, int) and not isinstance(item, bool):
        return PackageItemInput(id=item)
    if isinstance(item, Mapping) and isinstance(item.get("id"), int):
        known = {field.name for field in dataclasses.fields(PackageItemInput)}
        return PackageItemInput(**{k: v for k, v in item.items() if k in known})
    raise ValueError(f"a package item needs an integer id, got {item!r}")


def _as_object(item: PackageItemInput) -> dict[str, Any]:
    fields = dataclasses.asdict(item)
    if isinstance(item.unit_weight, decimal.Decimal):
        fields["unit_weight"] = str(item.unit_weight)  # JSON has no decimal type
    return {key: value for key, value in fields.items() if value is not None}
