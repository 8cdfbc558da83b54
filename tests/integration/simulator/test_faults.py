"""Each fault mode of the simulator does what it says, limited by count, path and method."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from station.simulator import FaultRule, Faults
from tests.integration.conftest import PACKAGES, command_for, first_package, package_path

COMMAND_PATH = r"/command/$"


def start_preparing(sim, client):
    package = first_package(sim, "100")
    entry = command_for(package, "PKG_STATE_TRANSITION")
    body = {"slug": entry["slug"], "input_parameters": {}}
    return package["id"], lambda: client.post(package_path(package["id"], "command/"),
                                               json=body)


def only(kind, **settings):
    return Faults((FaultRule(kind, **settings),))


def test_server_errors_for_the_next_n_requests_then_normal(sim, client):
    sim.faults = only("error", count=2, status=502)
    first, second, third = (client.get(package_path(2)) for _ in range(3))
    assert (first.status_code, second.status_code, third.status_code) == (502, 502, 200)
    assert first.headers["Content-Type"].startswith("text/html")
    assert b"502 Bad Gateway" in first.content


def test_error_is_not_applied(sim, client):
    sim.faults = only("error", count=1, paths=(COMMAND_PATH,))
    pk, post = start_preparing(sim, client)
    assert post().status_code == 500
    assert sim.applied_commands() == []
    assert sim.package(pk)["state"]["enum_value"] == "100"


def test_rate_limit_answers_429_with_retry_after(sim, client):
    sim.faults = only("rate_limit", count=1, retry_after=3)
    response = client.get(PACKAGES)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "3"
    assert "throttled" in response.json()["detail"]
    assert client.get(PACKAGES).status_code == 200


def test_drop_before_closes_without_applying(sim, client):
    sim.faults = only("drop_before", count=1, paths=(COMMAND_PATH,))
    pk, post = start_preparing(sim, client)
    with pytest.raises(httpx.RemoteProtocolError):
        post()
    assert sim.applied_commands() == []
    assert sim.package(pk)["state"]["enum_value"] == "100"
    assert post().status_code == 204


def test_drop_after_applies_but_the_client_never_hears(sim, client):
    sim.faults = only("drop_after", count=1, paths=(COMMAND_PATH,))
    pk, post = start_preparing(sim, client)
    with pytest.raises(httpx.RemoteProtocolError):
        post()
    assert [c.package_id for c in sim.applied_commands()] == [pk]
    assert sim.package(pk)["state"]["enum_value"] == "200"
    # The client's re-read (what the outbox does when unsure) shows the applied state.
    assert client.get(package_path(pk)).json()["state"]["enum_value"] == "200"


def test_truncated_body_is_a_protocol_error(sim, client):
    sim.faults = only("truncate", count=1)
    with pytest.raises(httpx.RemoteProtocolError):
        client.get(PACKAGES)
    assert client.get(PACKAGES).status_code == 200


def test_truncated_command_answer_still_applied_the_command(sim, client):
    sim.faults = only("truncate", count=1, paths=(COMMAND_PATH,))
    pk, post = start_preparing(sim, client)
    with pytest.raises(httpx.RemoteProtocolError):
        post()
    assert len(sim.applied_commands()) == 1
    assert sim.package(pk)["state"]["enum_value"] == "200"


def test_invalid_json_body(sim, client):
    sim.faults = only("invalid_json", count=1)
    response = client.get(PACKAGES)
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        response.json()
    assert client.get(PACKAGES).json()["count"] > 0


def test_latency_delays_matching_requests_only(sim, client):
    sim.faults = only("latency", latency_ms=300, paths=(r"/short/$",))
    started = time.perf_counter()
    assert client.get(f"{PACKAGES}short/").status_code == 200
    assert time.perf_counter() - started >= 0.3
    assert sim.requests()[-1]["fault"] == "latency"
    client.get(PACKAGES)
    assert sim.requests()[-1]["fault"] is None


def test_path_and_method_limits(sim, client):
    sim.faults = only("error", paths=(COMMAND_PATH,), methods=("POST",))
    assert client.get(package_path(2)).status_code == 200
    assert client.post(package_path(2, "command/"), json={}).status_code == 500
    assert client.post(package_path(2, "set_remote_id/"), json={"remote_id": "x"}
                       ).status_code == 204


def test_rates_repeat_with_the_same_fault_seed(make_sim, client_for):
    def statuses(seed):
        sim = make_sim(faults=Faults((FaultRule("error", rate=0.5),), seed=seed))
        client = client_for(sim)
        return [client.get(package_path(2)).status_code for _ in range(30)]

    first = statuses(seed=5)
    assert first == statuses(seed=5)
    assert {200, 500} <= set(first)
    assert first != statuses(seed=6)


def test_faults_set_at_run_time_through_the_admin_endpoint(sim, client):
    rule = {"kind": "error", "count": 2, "paths": [COMMAND_PATH], "status": 503}
    assert client.put("/_sim/faults/", json={"rules": [rule]}).status_code == 200
    assert client.post("/_sim/faults/", json={"kind": "rate_limit", "count": 1,
                                               "paths": ["/short/$"]}).status_code == 200
    assert client.post(package_path(2, "command/"), json={}).status_code == 503
    left = client.get("/_sim/faults/").json()["rules"]
    assert [(r["kind"], r["count"]) for r in left] == [("error", 1), ("rate_limit", 1)]
    assert client.get(f"{PACKAGES}short/").status_code == 429
    client.delete("/_sim/faults/")
    assert client.post(package_path(2, "command/"), json={}).status_code == 400


def test_admin_rejects_unknown_fault_settings(sim, client):
    response = client.post("/_sim/faults/", json={"kind": "explode"})
    assert response.status_code == 400
    assert "unknown fault kind" in response.json()["detail"]
    assert client.put("/_sim/faults/", json={"rules": [], "colour": 1}).status_code == 400


def test_token_expiry_policy_through_the_admin_endpoint(sim, client):
    client.put("/_sim/faults/", json={"token_max_requests": 1})
    assert client.get(package_path(2)).status_code == 200
    assert client.get(package_path(2)).status_code == 401


def test_requests_log_names_the_fault_each_request_got(sim, client):
    sim.faults = only("rate_limit", count=1)
    client.get(package_path(2))
    client.get(package_path(2))
    last_two = client.get("/_sim/requests/").json()["results"][-2:]
    assert [(r["status"], r["fault"]) for r in last_two] == [(429, "rate_limit"), (200, None)]
