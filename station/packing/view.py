"""The read model of an open package: what the packer sees and what the messages name.

Owns `PackageView` (package, local state, items grouped by product with expected vs
verified counts and the data captured per unit, notes, available commands) and
`load_view`, which assembles it from the snapshot, the packing tables and the
outbox's local state. Also the wording shared by several messages: a product's
name ("Blue T-shirt (SKU 123)"), what is still expected ("2 × …, 1 × …"), counts.

Cancelled items (PackageItemStatus 600) are not expected: they will not be packed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from station import outbox
from station.oms.params import PackageItemInput
from station.oms.profile import ApiProfile
from station.packing.catalogue import CATALOGUE
from station.packing.commands import AvailableCommand, available_commands
from station.store import package_detail, states_by_id
from station.store.db import Store
from station.store.verifications import Verification, verifications_of

CANCELLED_ITEM_ENUM = "600"
_SHOWN_GROUPS = 3  # "still expected" names this many products, then "and N more"


@dataclass(frozen=True)
class ItemLine:
    """One unit (package item) and what the packer captured for it."""

    item_id: int
    position: int
    verification: Verification | None

    @property
    def verified(self) -> bool:
        return self.verification is not None

    def as_input(self) -> PackageItemInput:
        """The item for `input_parameters.package_items`, with any captured data."""
        v = self.verification
        if v is None:
            return PackageItemInput(id=self.item_id)
        return PackageItemInput(id=self.item_id, selected_barcode=v.scanned_code,
                                serial_no=v.serial_no, unit_weight=v.unit_weight)


@dataclass(frozen=True)
class ItemGroup:
    """The units of one product in the package."""

    product_id: int
    name: str
    sku: str | None
    barcode: str | None
    image_url: str | None
    lines: tuple[ItemLine, ...]

    @property
    def expected(self) -> int:
        return len(self.lines)

    @property
    def verified(self) -> int:
        return sum(line.verified for line in self.lines)

    @property
    def missing(self) -> int:
        return self.expected - self.verified

    @property
    def title(self) -> str:
        """"Blue T-shirt (SKU 123)": what a packer looks for on the shelf."""
        return product_title(self.name, self.sku, self.barcode)

    def next_unverified(self) -> ItemLine | None:
        return next((line for line in self.lines if not line.verified), None)


@dataclass(frozen=True)
class PackageView:
    package_id: int
    number: str
    order_number: str | None
    archived: bool
    archived_reason: str | None
    snapshot_state_id: int
    local_state_id: int
    state_name: str
    state_enum: str | None
    groups: tuple[ItemGroup, ...]
    notes: tuple[str, ...]
    commands: tuple[AvailableCommand, ...]
    invoice_number: str | None = None  # queued here, else OMS's
    remote_id: str | None = None  # likewise

    @property
    def pending_command(self) -> bool:
        """An offline command is queued: the local state is ahead of OMS's."""
        return self.local_state_id != self.snapshot_state_id

    @property
    def expected_count(self) -> int:
        return sum(group.expected for group in self.groups)

    @property
    def verified_count(self) -> int:
        return sum(group.verified for group in self.groups)

    @property
    def complete(self) -> bool:
        return self.verified_count == self.expected_count

    def lines(self) -> list[ItemLine]:
        return [line for group in self.groups for line in group.lines]

    def group_of(self, product_id: int) -> ItemGroup | None:
        return next((g for g in self.groups if g.product_id == product_id), None)

    def still_expected(self) -> str:
        """"2 × Blue T-shirt (SKU 123), 1 × Mug (SKU 9)"; "nothing" when complete."""
        return describe_missing(self.groups)

    def as_json(self) -> dict[str, Any]:
        return {
            "package_id": self.package_id, "number": self.number,
            "order_number": self.order_number, "state": self.state_name,
            "state_enum": self.state_enum, "local_state_id": self.local_state_id,
            "pending_command": self.pending_command, "expected": self.expected_count,
            "verified": self.verified_count, "notes": list(self.notes),
            "groups": [
                {"product_id": g.product_id, "title": g.title, "expected": g.expected,
                 "verified": g.verified,
                 "items": [{"item_id": line.item_id, "verified": line.verified,
                            "scanned_code": line.verification and line.verification.scanned_code,
                            "serial_no": line.verification and line.verification.serial_no,
                            "unit_weight": line.verification and line.verification.unit_weight}
                           for line in g.lines]}
                for g in self.groups
            ],
            "commands": [command.as_json() for command in self.commands],
            "invoice_number": self.invoice_number,
            "remote_id": self.remote_id,
        }


