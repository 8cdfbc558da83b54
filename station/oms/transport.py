"""Authenticated HTTP to OMS: timeouts, login and token, retries for GETs.

Owns: the token (kept in a `Secret` that never shows in reprs), logging in with
username/password, the one re-login after a 401, retrying idempotent GETs with
backoff and jitter (stamina; 429 waits for `Retry-After`, capped), and mapping
every failure through `errors_map`. POSTs are sent once: the outbox owns their
retries because OMS commands are not idempotent.

Nothing here logs headers, bodies or the token.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import ipaddress
import logging
import threading
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import httpx
import msgspec
import stamina

from station.errors import (
    CredentialsRejected,
    DecodeError,
    InsecureConnectionError,
    NetworkError,
    RateLimited,
    RetryableError,
    StationError,
)
from station.logfile import REDACTED, redact
from station.oms import errors_map
from station.oms.profile import DEFAULT_PROFILE, ApiProfile

log = logging.getLogger(__name__)
MIN_ECHOED_SECRET = 8  # characters; DRF tokens have 40
Clock = Callable[[], dt.datetime]
T = TypeVar("T")


def _as_is(response: httpx.Response) -> httpx.Response:
    return response


class Secret:
    """A string that does not show itself in repr/str (tracebacks, debug output)."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__


@dataclasses.dataclass(frozen=True)
class Timeouts:
    """Seconds for each phase of a request (httpx semantics)."""

    connect: float = 5.0
    read: float = 30.0
    write: float = 30.0
    pool: float = 5.0

    def to_httpx(self) -> httpx.Timeout:
        return httpx.Timeout(connect=self.connect, read=self.read, write=self.write, pool=self.pool)


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    """How GETs are retried; tests pass zero waits to make retries instant."""

    attempts: int = 5
    total_timeout: float | None = 120.0
    wait_initial: float = 0.5
    wait_max: float = 30.0
    wait_jitter: float = 1.0
    retry_after_cap: float = 60.0

    def decide(self, exc: Exception) -> bool | float:
        """stamina backoff hook: retry retryable errors; a 429 waits as the server asks."""
        if isinstance(exc, RateLimited) and exc.retry_after is not None:
            return min(exc.retry_after, self.retry_after_cap)
        return isinstance(exc, RetryableError)


def is_insecure_url(url: httpx.URL) -> bool:
    """Plain http to a host that is not this machine (loopback traffic never leaves it)."""
    if url.scheme != "http":
        return False
    host = url.host.strip("[]")
    if host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:  # a name: it may resolve anywhere
        return True


def _http_client(timeout: httpx.Timeout) -> httpx.Client:
    """An httpx client that takes proxies from the environment for https only.

    A plain-http request must never go through a proxy: it would hand the token in
    clear text to the proxy, and an `HTTP_PROXY`/`ALL_PROXY` meant for the internet
    would swallow requests to a simulator on 127.0.0.1. Mounting a direct transport
    for `http://` outranks the environment's `http://` and `all://` proxy entries."""
    return httpx.Client(timeout=timeout, trust_env=True,
                        mounts={"http://": httpx.HTTPTransport()})


