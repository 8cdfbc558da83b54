"""The in-process simulator behind `httpx.MockTransport`: the station's own client works
against it, and every fault shows the way it shows over a socket (an answer, or the
httpx exception a misbehaving server causes)."""

from __future__ import annotations

import datetime as dt
import threading
import time

import httpx
import pytest

from station.errors import NetworkError
from station.oms.client import OmsClient
from station.oms.profile import DEFAULT_PROFILE
from station.oms.transport import RetryPolicy, Timeouts
from station.simulator import FaultRule, Faults, Simulator, SimulatorConfig

ANCHOR = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
PACKAGES = DEFAULT_PROFILE.packages_path
NO_RETRY = RetryPolicy(attempts=1, total_timeout=None, wait_initial=0, wait_max=0,
                       wait_jitter=0)
POST_COMMAND = {"paths": (r"/command/$",), "methods": ("POST",)}


@pytest.fixture
def sim():
    config = SimulatorConfig(packages=30, locations=1, seed=5, anchor=ANCHOR,
                             include_seed_packages=False)
    simulator = Simulator(config).start(in_process=True)
    yield simulator
    simulator.stop()


@pytest.fixture
def http(sim):
    with httpx.Client(base_url=sim.url, transport=sim.transport()) as client:
        client.headers["Authorization"] = f"Token {sim.login()}"
        yield client


def waiting_package(sim: Simulator) -> int:
    return next(pk for pk in sim.package_ids()
                if sim.package(pk)["state"]["name"] == "Waiting")


def start_preparing(http: httpx.Client, pk: int) -> httpx.Response:
    return http.post(f"{PACKAGES}{pk}/command/", json={"transition": 1,
                                                      "input_parameters": {}})


def test_no_server_runs_and_the_url_is_plain_loopback(sim):
    assert sim.running and sim.url == "http://127.0.0.1"
    with pytest.raises(RuntimeError, match="no port"):
        _ = sim.port
    with pytest.raises(RuntimeError, match="already started"):
        sim.start(in_process=True)


def test_the_station_client_syncs_pages_and_logs_in(sim):
    http = httpx.Client(transport=sim.transport())
    with OmsClient(sim.url, http=http, username="demo", password="demo",
                   retry=NO_RETRY) as client:
        pages = list(client.iter_package_pages({"limit": "7"}))
        ids = [package.id for page in pages for package in page.packages]
        assert sorted(ids) == sim.package_ids() and len(pages) > 1  # followed `next`
        package, _ = client.get_package(ids[0])
        assert package.id == ids[0]
    assert sim.tokens.active_count() == 1
    http.close()


def test_answers_carry_the_servers_headers(sim, http):
    pk = waiting_package(sim)
    listed = http.get(PACKAGES, params={"page_size": 2})
    assert listed.headers["content-type"] == "application/json"
    assert listed.headers["content-length"] == str(len(listed.content))
    assert listed.json()["next"].startswith(f"http://127.0.0.1{PACKAGES}?")
    answer = start_preparing(http, pk)
    assert answer.status_code in (200, 204)
    assert [c.package_id for c in sim.applied_commands()] == [pk]
    assert http.get(PACKAGES, headers={"Authorization": "Token nope"}).status_code == 401


def test_admin_api_is_served_unfaulted(sim, http):
    sim.faults = Faults((FaultRule("error", status=503),))
    assert http.get(PACKAGES).status_code == 503
    assert http.post("/_sim/tokens/expire").json() == {"expired": 1}


@pytest.mark.parametrize(("kind", "applied"), [("drop_before", 0), ("drop_after", 1),
                                                ("truncate", 1)])
def test_a_cut_connection_raises_what_httpx_raises_over_a_socket(sim, http, kind, applied):
    sim.faults = Faults((FaultRule(kind, count=1, **POST_COMMAND),))
    pk = waiting_package(sim)
    with pytest.raises(httpx.RemoteProtocolError):
        start_preparing(http, pk)
    assert len(sim.applied_commands()) == applied
    assert sim.requests()[-1]["fault"] == kind


def test_early_errors_answer_without_handling(sim, http):
    pk = waiting_package(sim)
    sim.faults = Faults((FaultRule("error", count=1, status=502, **POST_COMMAND),
                         FaultRule("rate_limit", count=1, retry_after=7, **POST_COMMAND)))
    bad_gateway = start_preparing(http, pk)
    assert bad_gateway.status_code == 502
    assert bad_gateway.headers["content-type"].startswith("text/html")
    throttled = start_preparing(http, pk)
    assert (throttled.status_code, throttled.headers["retry-after"]) == (429, "7")
    assert sim.applied_commands() == []
    assert start_preparing(http, pk).status_code in (200, 204)


def test_invalid_json_is_a_200_with_a_broken_body(sim, http):
    sim.faults = Faults((FaultRule("invalid_json", count=1, methods=("GET",)),))
    answer = http.get(f"{PACKAGES}{waiting_package(sim)}/")
    assert answer.status_code == 200
    with pytest.raises(ValueError):
        answer.json()


def test_latency_beyond_the_read_timeout_is_a_read_timeout_after_applying(sim, http):
    sim.faults = Faults((FaultRule("latency", count=1, latency_ms=150, **POST_COMMAND),))
    pk = waiting_package(sim)
    with pytest.raises(httpx.ReadTimeout):
        http.post(f"{PACKAGES}{pk}/command/", json={"transition": 1, "input_parameters": {}},
                  timeout=httpx.Timeout(5.0, read=0.05))
    assert [c.package_id for c in sim.applied_commands()] == [pk]  # OMS applied it anyway


def test_a_stopped_simulator_refuses_connections_until_started_again(sim):
    transport, token, url = sim.transport(), sim.login(), sim.url
    sim.stop()
    with httpx.Client(transport=transport) as http, OmsClient(
            url, http=http, token=token, retry=NO_RETRY) as client:
        with pytest.raises(NetworkError):
            client.get_package(1)
        sim.start(in_process=True)  # same seed: the same world again
        package, _ = client.get_package(sim.package_ids()[0])
        assert package.id == sim.package_ids()[0]


def test_a_simulator_bug_is_a_500_not_an_exception(sim, http, monkeypatch):
    def broken(request):
        raise KeyError("bug")

    monkeypatch.setattr(sim._pipeline.api, "handle", broken)  # type: ignore[union-attr]
    answer = http.get(PACKAGES)
    assert (answer.status_code, answer.json()) == (500, {"detail": "Simulator internal error."})


def test_the_client_timeouts_reach_the_handler(sim):
    """The station's read timeout travels in the request, so slow answers time out."""
    sim.faults = Faults((FaultRule("latency", count=1, latency_ms=200, methods=("GET",)),))
    with httpx.Client(transport=sim.transport()) as http, OmsClient(
            sim.url, http=http, token=sim.login(), retry=NO_RETRY,
            timeouts=Timeouts(connect=1.0, read=0.05, write=1.0, pool=1.0)) as client, \
            pytest.raises(NetworkError):
        client.get_package(waiting_package(sim))


def test_stopping_wakes_a_request_sleeping_on_injected_latency(sim, http):
    sim.faults = Faults((FaultRule("latency", latency_ms=60_000, methods=("GET",)),))
    answers: list[int] = []
    request = threading.Thread(target=lambda: answers.append(http.get(PACKAGES).status_code))
    request.start()
    threading.Event().wait(0.1)  # let it reach the 60 s sleep
    started = time.monotonic()
    sim.stop()
    request.join(10)
    assert not request.is_alive() and time.monotonic() - started < 5
    assert answers == [200]  # handled after the delay was cut short, as over HTTP
