"""Generate the simulator's packages, reproducibly from a seed.

`generate(GenerationSpec)` returns a `Dataset`: N generated packages plus the three real
packages of the seed order webhook (loaded as-is from `data/seed_order_packages.json`),
stock locations, denial reasons and the packages' transition history. The same spec
(seed, counts, anchor time, media base URL) gives byte-identical JSON.

Generated ids never collide with the seed's: packages from 1001, package items from
10001, order items at item id + 1,000,000, products from 101, orders from 501.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.resources
import json
import random
import uuid
from typing import Any

from station.simulator import catalog
from station.simulator.installation import Installation

Json = dict[str, Any]

SEED_LOCATION_IDS = (5, 6)
# Mostly packable states; the weights are percentages.
STATE_WEIGHTS = (
    ("waiting", 35), ("waiting_remote", 3), ("preparing", 15), ("ready", 15), ("packed", 12),
    ("shipped", 4), ("canceled", 5), ("out_of_stock", 4), ("blocked", 4),
    ("needs_rescheduling", 2), ("defective", 1),
)
# The transitions that led to each generated state, recorded as transition logs.
HISTORY = {
    "preparing": ("waiting", "preparing"), "ready": ("waiting", "preparing", "ready"),
    "packed": ("waiting", "packed"), "shipped": ("waiting", "packed", "shipped"),
    "canceled": ("waiting", "canceled"), "out_of_stock": ("waiting", "out_of_stock"),
    "needs_rescheduling": ("waiting", "needs_rescheduling"),
    "defective": ("waiting", "defective"),
}
ITEM_COUNT_WEIGHTS = (30, 25, 18, 12, 8, 7)  # 1..6 items
PAYMENT_TYPES = ("credit_card", "funds_transfer", "pay_on_delivery", "bkm_express")
CHANNELS = (("E-Commerce", 1), ("Mobile App", 2), ("Marketplace", 3))


@dataclasses.dataclass(frozen=True)
class GenerationSpec:
    packages: int = 200
    seed: int = 1
    locations: int = 4
    anchor: dt.datetime = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    media_base: str = "http://127.0.0.1"
    include_seed_packages: bool = True


@dataclasses.dataclass
class Dataset:
    packages: list[Json]  # sorted by id
    locations: list[Json]  # full stock location objects, sorted by id
    denial_reasons: list[Json]
    transition_logs: dict[int, list[Json]]
    blocked_from: dict[int, str]  # package id -> state key it was blocked from
    next_log_id: int


def iso(moment: dt.datetime) -> str:
    """OMS's timestamp format: microseconds and a `Z`."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def load_seed_packages() -> list[Json]:
    data = importlib.resources.files("station.simulator").joinpath(
        "data/seed_order_packages.json"
    )
    return json.loads(data.read_text(encoding="utf-8"))


def generated_location_ids(count: int) -> list[int]:
    ids: list[int] = []
    candidate = 1
    while len(ids) < count:
        if candidate not in SEED_LOCATION_IDS:
            ids.append(candidate)
        candidate += 1
    return ids


