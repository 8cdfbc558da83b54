"""Fixtures for integration tests: real OMS simulators on 127.0.0.1 and httpx clients.

`sim` is a fresh simulator per test (small, so cheap to start); `shared_sim` is one per
module for tests that only read. `make_sim(**config)` starts more with other settings;
`client_for(sim)` gives a logged-in httpx client. Everything is stopped and closed at
teardown, so no thread or socket outlives its test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from station.oms.profile import DEFAULT_PROFILE
from station.simulator import Simulator, SimulatorConfig

ANCHOR = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
PROFILE = DEFAULT_PROFILE
PACKAGES = PROFILE.packages_path


def package_path(pk: int, suffix: str = "") -> str:
    return f"{PACKAGES}{pk}/{suffix}"


@pytest.fixture
def make_sim() -> Iterator[Callable[..., Simulator]]:
    started: list[Simulator] = []

    def make(**config: Any) -> Simulator:
        config.setdefault("packages", 60)
        config.setdefault("anchor", ANCHOR)
        sim = Simulator(SimulatorConfig(**config)).start()
        started.append(sim)
        return sim

    yield make
    for sim in started:
        sim.stop()


@pytest.fixture
def client_for() -> Iterator[Callable[..., httpx.Client]]:
    clients: list[httpx.Client] = []

    def make(sim: Simulator, *, login: bool = True) -> httpx.Client:
        client = httpx.Client(base_url=sim.url, timeout=10)
        clients.append(client)
        if login:
            client.headers["Authorization"] = f"Token {sim.login()}"
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def sim(make_sim: Callable[..., Simulator]) -> Simulator:
    return make_sim()


@pytest.fixture
def client(sim: Simulator, client_for: Callable[..., httpx.Client]) -> httpx.Client:
    return client_for(sim)


@pytest.fixture(scope="module")
def shared_sim() -> Iterator[Simulator]:
    with Simulator(SimulatorConfig(packages=300, seed=7, anchor=ANCHOR)) as simulator:
        yield simulator


@pytest.fixture
def shared_client(shared_sim: Simulator) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=shared_sim.url, timeout=10) as http:
        http.headers["Authorization"] = f"Token {shared_sim.login()}"
        yield http


def first_package(sim: Simulator, state_enum: str, **extra: Any) -> dict[str, Any]:
    """The first generated package in a state (seed-order packages excluded)."""
    for pk in sim.package_ids():
        package = sim.package(pk)
        if pk > 1000 and package["state"]["enum_value"] == state_enum and all(
            package.get(key) == value for key, value in extra.items()
        ):
            return package
    raise LookupError(f"no generated package in state {state_enum}")


def command_for(package: dict[str, Any], command_type: str) -> dict[str, Any]:
    return next(c for c in package["commands"] if c["command"] == command_type)