class Transport:
    """Sends authenticated requests to one OMS; thread-safe like httpx.Client."""

    def __init__(
        self,
        base_url: str,
        *,
        http: httpx.Client | None = None,
        profile: ApiProfile = DEFAULT_PROFILE,
        token: str | None = None,
        username: str | None = None,
        password: str | None = None,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
        clock: Clock | None = None,
        allow_insecure_http: bool = False,
    ) -> None:
        url = httpx.URL(base_url)
        if url.scheme not in ("http", "https") or not url.host:
            raise ValueError(f"OMS base URL must be http(s)://host[:port], got {base_url!r}")
        self.is_insecure = is_insecure_url(url)
        if self.is_insecure and not allow_insecure_http:
            raise InsecureConnectionError(
                f"refusing plain http:// to {url.host}: the OMS token would cross the network "
                "unencrypted; use https://")
        self.base_url = str(url).rstrip("/")
        self.profile = profile
        self.username = username
        self._password = Secret(password) if password else None
        self._token = Secret(token) if token else None
        self._timeout = (timeouts or Timeouts()).to_httpx()
        self._retry = retry or RetryPolicy()
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self._owns_http = http is None
        self._http = http if http is not None else _http_client(self._timeout)
        self._login_lock = threading.Lock()

    def url(self, path: str) -> str:
        return self.base_url + path

    def _is_ours(self, url: str) -> bool:
        """Same scheme, host and port as the OMS base URL."""
        theirs, ours = httpx.URL(url), httpx.URL(self.base_url)
        return (theirs.scheme, theirs.host, theirs.port) == (ours.scheme, ours.host, ours.port)

    @property
    def has_token(self) -> bool:
        return self._token is not None

    @property
    def token(self) -> str | None:
        """The current token, for the station to keep in the OS keyring; None before login."""
        return self._token.reveal() if self._token is not None else None

    def use_token(self, token: str) -> None:
        """Send `token` from the next request on (the packer signed in again)."""
        with self._login_lock:
            self._token = Secret(token)

    @property
    def can_log_in(self) -> bool:
        return bool(self.username and self._password)

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    # --- requests -----------------------------------------------------------------

    def get(
        self,
        url: str,
        params: Mapping[str, str] | None = None,
        parse: Callable[[httpx.Response], T] = _as_is,  # type: ignore[assignment]
    ) -> T:
        """GET and `parse`, retrying network errors, 5xx and 429.

        `parse` runs inside the retry loop, so a body that turns out to be
        truncated (it raises a retryable error) is fetched again.
        """
        for attempt in stamina.retry_context(
            on=self._retry.decide,
            attempts=self._retry.attempts,
            timeout=self._retry.total_timeout,
            wait_initial=self._retry.wait_initial,
            wait_max=self._retry.wait_max,
            wait_jitter=self._retry.wait_jitter,
        ):
            with attempt:
                return parse(self._authorised("GET", url, params=params))
        raise AssertionError("unreachable: stamina re-raises the last error")

    def post(self, url: str, body: Any) -> httpx.Response:
        """POST once; a failure is the caller's to retry (commands are not idempotent)."""
        return self._authorised("POST", url, json=body)

    def _authorised(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        if not self._is_ours(url):
            # The token is for this OMS only: a document elsewhere (a carrier's signed
            # label URL) is fetched without it, so the token never leaves for a stranger.
            response = self._raw_send(method, url, headers={"Accept": "*/*"}, **kwargs)
            return self._checked(self._without_secrets(response))
        token = self._current_token()
        response = self._send(method, url, token, **kwargs)
        if response.status_code != 401:
            return self._checked(response)
        if not self.can_log_in:
            raise CredentialsRejected(
                "OMS rejected the token (401) and no username/password is set to log in again",
                status=401,
            )
        log.info("OMS answered 401; logging in again once")
        token = self._relogin(stale=token)
        response = self._send(method, url, token, **kwargs)
        if response.status_code == 401:
            raise CredentialsRejected(
                f"credentials rejected: OMS refused a fresh token for user {self.username!r}",
                status=401,
            )
        return self._checked(response)

    def _send(self, method: str, url: str, token: Secret, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Token {token.reveal()}", "Accept": "application/json"}
        response = self._without_secrets(self._raw_send(method, url, headers=headers, **kwargs))
        log.debug(
            "%s %s -> %s (%d bytes)",
            method,
            errors_map.url_path(url),
            response.status_code,
            len(response.content),
        )
        return response

    def _raw_send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            return self._http.request(method, url, timeout=self._timeout, **kwargs)
        except (httpx.TransportError, httpx.DecodingError) as exc:
            raise self._scrubbed(errors_map.network_error(exc, method, url)) from exc

    def _checked(self, response: httpx.Response) -> httpx.Response:
        if response.is_success:
            return response
        raise self._scrubbed(errors_map.response_error(response, self._clock()))

    def _secrets(self) -> list[str]:
        return [s.reveal() for s in (self._token, self._password) if s is not None]

    def _scrubbed(self, error: StationError) -> StationError:
        """The error without our secrets, nor anything shaped like a token or password
        (errors are logged and stored as the outbox's `last_error`)."""
        error = errors_map.scrub(error, self._secrets())
        if isinstance(getattr(error, "body", None), str):
            error.body = redact(error.body)  # type: ignore[attr-defined]
        cleaned = redact(str(error))
        if cleaned != str(error):
            error.args = (cleaned, *error.args[1:])
        return error

    def _without_secrets(self, response: httpx.Response) -> httpx.Response:
        """The response, its body with our token/password replaced if OMS echoed one:
        bodies are stored (package raw JSON, quarantine, command responses)."""
        content = response.content
        # A secret too short to be a real token or password (a test's "t") would match
        # ordinary text and corrupt the body: only long ones are looked for.
        found = [s.encode() for s in self._secrets()
                 if len(s) >= MIN_ECHOED_SECRET and s.encode() in content]
        if not found:
            return response
        for secret in found:
            content = content.replace(secret, REDACTED.encode())
        log.warning("OMS echoed a credential in a response body; removed it before use")
        # The body is decoded already: drop the headers that describe the wire form.
        headers = [(k, v) for k, v in response.headers.multi_items()
                   if k.lower() not in ("content-encoding", "content-length")]
        return httpx.Response(response.status_code, headers=headers,
                              content=content, request=response.request)

    # --- login --------------------------------------------------------------------

    def _current_token(self) -> Secret:
        token = self._token
        if token is not None:
            return token
        if not self.can_log_in:
            raise CredentialsRejected(
                "no OMS token and no username/password configured", status=401
            )
        return self._relogin(stale=None)

    def relogin(self) -> None:
        """Log in now with the username/password, replacing any token."""
        if not self.can_log_in:
            raise CredentialsRejected("no OMS username/password configured", status=401)
        self._relogin(stale=self._token)

    def _relogin(self, stale: Secret | None) -> Secret:
        with self._login_lock:
            # Another thread may have logged in while we waited: use its token.
            if self._token is not None and self._token is not stale:
                return self._token
            self._token = self._login()
            return self._token

    def _login(self) -> Secret:
        assert self.username and self._password  # checked by can_log_in
        body = {"username": self.username, "password": self._password.reveal()}
        url = self.url(self.profile.login_path)
        try:
            response = self._raw_send("POST", url, json=body)
        except NetworkError as exc:
            # The login failed, not the caller's request: that one was never sent.
            raise NetworkError(str(exc), request_sent=False) from exc
        if response.status_code in (400, 401, 403):
            error = errors_map.response_error(response, self._clock())
            raise self._scrubbed(
                CredentialsRejected(
                    f"credentials rejected for user {self.username!r}: {error}",
                    status=response.status_code,
                    body=getattr(error, "body", ""),
                )
            )
        key = Secret(self._key_from(self._checked(response).content))
        log.info("logged in to OMS as %r", self.username)
        return key

    @staticmethod
    def _key_from(content: bytes) -> str:
        try:
            key = msgspec.json.decode(content).get("key")
        except (msgspec.DecodeError, AttributeError):
            key = None
        if not isinstance(key, str) or not key:
            # No raw body on this error: it may hold a token in an unexpected place.
            raise DecodeError("login response has no token in field 'key'", path="$.key")
        return key