def product_title(name: str | None, sku: str | None, barcode: str | None) -> str:
    label = name or "Unnamed product"
    if sku:
        return f"{label} (SKU {sku})"
    return f"{label} ({barcode})" if barcode else label


def describe_missing(groups: Sequence[ItemGroup]) -> str:
    missing = [group for group in groups if group.missing]
    if not missing:
        return "nothing"
    shown = [f"{group.missing} × {group.title}" for group in missing[:_SHOWN_GROUPS]]
    if len(missing) > _SHOWN_GROUPS:
        shown.append(f"and {len(missing) - _SHOWN_GROUPS} more products")
    return ", ".join(shown)


def load_view(
    store: Store, package_id: int, *, profile: ApiProfile, language: str = "en"
) -> PackageView | None:
    """The package as the packer sees it now; None if it is not in the cache."""
    detail = package_detail(store, package_id)
    if detail is None:
        return None
    package = detail["package"]
    local_state = outbox.local_state_id(store, package_id) or package["state_id"]
    state = states_by_id(store, [local_state]).get(local_state)
    commands = available_commands(
        store, snapshot_state_id=package["state_id"], local_state_id=local_state,
        snapshot_commands=detail["commands"], profile=profile, language=language,
    )
    return PackageView(
        package_id=package_id,
        number=package["number"],
        order_number=package["order_number"],
        archived=bool(package["archived"]),
        archived_reason=package["archived_reason"],
        snapshot_state_id=package["state_id"],
        local_state_id=local_state,
        state_name=state["name"] if state else f"state {local_state}",
        state_enum=str(state["enum_value"]) if state else None,
        groups=_groups(detail["items"], verifications_of(store, package_id)),
        notes=_notes(package),
        commands=tuple(commands),
        invoice_number=outbox.local_invoice_number(store, package_id),
        remote_id=outbox.local_remote_id(store, package_id),
    )


def _groups(items: list[dict[str, Any]], verified: dict[int, Verification]) -> tuple[
        ItemGroup, ...]:
    by_product: dict[int, list[dict[str, Any]]] = {}
    for item in items:  # in packageitem_set order: groups appear in the order OMS lists them
        if str(item["state_enum"]) != CANCELLED_ITEM_ENUM:
            by_product.setdefault(item["product_id"], []).append(item)
    groups = []
    for product_id, rows in by_product.items():
        first = rows[0]
        images = first.get("product_image_urls") or []
        groups.append(ItemGroup(
            product_id=product_id,
            name=first["product_name"],
            sku=first["product_sku"],
            barcode=first["product_barcode"],
            image_url=images[0] if images else None,
            lines=tuple(ItemLine(row["id"], row["position"], verified.get(row["id"]))
                        for row in rows),
        ))
    return tuple(groups)


def _notes(package: dict[str, Any]) -> tuple[str, ...]:
    notes = []
    if package.get("order_has_gift_box"):
        gift = package.get("order_gift_box_note")
        notes.append(f"Gift box: {gift}" if gift else "Gift box")
    if package.get("order_notes"):
        notes.append(f"Order note: {package['order_notes']}")
    if package.get("is_click_and_collect"):
        notes.append("Click & collect")
    return tuple(notes)


def rest_text(view: PackageView) -> str:
    """The end of a wrong/over message: what the packer should scan instead."""
    if view.complete:
        return "Every item is scanned."
    return f"Still expected: {view.still_expected()}."


def items_text(count: int) -> str:
    """"1 item", "3 items"."""
    return f"{count} item{'' if count == 1 else 's'}"


def to_scan_text(view: PackageView) -> str:
    """"3 items to scan" / "all 2 items scanned"."""
    if view.complete:
        return f"all {items_text(view.expected_count)} scanned"
    return f"{items_text(view.expected_count - view.verified_count)} to scan"


def after_verification(
    view: PackageView, product_id: int,
) -> tuple[Literal["partial", "complete"], str]:
    """(kind, message) once a unit of `product_id` is verified; `view` is reloaded after it."""
    if view.complete:
        finish = next((c for c in view.commands if c.completes), None)
        action = CATALOGUE.action_of(finish) if finish else None
        hint = f" Scan {action.card if action else finish.card}." if finish else ""
        return "complete", f"All {items_text(view.expected_count)} scanned.{hint}"
    group = view.group_of(product_id)
    count = f", {group.verified} of {group.expected}" if group else ""
    title = group.title if group else "Item"
    left = view.expected_count - view.verified_count
    return "partial", f"OK: {title}{count}. {left} more to scan."
