"""The delivery worker against the OMS simulator run in process (`httpx.MockTransport`,
no socket) with a fake clock shared by worker and simulator: outcomes per answer,
reconciliation, backoff, pauses, order, concurrency.

Situations come from the simulator itself: its state machine refuses and accepts
commands, its fault rules lose answers (`drop_before`/`drop_after`/`truncate`), answer
5xx or 429, and its admin methods move, cancel or delete packages behind the station's
back. Two tests wrap the transport, for what no OMS (simulated or real) does: raise a
Python exception inside the transport, and hold requests at a barrier to prove they are
in flight together.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from station import outbox
from station.oms.client import OmsClient
from station.oms.profile import DEFAULT_PROFILE
from station.oms.transport import RetryPolicy
from station.outbox.heads import LEASE_KEY, acquire_lease, mark_sending
from station.outbox.queue import CommandSpec, OutboxError
from station.outbox.worker import Backoff, DeliveryWorker
from station.simulator import FaultRule, Faults, Simulator, SimulatorConfig
from station.simulator.installation import Installation
from station.store import open_store, syncstate
from station.store.db import Store
from station.sync.syncer import Syncer

ANCHOR = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)  # the simulator's generated "now"
SYNCED_AT = ANCHOR + dt.timedelta(minutes=1)
T0 = SYNCED_AT + dt.timedelta(minutes=1)
LOCATION = 1  # the simulator is made with locations=1
NO_RETRY = RetryPolicy(attempts=1, total_timeout=None, wait_initial=0, wait_max=0,
                       wait_jitter=0)
FAST = Backoff(initial=1.0, factor=2.0, maximum=60.0, jitter=0.0, settle=10.0)
PACKAGE_PATH = re.compile(rf"{DEFAULT_PROFILE.packages_path}(\d+)/(.*)$")
POST_COMMANDS = {"paths": (r"/command/$",), "methods": ("POST",)}


def _spec(command_id: int, label: str) -> CommandSpec:
    """A CommandSpec for one of the simulator installation's transitions."""
    installation = Installation()
    command = installation.commands_by_id[command_id]
    return CommandSpec(command.command, command.id, None, label,
                       installation.states[command.source].id,
                       installation.states[command.destination].id)


START = _spec(1, "Start")  # Waiting -> Preparing
COMPLETE = _spec(17, "Complete")  # Preparing -> Packed
REFUSE = _spec(66, "Refuse")  # Waiting -> Requires replan (needs an active denial reason)
NO_ITEMS: dict[str, Any] = {}


class FakeClock:
    """Time moves only when the worker waits: backoffs cost no real time. The simulator
    reads the same clock, so its logs show when (in worker time) a command arrived."""

    def __init__(self, start: dt.datetime = T0) -> None:
        self.current = start
        self.waits: list[float] = []
        self.on_first_wait: Callable[[], None] | None = None

    def now(self) -> dt.datetime:
        return self.current

    def wait(self, event: threading.Event, seconds: float) -> bool:
        if event.is_set():
            return True
        self.waits.append(seconds)
        hook, self.on_first_wait = self.on_first_wait, None
        if hook is not None:
            hook()
        self.current += dt.timedelta(seconds=seconds)
        return event.is_set()


# --- fixtures -----------------------------------------------------------------------------


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sim(clock) -> Iterator[Simulator]:
    config = SimulatorConfig(packages=40, locations=1, seed=4, anchor=ANCHOR,
                             clock=clock.now, include_seed_packages=False)
    simulator = Simulator(config).start(in_process=True)
    yield simulator
    simulator.stop()


@pytest.fixture
def station_client(sim) -> Iterator[Callable[..., OmsClient]]:
    """Station clients on the simulator's transport (optionally wrapped by a test)."""
    made: list[tuple[OmsClient, httpx.Client]] = []

    def make(wrap: Callable[[httpx.MockTransport], httpx.BaseTransport] | None = None,
             **kwargs: Any) -> OmsClient:
        transport = sim.transport()
        http = httpx.Client(transport=wrap(transport) if wrap else transport)
        kwargs.setdefault("username", "demo")
        kwargs.setdefault("password", "demo")
        client = OmsClient(sim.url, http=http, retry=NO_RETRY, **kwargs)
        made.append((client, http))
        return client

    yield make
    for client, http in made:
        client.close()
        http.close()


