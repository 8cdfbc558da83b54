"""Simulated login and `Authorization: Token <key>` checking, with expiry for tests.

OMS uses DRF tokens, which normally never expire (docs/oms-api.md §1.2). The simulator can
expire them to exercise a client's re-login path: all at once (`expire_all`), after a
number of authenticated requests, or after some seconds of the injected clock. An
expired key is forgotten, so it answers like an unknown one: 401 "Invalid token.".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
import threading
from collections.abc import Callable, Mapping


@dataclasses.dataclass
class _Token:
    username: str
    issued_at: dt.datetime
    requests: int = 0


class TokenStore:
    def __init__(self, users: Mapping[str, str], clock: Callable[[], dt.datetime]) -> None:
        self._users = dict(users)
        self._clock = clock
        self._tokens: dict[str, _Token] = {}
        self._lock = threading.Lock()
        self.ttl_seconds: float | None = None
        self.max_requests: int | None = None

    def login(self, username: str, password: str) -> str | None:
        """A fresh key for valid credentials, else None."""
        if self._users.get(username) != password:
            return None
        key = secrets.token_hex(20)
        with self._lock:
            self._tokens[key] = _Token(username, self._clock())
        return key

    def authenticate(self, header: str | None) -> str | None:
        """The user an `Authorization` header belongs to (counting the request), else None."""
        if not header or not header.startswith("Token "):
            return None
        key = header[len("Token "):].strip()
        with self._lock:
            token = self._tokens.get(key)
            if token is None:
                return None
            if self._expired(token):
                del self._tokens[key]
                return None
            token.requests += 1
            return token.username

    def _expired(self, token: _Token) -> bool:
        if self.max_requests is not None and token.requests >= self.max_requests:
            return True
        if self.ttl_seconds is not None:
            age = (self._clock() - token.issued_at).total_seconds()
            return age >= self.ttl_seconds
        return False

    def expire_all(self) -> int:
        """Forget every issued key now; returns how many there were."""
        with self._lock:
            count = len(self._tokens)
            self._tokens.clear()
            return count

    def active_count(self) -> int:
        with self._lock:
            return len(self._tokens)
