"""Turning HTTP outcomes into the station's one exception tree (station/errors.py).

Owns: which httpx transport failures mean "the request may have reached OMS"
(`NetworkError.request_sent`), which status codes are retryable (5xx, 429) and
which are rejections (4xx), reading the server's own message out of Django REST
Framework error bodies, parsing `Retry-After`, and scrubbing secrets out of
anything that ends up in an exception.

Nothing here sends requests; the transport calls these functions.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import math
import re
from collections.abc import Iterable, Iterator
from typing import Any

import httpx
import msgspec

from station.errors import (
    ClientError,
    CredentialsRejected,
    NetworkError,
    NotFound,
    RateLimited,
    ServerError,
    StationError,
)

# Failures that happen before any byte of the request can have reached OMS.
_NOT_SENT = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.UnsupportedProtocol,
    httpx.ProxyError,
    httpx.LocalProtocolError,
)
# Keep exception bodies and messages small: they end up in the outbox and the UI.
BODY_LIMIT = 4000
MESSAGE_LIMIT = 1000
_MAX_DEPTH = 12
# Keys under which DRF puts messages that belong to no particular field.
_GENERAL_KEYS = frozenset({"detail", "non_field_errors", "message", "error"})
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")
REDACTED = "***"


def network_error(exc: httpx.HTTPError, method: str, url: str) -> NetworkError:
    """Map an httpx transport failure; `request_sent` unless it failed before sending."""
    sent = not isinstance(exc, _NOT_SENT)
    kind = type(exc).__name__
    detail = str(exc) or kind
    when = "after the request was sent" if sent else "before the request was sent"
    message = f"{method} {url_path(url)} failed {when}: {kind}: {detail}"
    return NetworkError(message, request_sent=sent)


def truncated_body_error(method: str, url: str, size: int) -> NetworkError:
    """A body that stops mid-JSON: the connection or the server broke, so try again."""
    message = f"{method} {url_path(url)}: response body was truncated after {size} bytes"
    return NetworkError(message, request_sent=True)


def response_error(response: httpx.Response, now: dt.datetime) -> StationError:
    """The exception for a non-2xx response (3xx counts: we never follow redirects)."""
    status = response.status_code
    body = response.text[:BODY_LIMIT]
    payload = _json_or_none(response.content)
    server_message = error_message(payload, response.text)
    where = f"{response.request.method} {url_path(str(response.request.url))}"
    if status == 429:
        retry_after = parse_retry_after(response.headers.get("Retry-After"), now)
        hint = f" (retry after {retry_after:g} s)" if retry_after is not None else ""
        return RateLimited(
            f"OMS rate limit hit on {where}{hint}", retry_after=retry_after, body=body
        )
    if status >= 500:
        text = f"OMS server error {status} on {where}"
        if server_message:
            text += f": {server_message}"
        return ServerError(text, status=status, body=body)
    message = server_message or f"HTTP {status} {response.reason_phrase} on {where}"
    if 300 <= status < 400:
        target = response.headers.get("Location", "?")
        message = f"unexpected redirect {status} on {where} to {url_path(target)}"
    kind = {401: CredentialsRejected, 404: NotFound}.get(status, ClientError)
    return kind(message, status=status, body=body, payload=payload)


def error_message(payload: Any, text: str = "") -> str:
    """The server's message from a DRF-style error body, as one readable line.

    `{"detail": "x"}` → "x"; `{"non_field_errors": ["x"]}` → "x";
    `{"input_parameters": {"package_items": ["x"]}}` → "input_parameters.package_items: x";
    a bare list joins its items; non-JSON text is shown stripped of markup.
    Never raises, whatever the body holds.
    """
    if payload is None:
        return _plain_text(text)
    parts = [part for part in _flatten(payload, "", 0) if part]
    return _clip("; ".join(parts))


def _flatten(node: Any, prefix: str, depth: int) -> Iterator[str]:
    if depth > _MAX_DEPTH:
        yield _labelled(prefix, "…")
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _flatten(value, _join_key(prefix, str(key)), depth + 1)
    elif isinstance(node, list):
        has_objects = any(isinstance(item, dict | list) for item in node)
        for index, item in enumerate(node):
            # Index only lists of objects (DRF's per-item errors); plain messages stay flat.
            sub = f"{prefix}[{index}]" if has_objects and prefix else prefix
            yield from _flatten(item, sub, depth + 1)
    elif node is not None:
        yield _labelled(prefix, _SPACES.sub(" ", str(node)).strip())


def _join_key(prefix: str, key: str) -> str:
    if key in _GENERAL_KEYS:
        return prefix
    return f"{prefix}.{key}" if prefix else key


def _labelled(prefix: str, text: str) -> str:
    if not text:
        return ""
    return f"{prefix}: {text}" if prefix else text


def _plain_text(text: str) -> str:
    title = _TITLE.search(text)
    if title:
        text = title.group(1)
    return _clip(_SPACES.sub(" ", _TAGS.sub(" ", text)).strip())


def _clip(text: str) -> str:
    return text if len(text) <= MESSAGE_LIMIT else text[: MESSAGE_LIMIT - 1] + "…"


def _json_or_none(content: bytes) -> Any:
    if not content.strip():
        return None
    try:
        return msgspec.json.decode(content)
    except (msgspec.DecodeError, RecursionError, ValueError):
        return None


def parse_retry_after(value: str | None, now: dt.datetime) -> float | None:
    """Seconds to wait from a `Retry-After` header: delta-seconds or an HTTP-date."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        return _seconds_until_http_date(value, now)
    return max(0.0, seconds) if math.isfinite(seconds) else None


def _seconds_until_http_date(value: str, now: dt.datetime) -> float | None:
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - now).total_seconds())


def url_path(url: str) -> str:
    """Path and query of a URL for messages: the host adds nothing for the packer."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return url
    query = f"?{parsed.query.decode()}" if parsed.query else ""
    return f"{parsed.path}{query}" if parsed.host else url


def scrub(error: StationError, secrets: Iterable[str]) -> StationError:
    """Replace any secret (token, password) the server echoed back in message or body."""
    secrets = [secret for secret in secrets if secret]
    text = str(error)
    body = getattr(error, "body", "")
    if not any(secret in text or secret in body for secret in secrets):
        return error
    for secret in secrets:
        text = text.replace(secret, REDACTED)
        body = body.replace(secret, REDACTED)
    error.args = (text,)
    if hasattr(error, "body"):
        error.body = body
    if hasattr(error, "payload"):
        error.payload = None  # the parsed body would still hold the secret
    return error


def is_truncated(error: Exception) -> bool:
    """Whether a DecodeError came from JSON that simply stops (msgspec: "truncated")."""
    cause = error.__cause__
    return isinstance(cause, msgspec.DecodeError) and "truncated" in str(cause)
