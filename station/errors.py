"""The one exception tree of the station core.

Every failure the core reports is a `StationError`, in one of two branches:

* `RetryableError` — the same request may succeed later (network down, timeouts,
  5xx, 429). The outbox backs off and tries again; sync keeps the cache as it is.
* `RejectedError` — retrying the same request will not help (4xx, undecodable
  payloads, bad credentials). The outbox marks the entry conflict/failed and shows
  the server's message.

This mirrors httpx's transport-vs-status split.
"""

from __future__ import annotations


class StationError(Exception):
    """Root of every error the station core raises on purpose."""


class RetryableError(StationError):
    """A transient failure: try again later."""


class RejectedError(StationError):
    """A permanent failure for this request: do not retry it unchanged."""


# --- retryable -----------------------------------------------------------------


class NetworkError(RetryableError):
    """Could not reach OMS, or the connection broke.

    `request_sent` tells whether the request may have reached the server: for a
    non-idempotent POST that makes the outcome unknown (the outbox's `uncertain`).
    """

    def __init__(self, message: str, *, request_sent: bool = False) -> None:
        super().__init__(message)
        self.request_sent = request_sent


class ServerError(RetryableError):
    """OMS answered 5xx (or 429: see `RateLimited`)."""

    def __init__(self, message: str, *, status: int, body: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.body = body


class RateLimited(ServerError):
    """429 Too Many Requests; `retry_after` is the server's hint in seconds, if any."""

    def __init__(self, message: str, *, retry_after: float | None, body: str = "") -> None:
        super().__init__(message, status=429, body=body)
        self.retry_after = retry_after


# --- rejected ------------------------------------------------------------------


class ClientError(RejectedError):
    """OMS answered 4xx. `message` is the server's own text, parsed from DRF bodies."""

    def __init__(self, message: str, *, status: int, body: str = "", payload: object = None):
        super().__init__(message)
        self.status = status
        self.body = body
        self.payload = payload


class CredentialsRejected(ClientError):
    """Login failed, or a fresh token was refused again (401 after re-login)."""


class NotFound(ClientError):
    """404 for a package or resource."""


class DecodeError(RejectedError):
    """A payload did not have the shape we rely on. `path` names the field."""

    def __init__(self, message: str, *, path: str = "", raw: bytes | str | None = None):
        super().__init__(message)
        self.path = path
        self.raw = raw


class UsageError(RejectedError):
    """The command line or a setting asks for something that cannot work as given
    (a missing option, a file that is not there); the message says what to give."""


class InsecureConnectionError(UsageError, ValueError):
    """A plain `http://` OMS address that is not this machine, without the explicit
    permission (`--allow-insecure-http`, or the GUI's setting): the token would cross
    the network unencrypted. A ValueError too, like any other unusable base URL."""
