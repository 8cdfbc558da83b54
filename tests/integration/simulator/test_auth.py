"""Login, token checking and token expiry of the OMS simulator, over real HTTP."""

from __future__ import annotations

import datetime as dt

import httpx

from station.simulator import Faults
from tests.integration.conftest import ANCHOR, PACKAGES, PROFILE, package_path


def login(client: httpx.Client, username: str = "demo", password: str = "demo"):
    return client.post(PROFILE.login_path, json={"username": username, "password": password})


def test_login_returns_a_key_that_opens_the_api(sim, client_for):
    client = client_for(sim, login=False)
    response = login(client)
    assert response.status_code == 200
    key = response.json()["key"]
    assert len(key) == 40
    listed = client.get(PACKAGES, headers={"Authorization": f"Token {key}"})
    assert listed.status_code == 200
    assert listed.json()["count"] == len(sim.package_ids())


def test_bad_credentials_get_a_drf_400(sim, client_for):
    client = client_for(sim, login=False)
    response = login(client, password="wrong")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Unable to log in with provided credentials."]
    }
    missing = client.post(PROFILE.login_path, json={"username": "demo"})
    assert missing.status_code == 400
    assert missing.json() == {"password": ["This field is required."]}


def test_missing_and_invalid_tokens_get_401(sim, client_for):
    client = client_for(sim, login=False)
    missing = client.get(PACKAGES)
    assert missing.status_code == 401
    assert missing.json() == {"detail": "Authentication credentials were not provided."}
    assert missing.headers["WWW-Authenticate"] == "Token"
    invalid = client.get(package_path(2), headers={"Authorization": "Token nope"})
    assert invalid.status_code == 401
    assert invalid.json() == {"detail": "Invalid token."}
    bearer = client.get(PACKAGES, headers={"Authorization": "Bearer x"})
    assert bearer.status_code == 401


def test_expire_all_tokens_now_then_login_again(sim, client):
    assert client.get(package_path(2)).status_code == 200
    assert sim.expire_tokens() == 1
    assert client.get(package_path(2)).status_code == 401
    client.headers["Authorization"] = f"Token {login(client).json()['key']}"
    assert client.get(package_path(2)).status_code == 200


def test_expire_tokens_through_the_admin_endpoint(sim, client):
    assert client.post("/_sim/tokens/expire/").json() == {"expired": 1}
    assert client.get(package_path(2)).status_code == 401


def test_tokens_expire_after_n_requests(sim, client):
    sim.faults = Faults(token_max_requests=3)
    statuses = [client.get(package_path(2)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 401]


def test_tokens_expire_after_seconds_of_the_injected_clock(make_sim, client_for):
    now = [ANCHOR]
    sim = make_sim(clock=lambda: now[0], faults=Faults(token_ttl_seconds=60))
    client = client_for(sim)
    assert client.get(package_path(2)).status_code == 200
    now[0] = ANCHOR + dt.timedelta(seconds=59)
    assert client.get(package_path(2)).status_code == 200
    now[0] = ANCHOR + dt.timedelta(seconds=60)
    assert client.get(package_path(2)).status_code == 401


def test_images_and_admin_need_no_token(sim, client_for):
    client = client_for(sim, login=False)
    assert client.get("/media/products/101.png").status_code == 200
    assert client.get("/_sim/").status_code == 200


def test_unknown_path_is_404_and_wrong_method_405(sim, client):
    assert client.get("/api/v1/oms/nothing/").json() == {"detail": "Not found."}
    wrong = client.delete(PACKAGES)
    assert wrong.status_code == 405
    assert wrong.json() == {"detail": 'Method "DELETE" not allowed.'}