@pytest.fixture
def path(tmp_path, sim, station_client):
    """A station database synced from the simulator (as of SYNCED_AT)."""
    path = tmp_path / "station.db"
    with open_store(path) as store:
        Syncer(station_client(), store, stock_location_id=LOCATION,
               now=lambda: SYNCED_AT).sync(full=True)
    return path


@pytest.fixture
def store(path) -> Iterator[Store]:
    with open_store(path) as opened:
        yield opened


@pytest.fixture
def waiting(sim) -> list[int]:
    """Packages in Waiting: each can take START then COMPLETE."""
    found = [pk for pk in sim.package_ids()
             if sim.package(pk)["state"]["id"] == START.source_state_id]
    assert len(found) >= 6, "make the simulator bigger"
    return found


@pytest.fixture
def make_worker(path, clock, station_client):
    def make(client=None, **kwargs):
        kwargs.setdefault("backoff", FAST)
        kwargs.setdefault("concurrency", 2)
        kwargs.setdefault("clock", clock)
        return DeliveryWorker(lambda: open_store(path), client or station_client(), **kwargs)

    return make


def enqueue(store, clock, spec: CommandSpec, package_id: int,
            input_parameters: dict[str, Any] = NO_ITEMS):
    return outbox.enqueue_command(store, package_id=package_id, spec=spec,
                                  input_parameters=input_parameters, packer="ayse",
                                  now=clock.now())


def statuses(store):
    return [(e.package_id, e.command_type, e.status) for e in outbox.entries(store)]


def applied(sim, via="api") -> list[tuple[int, int]]:
    """(package, transition) of every command the simulator applied, in order."""
    return [(c.package_id, c.transition) for c in sim.applied_commands() if c.via == via]


def requests_to(sim, method: str) -> list[tuple[int, str, int | None]]:
    """(package, rest of path, status) of the station's requests to package URLs."""
    found = []
    for request in sim.requests():
        match = PACKAGE_PATH.match(request["path"])
        if match and request["method"] == method:
            found.append((int(match.group(1)), match.group(2), request["status"]))
    return found


def posts(sim) -> list[int]:
    return [pk for pk, _, _ in requests_to(sim, "POST")]


def gets(sim) -> list[str]:
    return [f"{pk}/{rest}" for pk, rest, _ in requests_to(sim, "GET")]


# --- success --------------------------------------------------------------------------


def test_commands_are_delivered_in_order_and_the_snapshot_refreshed(store, clock, sim,
                                                                   waiting, make_worker):
    events = []
    first, second = waiting[:2]
    for pk in (first, second):
        enqueue(store, clock, START, pk)
        enqueue(store, clock, COMPLETE, pk)
    report = make_worker(on_change=lambda event, e: events.append((event, e.seq))).drain()
    assert statuses(store) == [(pk, kind, "done") for pk in (first, second)
                               for kind in ("PKG_STATE_TRANSITION", "COMPLETE_PACKAGING")]
    assert [t for pk, t in applied(sim) if pk == first] == [1, 17]
    assert sorted(applied(sim)) == sorted([(first, 1), (first, 17), (second, 1), (second, 17)])
    assert (report.done, report.remaining, report.needs_attention) == (4, 0, 0)
    # One GET after each command: the snapshot shows OMS's state, archived as sync would.
    assert sorted(gets(sim)) == sorted([f"{first}/"] * 2 + [f"{second}/"] * 2)
    row = store.conn.execute("SELECT state_id, archived FROM packages WHERE id = ?",
                             (first,)).fetchone()
    assert row == (COMPLETE.destination_state_id, 1)
    assert outbox.local_state_id(store, first) == COMPLETE.destination_state_id
    assert [e for e in events if e[1] == 1] == [("sending", 1), ("done", 1)]
    done = outbox.entries(store)[0]
    assert done.attempts == 1 and done.done_at == T0 and done.last_error is None
    actions = [row["action"] for row in outbox.audit_trail(store)]
    assert actions.count("done") == 4


def test_refresh_after_done_can_be_turned_off(store, clock, sim, waiting, make_worker):
    pk = waiting[0]
    enqueue(store, clock, START, pk)
    make_worker(refresh_after_done=False).drain()
    assert gets(sim) == [] and applied(sim) == [(pk, 1)]
    assert outbox.local_state_id(store, pk) == START.destination_state_id  # newer than snapshot


