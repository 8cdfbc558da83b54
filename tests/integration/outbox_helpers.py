"""Shared set-up for the outbox integration tests (no tests here): a station client and
store synced from a simulator, and realistic two-step command plans built from the
snapshot — "start preparing" from the package's own commands, then "complete
packaging" from the learned transitions, as a packer working offline would."""

from __future__ import annotations

import socket
from collections import defaultdict
from pathlib import Path

from station import outbox
from station.oms.client import OmsClient
from station.oms.transport import RetryPolicy, Timeouts
from station.outbox.queue import CommandSpec
from station.outbox.worker import Backoff
from station.simulator import Simulator
from station.store import learned_transitions_from, open_store, package_detail
from station.store.db import Store
from station.sync.syncer import Syncer

LOCATION = 1  # the simulators here are made with locations=1
COMMAND_PATH = r"/command/$"
FAST_GETS = RetryPolicy(attempts=4, total_timeout=None, wait_initial=0.01, wait_max=0.05,
                        wait_jitter=0.0)
FAST_BACKOFF = Backoff(initial=0.02, factor=2.0, maximum=0.2, jitter=0.5, settle=0.05)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def station_client(url: str, *, read_timeout: float = 5.0) -> OmsClient:
    return OmsClient(url, username="demo", password="demo", retry=FAST_GETS,
                     timeouts=Timeouts(connect=1.0, read=read_timeout, write=2.0, pool=2.0))


def synced_store(sim: Simulator, path: Path) -> Store:
    """A station database holding the simulator's packages of LOCATION."""
    store = open_store(path)
    with station_client(sim.url) as client:
        Syncer(client, store, stock_location_id=LOCATION).sync(full=True)
    return store


def two_step_plan(store: Store, package_id: int) -> list[CommandSpec] | None:
    """[start preparing-ish transition, complete packaging] or None if not available."""
    detail = package_detail(store, package_id)
    if detail is None or detail["package"]["archived"]:
        return None
    first = next((c for c in detail["commands"]
                  if c["command_type"] == "PKG_STATE_TRANSITION"), None)
    if first is None:
        return None
    second = next((t for t in learned_transitions_from(store, first["destination_state"])
                   if t["command_type"] == "COMPLETE_PACKAGING"), None)
    if second is None:
        return None
    return [
        CommandSpec(first["command_type"], first["id"], first["slug"], first["label"],
                    first["source_state"], first["destination_state"]),
        CommandSpec(second["command_type"], second["command_id"], second["slug"],
                    second["label"], second["source_state"], second["destination_state"]),
    ]


def plans(store: Store, count: int) -> dict[int, list[CommandSpec]]:
    found: dict[int, list[CommandSpec]] = {}
    for (package_id,) in store.conn.execute("SELECT id FROM packages ORDER BY id"):
        plan = two_step_plan(store, package_id)
        if plan:
            found[package_id] = plan
        if len(found) == count:
            return found
    raise LookupError(f"only {len(found)} packages with a two-step plan; make more")


def enqueue_plans(store: Store, planned: dict[int, list[CommandSpec]]) -> None:
    for package_id, specs in planned.items():
        for spec in specs:
            outbox.enqueue_command(store, package_id=package_id, spec=spec,
                                   input_parameters={}, packer="ayse")


def applied_by_package(sim: Simulator, via: str = "api") -> dict[int, list[int]]:
    applied: dict[int, list[int]] = defaultdict(list)
    for command in sim.applied_commands():
        if command.via == via:
            applied[command.package_id].append(command.transition)
    return dict(applied)


def expected_transitions(planned: dict[int, list[CommandSpec]]) -> dict[int, list[int]]:
    return {pk: [spec.transition_id for spec in specs] for pk, specs in planned.items()}


def outbox_threads() -> list[str]:
    import threading

    return [t.name for t in threading.enumerate() if t.name.startswith("outbox-")]
