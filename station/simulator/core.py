"""`Simulator`: the OMS simulator as one object for tests, the demo and benchmarks.

    with Simulator(SimulatorConfig(packages=200, seed=1)) as sim:
        client = httpx.Client(base_url=sim.url)
        ...
        sim.faults = Faults((FaultRule("drop_after", count=1, paths=("/command/$",)),))
        sim.apply_command_as_other_station(pk, "COMPLETE_PACKAGING")
        assert [c.package_id for c in sim.applied_commands()] == [pk]

`start()` binds 127.0.0.1 (port 0 = a free one), generates the data (product image and
label URLs point at the bound URL) and serves from a background thread; `stop()` joins
every thread it started. `start(in_process=True)` builds the same world and pipeline
without a server: `sim.transport()` is an `httpx.MockTransport` answering as the server
would (faults included; see `inprocess`), at `http://127.0.0.1` where nothing listens.
Every time the simulator writes (token expiry, modified dates, logs) comes from
`SimulatorConfig.clock`. Same seed + same anchor + same port → byte-identical JSON; with
different ports only the URLs inside the JSON differ.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Callable, Mapping
from typing import Any

import httpx
import msgspec

from station.oms.profile import DEFAULT_PROFILE, ApiProfile
from station.simulator.admin import AdminApi
from station.simulator.api import ApiSettings, OmsApi
from station.simulator.auth import TokenStore
from station.simulator.faults import FaultInjector, FaultRule, Faults
from station.simulator.generate import GenerationSpec, generate
from station.simulator.inprocess import InProcessHandler
from station.simulator.installation import Installation
from station.simulator.machine import OTHER_STATION_USER, StateMachine, Transition
from station.simulator.server import HttpServer, Pipeline
from station.simulator.store import AppliedCommand, PackageQuery, PackageStore

Json = dict[str, Any]
IN_PROCESS_URL = "http://127.0.0.1"  # loopback, so the station accepts plain http


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclasses.dataclass(frozen=True)
class SimulatorConfig:
    packages: int = 200  # generated packages; the 3 seed-order packages come on top
    seed: int = 1
    locations: int = 4  # generated stock locations (the seed's 5 and 6 come on top)
    port: int = 0  # 0: any free port
    profile: ApiProfile = DEFAULT_PROFILE
    users: Mapping[str, str] = dataclasses.field(default_factory=lambda: {"demo": "demo"})
    faults: Faults = dataclasses.field(default_factory=Faults)
    # "Now" for the generated dates; default: the clock at start, floored to the hour.
    anchor: dt.datetime | None = None
    clock: Callable[[], dt.datetime] = utc_now
    api: ApiSettings = dataclasses.field(default_factory=ApiSettings)
    include_seed_packages: bool = True


class Simulator:
    def __init__(self, config: SimulatorConfig | None = None) -> None:
        self.config = config or SimulatorConfig()
        self.installation = Installation()
        self.tokens = TokenStore(self.config.users, self.config.clock)
        self._injector = FaultInjector()
        self._stopping = threading.Event()
        self._server: HttpServer | None = None
        self._in_process = False
        self._store: PackageStore | None = None
        self._machine: StateMachine | None = None
        self._pipeline: Pipeline | None = None
        self._api: OmsApi | None = None
        self.faults = self.config.faults

    # --- life cycle -----------------------------------------------------------------
    def start(self, *, in_process: bool = False) -> Simulator:
        """Serve on 127.0.0.1; with `in_process=True` only through `transport()`."""
        if self.running:
            raise RuntimeError("simulator already started")
        if in_process:
            self._in_process = True  # before the world: its URLs use `self.url`
            try:
                self._build_pipeline()
            except BaseException:
                self._in_process = False
                raise
            return self
        server = HttpServer(self.config.port)
        try:
            self._server = server
            server.pipeline = self._build_pipeline()
            server.start()
        except BaseException:
            self._server = None
            server.server_close()
            raise
        return self

    def _build_pipeline(self) -> Pipeline:
        self._build_world()
        assert self._api is not None
        self._pipeline = Pipeline(self._api, AdminApi(self), self._injector, self._stopping)
        self._stopping.clear()
        return self._pipeline

    def _build_world(self) -> None:
        clock = self.config.clock
        anchor = self.config.anchor or clock().replace(minute=0, second=0, microsecond=0)
        spec = GenerationSpec(packages=self.config.packages, seed=self.config.seed,
                              locations=self.config.locations, anchor=anchor,
                              media_base=self.url,
                              include_seed_packages=self.config.include_seed_packages)
        dataset = generate(spec, self.installation)
        self._store = PackageStore(dataset, self.installation, clock, self.url)
        self._machine = StateMachine(self.installation, self._store)
        self._api = OmsApi(self.config.profile, self._store, self._machine, self.tokens,
                           self.config.api)
        if self._pipeline is not None:
            self._pipeline.api = self._api

    def stop(self) -> None:
        """Stop serving (an in-process simulator then refuses its transport's requests)."""
        self._stopping.set()  # wakes requests sleeping on injected latency
        self._in_process = False
        if self._server is not None:
            self._server.close()
            self._server = None

    def __enter__(self) -> Simulator:
        return self if self.running else self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._server is not None or self._in_process

    @property
    def url(self) -> str:
        """`http://127.0.0.1:<port>` of the running simulator (no port in process)."""
        if self._in_process:
            return IN_PROCESS_URL
        if self._server is None:
            raise RuntimeError("simulator not started")
        return f"http://127.0.0.1:{self._server.port}"

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("simulator not started" if not self._in_process
                               else "an in-process simulator has no port")
        return self._server.port

    @property
    def connections_accepted(self) -> int:
        """TCP connections accepted so far (keep-alive reuse shows as no increase)."""
        if self._server is None:
            raise RuntimeError("simulator not serving HTTP")
        return self._server.connections_accepted

    def transport(self) -> httpx.MockTransport:
        """An httpx transport that hands requests straight to the pipeline (meant for
        `start(in_process=True)`); while the simulator is stopped it refuses them like a
        closed port, and after a restart it serves the new world."""
        return httpx.MockTransport(InProcessHandler(self._serving_pipeline))

    def _serving_pipeline(self) -> Pipeline | None:
        return self._pipeline if self.running else None

    @property
    def store(self) -> PackageStore:
        if self._store is None:
            raise RuntimeError("simulator not started")
        return self._store

    # --- faults and tokens ----------------------------------------------------------
    @property
    def faults(self) -> Faults:
        return self._injector.faults

    @faults.setter
    def faults(self, faults: Faults) -> None:
        self._injector.configure(faults)
        self.tokens.ttl_seconds = faults.token_ttl_seconds
        self.tokens.max_requests = faults.token_max_requests

    def add_fault(self, rule: FaultRule) -> None:
        self._injector.add(rule)

    def clear_faults(self) -> None:
        self.faults = Faults()

    def expire_tokens(self) -> int:
        return self.tokens.expire_all()

    def login(self, username: str = "demo", password: str = "demo") -> str:
        """A token without an HTTP round trip (for test set-up)."""
        key = self.tokens.login(username, password)
        if key is None:
            raise ValueError(f"unknown user or wrong password for {username!r}")
        return key

    # --- data and logs ----------------------------------------------------------------
    def package(self, pk: int) -> Json:
        """A private copy of package `pk` as the detail endpoint serves it."""
        body = self.store.encoded(pk)
        if body is None:
            raise KeyError(pk)
        return msgspec.json.decode(body)

    def package_ids(self, stock_location: int | None = None) -> list[int]:
        return list(self.store.query(PackageQuery(stock_location=stock_location)))

    def stock_location_counts(self) -> dict[int, int]:
        return self.store.location_counts()

    def transition_logs(self, pk: int) -> list[Json]:
        return self.store.logs(pk)

    def applied_commands(self) -> list[AppliedCommand]:
        return self.store.applied()

    def applied_commands_json(self) -> list[Json]:
        return [entry.to_json() for entry in self.store.applied()]

    def clear_applied_commands(self) -> None:
        self.store.clear_applied()

    def requests(self) -> list[Json]:
        return self._pipeline.requests() if self._pipeline else []

    def summary(self) -> Json:
        counts = self.stock_location_counts()
        locations = [{"id": loc_id, "name": loc.get("name"), "erp_code": loc.get("erp_code"),
                      "packages": counts.get(loc_id, 0)}
                     for loc_id, loc in self.store.locations.items()]
        return {"url": self.url, "packages": len(self.store), "stock_locations": locations,
                "users": sorted(self.config.users), "active_tokens": self.tokens.active_count(),
                "faults": self.faults.to_json()}

    # --- changes made elsewhere ------------------------------------------------------
    def apply_command_as_other_station(self, pk: int, slug_or_type: str | int,
                                       input_parameters: Json | None = None, *,
                                       user: Any = OTHER_STATION_USER) -> Transition:
        """Run a command server-side as the OMS web UI would (any `ui_visibility`), logged
        as `user` (a user object, a name, or None for "not logged").
        Raises `machine.CommandError` (with the DRF body) if OMS would refuse it."""
        assert self._machine is not None, "simulator not started"
        return self._machine.run_as_other_station(pk, slug_or_type, input_parameters,
                                                  user=user)

    def move_package(self, pk: int, stock_location_id: int) -> None:
        store = self.store
        with store.lock:
            package = store.get(pk)
            if package is None:
                raise KeyError(pk)
            if stock_location_id not in store.locations:
                raise ValueError(f"unknown stock location {stock_location_id}")
            package["stock_location"] = store.locations[stock_location_id]
            store.touched(pk, store.stamp())

    def delete_package(self, pk: int) -> None:
        if not self.store.remove(pk):
            raise KeyError(pk)

    def reset(self) -> None:
        """Back to the generated data of the seed: packages, logs and faults (tokens stay)."""
        self.clear_faults()
        self._build_world()
        if self._pipeline is not None:
            self._pipeline.clear_requests()