def test_invoice_number_goes_through_the_outbox(store, clock, sim, waiting, make_worker):
    pk = waiting[0]
    outbox.enqueue_invoice_number(store, package_id=pk, invoice_number="INV-9",
                                  packer="ayse", now=clock.now())
    make_worker().drain()
    assert sim.package(pk)["invoice_number"] == "INV-9"
    assert statuses(store) == [(pk, "SET_INVOICE_NUMBER", "done")]


# --- refusals -------------------------------------------------------------------------


def test_package_moved_on_is_a_conflict_that_blocks_only_its_package(store, clock, sim,
                                                                    waiting, make_worker):
    moved, other = waiting[:2]
    sim.apply_command_as_other_station(moved, "REFUSE_PACKAGE")  # while we were offline
    now_on_oms = sim.package(moved)["state"]
    first = enqueue(store, clock, START, moved)
    enqueue(store, clock, COMPLETE, moved)
    enqueue(store, clock, START, other)
    report = make_worker().drain()
    assert statuses(store) == [(moved, "PKG_STATE_TRANSITION", "conflict"),
                               (moved, "COMPLETE_PACKAGING", "pending"),
                               (other, "PKG_STATE_TRANSITION", "done")]
    conflict = outbox.get_entry(store, first.id)
    assert f'in state "{now_on_oms["name"]}"' in conflict.last_error
    assert "non_field_errors" in conflict.server_response
    assert sorted(posts(sim)) == sorted([moved, other])  # the blocked entry was never sent
    assert outbox.local_state_id(store, moved) == now_on_oms["id"]  # re-synced
    assert (report.conflict, report.remaining, report.needs_attention) == (1, 1, 1)
    outbox.discard(store, first.id, packer="mehmet")
    make_worker().drain()
    assert statuses(store)[:2] == [(moved, "PKG_STATE_TRANSITION", "discarded"),
                                   (moved, "COMPLETE_PACKAGING", "conflict")]


def test_refusal_while_oms_is_in_the_source_state_is_failed_until_retried(
        store, clock, sim, waiting, make_worker):
    pk = waiting[0]
    reason = next(r for r in sim.store.denial_reasons if not r["is_active"])
    entry = enqueue(store, clock, REFUSE, pk, {"denial_reason": reason["id"]})
    make_worker().drain()
    failed = outbox.get_entry(store, entry.id)
    assert failed.status == "failed"
    assert failed.last_error.startswith("input_parameters.denial_reason: Invalid pk")
    reason["is_active"] = True  # an OMS admin turns the reason back on
    outbox.retry(store, entry.id, packer="mehmet", now=clock.now())
    make_worker().drain()
    assert outbox.get_entry(store, entry.id).status == "done"
    assert applied(sim) == [(pk, REFUSE.transition_id)]
    assert [r["action"] for r in outbox.audit_trail(store)] == [
        "enqueue", "failed", "retry", "done"]


def test_package_gone_from_oms_is_a_conflict(store, clock, sim, waiting, make_worker):
    pk = waiting[0]
    entry = enqueue(store, clock, START, pk)
    sim.delete_package(pk)
    make_worker().drain()
    gone = outbox.get_entry(store, entry.id)
    assert gone.status == "conflict" and "no longer on OMS" in gone.last_error


# --- unknown outcomes -----------------------------------------------------------------


@pytest.mark.parametrize(("fault", "sent"), [
    (FaultRule("drop_after", count=1, **POST_COMMANDS), 1),  # applied, answer lost
    (FaultRule("truncate", count=1, **POST_COMMANDS), 1),  # applied, answer cut short
    (FaultRule("error", count=1, status=500, **POST_COMMANDS), 2),  # not applied: resent
    (FaultRule("drop_before", count=1, **POST_COMMANDS), 2),  # not applied: resent
])
def test_unknown_outcome_is_read_back_before_any_resend(store, clock, sim, waiting,
                                                        make_worker, fault, sent):
    pk = waiting[0]
    sim.faults = Faults((fault,))
    entry = enqueue(store, clock, START, pk)
    report = make_worker().drain(timeout=120)
    assert applied(sim) == [(pk, 1)]  # exactly once
    assert len(posts(sim)) == sent
    assert outbox.get_entry(store, entry.id).status == "done"
    assert (report.reconciled, report.done) == ((1, 0) if sent == 1 else (0, 1))
    # The read-back waited for the settle time: a request may still be running on OMS.
    assert f"{pk}/transition_logs/" in gets(sim)
    assert sum(clock.waits) >= FAST.settle


