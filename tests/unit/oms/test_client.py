"""The OMS client against a scripted fake OMS behind httpx.MockTransport (no network):
auth and re-login, the error tree, retries, paging, parameters, and secrecy of the token.

Tests of normal OMS behaviour (re-login after expiry, paging, commands, fields, logs,
denial reasons, stock locations) run on the in-process simulator (`sim_client`); the
scripted `FakeOms` stays for answer shapes the simulator does not give (odd bodies and
headers, redirects, exceptions, exact request bytes)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import json
import logging
import pathlib
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import stamina
from hypothesis import given
from hypothesis import strategies as st

from station.errors import (
    ClientError,
    CredentialsRejected,
    DecodeError,
    InsecureConnectionError,
    NetworkError,
    NotFound,
    RateLimited,
    ServerError,
    StationError,
)
from station.oms import errors_map
from station.oms.client import CommandResult, OmsClient
from station.oms.params import PackageItemInput
from station.oms.profile import DEFAULT_PROFILE, ApiProfile
from station.oms.transport import RetryPolicy, Timeouts
from station.simulator import ApiSettings, Simulator, SimulatorConfig

FIXTURES = pathlib.Path(__file__).parents[2] / "fixtures"
BASE = "https://oms.test"
PACKAGES = BASE + DEFAULT_PROFILE.packages_path
PASSWORD = "pw-Sekr1t-4711"
TOKEN_PREFIX = "tok-Sekr1t-"
NOW = dt.datetime(2024, 5, 1, 12, 0, 0, tzinfo=dt.UTC)
ATTEMPTS = 3
FAST = RetryPolicy(
    attempts=ATTEMPTS,
    total_timeout=None,
    wait_initial=0,
    wait_max=0,
    wait_jitter=0,
    retry_after_cap=0,
)

Answer = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


def seed_packages() -> list[dict]:
    return json.loads((FIXTURES / "seed_order_webhook.json").read_text())["payload"]["packages"]


def envelope(results: list[Any], next_url: str | None = None) -> dict:
    return {"count": len(results), "next": next_url, "previous": None, "results": results}


class FakeOms:
    """A scripted OMS: logs users in, checks tokens, answers queued responses per path.

    Each route holds a queue of answers (a Response, an exception to raise, or a
    function of the request); the last answer repeats once the queue is down to it.
    """

    def __init__(self, profile: ApiProfile = DEFAULT_PROFILE) -> None:
        self.profile = profile
        self.routes: dict[tuple[str, str], list[Answer]] = {}
        self.requests: list[httpx.Request] = []
        self.valid_tokens: set[str] = set()
        self.logins = 0
        self.login_answers: list[Answer] = []

    def on(self, method: str, path: str, *answers: Answer) -> None:
        self.routes[(method, path)] = list(answers)

    def on_json(self, method: str, path: str, body: Any, status: int = 200) -> None:
        self.on(method, path, httpx.Response(status, json=body))

    def calls(self, method: str, path: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == method and r.url.path == path]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path == self.profile.login_path:
            return self._login(request)
        token = request.headers.get("Authorization", "").removeprefix("Token ")
        if token not in self.valid_tokens:
            return httpx.Response(401, json={"detail": "Invalid token."})
        return self._answer(self.routes[(request.method, request.url.path)], request)

    def _login(self, request: httpx.Request) -> httpx.Response:
        assert "Authorization" not in request.headers
        if self.login_answers:
            return self._answer(self.login_answers, request)
        body = json.loads(request.content)
        if body != {"username": "packer", "password": PASSWORD}:
            return httpx.Response(400, json={"non_field_errors": ["Unable to log in."]})
        self.logins += 1
        token = f"{TOKEN_PREFIX}{self.logins}"
        self.valid_tokens.add(token)
        return httpx.Response(200, json={"key": token})

    @staticmethod
    def _answer(queue: list[Answer], request: httpx.Request) -> httpx.Response:
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(answer, Exception):
            raise answer
        if callable(answer) and not isinstance(answer, httpx.Response):
            return answer(request)
        return answer


@pytest.fixture
def fake() -> FakeOms:
    return FakeOms()


@pytest.fixture
def make_client(fake):
    opened: list[httpx.Client] = []

    def make(**overrides: Any) -> OmsClient:
        http = httpx.Client(transport=httpx.MockTransport(fake))
        opened.append(http)
        options: dict[str, Any] = {
            "username": "packer",
            "password": PASSWORD,
            "retry": FAST,
            "clock": lambda: NOW,
        }
        options.update(overrides)
        return OmsClient(BASE, http=http, **options)

    yield make
    for http in opened:
        http.close()


@pytest.fixture
def client(make_client) -> OmsClient:
    return make_client()


def package_path(pk: int, suffix: str = "") -> str:
    return f"{DEFAULT_PROFILE.packages_path}{pk}/{suffix}"


def seed_package_route(fake: FakeOms, pk: int = 2) -> bytes:
    raw = json.dumps(next(p for p in seed_packages() if p["id"] == pk)).encode()
    fake.on("GET", package_path(pk), httpx.Response(200, content=raw))
    return raw


# --- normal OMS behaviour, on the in-process simulator -------------------------------


@pytest.fixture
def sim() -> Iterator[Simulator]:
    config = SimulatorConfig(packages=12, locations=1, seed=2, anchor=NOW,
                             include_seed_packages=False,
                             api=ApiSettings(default_page_size=1))  # every list pages
    with Simulator(config).start(in_process=True) as simulator:
        yield simulator


@pytest.fixture
def sim_client(sim) -> Iterator[OmsClient]:
    with httpx.Client(transport=sim.transport()) as http, OmsClient(
            sim.url, http=http, username="demo", password="demo", retry=FAST,
            clock=lambda: NOW) as client:
        yield client


def sim_waiting(sim: Simulator) -> int:
    return next(pk for pk in sim.package_ids()
                if sim.package(pk)["state"]["name"] == "Waiting")


def seen(sim: Simulator) -> list[tuple[str, str, int | None]]:
    return [(r["method"], r["path"], r["status"]) for r in sim.requests()]


# --- authentication -----------------------------------------------------------------


def test_logs_in_with_username_and_password_then_sends_the_token(fake, client):
    raw = seed_package_route(fake)

    package, body = client.get_package(2)

    login, get = fake.requests
    assert login.method == "POST" and login.url.path == DEFAULT_PROFILE.login_path
    assert json.loads(login.content) == {"username": "packer", "password": PASSWORD}
    assert get.headers["Authorization"] == f"Token {TOKEN_PREFIX}1"
    assert (package.id, body) == (2, raw)


def test_a_given_token_is_used_without_logging_in(fake, make_client):
    fake.valid_tokens.add("given-token")
    seed_package_route(fake)

    make_client(token="given-token", username=None, password=None).get_package(2)

    [get] = fake.requests
    assert get.headers["Authorization"] == "Token given-token"


def test_401_logs_in_again_once_and_succeeds(sim, sim_client):
    pk = sim.package_ids()[0]
    sim_client.login()
    sim.expire_tokens()  # OMS forgot our token

    assert sim_client.get_package(pk)[0].id == pk

    assert seen(sim) == [
        ("POST", DEFAULT_PROFILE.login_path, 200),
        ("GET", package_path(pk), 401),
        ("POST", DEFAULT_PROFILE.login_path, 200),
        ("GET", package_path(pk), 200),
    ]



def test_401_again_after_relogin_is_credentials_rejected(fake, client):
    seed_package_route(fake)
    fake.valid_tokens = _NeverValid()

    with pytest.raises(CredentialsRejected, match="credentials rejected") as caught:
        client.get_package(2)

    # First login for the first request, exactly one more after its 401, no retries.
    assert fake.logins == 2
    assert len(fake.calls("GET", package_path(2))) == 2
    assert caught.value.status == 401


class _NeverValid(set):
    def __contains__(self, item: object) -> bool:
        return False


def test_401_with_a_token_and_no_credentials_fails_without_login(fake, make_client):
    seed_package_route(fake)
    client = make_client(token="revoked", username=None, password=None)

    with pytest.raises(CredentialsRejected, match="no username/password"):
        client.get_package(2)
    assert fake.logins == 0


def test_no_token_and_no_credentials_is_credentials_rejected(fake, make_client):
    with pytest.raises(CredentialsRejected):
        make_client(username=None, password=None).get_package(2)
    assert fake.requests == []


def test_login_400_is_credentials_rejected_with_the_server_message(fake, make_client):
    client = make_client(password="wrong")

    with pytest.raises(CredentialsRejected, match="Unable to log in") as caught:
        client.login()
    assert caught.value.status == 400


def test_login_answer_without_key_is_a_decode_error(fake, client):
    fake.login_answers = [httpx.Response(200, json={"token": "x"})]

    with pytest.raises(DecodeError, match="key") as caught:
        client.login()
    assert caught.value.raw is None


def test_login_network_failure_never_claims_the_command_was_sent(fake, client):
    fake.login_answers = [httpx.ReadTimeout("slow")]

    with pytest.raises(NetworkError) as caught:
        client.run_command(2, slug="x")

    assert caught.value.request_sent is False
    assert fake.calls("POST", package_path(2, "command/")) == []


# --- the token stays secret ---------------------------------------------------------


def test_token_and_password_never_reach_logs_reprs_or_errors(fake, make_client, caplog):
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "stamina", "station"):
        caplog.set_level(logging.DEBUG, logger=name)
    echo = {"detail": f"bad token {TOKEN_PREFIX}1 for password {PASSWORD}"}
    fake.on(
        "GET",
        package_path(2),
        httpx.Response(429, headers={"Retry-After": "1"}),
        httpx.Response(503),
        httpx.Response(400, json=echo),
    )
    fake.on("POST", package_path(2, "command/"), httpx.ReadTimeout(f"echo {TOKEN_PREFIX}1"))
    client = make_client(token="expired-token")
    errors: list[StationError] = []

    for action in (lambda: client.get_package(2), lambda: client.run_command(2, slug="s")):
        with pytest.raises(StationError) as caught:
            action()
        errors.append(caught.value)

    assert fake.logins == 1 and caplog.records  # the flow really logged in and logged
    secrets = [PASSWORD, f"{TOKEN_PREFIX}1", "expired-token"]
    # Record extras too: stamina puts the exception's repr there.
    seen = [caplog.text, repr(client), str(client), *(str(r.__dict__) for r in caplog.records)]
    seen += [f"{e!s} {e!r} {getattr(e, 'body', '')} {getattr(e, 'payload', '')}" for e in errors]
    for text in seen:
        for secret in secrets:
            assert secret not in text
    assert "***" in str(errors[0])  # the echoed secret was replaced, not the whole message


def test_repr_shows_whether_a_token_is_set_not_the_token(make_client):
    client = make_client(token="given-token")
    assert repr(client) == ("OmsClient(base_url='https://oms.test', username='packer', token=set)")


def test_login_400_echoing_the_password_is_scrubbed(fake, client):
    fake.login_answers = [httpx.Response(400, json={"password": [f"{PASSWORD} is wrong"]})]

    with pytest.raises(CredentialsRejected) as caught:
        client.login()

    assert PASSWORD not in str(caught.value) and PASSWORD not in caught.value.body
    assert "password: *** is wrong" in str(caught.value)


# --- the error tree -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"detail": "Not allowed in this state."}, "Not allowed in this state."),
        ({"non_field_errors": ["Package is not waiting."]}, "Package is not waiting."),
        ({"slug": ["Unknown transition."]}, "slug: Unknown transition."),
        (
            {"input_parameters": {"package_items": ["This field is required."]}},
            "input_parameters.package_items: This field is required.",
        ),
        ({"package_items": [{}, {"id": ["Invalid pk."]}]}, "package_items[1].id: Invalid pk."),
        (["first problem", "second problem"], "first problem; second problem"),
        ({"a": ["x"], "non_field_errors": ["y"]}, "a: x; y"),
    ],
)
def test_400_json_bodies_give_the_servers_message(fake, client, body, message):
    fake.on_json("POST", package_path(2, "command/"), body, status=400)

    with pytest.raises(ClientError) as caught:
        client.run_command(2, transition=25)

    assert str(caught.value) == message
    assert (caught.value.status, caught.value.payload) == (400, body)
    assert type(caught.value) is ClientError


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Bad Request: state mismatch\n", "Bad Request: state mismatch"),
        (
            b"<html><head><title>400 Bad Request</title></head><body>x</body></html>",
            "400 Bad Request",
        ),
        (b"", "HTTP 400 Bad Request on POST /api/v1/oms/packages/2/command/"),
        (b"{}", "HTTP 400 Bad Request on POST /api/v1/oms/packages/2/command/"),
    ],
)
def test_400_text_and_empty_bodies_still_give_a_message(fake, client, content, message):
    fake.on("POST", package_path(2, "command/"), httpx.Response(400, content=content))

    with pytest.raises(ClientError) as caught:
        client.run_command(2, transition=25)

    assert str(caught.value) == message


def test_403_is_a_client_error_and_no_relogin(fake, client):
    fake.on_json("GET", package_path(2), {"detail": "Permission denied."}, status=403)

    with pytest.raises(ClientError, match=r"Permission denied\.") as caught:
        client.get_package(2)

    assert type(caught.value) is ClientError and caught.value.status == 403
    assert fake.logins == 1 and len(fake.calls("GET", package_path(2))) == 1


def test_404_is_not_found_and_not_retried(fake, client):
    fake.on_json("GET", package_path(9), {"detail": "Not found."}, status=404)

    with pytest.raises(NotFound, match=r"Not found\."):
        client.get_package(9)
    assert len(fake.calls("GET", package_path(9))) == 1


def test_unexpected_redirect_is_a_client_error_not_followed(fake, client):
    fake.on("GET", package_path(2), httpx.Response(302, headers={"Location": "/login/?x=1"}))

    with pytest.raises(ClientError, match=r"redirect 302 .* to /login/"):
        client.get_package(2)
    assert len(fake.requests) == 2  # login + the GET, no redirect followed


@pytest.mark.parametrize("status", [500, 502, 503])
def test_5xx_on_get_is_retried_then_server_error(fake, client, status):
    fake.on("GET", package_path(2), httpx.Response(status, text="upstream down"))

    with pytest.raises(ServerError, match="upstream down") as caught:
        client.get_package(2)

    assert caught.value.status == status
    assert len(fake.calls("GET", package_path(2))) == ATTEMPTS


def test_5xx_then_success_on_get_returns_the_package(fake, client):
    raw = json.dumps(seed_packages()[2]).encode()
    fake.on("GET", package_path(2), httpx.Response(502), httpx.Response(200, content=raw))

    assert client.get_package(2)[1] == raw


def test_429_retry_after_seconds_is_parsed_and_retried(fake, client):
    fake.on("GET", package_path(2), httpx.Response(429, headers={"Retry-After": "7"}))

    with pytest.raises(RateLimited) as caught:
        client.get_package(2)

    assert caught.value.retry_after == 7.0 and caught.value.status == 429
    assert len(fake.calls("GET", package_path(2))) == ATTEMPTS


def test_429_retry_after_http_date_is_parsed(fake, client):
    later = "Wed, 01 May 2024 12:00:30 GMT"  # NOW + 30 s
    fake.on("GET", package_path(2), httpx.Response(429, headers={"Retry-After": later}))

    with pytest.raises(RateLimited) as caught:
        client.get_package(2)
    assert caught.value.retry_after == 30.0


def test_429_then_success_on_get(fake, client):
    raw = seed_package_route(fake)
    fake.routes[("GET", package_path(2))].insert(0, httpx.Response(429))

    assert client.get_package(2)[1] == raw


@pytest.fixture
def retry_waits():
    """The backoffs stamina schedules, read through its instrumentation hooks."""
    waits: list[float] = []
    stamina.instrumentation.set_on_retry_hooks([lambda details: waits.append(details.wait_for)])
    yield waits
    stamina.instrumentation.set_on_retry_hooks(None)


def test_429_backoff_is_the_retry_after_hint_capped(fake, make_client, retry_waits):
    fake.on(
        "GET",
        package_path(2),
        httpx.Response(429, headers={"Retry-After": "7"}),
        httpx.Response(429, headers={"Retry-After": "0.001"}),
        httpx.Response(503),
    )
    policy = dataclasses.replace(FAST, retry_after_cap=0.002, wait_initial=0.003, wait_max=0.003)

    with pytest.raises(ServerError):
        make_client(retry=policy).get_package(2)

    assert retry_waits == [0.002, 0.001]  # capped hint, hint; then attempts ran out


def test_retry_policy_waits_as_the_server_asks_but_capped():
    policy = RetryPolicy(retry_after_cap=60)

    assert policy.decide(RateLimited("x", retry_after=7)) == 7
    assert policy.decide(RateLimited("x", retry_after=3600)) == 60
    assert policy.decide(RateLimited("x", retry_after=None)) is True
    assert policy.decide(ServerError("x", status=500)) is True
    assert policy.decide(NetworkError("x", request_sent=True)) is True
    assert policy.decide(ClientError("x", status=400)) is False
    assert policy.decide(DecodeError("x")) is False


@pytest.mark.parametrize(
    ("failure", "sent"),
    [
        (httpx.ConnectError("refused"), False),
        (httpx.ConnectTimeout("slow connect"), False),
        (httpx.PoolTimeout("pool"), False),
        (httpx.ReadTimeout("slow read"), True),
        (httpx.RemoteProtocolError("peer closed connection"), True),
        (httpx.WriteError("broken pipe"), True),
        (httpx.ReadError("reset"), True),
    ],
)
def test_post_network_failures_say_whether_the_request_was_sent(fake, client, failure, sent):
    fake.on("POST", package_path(2, "command/"), failure)

    with pytest.raises(NetworkError) as caught:
        client.run_command(2, slug="package__complete_packaging__waiting__packed")

    assert caught.value.request_sent is sent
    assert type(failure).__name__ in str(caught.value)
    assert len(fake.calls("POST", package_path(2, "command/"))) == 1  # never retried


@pytest.mark.parametrize("answer", [httpx.Response(503), httpx.Response(429)])
def test_post_is_never_retried_on_retryable_statuses(fake, client, answer):
    fake.on("POST", package_path(2, "command/"), answer)

    with pytest.raises(ServerError):
        client.run_command(2, transition=1)
    assert len(fake.calls("POST", package_path(2, "command/"))) == 1


def test_get_network_failure_is_retried(fake, client):
    raw = json.dumps(seed_packages()[0]).encode()
    fake.on(
        "GET",
        package_path(4),
        httpx.ConnectError("down"),
        httpx.ReadTimeout("slow"),
        httpx.Response(200, content=raw),
    )

    assert client.get_package(4)[0].id == 4
    assert len(fake.calls("GET", package_path(4))) == 3


def test_get_network_failure_after_all_attempts_is_a_network_error(fake, client):
    fake.on("GET", package_path(4), httpx.ConnectError("down"))

    with pytest.raises(NetworkError) as caught:
        client.get_package(4)
    assert caught.value.request_sent is False
    assert len(fake.calls("GET", package_path(4))) == ATTEMPTS


def test_truncated_body_on_get_is_retried_as_a_network_error(fake, client):
    truncated = (FIXTURES / "package_broken_truncated.json").read_bytes()
    fake.on("GET", package_path(2), httpx.Response(200, content=truncated))

    with pytest.raises(NetworkError, match="truncated") as caught:
        client.get_package(2)

    assert caught.value.request_sent is True
    assert len(fake.calls("GET", package_path(2))) == ATTEMPTS


def test_malformed_complete_body_is_a_decode_error_not_retried(fake, client):
    fake.on(
        "GET",
        package_path(2),
        httpx.Response(200, content=(FIXTURES / "package_broken_item_type.json").read_bytes()),
    )

    with pytest.raises(DecodeError) as caught:
        client.get_package(2)

    assert caught.value.path == "$.packageitem_set[0].order_item.product.id"
    assert len(fake.calls("GET", package_path(2))) == 1


# --- paging ---------------------------------------------------------------------------


def paged_route(fake: FakeOms, pages: dict[str, dict]) -> None:
    """Serve `pages` keyed by the `page` query value ('' for the first request)."""

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=pages[request.url.params.get("page", "")])

    fake.on("GET", DEFAULT_PROFILE.packages_path, answer)


def test_paging_follows_next_to_the_end(sim, sim_client):
    params = {**sim_client.list_params(page_size=5), "sort": "id"}

    pages = list(sim_client.iter_package_pages(params))

    assert [p.id for page in pages for p in page.packages] == sim.package_ids()
    assert [page.next_url is None for page in pages] == [False, False, True]
    lists = [r for r in sim.requests() if r["path"] == DEFAULT_PROFILE.packages_path]
    assert [r["query"].get("page") for r in lists] == [None, "2", "3"]



def test_paging_resolves_a_relative_next(fake, client):
    seeds = seed_packages()
    paged_route(fake, {"": envelope([seeds[0]], "?page=2"), "2": envelope([seeds[1]])})

    assert len(list(client.iter_package_pages())) == 2


def test_paging_detects_a_next_loop(fake, client):
    seeds = seed_packages()
    paged_route(
        fake,
        {
            "": envelope([seeds[0]], f"{PACKAGES}?page=2"),
            "2": envelope([seeds[1]], f"{PACKAGES}?page=3"),
            "3": envelope([seeds[2]], f"{PACKAGES}?page=2"),
        },
    )
    pages = []

    with pytest.raises(DecodeError, match="pagination loop") as caught:
        pages.extend(client.iter_package_pages())

    assert len(pages) == 3  # every page was handed out before the loop showed
    assert caught.value.path == "$.next"


def test_paging_refuses_a_next_on_another_origin(fake, client):
    seeds = seed_packages()
    paged_route(fake, {"": envelope([seeds[0]], "http://oms.test/api/v1/oms/packages/?page=2")})

    with pytest.raises(DecodeError, match="outside the OMS base URL"):
        list(client.iter_package_pages())
    assert len(fake.calls("GET", DEFAULT_PROFILE.packages_path)) == 1


def test_paging_resumes_from_a_saved_next_link(fake, client):
    paged_route(fake, {"5": envelope([seed_packages()[2]])})

    [page] = client.iter_package_pages({"ignored": "1"}, start_url=f"{PACKAGES}?page=5")

    assert page.packages[0].id == 2
    [request] = fake.calls("GET", DEFAULT_PROFILE.packages_path)
    assert dict(request.url.params) == {"page": "5"}


def test_paging_refuses_a_saved_link_on_another_origin(fake, client):
    with pytest.raises(DecodeError, match="outside the OMS base URL"):
        list(client.iter_package_pages(start_url="https://evil.test/api/v1/oms/packages/"))
    assert fake.requests == []


def test_base_url_with_a_path_prefix_is_kept(fake):
    fake.on_json("GET", "/proxy" + DEFAULT_PROFILE.packages_path, envelope([]))
    fake.profile = dataclasses.replace(DEFAULT_PROFILE, login_path="/proxy/api/v1/auth/login/")
    http = httpx.Client(transport=httpx.MockTransport(fake))
    with http, OmsClient(f"{BASE}/proxy/", http=http, username="packer", password=PASSWORD) as c:
        [page] = c.iter_package_pages()
    assert page.url == f"{BASE}/proxy{DEFAULT_PROFILE.packages_path}"


def test_paging_stops_after_max_pages(fake, client):
    fake.on(
        "GET",
        DEFAULT_PROFILE.packages_path,
        lambda request: httpx.Response(
            200, json=envelope([], f"{PACKAGES}?page={int(request.url.params.get('page', 1)) + 1}")
        ),
    )

    with pytest.raises(DecodeError, match="more than 4 pages"):
        list(client.iter_package_pages(max_pages=4))


def test_page_with_a_bad_package_yields_the_good_ones_and_names_the_bad(fake, client):
    seeds = seed_packages()
    broken = json.loads((FIXTURES / "package_broken_item_type.json").read_text())
    paged_route(fake, {"": envelope([seeds[0], broken, seeds[1]])})

    [page] = client.iter_package_pages()

    assert [p.id for p in page.packages] == [4, 3]
    [bad] = page.failures
    assert (bad.package_id, bad.number) == (2, "314653737746")


def test_broken_envelope_fails_the_page(fake, client):
    fake.on_json("GET", DEFAULT_PROFILE.packages_path, {"results": []})

    with pytest.raises(DecodeError, match="count"):
        list(client.iter_package_pages())


# --- parameters -----------------------------------------------------------------------


def test_list_params_use_the_default_profile_names(client):
    since = dt.datetime(2024, 5, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=3)))

    params = client.list_params(
        stock_location=5,
        modified_since=since,
        state_enum="100",
        state_enum_in=["100", 200],
        state_enum_not_in=["900"],
        id_gt=41,
        sort="modified_date",
    )

    assert params == {
        "stock_location": "5",
        "modified_date__gte": "2024-05-01T09:30:00+03:00",
        "state__enum_value": "100",
        "state__enum_value__in": "100,200",
        "state__enum_value__ne": "900",
        "id__gt": "41",
        "sort": "modified_date",
        "limit": "100",
    }


def test_a_custom_profile_changes_the_names_on_the_wire(make_client):
    profile = ApiProfile.from_mapping(
        {
            "packages_path": "/oms/v2/pkgs/",
            "param_stock_location": "location",
            "param_modified_since": "changed_after",
            "param_page_size": "page_size",
            "param_sort": "ordering",
            "page_size": 50,
        }
    )
    fake = FakeOms(profile)
    fake.on_json("GET", "/oms/v2/pkgs/", envelope([]))
    http = httpx.Client(transport=httpx.MockTransport(fake))
    since = dt.datetime(2024, 5, 1, 9, 30, 15, 250000, tzinfo=dt.UTC)

    with (
        http,
        OmsClient(
            BASE, http=http, profile=profile, username="packer", password=PASSWORD, retry=FAST
        ) as client,
    ):
        list(
            client.iter_package_pages(
                client.list_params(stock_location=7, modified_since=since, sort="id")
            )
        )

    request = fake.calls("GET", "/oms/v2/pkgs/")[0]
    assert dict(request.url.params) == {
        "location": "7",
        "page_size": "50",
        "ordering": "id",
        "changed_after": "2024-05-01T09:30:15.250000+00:00",
    }
    assert b"%2B00%3A00" in request.url.query  # the "+" of the offset survives the query


def test_list_params_reject_what_would_silently_widen_the_filter(client):
    with pytest.raises(ValueError, match="timezone"):
        client.list_params(modified_since=dt.datetime(2024, 5, 1))
    with pytest.raises(ValueError, match="at least one"):
        client.list_params(state_enum_in=[])
    assert "limit" not in client.list_params(page_size=0)


def test_package_items_as_ids_by_default(client):
    items = [7, PackageItemInput(id=6, serial_no="SN1"), {"id": 5, "unit_weight": None}]
    assert client.package_items_param(items) == [7, 6, 5]


def test_package_items_as_objects_drop_unset_keys(make_client):
    client = make_client(
        profile=dataclasses.replace(DEFAULT_PROFILE, package_items_shape="objects")
    )

    value = client.package_items_param(
        [
            PackageItemInput(
                id=7, selected_barcode="8690000000011", unit_weight=decimal.Decimal("1.250")
            ),
            6,
            {"id": 5, "serial_no": "SN-9", "unknown": "ignored"},
        ]
    )

    assert value == [
        {"id": 7, "selected_barcode": "8690000000011", "unit_weight": "1.250"},
        {"id": 6},
        {"id": 5, "serial_no": "SN-9"},
    ]
    json.dumps(value)  # must be sendable as JSON


@pytest.mark.parametrize("bad", ["7", True, {"id": "7"}, None])
def test_package_items_reject_items_without_an_integer_id(client, bad):
    with pytest.raises(ValueError, match="integer id"):
        client.package_items_param([bad])


# --- endpoints ------------------------------------------------------------------------


def test_run_command_posts_transition_slug_and_inputs(sim, sim_client):
    pk = sim_waiting(sim)
    package = sim.package(pk)
    command = next(c for c in package["commands"]
                   if c["command"] == "DETECTED_OUT_OF_STOCK_ITEM")
    item_ids = [item["id"] for item in package["packageitem_set"]][:1]
    items = sim_client.package_items_param(item_ids)

    result = sim_client.run_command(pk, transition=command["id"], slug=command["slug"],
                                    input_parameters={"package_items": items})

    assert result.status == 200 and result.body["package__id"] == pk  # type: ignore[index]
    [applied] = sim.applied_commands()
    assert (applied.package_id, applied.transition, applied.slug) == (
        pk, command["id"], command["slug"])
    assert applied.input_parameters == {"package_items": item_ids}



def test_run_command_sends_empty_inputs_and_returns_a_204(sim, sim_client):
    pk = sim_waiting(sim)
    slug = next(c["slug"] for c in sim.package(pk)["commands"]
                if c["command"] == "PKG_STATE_TRANSITION")

    result = sim_client.run_command(pk, slug=slug)

    assert result == CommandResult(status=204, body=None, raw=b"")
    [applied] = sim.applied_commands()
    assert (applied.slug, applied.input_parameters) == (slug, {})



def test_a_2xx_with_a_non_json_body_is_still_a_success(fake, client):
    fake.on("POST", package_path(2, "command/"), httpx.Response(200, content=b"OK {"))

    result = client.run_command(2, transition=1)
    assert (result.status, result.body, result.raw) == (200, None, b"OK {")


def test_run_command_needs_a_transition_or_slug(client):
    with pytest.raises(ValueError, match="transition id or a slug"):
        client.run_command(2)
    with pytest.raises(TypeError, match="package id"):
        client.run_command("2", transition=1)  # type: ignore[arg-type]


def test_set_invoice_number_and_remote_id(sim, sim_client):
    pk = sim.package_ids()[0]

    assert sim_client.set_invoice_number(pk, "INV-1").status == 204
    assert sim_client.set_remote_id(pk, "R-9").status == 204

    package = sim.package(pk)
    assert (package["invoice_number"], package["remote_id"]) == ("INV-1", "R-9")



def test_transition_logs_follow_next(sim, sim_client):
    pk = sim_waiting(sim)
    sim.apply_command_as_other_station(pk, "PKG_STATE_TRANSITION")
    sim.apply_command_as_other_station(pk, "COMPLETE_PACKAGING")
    expected = sim.transition_logs(pk)
    assert len(expected) >= 2  # more than one page of one

    logs = sim_client.transition_logs(pk)

    assert [entry.id for entry in logs] == [entry["id"] for entry in expected]
    assert [entry.new_state.enum for entry in logs[-2:]] == [
        str(entry["new_state"]["enum_value"]) for entry in expected[-2:]]
    assert logs[-1].created_date == dt.datetime.fromisoformat(
        expected[-1]["created_date"].replace("Z", "+00:00"))



def test_stock_locations_accept_a_bare_list(sim, sim_client):
    assert [loc.id for loc in sim_client.stock_locations()] == sorted(sim.store.locations)



def test_stock_locations_accept_an_envelope(fake, client):
    fake.on_json(
        "GET",
        DEFAULT_PROFILE.stock_locations_path,
        envelope([{"id": 5}, {"id": 6, "is_active": False}]),
    )

    assert [loc.id for loc in client.stock_locations()] == [5, 6]


def test_denial_reasons_follow_next(sim, sim_client):
    expected = [reason["title"] for reason in sim.store.denial_reasons]
    assert len(expected) > 1  # more than one page of one

    assert [r.title for r in sim_client.denial_reasons()] == expected



# --- construction ---------------------------------------------------------------------


def test_configured_timeouts_reach_every_request(fake, make_client):
    seed_package_route(fake)
    client = make_client(timeouts=Timeouts(connect=1.5, read=2.5, write=3.5, pool=4.5))

    client.get_package(2)

    for request in fake.requests:
        assert request.extensions["timeout"] == {
            "connect": 1.5,
            "read": 2.5,
            "write": 3.5,
            "pool": 4.5,
        }


def test_injected_http_client_stays_open_own_client_is_closed(fake):
    http = httpx.Client(transport=httpx.MockTransport(fake))
    with OmsClient(BASE, http=http, token="t"):
        pass
    assert not http.is_closed
    http.close()

    own = OmsClient(BASE, token="t")
    own.close()
    assert own._transport._http.is_closed


@pytest.mark.parametrize("url", ["oms.test", "ftp://oms.test", "https://"])
def test_base_url_must_be_http(url):
    with pytest.raises(ValueError, match="base URL"):
        OmsClient(url, token="t")


def test_trailing_slash_of_base_url_is_tolerated(fake, make_client):
    seed_package_route(fake)
    client = OmsClient(
        BASE + "/",
        http=httpx.Client(transport=httpx.MockTransport(fake)),
        username="packer",
        password=PASSWORD,
    )

    client.get_package(2)
    assert str(fake.requests[-1].url) == f"{BASE}{package_path(2)}"


# --- pure helpers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        (" 1.5 ", 1.5),
        ("-3", 0.0),
        ("nan", None),
        ("", None),
        (None, None),
        ("soon", None),
        ("Wed, 01 May 2024 12:01:00 GMT", 60.0),
        ("Wed, 01 May 2024 11:00:00 GMT", 0.0),
    ],
)
def test_parse_retry_after(value, seconds):
    assert errors_map.parse_retry_after(value, NOW) == seconds


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


@given(json_values)
def test_error_message_never_crashes_on_any_json(payload):
    message = errors_map.error_message(payload)
    assert isinstance(message, str)
    assert len(message) <= errors_map.MESSAGE_LIMIT


@given(status=st.integers(300, 599), content=st.binary())
def test_any_error_response_maps_into_the_tree(status, content):
    request = httpx.Request("POST", f"{PACKAGES}2/command/")
    response = httpx.Response(status, content=content, request=request)

    error = errors_map.response_error(response, NOW)

    retryable = status >= 500 or status == 429
    assert isinstance(error, ServerError if retryable else ClientError)
    assert error.status == status


# --- secrets in stored bodies, insecure addresses -------------------------------------


def test_a_command_answer_echoing_credentials_is_kept_without_them(fake, client):
    """The raw answer is stored with the outbox entry: no token or password in it."""
    echo = {"done": True, "note": f"Token {TOKEN_PREFIX}1 used", "key": "other-secret-key",
            "password": PASSWORD}
    fake.on_json("POST", package_path(2, "command/"), echo)

    result = client.run_command(2, transition=1)

    for secret in (f"{TOKEN_PREFIX}1", "other-secret-key", PASSWORD):
        assert secret.encode() not in result.raw
        assert secret not in json.dumps(result.body)
    assert json.loads(result.raw)["done"] is True  # still the server's JSON otherwise


def test_a_package_body_echoing_the_token_is_kept_without_it(fake, client):
    package = next(p for p in seed_packages() if p["id"] == 2)
    package["number"] = f"PKG-{TOKEN_PREFIX}1"  # an OMS that echoes the caller's token
    fake.on("GET", package_path(2), httpx.Response(200, content=json.dumps(package).encode()))

    decoded, raw = client.get_package(2)

    assert f"{TOKEN_PREFIX}1".encode() not in raw and TOKEN_PREFIX not in decoded.number


@pytest.mark.parametrize("url", ["http://192.0.2.10", "http://oms.example.com:8000/api",
                                 "http://[2001:db8::1]"])
def test_plain_http_to_another_machine_is_refused_unless_allowed(url):
    with pytest.raises(InsecureConnectionError, match="unencrypted"):
        OmsClient(url, token="t")
    with OmsClient(url, token="t", allow_insecure_http=True) as client:  # sends nothing
        assert client.is_insecure


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000", "http://localhost:9",
                                 "http://[::1]:80", "https://oms.example.com"])
def test_loopback_http_and_https_are_not_insecure(url):
    with OmsClient(url, token="t") as client:
        assert not client.is_insecure


def test_a_short_secret_never_corrupts_a_stored_body(fake, make_client):
    """Echo-scrubbing looks only for secrets long enough to be real: a one-letter test
    token once turned every "t" of a package body into ***."""
    fake.valid_tokens.add("t")
    package = next(p for p in seed_packages() if p["id"] == 2)
    body = json.dumps(package).encode()
    fake.on("GET", package_path(2), httpx.Response(200, content=body))

    _decoded, raw = make_client(token="t", username=None, password=None).get_package(2)

    assert raw == body


def test_a_document_on_another_host_is_fetched_without_the_token():
    """A shipping label's preview_url may point at a carrier or a CDN: the OMS token is
    sent to the OMS only."""
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=b"%PDF-1.4", headers={"content-type": "application/pdf"})

    http = httpx.Client(transport=httpx.MockTransport(answer))
    with OmsClient(BASE, token="a-long-enough-token", http=http) as client:
        client.get_document("https://labels.carrier.example/abc.pdf")
        client.get_document("/api/v1/oms/packages/2/shipping_label/")
    http.close()
    assert "Authorization" not in seen[0].headers
    assert seen[1].headers["Authorization"] == "Token a-long-enough-token"
