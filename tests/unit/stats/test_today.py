"""Today's work (`station.stats.today`) on a real store synced from the OMS simulator
(run in process), packed through the real `PackingSession` and delivered by the real
`DeliveryWorker`: one history row per command whose status follows delivery, scans,
alerts and overrides in the history, "Packed today" searched by package and order
number, and the next package in the queue's own order."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from station import stats
from station.documents import queue as print_queue
from station.documents.settings import PrintSettings
from station.oms.client import OmsClient
from station.oms.profile import DEFAULT_PROFILE
from station.outbox.worker import DeliveryWorker
from station.packing.session import PackingConfig, PackingSession
from station.simulator import Simulator, SimulatorConfig
from station.store import QueueFilter, open_store, queue_page
from station.store.db import Store, iso_utc, write_transaction
from station.store.verifications import save_open_package
from station.sync.syncer import Syncer
from tests.unit.outbox.test_worker import ANCHOR, FAST, LOCATION, NO_RETRY, SYNCED_AT, FakeClock
from tests.unit.stats.packing_day import COMPLETE, Clock, item_codes

UTC = dt.UTC
T0 = SYNCED_AT + dt.timedelta(minutes=1)
DAY = dt.date(2024, 5, 1)
MIDNIGHT = dt.datetime(2024, 5, 1, tzinfo=UTC)
COMPLETION_TYPE = COMPLETE.removeprefix("CMD:")


@pytest.fixture
def worker_clock() -> FakeClock:
    # Later than every scan: whatever the packer queued is due when delivery starts.
    return FakeClock(T0 + dt.timedelta(hours=1))


@pytest.fixture
def sim(worker_clock) -> Iterator[Simulator]:
    config = SimulatorConfig(packages=40, locations=1, seed=4, anchor=ANCHOR,
                             clock=worker_clock.now, include_seed_packages=False)
    simulator = Simulator(config).start(in_process=True)
    yield simulator
    simulator.stop()


@pytest.fixture
def client(sim) -> Iterator[Callable[[], OmsClient]]:
    made: list[tuple[OmsClient, httpx.Client]] = []

    def make() -> OmsClient:
        http = httpx.Client(transport=sim.transport())
        made.append((OmsClient(sim.url, http=http, retry=NO_RETRY, username="demo",
                               password="demo"), http))
        return made[-1][0]

    yield make
    for oms, http in made:
        oms.close()
        http.close()


@pytest.fixture
def path(tmp_path: Path, client) -> Path:
    path = tmp_path / "station.db"
    with open_store(path) as store:
        Syncer(client(), store, stock_location_id=LOCATION, now=lambda: SYNCED_AT).sync(full=True)
    return path


@pytest.fixture
def store(path) -> Iterator[Store]:
    with open_store(path) as opened:
        yield opened


def waiting(sim: Simulator, units: int) -> list[dict[str, Any]]:
    """Waiting packages (as OMS sends them) with at least `units` units to scan."""
    packages = [sim.package(pk) for pk in sim.package_ids()]
    return [p for p in packages if str(p["state"]["enum_value"]) == "100"
            and len(item_codes(p)) >= units]


def session(store: Store, clock: Clock, packer: str = "ayse") -> PackingSession:
    return PackingSession(store, packer=packer, config=PackingConfig(supervisors={}), now=clock)


def pack_with_mistakes(packer: PackingSession, clock: Clock, package: dict,
                       stranger: str) -> None:
    """Every unit, a wrong item after the first and one unit too many, then complete."""
    codes = item_codes(package)
    assert packer.handle_scan(package["number"]).kind == "ok"
    for number, code in enumerate(codes):
        clock.tick()
        assert packer.handle_scan(code).saved
        if number == 0:
            clock.tick()
            assert packer.handle_scan(stranger).kind == "wrong"
    clock.tick()
    assert packer.handle_scan(codes[-1]).kind == "over"
    clock.tick()
    assert packer.handle_scan(COMPLETE).kind == "saved"


def close_with_override(packer: PackingSession, clock: Clock, package: dict) -> None:
    """One unit scanned, a refused override, then a supervisor's override."""
    assert packer.handle_scan(package["number"]).kind == "ok"
    clock.tick()
    assert packer.handle_scan(item_codes(package)[0]).saved
    clock.tick()
    assert packer.override(COMPLETION_TYPE, "boss", "0000").kind == "error"
    clock.tick()
    assert packer.run_command(COMPLETION_TYPE, override_by="boss").kind == "saved"


@pytest.fixture
def packed(sim, store) -> tuple[dict, dict]:
    clock = Clock(T0)
    full, short = waiting(sim, 2)[:2]
    stranger = next(code for p in waiting(sim, 1)[5:] for code in item_codes(p)
                    if code not in item_codes(full))
    ayse = session(store, clock)
    pack_with_mistakes(ayse, clock, full, stranger)
    clock.tick()
    close_with_override(ayse, clock, short)
    return full, short


def deliver(path: Path, client, worker_clock: FakeClock) -> None:
    DeliveryWorker(lambda: open_store(path), client(), backoff=FAST, clock=worker_clock,
                   concurrency=1).drain(timeout=60)


def commands(store: Store) -> list[stats.HistoryEvent]:
    return [e for e in stats.history(store, since=MIDNIGHT) if e.kind == "command"]


def test_history_has_one_row_per_command_whose_status_follows_delivery(
        packed, store, path, client, worker_clock):
    before = commands(store)
    queued = {e.outbox_id for e in before}
    assert len(before) == len(queued) >= 2
    assert {e.status for e in before} == {"pending"}

    deliver(path, client, worker_clock)

    after = commands(store)
    # The audit trail now holds an `enqueue` and a `done` row for each: still one row each.
    assert [e.outbox_id for e in after] == [e.outbox_id for e in before]
    assert {e.status for e in after} == {"delivered"}
    assert all(e.updated_at and e.updated_at > e.at for e in after)