def test_unknown_outcome_then_moved_on_is_a_conflict(store, clock, sim, waiting,
                                                     make_worker):
    pk = waiting[0]
    sim.faults = Faults((FaultRule("drop_before", count=1, **POST_COMMANDS),))
    # Refused elsewhere while the worker waited to read back.
    clock.on_first_wait = lambda: sim.apply_command_as_other_station(pk, "REFUSE_PACKAGE")
    entry = enqueue(store, clock, START, pk)
    make_worker().drain(timeout=120)
    assert outbox.get_entry(store, entry.id).status == "conflict"
    assert len(posts(sim)) == 1 and applied(sim) == []


def test_invoice_number_seen_on_oms_is_not_sent_again(store, clock, sim, waiting,
                                                      make_worker):
    pk = waiting[0]
    sim.faults = Faults((FaultRule("drop_after", count=1, paths=("/set_invoice_number/$",)),))
    entry = outbox.enqueue_invoice_number(store, package_id=pk, invoice_number="INV-9",
                                          packer="ayse", now=clock.now())
    make_worker().drain(timeout=120)
    assert outbox.get_entry(store, entry.id).status == "done"
    assert len(posts(sim)) == 1 and sim.package(pk)["invoice_number"] == "INV-9"


def test_entry_left_sending_by_a_crash_is_reconciled_without_a_second_post(
        store, clock, sim, waiting, make_worker, station_client):
    pk = waiting[0]
    entry = enqueue(store, clock, START, pk)
    mark_sending(store, entry, clock.now())
    station_client().run_command(pk, transition=1)  # the crashed POST had arrived
    posted = len(posts(sim))
    report = make_worker().drain(timeout=120)
    assert outbox.get_entry(store, entry.id).status == "done"
    assert len(posts(sim)) == posted and report.reconciled == 1
    assert applied(sim) == [(pk, 1)]
    assert sum(clock.waits) >= FAST.settle  # read back only after the settle window


