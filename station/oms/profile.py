"""The API profile: every OMS name the public docs do not pin down, in one place.

Paths, query parameter names, page size and the shape of `package_items` in
command bodies are documented only partly (see docs/oms-api.md §2.3, §12). The client
reads them from an `ApiProfile`; the simulator serves the same names, so the two
halves agree by construction. An installation whose OMS spells a filter
differently overrides just that field (`ApiProfile.from_mapping`), e.g. from the
station settings file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Literal

PackageItemsShape = Literal["ids", "objects"]


@dataclasses.dataclass(frozen=True)
class ApiProfile:
    # --- paths (documented, S002 / DG) ---
    login_path: str = "/api/v1/auth/login/"
    packages_path: str = "/api/v1/oms/packages/"
    stock_locations_path: str = "/api/v1/oms/stocklocations/list-simple/"
    denial_reasons_path: str = "/api/v1/oms/packages/package_denial_reason/"

    # --- query parameter names (inferred Django-filter spellings) ---
    param_page: str = "page"
    param_page_size: str = "limit"
    param_sort: str = "sort"
    param_stock_location: str = "stock_location"
    param_state_enum: str = "state__enum_value"
    param_state_enum_in: str = "state__enum_value__in"
    param_state_enum_not_in: str = "state__enum_value__ne"
    param_modified_since: str = "modified_date__gte"
    param_id_gt: str = "id__gt"

    # --- values ---
    page_size: int = 100
    sort_full: str = "id"
    sort_incremental: str = "modified_date"
    # How far back an incremental sync re-reads before the high-water mark, so a
    # package modified in the same instant as the last one we saw is not missed.
    modified_overlap_seconds: float = 120.0
    # `input_parameters.package_items`: plain package-item ids (the documented
    # examples) or objects `{id, selected_barcode, serial_no, unit_weight}`.
    package_items_shape: PackageItemsShape = "ids"
    # PackageStatus enum values the station packs; anything else is archived locally.
    packable_states: tuple[str, ...] = ("100", "150", "200", "400")
    # `ui_visibility` values that let a command show on a packing station.
    command_visibility: tuple[str, ...] = ("third_party", "instore")

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> ApiProfile:
        """Build a profile from settings, rejecting names this version does not know."""
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"unknown API profile setting(s): {', '.join(unknown)}")
        coerced: dict[str, Any] = {
            key: tuple(value) if isinstance(value, list) else value
            for key, value in values.items()
        }
        return dataclasses.replace(cls(), **coerced)


DEFAULT_PROFILE = ApiProfile()