def test_history_lists_scans_alerts_and_overrides_newest_first(packed, store):
    full, short = packed
    events = stats.history(store, since=MIDNIGHT)
    assert [e.at for e in events] == sorted((e.at for e in events), reverse=True)
    scans = Counter(e.detail for e in events if e.kind == "scan")
    assert scans == {"verified": len(item_codes(full)) + 1, "wrong": 1, "over": 1}
    alerts = [e for e in events if e.kind == "alert"]
    assert [(e.detail, e.text, e.package_number) for e in alerts] == [
        ("override_refused", "boss", short["number"])]
    overrides = [e for e in events if e.kind == "override"]
    assert [(e.text, e.package_number) for e in overrides] == [("boss", short["number"])]
    assert {e.packer for e in events} == {"ayse"}
    assert stats.history(store, since=MIDNIGHT, packer="someone-else") == []
    assert len(stats.history(store, since=MIDNIGHT, limit=3)) == 3
    assert stats.history(store, since=MIDNIGHT + dt.timedelta(days=1)) == []


def test_packed_today_is_searched_by_package_and_order_number(packed, store, path, client,
                                                               worker_clock):
    full, short = packed
    everything = stats.packed_today(store, day=DAY, tz=UTC)
    assert [p.number for p in everything] == [short["number"], full["number"]]  # newest first
    assert [p.items for p in everything] == [1, len(item_codes(full))]
    assert {p.delivery for p in everything} == {"pending"}
    assert {p.packer for p in everything} == {"ayse"}

    by_number = stats.packed_today(store, day=DAY, tz=UTC, search=full["number"][-4:])
    assert [p.package_id for p in by_number] == [full["id"]]
    by_order = stats.packed_today(store, day=DAY, tz=UTC,
                                  search=f"  {short['order_number']} ")
    assert [p.package_id for p in by_order] == [short["id"]]
    assert stats.packed_today(store, day=DAY, tz=UTC, search="no-such%") == []
    assert stats.packed_today(store, day=DAY + dt.timedelta(days=1), tz=UTC) == []

    deliver(path, client, worker_clock)
    assert {p.delivery for p in stats.packed_today(store, day=DAY, tz=UTC)} == {"delivered"}


def test_packed_today_lists_the_documents_printed(packed, store):
    full, _ = packed
    settings = PrintSettings(destinations={"slip": "folder:/tmp/slips"})
    print_queue.reprint(store, full["id"], ["slip", "label"], settings, packer="ayse")
    row = stats.packed_today(store, day=DAY, tz=UTC, search=full["number"])[0]
    assert [(d.document, d.state, d.requested_by) for d in row.documents] == [
        ("slip", "queued", "ayse")]


def test_next_package_is_the_most_urgent_one_still_to_pack(sim, store):
    packable = set(DEFAULT_PROFILE.packable_states)
    states = {pk: str(sim.package(pk)["state"]["enum_value"]) for pk in sim.package_ids()}
    order = [row for row in queue_page(store, QueueFilter(LOCATION), offset=0, limit=10_000)
             if states.get(row.id) in packable]
    assert len(order) >= 3
    assert stats.next_package(store, stock_location_id=LOCATION).id == order[0].id

    # The packer completes the most urgent one (not delivered yet): the next is next.
    clock = Clock(T0)
    top = sim.package(order[0].id)
    ayse = session(store, clock)
    assert ayse.handle_scan(top["number"]).kind == "ok"
    for code in item_codes(top):
        clock.tick()
        assert ayse.handle_scan(code).saved
    assert ayse.handle_scan(COMPLETE).kind == "saved"
    assert stats.next_package(store, stock_location_id=LOCATION).id == order[1].id
    # A package open at another packer of the station is theirs.
    with write_transaction(store):
        save_open_package(store, "bora", order[1].id, iso_utc(clock()))
    assert stats.next_package(store, stock_location_id=LOCATION).id == order[2].id
    assert stats.next_package(store, exclude=[order[2].id]).id != order[2].id


def test_a_print_that_failed_is_an_alert(packed, store):
    full, _ = packed
    settings = PrintSettings(destinations={"label": "tcp://192.0.2.1:9100"})
    [job] = print_queue.reprint(store, full["id"], ["label"], settings, packer="ayse")
    assert not [e for e in stats.history(store, since=MIDNIGHT) if e.detail == "print_failed"]
    print_queue.mark_failed(store, job, "the printer refused the label")
    [alert] = [e for e in stats.history(store, since=MIDNIGHT) if e.detail == "print_failed"]
    assert (alert.kind, alert.package_number, alert.status) == ("alert", full["number"],
                                                                 "failed")
    assert alert.text == "label: the printer refused the label"


def test_history_and_packed_today_read_by_index_not_by_scanning_whole_tables(tmp_path):
    """History re-reads every few seconds while open: its queries must not scan the
    verification and audit tables, which grow by every scan of every shift."""
    from station.store import open_store

    with open_store(tmp_path / "s.db") as store:
        statements: list[str] = []
        store.conn.set_trace_callback(statements.append)
        stats.history(store, since=dt.datetime.now(dt.UTC) - dt.timedelta(hours=12))
        stats.packed_today(store, day=dt.date.today())
        store.conn.set_trace_callback(None)
        selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
        assert len(selects) >= 4
        for sql in selects:
            plan = store.conn.execute("EXPLAIN QUERY PLAN " + sql).fetchall()
            scans = [row[3] for row in plan if row[3].startswith("SCAN")]
            assert not scans, f"{sql[:80]}… scans {scans}"
