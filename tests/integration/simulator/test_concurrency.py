"""Several clients at once get correct answers; stopping leaves no thread or socket behind."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from station.simulator import FaultRule, Faults, Simulator, SimulatorConfig
from tests.integration.conftest import ANCHOR, PACKAGES, PROFILE, command_for, package_path


def page_ids(url: str, token: str) -> list[int]:
    ids = []
    with httpx.Client(base_url=url, headers={"Authorization": f"Token {token}"}) as client:
        next_url: str | None = f"{PACKAGES}?{PROFILE.param_page_size}=25&{PROFILE.param_sort}=id"
        while next_url:
            body = client.get(next_url).json()
            ids += [package["id"] for package in body["results"]]
            next_url = body["next"]
    return ids


def test_parallel_pagers_and_writers_all_get_correct_answers(make_sim):
    sim = make_sim(packages=200)
    expected = sim.package_ids()
    waiting = [pk for pk in expected if pk > 1000
               and sim.package(pk)["state"]["enum_value"] == "100"][:12]
    token = sim.login()

    def write(pk: int) -> int:
        entry = command_for(sim.package(pk), "PKG_STATE_TRANSITION")
        with httpx.Client(base_url=sim.url) as client:
            return client.post(package_path(pk, "command/"),
                               headers={"Authorization": f"Token {token}"},
                               json={"slug": entry["slug"], "input_parameters": {}}).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        pagers = [pool.submit(page_ids, sim.url, token) for _ in range(4)]
        writers = [pool.submit(write, pk) for pk in waiting]
        assert [w.result() for w in writers] == [204] * len(waiting)
        for pager in pagers:
            assert pager.result() == expected
    assert sorted(c.package_id for c in sim.applied_commands()) == waiting
    assert {sim.package(pk)["state"]["enum_value"] for pk in waiting} == {"200"}


def test_racing_identical_commands_apply_exactly_once(sim):
    package = next(sim.package(pk) for pk in sim.package_ids()
                   if pk > 1000 and sim.package(pk)["state"]["enum_value"] == "100")
    entry = command_for(package, "COMPLETE_PACKAGING")
    token = sim.login()
    barrier = threading.Barrier(5)

    def post() -> int:
        with httpx.Client(base_url=sim.url) as client:
            barrier.wait()
            return client.post(package_path(package["id"], "command/"),
                               headers={"Authorization": f"Token {token}"},
                               json={"slug": entry["slug"], "input_parameters": {}}).status_code

    with ThreadPoolExecutor(max_workers=5) as pool:
        statuses = sorted(pool.map(lambda _: post(), range(5)))
    assert statuses == [204, 400, 400, 400, 400]
    assert len(sim.applied_commands()) == 1


def test_stop_closes_idle_keep_alive_connections_and_joins_threads():
    baseline = threading.active_count()
    sim = Simulator(SimulatorConfig(packages=20, anchor=ANCHOR)).start()
    clients = [httpx.Client(base_url=sim.url) for _ in range(3)]
    try:
        for client in clients:
            assert client.get("/_sim/").status_code == 200  # connection stays open
        assert threading.active_count() >= baseline + 4  # server loop + one per connection
        sim.stop()
        assert threading.active_count() == baseline
        assert not sim.running
    finally:
        for client in clients:
            client.close()


def test_stop_wakes_a_request_sleeping_on_latency():
    sim = Simulator(SimulatorConfig(packages=20, anchor=ANCHOR,
                                    faults=Faults((FaultRule("latency", latency_ms=60_000,
                                                             count=1),)))
                    ).start()
    outcome: list[object] = []

    def slow_request() -> None:
        with httpx.Client(base_url=sim.url, timeout=90) as client:
            try:
                outcome.append(client.get("/media/products/1.png").status_code)
            except httpx.HTTPError as error:
                outcome.append(error)

    thread = threading.Thread(target=slow_request)
    thread.start()
    for _ in range(1000):  # the rule's count drops as the request starts sleeping
        if sim.faults.rules[0].count == 0:
            break
        time.sleep(0.01)
    assert sim.faults.rules[0].count == 0
    sim.stop()
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert outcome


def test_start_twice_is_refused_and_port_in_use_raises(sim):
    with pytest.raises(RuntimeError):
        sim.start()
    with pytest.raises(OSError):
        Simulator(SimulatorConfig(packages=5, port=sim.port)).start()
