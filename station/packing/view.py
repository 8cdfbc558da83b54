"""The read model of an open package: what the packer sees and what the messages name.

Owns `PackageView` (package, local state, items grouped by product with expected vs
verified counts and the data captured per unit, notes, available commands) and
`load_view`, which assembles it from the snapshot, the packing tables and the
outbox's local state. Also the sentences several messages share (station.messages):
a product's name ("Blue T-shirt (SKU 123)"), what is still expected ("2 × …, 1 × …"),
what to scan next and how to finish.

Cancelled items (PackageItemStatus 600) are not expected: they will not be packed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from station import outbox
from station.messages import Message, join_list, join_sentences, msg
from station.oms.params import PackageItemInput
from station.oms.profile import ApiProfile
from station.oms.translations import label_for
from station.packing.commands import AvailableCommand, available_commands
from station.packing.wording import press_command
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
    attributes: tuple[str, ...] = ()  # size and colour: what tells look-alikes apart

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

    def still_expected(self) -> Message:
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
    label = name or msg("Unnamed product")
    if sku:
        return msg("{name} (SKU {sku})", name=label, sku=sku)
    return msg("{name} ({barcode})", name=label, barcode=barcode) if barcode else label


def describe_missing(groups: Sequence[ItemGroup]) -> Message:
    """"2 × Blue T-shirt (SKU 123), 1 × Mug (SKU 9)"; "nothing" when complete."""
    missing = [group for group in groups if group.missing]
    if not missing:
        return msg("nothing")
    shown: list[str] = [msg("{count} × {title}", count=group.missing, title=group.title)
                        for group in missing[:_SHOWN_GROUPS]]
    more = len(missing) - _SHOWN_GROUPS
    if more == 1:
        shown.append(msg("and 1 more product"))
    elif more > 1:
        shown.append(msg("and {count} more products", count=more))
    return join_list(shown)


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
        # OMS's own word for the state in the packer's language, where OMS gives one.
        state_name=(label_for(state, language, str(state["name"])) if state
                    else msg("state {id}", id=local_state)),
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
            attributes=size_and_colour(first.get("product_attributes")),
        ))
    return tuple(groups)


# Product attribute names that hold a size or a colour (Akinon's Turkish, English and
# integration names), most specific first.
_SIZE_KEYS = ("beden", "size", "integration_size")
_COLOUR_KEYS = ("renk", "color", "colour", "integration_color")


def size_and_colour(attributes: Any) -> tuple[str, ...]:
    """The product's size and colour values, as found in its attributes (none: ())."""
    if not isinstance(attributes, dict):
        return ()
    found = []
    for keys in (_SIZE_KEYS, _COLOUR_KEYS):
        value = next((attributes[k] for k in keys if attributes.get(k) not in (None, "")), None)
        if value is not None and not isinstance(value, dict | list):
            found.append(str(value))
    return tuple(found)


def _notes(package: dict[str, Any]) -> tuple[str, ...]:
    notes = []
    if package.get("order_has_gift_box"):
        gift = package.get("order_gift_box_note")
        notes.append(msg("Gift box: {note}", note=gift) if gift else msg("Gift box"))
    if package.get("order_notes"):
        notes.append(msg("Order note: {note}", note=package["order_notes"]))
    if package.get("is_click_and_collect"):
        notes.append(msg("Click & collect"))
    return tuple(notes)


def next_step(view: PackageView) -> Message:
    """What the packer does next in the open package: scan its items, or finish."""
    left = view.expected_count - view.verified_count
    if left == 0:
        return finish_text(view)
    return msg("Scan its items — {left} left.", left=left)


def finish_text(view: PackageView) -> Message:
    """"Finish: press F3 or scan the COMPLETE card — all 4 items scanned."."""
    command = next((c for c in view.commands if c.completes), None)
    count = view.expected_count
    if command is None:
        return msg("The item is scanned.") if count == 1 else msg(
            "All {count} items scanned.", count=count)
    finish = press_command(command)
    if count == 1:
        return msg("Finish: {finish} — the item is scanned.", finish=finish)
    return msg("Finish: {finish} — all {count} items scanned.", finish=finish, count=count)


def after_verification(
    view: PackageView, product_id: int,
) -> tuple[Literal["partial", "complete"], Message]:
    """(kind, message) once a unit of `product_id` is verified; `view` is reloaded after it."""
    if view.complete:
        return "complete", finish_text(view)
    left = view.expected_count - view.verified_count
    return "partial", join_sentences(msg("Scan the next item — {left} left.", left=left),
                                     tally(view.group_of(product_id)))


def tally(group: ItemGroup | None) -> Message | str:
    """"Blue T-shirt (SKU 1): 1 of 2 OK." — the product just scanned, never "1 of 1"."""
    if group is None:
        return ""
    if group.expected == 1:
        return msg("{title}: OK.", title=group.title)
    if group.verified == group.expected:
        return msg("{title}: all {count} OK.", title=group.title, count=group.expected)
    return msg("{title}: {verified} of {expected} OK.", title=group.title,
               verified=group.verified, expected=group.expected)
