"""A packing day for the statistics tests: real packages of a simulator-generated
installation, packed through `PackingSession` with a clock the test moves, so every
verification, completion and wrong scan lands at a known time. (No tests here.)"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from station.oms.models import decode_package
from station.oms.profile import DEFAULT_PROFILE
from station.packing.session import PackingConfig, PackingSession
from station.simulator.generate import GenerationSpec, generate
from station.simulator.installation import Installation
from station.store import archive_packages, open_store, upsert_page

SYNCED_AT = dt.datetime(2024, 5, 1, 6, 0, tzinfo=dt.UTC)
COMPLETE = "CMD:COMPLETE_PACKAGING_WITHOUT_SHIPMENT"
STEP = dt.timedelta(seconds=10)  # between two scans


class Clock:
    """The session's `now`; the test moves it."""

    def __init__(self, start: dt.datetime) -> None:
        self.at = start

    def __call__(self) -> dt.datetime:
        return self.at

    def tick(self, by: dt.timedelta = STEP) -> None:
        self.at += by


def synced_store(path: Path) -> list[dict]:
    """Sync a generated installation's packages into `path`; the Waiting ones, returned,
    are what the packers pack."""
    dataset = generate(GenerationSpec(packages=40, seed=5, locations=1), Installation())
    packable = set(DEFAULT_PROFILE.packable_states)
    payloads = [(decode_package(raw), raw) for raw in map(msgspec.json.encode, dataset.packages)]
    with open_store(path) as store:
        upsert_page(store, payloads, synced_at=SYNCED_AT)
        archive_packages(store, [p["id"] for p in dataset.packages
                                 if str(p["state"]["enum_value"]) not in packable], "not packable")
    return [p for p in dataset.packages if p["id"] > 1000 and p["state"]["enum_value"] == "100"]


def item_codes(package: dict) -> list[str]:
    """What a packer scans per unit: the barcode, or the SKU when there is none."""
    return [item["order_item"]["product"]["barcode"] or item["order_item"]["product"]["sku"]
            for item in package["packageitem_set"] if str(item["state"]["enum_value"]) != "600"]


@dataclass
class Packed:
    """What `pack` did: the package, its units, and the seconds from first scan to done."""

    package: dict
    items: int
    seconds: float
    kinds: list[str] = field(default_factory=list)


def pack(session: PackingSession, clock: Clock, package: dict, *,
         wrong: str | None = None, over: bool = False) -> Packed:
    """Open, scan every unit (a `wrong` code after the first, one unit too many at the
    end when `over`), complete; one STEP between scans."""
    assert session.handle_scan(package["number"]).kind == "ok"
    codes = item_codes(package)
    kinds, first = [], None
    for number, code in enumerate(codes):
        clock.tick()
        kinds.append(session.handle_scan(code).kind)
        first = first or clock.at
        if number == 0 and wrong:
            clock.tick()
            kinds.append(session.handle_scan(wrong).kind)
    if over:
        clock.tick()
        kinds.append(session.handle_scan(codes[-1]).kind)
    clock.tick()
    done = session.handle_scan(COMPLETE)
    assert done.kind == "saved", done.message
    assert first is not None
    return Packed(package, len(codes), (clock.at - first).total_seconds(), kinds)


def session_for(store, packer: str, clock: Clock) -> PackingSession:
    return PackingSession(store, packer=packer, config=PackingConfig(supervisors={}), now=clock)
