"""The simulator's package store: packages as dicts, their encoded JSON, queries, history.

Speed comes from caching: each package's full and short JSON bytes are encoded once and
dropped when the package changes; the id list of a filtered, sorted query is cached per
query until any package changes. A page is then a slice of ids and a `b",".join`.

One re-entrant lock guards everything; callers that read-modify-write a package (the
command runner, the admin) hold `store.lock` around the whole operation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Callable, Iterator
from typing import Any

import msgspec

from station.simulator import catalog
from station.simulator.generate import Dataset, iso, transition_log
from station.simulator.installation import Installation

Json = dict[str, Any]
QUERY_CACHE_LIMIT = 64


@dataclasses.dataclass(frozen=True)
class PackageQuery:
    """Filters of the package list; `None` means "not filtered"."""

    stock_location: int | None = None
    state_enum: str | None = None
    state_enum_in: tuple[str, ...] | None = None
    state_enum_not_in: tuple[str, ...] | None = None
    modified_since: dt.datetime | None = None
    id_gt: int | None = None
    sort: str = "id"  # "id", "-id", "modified_date", "-modified_date"


@dataclasses.dataclass(frozen=True)
class AppliedCommand:
    """One command the simulator applied, for exactly-once assertions."""

    seq: int
    package_id: int
    transition: int
    slug: str
    command: str
    input_parameters: Json
    old_state: str  # enum values
    new_state: str
    time: str
    via: str  # "api" or "admin"

    def to_json(self) -> Json:
        return dataclasses.asdict(self)


def parse_timestamp(value: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def short_row(package: Json) -> Json:
    """A row of `packages/short/` (S002: `packageitem_count` instead of items)."""
    return {
        "packageitem_count": len(package["packageitem_set"]),
        "order_number": package["order_number"], "date_placed": package["date_placed"],
        "channel_name": package["channel_name"], "state": package["state"],
        "number": package["number"], "id": package["id"],
        "target_packing_date": package["target_packing_date"], "order_id": package["order_id"],
        "stock_location": catalog.short_stock_location(package["stock_location"]),
        "is_click_and_collect": package["is_click_and_collect"],
        "delivery_type": package["delivery_type"],
    }


def short_detail(package: Json) -> Json:
    """`packages/{pk}/short/` (S002 "Package Short Detail")."""
    keys = ("packageitem_set", "order_number", "channel_name", "state", "number", "id",
            "shipping_address", "order_id", "stock_location", "commands", "shipment",
            "shipping_label", "is_click_and_collect", "shipment_date", "extra_information",
            "delivery_type", "omnitron_order_id")
    body = {key: package[key] for key in keys}
    body["stock_location"] = catalog.short_stock_location(package["stock_location"])
    return body


class PackageStore:
    def __init__(self, dataset: Dataset, installation: Installation,
                 clock: Callable[[], dt.datetime], base_url: str) -> None:
        self.lock = threading.RLock()
        self.base_url = base_url
        self.installation = installation
        self._clock = clock
        self._packages: dict[int, Json] = {p["id"]: p for p in dataset.packages}
        self._modified = {pk: parse_timestamp(p["modified_date"])
                          for pk, p in self._packages.items()}
        self.locations: dict[int, Json] = {loc["id"]: loc for loc in dataset.locations}
        self.denial_reasons = dataset.denial_reasons
        self.blocked_from = dict(dataset.blocked_from)
        self._logs = {pk: list(logs) for pk, logs in dataset.transition_logs.items()}
        self._next_log_id = dataset.next_log_id
        self._counters = {"shipment": 1, "label": 1, "invoice": 1}
        for package in dataset.packages:
            for kind, key in (("shipment", "shipment"), ("label", "shipping_label")):
                if package.get(key):
                    self._counters[kind] = max(self._counters[kind], package[key]["id"] + 1)
        self._encoded: dict[tuple[int, str], bytes] = {}
        self._queries: dict[PackageQuery, list[int]] = {}
        self._last_stamp = max(self._modified.values(), default=clock())
        self._applied: list[AppliedCommand] = []

    # --- reading --------------------------------------------------------------------
    def get(self, pk: int) -> Json | None:
        return self._packages.get(pk)

    def __len__(self) -> int:
        return len(self._packages)

    def ids(self) -> list[int]:
        with self.lock:
            return sorted(self._packages)

    def encoded(self, pk: int, view: str = "full") -> bytes | None:
        """The package's JSON bytes; `view` is "full", "short" (list row) or "detail_short"."""
        with self.lock:
            key = (pk, view)
            cached = self._encoded.get(key)
            if cached is None:
                package = self._packages.get(pk)
                if package is None:
                    return None
                body = {"full": package, "short": short_row(package),
                        "detail_short": short_detail(package)}[view]
                cached = self._encoded[key] = msgspec.json.encode(body)
            return cached

    def query(self, query: PackageQuery) -> list[int]:
        with self.lock:
            ids = self._queries.get(query)
            if ids is None:
                if len(self._queries) >= QUERY_CACHE_LIMIT:
                    self._queries.clear()
                ids = self._queries[query] = self._run_query(query)
            return ids

    def _run_query(self, query: PackageQuery) -> list[int]:
        matches = [pk for pk, package in self._packages.items()
                   if self._matches(pk, package, query)]
        descending = query.sort.startswith("-")
        if query.sort.lstrip("-") == "modified_date":
            matches.sort(key=lambda pk: (self._modified[pk], pk), reverse=descending)
        else:
            matches.sort(reverse=descending)
        return matches

    def _matches(self, pk: int, package: Json, query: PackageQuery) -> bool:
        enum = str(package["state"]["enum_value"])
        return not (
            (query.stock_location is not None
             and package["stock_location"]["id"] != query.stock_location)
            or (query.state_enum is not None and enum != query.state_enum)
            or (query.state_enum_in is not None and enum not in query.state_enum_in)
            or (query.state_enum_not_in is not None and enum in query.state_enum_not_in)
            or (query.modified_since is not None and self._modified[pk] < query.modified_since)
            or (query.id_gt is not None and pk <= query.id_gt)
        )

    def page_bytes(self, ids: list[int], view: str) -> bytes:
        with self.lock:
            return b"[" + b",".join(self.encoded(pk, view) or b"null" for pk in ids) + b"]"

    def logs(self, pk: int) -> list[Json]:
        with self.lock:
            return list(self._logs.get(pk, ()))

    def applied(self) -> list[AppliedCommand]:
        with self.lock:
            return list(self._applied)

    def location_counts(self) -> dict[int, int]:
        with self.lock:
            counts = dict.fromkeys(self.locations, 0)
            for package in self._packages.values():
                location_id = package["stock_location"]["id"]
                counts[location_id] = counts.get(location_id, 0) + 1
            return counts

    # --- changing -------------------------------------------------------------------
    def stamp(self) -> str:
        """A modification time strictly after every earlier one (for `modified_date__gte`)."""
        with self.lock:
            now = max(self._clock(), self._last_stamp + dt.timedelta(microseconds=1))
            self._last_stamp = now
            return iso(now)

    def touched(self, pk: int, stamp: str) -> None:
        """Record that package `pk` changed at `stamp`: bump `modified_date`, drop caches."""
        with self.lock:
            self._packages[pk]["modified_date"] = stamp
            self._modified[pk] = parse_timestamp(stamp)
            self._forget(pk)

    def _forget(self, pk: int) -> None:
        for view in ("full", "short", "detail_short"):
            self._encoded.pop((pk, view), None)
        self._queries.clear()

    def remove(self, pk: int) -> bool:
        with self.lock:
            if self._packages.pop(pk, None) is None:
                return False
            self._modified.pop(pk, None)
            self._forget(pk)
            return True

    def add_log(self, pk: int, old: str | None, new: str, when: str, user: Any = None,
                attributes: Json | None = None) -> Json:
        """Log a transition. `attributes` says which command did it (transition id, slug,
        command type, inputs): what a station needs to recognise its own command."""
        with self.lock:
            entry = transition_log(self.installation, self._next_log_id, pk, old, new, when,
                                   user)
            entry["attributes"] = dict(attributes or {})
            self._next_log_id += 1
            self._logs.setdefault(pk, []).append(entry)
            return entry

    def next_id(self, kind: str) -> int:
        """Next id for "shipment", "label" or "invoice"."""
        with self.lock:
            value = self._counters[kind]
            self._counters[kind] += 1
            return value

    def record_applied(self, **fields: Any) -> AppliedCommand:
        with self.lock:
            entry = AppliedCommand(seq=len(self._applied) + 1, **fields)
            self._applied.append(entry)
            return entry

    def clear_applied(self) -> None:
        with self.lock:
            self._applied.clear()

    def packages_iter(self) -> Iterator[Json]:
        with self.lock:
            yield from list(self._packages.values())