class RaisingOnPost(httpx.BaseTransport):
    """Not an OMS behaviour: a bug inside the transport raises on the first POST."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner, self.raised = inner, False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and not self.raised:
            self.raised = True
            raise RuntimeError("bug in a transport")
        return self.inner.handle_request(request)


def test_unexpected_error_while_sending_leaves_the_entry_uncertain(
        store, clock, waiting, make_worker, station_client):
    entry = enqueue(store, clock, START, waiting[0])
    make_worker(station_client(RaisingOnPost)).drain()
    broken = outbox.get_entry(store, entry.id)
    assert broken.status == "uncertain" and "bug in a transport" in broken.last_error


# --- waiting: rate limits, network down, auth -------------------------------------------


def test_429_waits_for_retry_after_and_sends_once_more(store, clock, sim, waiting,
                                                       make_worker):
    first, second = waiting[:2]
    sim.faults = Faults((FaultRule("rate_limit", count=1, retry_after=7, **POST_COMMANDS),))
    enqueue(store, clock, START, first)
    enqueue(store, clock, START, second)
    make_worker(concurrency=1).drain(timeout=60)
    assert sorted(applied(sim)) == sorted([(first, 1), (second, 1)])
    sent = requests_to(sim, "POST")
    assert sent[0] == (first, "command/", 429) and len(sent) == 3
    # Nothing at all was sent before Retry-After passed: the simulator stamped both
    # commands with the (shared) fake clock, the 429 came at T0.
    times = [dt.datetime.fromisoformat(c.time.replace("Z", "+00:00"))
             for c in sim.applied_commands()]
    assert min(times) >= T0 + dt.timedelta(seconds=7)


def test_network_down_pauses_everyone_until_woken(store, clock, sim, waiting, make_worker,
                                                  station_client):
    first, second = waiting[:2]
    enqueue(store, clock, START, first)
    enqueue(store, clock, START, second)
    worker = make_worker(station_client(token=sim.login()), concurrency=1)
    sim.stop()  # the network is down: connections are refused
    report = worker.drain()
    assert report.remaining == 2
    assert [e.status for e in outbox.entries(store)] == ["pending", "pending"]
    assert sum(e.attempts for e in outbox.entries(store)) == 1  # one probe, then all wait
    assert worker.status.network_paused_until == clock.now() + dt.timedelta(seconds=1)
    worker.drain(timeout=1.5)  # still down: the pause doubles
    assert worker.status.network_paused_until > clock.now() + dt.timedelta(seconds=1.5)
    sim.start(in_process=True)  # network is back (same seed: the same packages)
    worker.wake()
    assert worker.status.network_paused_until is None
    worker.drain()
    assert sorted(applied(sim)) == sorted([(first, 1), (second, 1)])


def test_rejected_credentials_pause_deliveries_and_keep_the_entry(
        store, clock, sim, waiting, make_worker, station_client):
    pk = waiting[0]
    client = station_client(token=sim.login(), password="old")  # changed on OMS since
    sim.expire_tokens()  # ... and our token expired
    events = []
    entry = enqueue(store, clock, START, pk)
    worker = make_worker(client, on_change=lambda event, e: events.append(event))
    report = worker.drain(timeout=60)
    assert "credentials rejected" in report.auth_problem
    assert worker.auth_problem == report.auth_problem
    assert outbox.get_entry(store, entry.id).status == "pending"
    assert "auth" in events and applied(sim) == []
    assert {status for _, _, status in requests_to(sim, "POST")} <= {401}
    client.use_token(sim.login())  # the packer signs in again
    worker.resume()
    assert worker.auth_problem is None
    worker.drain()
    assert applied(sim) == [(pk, 1)]


# --- order, concurrency, control ---------------------------------------------------------


class Barrier(httpx.BaseTransport):
    """Not an OMS behaviour: holds the first `parties` command POSTs until all arrived
    (proof they are in flight together) and records the peak number in flight."""

    def __init__(self, inner: httpx.BaseTransport, parties: int = 3) -> None:
        self.inner = inner
        self.barrier = threading.Barrier(parties, timeout=10)
        self.lock = threading.Lock()
        self.in_flight = self.peak = self.seen = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method != "POST" or not request.url.path.endswith("/command/"):
            return self.inner.handle_request(request)  # the login is not a delivery
        with self.lock:
            self.in_flight += 1
            self.seen += 1
            self.peak = max(self.peak, self.in_flight)
            held = self.seen <= self.barrier.parties
        try:
            if held:
                self.barrier.wait()
            return self.inner.handle_request(request)
        finally:
            with self.lock:
                self.in_flight -= 1


def test_packages_go_in_parallel_up_to_the_limit_each_in_order(store, clock, sim, path,
                                                               waiting, station_client):
    packages = waiting[:6]
    for pk in packages:
        enqueue(store, clock, START, pk)
        enqueue(store, clock, COMPLETE, pk)
    barriers: list[Barrier] = []

    def wrap(inner: httpx.BaseTransport) -> Barrier:
        barriers.append(Barrier(inner))
        return barriers[0]

    DeliveryWorker(lambda: open_store(path), station_client(wrap), clock=clock,
                   concurrency=3, backoff=FAST).drain()
    assert barriers[0].peak == 3
    for pk in packages:
        assert [t for p, t in applied(sim) if p == pk] == [1, 17]


def test_background_worker_delivers_on_wake_and_stops_cleanly(store, clock, sim, waiting,
                                                              make_worker):
    delivered = threading.Event()
    worker = make_worker(on_change=lambda event, e: event == "done" and delivered.set(),
                         clock=None, idle_poll=60)
    worker.start()
    with pytest.raises(RuntimeError, match="already running"):
        worker.start()
    with pytest.raises(RuntimeError, match="cannot run while"):
        worker.drain()
    enqueue(store, clock, START, waiting[0])
    worker.wake()
    assert delivered.wait(10)
    assert worker.stop() is True
    assert not worker.running
    assert [t.name for t in threading.enumerate() if t.name.startswith("outbox-")] == []
    assert applied(sim) == [(waiting[0], 1)]


def test_a_second_worker_on_the_same_database_is_refused(store, clock, waiting, make_worker):
    assert acquire_lease(store, "other-worker", clock.now(), dt.timedelta(seconds=30)) is None
    enqueue(store, clock, START, waiting[0])
    with pytest.raises(OutboxError, match="another delivery worker"):
        make_worker().drain()
    clock.current += dt.timedelta(seconds=31)  # the other one crashed: its lease ran out
    assert make_worker().drain().done == 1


@pytest.mark.skipif(os.name != "posix", reason="process check is POSIX-only")
def test_lease_of_a_crashed_process_is_taken_over_at_once(store, clock, waiting, make_worker):
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)
    lease = {"owner": "crashed", "expires": "2999-01-01T00:00:00.000000Z",
             "host": socket.gethostname(), "pid": int(finished.stdout)}
    syncstate.set_value(store, LEASE_KEY, json.dumps(lease))
    enqueue(store, clock, START, waiting[0])
    assert make_worker().drain().done == 1
    assert syncstate.get_value(store, LEASE_KEY) is None  # released after the run


def test_a_failing_listener_does_not_stop_deliveries(store, clock, waiting, make_worker):
    def listener(event, entry):
        raise ValueError("listener bug")

    enqueue(store, clock, START, waiting[0])
    assert make_worker(on_change=listener).drain().done == 1


def test_backoff_grows_caps_and_jitters():
    backoff = Backoff(initial=1, factor=2, maximum=10, jitter=0.5, random=lambda: 1.0)
    assert [backoff.delay(n) for n in (1, 2, 3, 4, 5)] == [0.5, 1.0, 2.0, 4.0, 5.0]
    assert Backoff(jitter=0).delay(1) == 1.0
    assert backoff.after_rate_limit(7) == 7
    assert Backoff(retry_after_cap=5).after_rate_limit(100) == 5
    assert Backoff(settle=30, jitter=0).before_reconcile(1) == 30


def test_concurrency_must_be_positive(path, station_client):
    with pytest.raises(ValueError, match="concurrency"):
        DeliveryWorker(lambda: open_store(path), station_client(), concurrency=0)


# --- an error that repeats (the disk fails) -----------------------------------------------

DISK_FAILS = ("CREATE TRIGGER disk_fails BEFORE UPDATE OF status ON outbox "
              "WHEN NEW.status = 'sending' BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END")


def test_a_repeating_delivery_error_backs_off_is_logged_once_and_shown(
        path, store, clock, sim, waiting, station_client, caplog):
    """Every write of `sending` fails in SQLite itself (a trigger aborts it like a failing
    disk). Before: the delivery threads retried at once, tens of thousands of times a
    minute, each with a traceback in the log. Now: exponential, capped backoff; one log
    record per change of message; the error on `status.last_error` and `on_error`."""
    entry = enqueue(store, clock, START, waiting[0])
    store.conn.execute(DISK_FAILS)
    attempts: list[str] = []
    errors: list[str | None] = []

    def counted_store():
        """A delivery thread's store that counts attempts: each `mark_sending` opens one
        durable (synchronous=FULL) transaction; nothing else in delivery does."""
        opened = open_store(path)
        opened.conn.set_trace_callback(
            lambda sql: attempts.append(sql) if sql == "PRAGMA synchronous = FULL" else None)
        return opened

    backoff = Backoff(initial=0.05, factor=2.0, maximum=0.4, jitter=0.0, settle=0.05)
    worker = DeliveryWorker(counted_store, station_client(), concurrency=2, backoff=backoff,
                            on_error=errors.append, idle_poll=0.05)
    caplog.set_level("DEBUG", logger="station.outbox")
    worker.start()
    try:
        wait_until(lambda: worker.status.last_error is not None)
        threading.Event().wait(1.5)
        status = worker.status
        tries = len(attempts)
        store.conn.execute("DROP TRIGGER disk_fails")  # the disk is fine again
        wait_until(lambda: outbox.get_entry(store, entry.id).status == "done")
        wait_until(lambda: worker.status.last_error is None)
    finally:
        assert worker.stop(timeout=10)

    assert 4 <= tries <= 12, tries  # 0.05, 0.1, 0.2, 0.4, 0.4 … s apart, not a tight loop
    assert "disk I/O error" in status.last_error
    assert status.error_paused_until is not None
    logged = [r for r in caplog.records
              if r.levelname in ("ERROR", "WARNING") and "disk I/O error" in r.getMessage()]
    assert len(logged) == 2, [r.getMessage() for r in logged]  # failing once, working again
    assert errors == [status.last_error, None]
    assert applied(sim) == [(waiting[0], 1)]


def wait_until(condition, timeout: float = 10.0) -> None:
    deadline = threading.Event()
    for _ in range(int(timeout / 0.01)):
        if condition():
            return
        deadline.wait(0.01)
    raise AssertionError("timed out")