def generate(spec: GenerationSpec, installation: Installation) -> Dataset:
    rng = random.Random(spec.seed)
    locations = [
        catalog.stock_location(rng, location_id, index)
        for index, location_id in enumerate(generated_location_ids(max(1, spec.locations)))
    ]
    products = [
        catalog.product(rng, 101 + index, spec.media_base)
        for index in range(max(40, spec.packages // 5))
    ]
    builder = _PackageBuilder(rng, spec, installation, locations, products)
    builder.build_all()
    packages = builder.packages
    if spec.include_seed_packages:
        seeds = load_seed_packages()
        packages = seeds + packages
        seen = {loc["id"] for loc in locations}
        for package in seeds:
            location = package["stock_location"]
            if location["id"] not in seen:
                seen.add(location["id"])
                locations.append(location)
    packages.sort(key=lambda package: package["id"])
    locations.sort(key=lambda location: location["id"])
    return Dataset(packages, locations, catalog.denial_reasons(), builder.logs,
                   builder.blocked_from, builder.next_log_id)


class _PackageBuilder:
    """Builds orders of 1–3 packages until `spec.packages` packages exist."""

    def __init__(self, rng: random.Random, spec: GenerationSpec, installation: Installation,
                 locations: list[Json], products: list[Json]) -> None:
        self.rng, self.spec, self.inst = rng, spec, installation
        self.locations, self.products = locations, products
        self.packages: list[Json] = []
        self.logs: dict[int, list[Json]] = {}
        self.blocked_from: dict[int, str] = {}
        self.next_log_id = 1
        self._ids = {"package": 1001, "item": 10001, "order": 501, "shipment": 1, "label": 1}
        self._order_numbers: set[str] = set()
        self._state_keys = [key for key, _ in STATE_WEIGHTS]
        self._state_weights = [weight for _, weight in STATE_WEIGHTS]

    def _next(self, kind: str) -> int:
        value = self._ids[kind]
        self._ids[kind] += 1
        return value

    def build_all(self) -> None:
        while len(self.packages) < self.spec.packages:
            left = self.spec.packages - len(self.packages)
            count = min(left, self.rng.choices((1, 2, 3), (70, 20, 10))[0])
            self._order(count)

    def _order_number(self) -> str:
        while True:
            number = str(self.rng.randrange(10**15, 10**16))
            if number not in self._order_numbers:
                self._order_numbers.add(number)
                return number

    def _order(self, package_count: int) -> None:
        rng, anchor = self.rng, self.spec.anchor
        order_id = self._next("order")
        channel_name, channel_id = rng.choice(CHANNELS)
        # Most orders are recent, as in a store that keeps up: standard targets lie ahead,
        # some same-day ones are overdue, a few are due within hours.
        placed = anchor - dt.timedelta(hours=rng.uniform(1, 40))
        delivery_type = rng.choices(("standard", "same_day", None), (75, 15, 10))[0]
        gift = rng.random() < 0.12
        order: Json = {
            "id": order_id, "number": self._order_number(), "placed": placed,
            "channel_name": channel_name, "channel_id": channel_id,
            "payment_type": rng.choice(PAYMENT_TYPES), "delivery_type": delivery_type,
            "address": catalog.shipping_address(rng, 3000 + order_id, iso(placed)),
            "gift": gift, "gift_note": rng.choice(catalog.GIFT_NOTES) if gift else None,
            "notes": rng.choice(catalog.ORDER_NOTES) if rng.random() < 0.15 else None,
            "location": rng.choice(self.locations),
        }
        for index in range(package_count):
            location = order["location"] if rng.random() < 0.6 else rng.choice(self.locations)
            self.packages.append(self._package(order, index, location))

    def _dates(self, order: Json) -> tuple[dt.datetime, dt.datetime, dt.datetime]:
        rng, anchor = self.rng, self.spec.anchor
        created = order["placed"] + dt.timedelta(minutes=rng.uniform(1, 30))
        modified = created + (anchor - created) * rng.uniform(0.0, 0.95)
        if order["delivery_type"] == "same_day":
            target = order["placed"] + dt.timedelta(hours=rng.uniform(3, 8))
        else:
            target = order["placed"] + dt.timedelta(days=rng.uniform(1, 5))
        return created, modified, target

    def _package(self, order: Json, index: int, location: Json) -> Json:
        rng, inst = self.rng, self.inst
        pk = self._next("package")
        state_key = rng.choices(self._state_keys, self._state_weights)[0]
        created, modified, target = self._dates(order)
        blocked_from = None
        if state_key == "blocked":
            blocked_from = rng.choice(("waiting", "preparing", "ready"))
            self.blocked_from[pk] = blocked_from
        self._history(pk, state_key, blocked_from, created, modified)
        items = [self._item(pk, order["id"], state_key, created, modified)
                 for _ in range(rng.choices(range(1, 7), ITEM_COUNT_WEIGHTS)[0])]
        if state_key in ("out_of_stock", "defective"):
            for item in items[1:]:
                item["state"] = inst.item_state_json("waiting")
        shipped = state_key == "shipped" or (state_key == "packed" and rng.random() < 0.6)
        awb = str(rng.randrange(10**9, 10**10)) if shipped else None
        return {
            "packageitem_set": items, "order_number": order["number"],
            "date_placed": iso(order["placed"]), "city": order["address"]["city"]["name"],
            "channel_name": order["channel_name"], "payment_type": order["payment_type"],
            "state": inst.state_json(state_key), "number": f"{order['number']}P{index + 1}",
            "tracking_number": awb, "id": pk, "shipping_address": order["address"],
            "target_packing_date": iso(target), "order_id": order["id"],
            "stock_location": location,
            "commands": inst.commands_json(state_key, blocked_from),
            "shipment": catalog.shipment(self._next("shipment"), pk, awb, iso(modified))
            if awb else None,
            "shipping_label": self._label() if awb else None,
            "order_gift_box_note": order["gift_note"], "order_has_gift_box": order["gift"],
            "order_retail_store_id": None, "invoice_number": None, "remote_id": None,
            "is_click_and_collect": False, "delivery_range": None,
            "shipment_date": iso(modified) if awb else None, "order_notes": order["notes"],
            "created_date": iso(created), "modified_date": iso(modified),
            "extra_information": self._extra_information(index, pk),
            "channel_omnitron_id": order["channel_id"], "delivery_type": order["delivery_type"],
            "omnitron_order_id": 40000 + order["id"],
        }

    def _label(self) -> Json:
        label_id = self._next("label")
        label_uuid = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        return catalog.shipping_label(label_id, label_uuid, self.spec.media_base)

    def _extra_information(self, index: int, pk: int) -> Json:
        extra: Json = {"distance_to_shipping_address": self.rng.randint(1, 900)}
        if index > 0 and self.packages and self.rng.random() < 0.3:
            parent = self.packages[-1]
            extra["parent_package"] = {"id": parent["id"], "number": parent["number"]}
        return extra

    def _item(self, pk: int, order_id: int, state_key: str, created: dt.datetime,
              modified: dt.datetime) -> Json:
        rng, inst = self.rng, self.inst
        item_id = self._next("item")
        product = self.products[rng.randrange(len(self.products))]
        state = inst.states[state_key]
        weighed = product["attributes"].get("unit_type") == "weight"
        packed = state.item_state in ("packed", "shipped")
        price = rng.uniform(20, 2500) if not weighed else rng.uniform(50, 600)
        return {
            "id": item_id, "state": inst.item_state_json(state.item_state), "commands": [],
            "discrepancy_reason": None,
            "order_item": self._order_item(item_id, product, state.order_state, price, created,
                                           order_id),
            "transfer_order": None, "denial_reason": None, "created_date": iso(created),
            "modified_date": iso(modified),
            "selected_barcode": (product["barcode"] or product["sku"]) if packed else None,
            "serial_no": None,
            "unit_weight": f"{rng.uniform(0.2, 2.5):.3f}" if packed and weighed else None,
            "package": pk,
        }

    def _order_item(self, item_id: int, product: Json, order_state: str, price: float,
                    created: dt.datetime, order_id: int) -> Json:
        tax = price * 0.18
        return {
            "id": item_id + 1_000_000, "state": self.inst.order_state_json(order_state),
            "commands": [], "product": product, "created_date": iso(created),
            "modified_date": iso(created), "omnitron_id": 50000 + item_id,
            "net_amount": f"{price:.2f}", "price": f"{price:.2f}", "price_currency": "try",
            "retail_price": f"{price * 1.2:.2f}", "tax_rate": "18.00",
            "tax_amount": f"{tax:.2f}", "discount_amount": "0.00",
            "without_net_amount": f"{price - tax:.2f}", "installment_interest_amount": "0.00",
            "attributes": {}, "attributes_kwargs": {}, "image": None, "price_list": None,
            "stock_list": None, "extra_field": {}, "parent_omnitron_id": None,
            "order": order_id,
        }

    def _history(self, pk: int, state_key: str, blocked_from: str | None,
                 created: dt.datetime, modified: dt.datetime) -> None:
        path = HISTORY.get(blocked_from or state_key, ())
        if blocked_from:
            path = (*(path or ("waiting",)), "blocked")
        logs, previous = [], None
        for step, key in enumerate(path):
            if previous is not None:
                when = created + (modified - created) * (step / len(path))
                logs.append(self._log(pk, previous, key, when))
            previous = key
        if logs:
            self.logs[pk] = logs

    def _log(self, pk: int, old: str, new: str, when: dt.datetime) -> Json:
        log_id = self.next_log_id
        self.next_log_id += 1
        return transition_log(self.inst, log_id, pk, old, new, iso(when))


def transition_log(inst: Installation, log_id: int, pk: int, old: str | None, new: str,
                   when: str, user: Any = None) -> Json:
    """A transition log entry (S002 `transition_logs/`)."""
    return {"id": log_id, "old_state": inst.short_state(old) if old else None,
            "new_state": inst.short_state(new), "user": user, "attributes": {},
            "created_date": when, "object_id": pk, "content_type": 3}
