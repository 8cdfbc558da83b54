"""The delivery worker against a scripted fake OMS behind httpx.MockTransport, with a
fake clock: outcomes per answer, reconciliation, backoff, pauses, order, concurrency."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import Any

import httpx
import msgspec
import pytest

from station import outbox
from station.oms.client import OmsClient
from station.oms.profile import DEFAULT_PROFILE
from station.oms.transport import RetryPolicy
from station.outbox.heads import LEASE_KEY, acquire_lease, mark_sending
from station.outbox.queue import CommandSpec, OutboxError
from station.outbox.worker import Backoff, DeliveryWorker
from station.store import open_store, syncstate, upsert_page
from tests.unit.store_factory import (
    PACKED,
    PREPARING,
    SYNCED_AT,
    WAITING,
    command_json,
    package_json,
    page,
)

BASE = "https://oms.test"
T0 = SYNCED_AT + dt.timedelta(minutes=1)
CANCELED = (44, "900", "Packaging Canceled")
STATES = {s[0]: s for s in (WAITING, PREPARING, PACKED, CANCELED)}
TRANSITIONS = {1: (WAITING[0], PREPARING[0]), 17: (PREPARING[0], PACKED[0])}
START = CommandSpec("PKG_STATE_TRANSITION", 1, None, "Start", WAITING[0], PREPARING[0])
COMPLETE = CommandSpec("COMPLETE_PACKAGING", 17, None, "Complete", PREPARING[0], PACKED[0])
NO_RETRY = RetryPolicy(attempts=1, total_timeout=None, wait_initial=0, wait_max=0,
                       wait_jitter=0)
FAST = Backoff(initial=1.0, factor=2.0, maximum=60.0, jitter=0.0, settle=10.0)
PACKAGE_PATH = re.compile(rf"{DEFAULT_PROFILE.packages_path}(\d+)/(.*)$")


class FakeClock:
    """Time moves only when the worker waits: backoffs cost no real time."""

    def __init__(self, start: dt.datetime = T0) -> None:
        self.current = start
        self.waits: list[float] = []

    def now(self) -> dt.datetime:
        return self.current

    def wait(self, event: threading.Event, seconds: float) -> bool:
        if event.is_set():
            return True
        self.waits.append(seconds)
        self.current += dt.timedelta(seconds=seconds)
        return event.is_set()


Fault = Callable[[httpx.Request, Callable[[], httpx.Response]], httpx.Response]


@dataclasses.dataclass
class FakePackage:
    state: int = WAITING[0]
    invoice: str | None = None
    logs: list[dict] = dataclasses.field(default_factory=list)
    version: int = 0


class FakeOms:
    """Packages with a state machine; POST faults are scripted per call."""

    def __init__(self, clock: FakeClock, package_ids=(1, 2)) -> None:
        self.clock = clock
        self.packages = {pk: FakePackage() for pk in package_ids}
        self.applied: list[tuple[int, int]] = []  # (package, transition)
        self.posts: list[tuple[int, dt.datetime]] = []
        self.gets: list[str] = []
        self.post_faults: list[Fault] = []
        self.on_post: Callable[[], None] | None = None
        self.valid_token = "tok"
        self.login_ok = True
        self.lock = threading.Lock()

    def client(self, **kwargs: Any) -> OmsClient:
        http = httpx.Client(transport=httpx.MockTransport(self.handle))
        kwargs.setdefault("token", "tok")
        return OmsClient(BASE, http=http, retry=NO_RETRY, **kwargs)

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == DEFAULT_PROFILE.login_path:
            if not self.login_ok:
                return httpx.Response(400, json={"non_field_errors": ["Unable to log in."]})
            return httpx.Response(200, json={"key": self.valid_token})
        if request.headers.get("Authorization") != f"Token {self.valid_token}":
            return httpx.Response(401, json={"detail": "Invalid token."})
        match = PACKAGE_PATH.match(request.url.path)
        assert match, request.url
        pk, rest = int(match.group(1)), match.group(2)
        if request.method == "GET":
            self.gets.append(f"{pk}/{rest}")
            return self._get(pk, rest)
        with self.lock:
            self.posts.append((pk, self.clock.now()))
            fault = self.post_faults.pop(0) if self.post_faults else None
        if self.on_post:
            self.on_post()
        apply = lambda: self._post(pk, rest, msgspec.json.decode(request.content))  # noqa: E731
        return fault(request, apply) if fault else apply()

    def _get(self, pk: int, rest: str) -> httpx.Response:
        package = self.packages.get(pk)
        if package is None:
            return httpx.Response(404, json={"detail": "Not found."})
        if rest == "transition_logs/":
            logs = package.logs
            return httpx.Response(200, json={"count": len(logs), "next": None,
                                             "previous": None, "results": logs})
        state = STATES[package.state]
        commands = [command_json(cid, src, dst) for cid, (src, dst) in TRANSITIONS.items()
                    if src == package.state]
        modified = (T0 + dt.timedelta(seconds=package.version)).isoformat()
        body = package_json(pk, state=state, commands=commands, modified=modified)
        body["invoice_number"] = package.invoice
        return httpx.Response(200, json=body)

    def _post(self, pk: int, rest: str, body: dict) -> httpx.Response:
        with self.lock:
            package = self.packages.get(pk)
            if package is None:
                return httpx.Response(404, json={"detail": "Not found."})
            if rest == "set_invoice_number/":
                package.invoice = body["invoice_number"]
                package.version += 1
                return httpx.Response(204)
            source, destination = TRANSITIONS[body["transition"]]
            if package.state != source:
                name = STATES[package.state][2]
                return httpx.Response(400, json={"non_field_errors": [
                    f'Transition is not allowed for package {pk} in state "{name}".']})
            self.move(pk, destination)
            self.applied.append((pk, body["transition"]))
            return httpx.Response(204)

    def move(self, pk: int, destination: int) -> None:
        package = self.packages[pk]
        package.logs.append({
            "id": len(package.logs) + 1, "created_date": self.clock.now().isoformat(),
            "old_state": {"id": package.state, "enum_value": STATES[package.state][1]},
            "new_state": {"id": destination, "enum_value": STATES[destination][1]}})
        package.state = destination
        package.version += 1


def answer(status: int, **kwargs: Any) -> Fault:
    """Answer `status` without applying (a 429, a 500 before handling, a 400)."""
    return lambda request, apply: httpx.Response(status, **kwargs)


def applied_then(outcome: Callable[[httpx.Request], httpx.Response]) -> Fault:
    """Apply the command, then lose the answer (`outcome` raises or answers 5xx)."""
    def fault(request, apply):
        apply()
        return outcome(request)
    return fault


def read_timeout(request):
    raise httpx.ReadTimeout("timed out", request=request)


def refused(request, apply=None):
    raise httpx.ConnectError("connection refused", request=request)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def oms(clock):
    return FakeOms(clock)


@pytest.fixture
def path(tmp_path):
    path = tmp_path / "station.db"
    with open_store(path) as store:
        upsert_page(store, page(package_json(1), package_json(2)), synced_at=SYNCED_AT)
    return path


@pytest.fixture
def store(path):
    with open_store(path) as opened:
        yield opened


@pytest.fixture
def make_worker(path, oms, clock):
    clients = []

    def make(client=None, **kwargs):
        client = client or oms.client()
        clients.append(client)
        kwargs.setdefault("backoff", FAST)
        kwargs.setdefault("concurrency", 2)
        kwargs.setdefault("clock", clock)
        return DeliveryWorker(lambda: open_store(path), client, **kwargs)

    yield make
    for client in clients:
        client.close()


def enqueue(store, clock, spec=START, package_id=1):
    return outbox.enqueue_command(store, package_id=package_id, spec=spec,
                                  input_parameters={"package_items": [10]}, packer="ayse",
                                  now=clock.now())


def statuses(store):
    return [(e.package_id, e.command_type, e.status) for e in outbox.entries(store)]


# --- success --------------------------------------------------------------------------


def test_commands_are_delivered_in_order_and_the_snapshot_refreshed(store, clock, oms,
                                                                   make_worker):
    events = []
    for pk in (1, 2):
        enqueue(store, clock, START, pk)
        enqueue(store, clock, COMPLETE, pk)
    report = make_worker(on_change=lambda event, e: events.append((event, e.seq))).drain()
    assert statuses(store) == [(pk, kind, "done") for pk in (1, 2)
                               for kind in ("PKG_STATE_TRANSITION", "COMPLETE_PACKAGING")]
    assert [t for pk, t in oms.applied if pk == 1] == [1, 17]
    assert sorted(oms.applied) == [(1, 1), (1, 17), (2, 1), (2, 17)]
    assert (report.done, report.remaining, report.needs_attention) == (4, 0, 0)
    # One GET after each command: the snapshot shows OMS's state, archived as sync would.
    assert sorted(oms.gets) == ["1/", "1/", "2/", "2/"]
    row = store.conn.execute("SELECT state_id, archived FROM packages WHERE id = 1").fetchone()
    assert row == (PACKED[0], 1)
    assert outbox.local_state_id(store, 1) == PACKED[0]
    assert [e for e in events if e[1] == 1] == [("sending", 1), ("done", 1)]
    done = outbox.entries(store)[0]
    assert done.attempts == 1 and done.done_at == T0 and done.last_error is None
    actions = [row["action"] for row in outbox.audit_trail(store)]
    assert actions.count("done") == 4


def test_refresh_after_done_can_be_turned_off(store, clock, oms, make_worker):
    enqueue(store, clock)
    make_worker(refresh_after_done=False).drain()
    assert oms.gets == [] and oms.applied == [(1, 1)]
    assert outbox.local_state_id(store, 1) == PREPARING[0]  # done, newer than the snapshot


def test_invoice_number_goes_through_the_outbox(store, clock, oms, make_worker):
    outbox.enqueue_invoice_number(store, package_id=1, invoice_number="INV-9", packer="ayse",
                                  now=clock.now())
    make_worker().drain()
    assert oms.packages[1].invoice == "INV-9"
    assert statuses(store) == [(1, "SET_INVOICE_NUMBER", "done")]


# --- refusals -------------------------------------------------------------------------


def test_package_moved_on_is_a_conflict_that_blocks_only_its_package(store, clock, oms,
                                                                    make_worker):
    oms.move(1, CANCELED[0])  # cancelled on OMS while we were offline
    first = enqueue(store, clock, START, 1)
    enqueue(store, clock, COMPLETE, 1)
    enqueue(store, clock, START, 2)
    report = make_worker().drain()
    assert statuses(store) == [(1, "PKG_STATE_TRANSITION", "conflict"),
                               (1, "COMPLETE_PACKAGING", "pending"),
                               (2, "PKG_STATE_TRANSITION", "done")]
    conflict = outbox.get_entry(store, first.id)
    assert 'in state "Packaging Canceled"' in conflict.last_error
    assert "non_field_errors" in conflict.server_response
    assert sorted(pk for pk, _ in oms.posts) == [1, 2]  # the blocked entry was never sent
    assert outbox.local_state_id(store, 1) == CANCELED[0]  # re-synced: OMS's state shows
    assert (report.conflict, report.remaining, report.needs_attention) == (1, 1, 1)
    outbox.discard(store, first.id, packer="mehmet")
    make_worker().drain()
    assert statuses(store)[:2] == [(1, "PKG_STATE_TRANSITION", "discarded"),
                                   (1, "COMPLETE_PACKAGING", "conflict")]


def test_refusal_while_oms_is_in_the_source_state_is_failed_until_retried(store, clock, oms,
                                                                         make_worker):
    oms.post_faults = [answer(400, json={"input_parameters": {"package_items": ["Bad."]}})]
    entry = enqueue(store, clock)
    make_worker().drain()
    failed = outbox.get_entry(store, entry.id)
    assert (failed.status, failed.last_error) == ("failed", "input_parameters.package_items: Bad.")
    outbox.retry(store, entry.id, packer="mehmet", now=clock.now())
    make_worker().drain()
    assert outbox.get_entry(store, entry.id).status == "done"
    assert oms.applied == [(1, 1)]
    assert [r["action"] for r in outbox.audit_trail(store)] == [
        "enqueue", "failed", "retry", "done"]


def test_package_gone_from_oms_is_a_conflict(store, clock, oms, make_worker):
    entry = enqueue(store, clock)
    del oms.packages[1]
    make_worker().drain()
    gone = outbox.get_entry(store, entry.id)
    assert gone.status == "conflict" and "no longer on OMS" in gone.last_error


# --- unknown outcomes -----------------------------------------------------------------


@pytest.mark.parametrize(("fault", "posts"), [
    (applied_then(lambda request: httpx.Response(502, text="<h1>Bad Gateway</h1>")), 1),
    (applied_then(read_timeout), 1),
    (answer(500, text="boom"), 2),  # not applied: read back, then sent again
    (lambda request, apply: read_timeout(request), 2),
])
def test_unknown_outcome_is_read_back_before_any_resend(store, clock, oms, make_worker,
                                                        fault, posts):
    oms.post_faults = [fault]
    entry = enqueue(store, clock)
    report = make_worker().drain(timeout=120)
    assert oms.applied == [(1, 1)]  # exactly once
    assert len(oms.posts) == posts
    done = outbox.get_entry(store, entry.id)
    assert done.status == "done"
    assert (report.reconciled, report.done) == ((1, 0) if posts == 1 else (0, 1))
    # The read-back waited for the settle time: a request may still be running on OMS.
    assert "1/transition_logs/" in oms.gets
    assert sum(clock.waits) >= FAST.settle


def test_unknown_outcome_then_moved_on_is_a_conflict(store, clock, oms, make_worker):
    def cancelled_meanwhile(request, apply):
        oms.move(1, CANCELED[0])
        return read_timeout(request)

    oms.post_faults = [cancelled_meanwhile]
    entry = enqueue(store, clock)
    make_worker().drain(timeout=120)
    assert outbox.get_entry(store, entry.id).status == "conflict"
    assert len(oms.posts) == 1


def test_invoice_number_seen_on_oms_is_not_sent_again(store, clock, oms, make_worker):
    oms.post_faults = [applied_then(read_timeout)]
    entry = outbox.enqueue_invoice_number(store, package_id=1, invoice_number="INV-9",
                                          packer="ayse", now=clock.now())
    make_worker().drain(timeout=120)
    assert outbox.get_entry(store, entry.id).status == "done"
    assert len(oms.posts) == 1


def test_entry_left_sending_by_a_crash_is_reconciled_without_a_second_post(
        store, clock, oms, make_worker):
    entry = enqueue(store, clock)
    mark_sending(store, entry, clock.now())
    oms.move(1, PREPARING[0])  # the crashed POST had arrived
    report = make_worker().drain()
    assert outbox.get_entry(store, entry.id).status == "done"
    assert oms.posts == [] and report.reconciled == 1


def test_unexpected_error_while_sending_leaves_the_entry_uncertain(store, clock, oms,
                                                                  make_worker):
    def bug(request, apply):
        raise RuntimeError("bug in a transport")

    oms.post_faults = [bug]
    entry = enqueue(store, clock)
    make_worker().drain()
    broken = outbox.get_entry(store, entry.id)
    assert broken.status == "uncertain" and "bug in a transport" in broken.last_error


# --- waiting: rate limits, network down, auth -------------------------------------------


def test_429_waits_for_retry_after_and_sends_once_more(store, clock, oms, make_worker):
    oms.post_faults = [answer(429, headers={"Retry-After": "7"}, json={"detail": "Slow."})]
    enqueue(store, clock)
    enqueue(store, clock, START, 2)
    make_worker(concurrency=1).drain(timeout=60)
    assert sorted(oms.applied) == [(1, 1), (2, 1)]
    (first, _), (second, _), (third, _) = oms.posts
    waited = [(at - oms.posts[0][1]).total_seconds() for _, at in oms.posts[1:]]
    assert min(waited) >= 7  # nothing at all was sent before Retry-After passed
    assert first == 1 and {second, third} == {1, 2}


def test_network_down_pauses_everyone_until_woken(store, clock, oms, make_worker):
    oms.post_faults = [refused] * 2
    enqueue(store, clock)
    enqueue(store, clock, START, 2)
    worker = make_worker(concurrency=1)
    report = worker.drain()
    assert report.remaining == 2 and oms.applied == []
    assert len(oms.posts) == 1  # one probe, then everyone waits
    assert [e.status for e in outbox.entries(store)] == ["pending", "pending"]
    assert worker.status.network_paused_until == clock.now() + dt.timedelta(seconds=1)
    worker.drain(timeout=1.5)  # still down: the pause doubles
    assert worker.status.network_paused_until > clock.now() + dt.timedelta(seconds=1.5)
    worker.wake()  # network is back
    assert worker.status.network_paused_until is None
    worker.drain()
    assert sorted(oms.applied) == [(1, 1), (2, 1)]


def test_rejected_credentials_pause_deliveries_and_keep_the_entry(store, clock, oms,
                                                                 make_worker):
    oms.valid_token = "tok-2"  # our token expired ...
    oms.login_ok = False  # ... and the password was changed on OMS
    events = []
    entry = enqueue(store, clock)
    worker = make_worker(oms.client(username="demo", password="old"),
                         on_change=lambda event, e: events.append(event))
    report = worker.drain(timeout=60)
    assert "credentials rejected" in report.auth_problem
    assert worker.auth_problem == report.auth_problem
    assert outbox.get_entry(store, entry.id).status == "pending"
    assert "auth" in events and oms.applied == [] and oms.posts == []
    oms.login_ok = True  # the credentials are fixed
    worker.resume()
    assert worker.auth_problem is None
    worker.drain()
    assert oms.applied == [(1, 1)]


# --- order, concurrency, control ---------------------------------------------------------


def test_packages_go_in_parallel_up_to_the_limit_each_in_order(store, clock, path):
    oms = FakeOms(clock, package_ids=range(1, 7))
    with open_store(path) as writer:
        upsert_page(writer, page(*(package_json(pk) for pk in range(3, 7))), synced_at=SYNCED_AT)
    for pk in range(1, 7):
        enqueue(store, clock, START, pk)
        enqueue(store, clock, COMPLETE, pk)
    # The first three POSTs must be in flight together, or the barrier breaks.
    barrier = threading.Barrier(3, timeout=10)
    in_flight, peak, lock = [0], [0], threading.Lock()

    def on_post():
        with lock:
            in_flight[0] += 1
            peak[0] = max(peak[0], in_flight[0])
        if len(oms.posts) <= 3:
            barrier.wait()
        with lock:
            in_flight[0] -= 1

    oms.on_post = on_post
    with oms.client() as client:
        DeliveryWorker(lambda: open_store(path), client, clock=clock, concurrency=3,
                       backoff=FAST).drain()
    assert peak[0] == 3
    for pk in range(1, 7):
        assert [t for p, t in oms.applied if p == pk] == [1, 17]


def test_background_worker_delivers_on_wake_and_stops_cleanly(store, clock, oms, make_worker):
    delivered = threading.Event()
    worker = make_worker(on_change=lambda event, e: event == "done" and delivered.set(),
                         clock=None, idle_poll=60)
    worker.start()
    with pytest.raises(RuntimeError, match="already running"):
        worker.start()
    with pytest.raises(RuntimeError, match="cannot run while"):
        worker.drain()
    enqueue(store, clock)
    worker.wake()
    assert delivered.wait(10)
    assert worker.stop() is True
    assert not worker.running
    assert [t.name for t in threading.enumerate() if t.name.startswith("outbox-")] == []
    assert oms.applied == [(1, 1)]


def test_a_second_worker_on_the_same_database_is_refused(store, clock, make_worker):
    assert acquire_lease(store, "other-worker", clock.now(), dt.timedelta(seconds=30)) is None
    enqueue(store, clock)
    with pytest.raises(OutboxError, match="another delivery worker"):
        make_worker().drain()
    clock.current += dt.timedelta(seconds=31)  # the other one crashed: its lease ran out
    assert make_worker().drain().done == 1


@pytest.mark.skipif(os.name != "posix", reason="process check is POSIX-only")
def test_lease_of_a_crashed_process_is_taken_over_at_once(store, clock, make_worker):
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)
    lease = {"owner": "crashed", "expires": "2999-01-01T00:00:00.000000Z",
             "host": socket.gethostname(), "pid": int(finished.stdout)}
    syncstate.set_value(store, LEASE_KEY, json.dumps(lease))
    enqueue(store, clock)
    assert make_worker().drain().done == 1
    assert syncstate.get_value(store, LEASE_KEY) is None  # released after the run


def test_a_failing_listener_does_not_stop_deliveries(store, clock, oms, make_worker):
    def listener(event, entry):
        raise ValueError("listener bug")

    enqueue(store, clock)
    assert make_worker(on_change=listener).drain().done == 1


def test_backoff_grows_caps_and_jitters():
    backoff = Backoff(initial=1, factor=2, maximum=10, jitter=0.5, random=lambda: 1.0)
    assert [backoff.delay(n) for n in (1, 2, 3, 4, 5)] == [0.5, 1.0, 2.0, 4.0, 5.0]
    assert Backoff(jitter=0).delay(1) == 1.0
    assert backoff.after_rate_limit(7) == 7
    assert Backoff(retry_after_cap=5).after_rate_limit(100) == 5
    assert Backoff(settle=30, jitter=0).before_reconcile(1) == 30


def test_concurrency_must_be_positive(path, oms):
    with pytest.raises(ValueError, match="concurrency"):
        DeliveryWorker(lambda: open_store(path), oms.client(), concurrency=0)
