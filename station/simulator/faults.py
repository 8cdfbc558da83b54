"""Fault injection: which failure, if any, a request gets.

A `Faults` value holds rules; each rule has a kind, a firing rate (drawn from an RNG
seeded by `Faults.seed`, so runs repeat), an optional `count` (fire at most N more times:
"the next N matching requests" when the rate is 1) and optional path regexes and methods
that restrict it. Kinds:

* `latency`       sleep `latency_ms` before answering (adds up over matching rules);
* `error`         answer `status` (500/502/503/504) without handling the request;
* `rate_limit`    answer 429 with `Retry-After: retry_after` without handling it;
* `drop_before`   close the connection without answering or handling the request;
* `drop_after`    handle the request (a command IS applied), then close without answering;
* `truncate`      handle it, send a Content-Length larger than the body, close midway;
* `invalid_json`  handle it, answer 200 with a body that is not valid JSON.

The token policy (expire after N requests or seconds) travels with the faults because
tests set it the same way; the server hands it to the token store.
"""

from __future__ import annotations

import dataclasses
import random
import re
import threading
from collections.abc import Mapping
from typing import Any

EARLY_KINDS = ("error", "rate_limit", "drop_before")
LATE_KINDS = ("drop_after", "truncate", "invalid_json")
FAULT_KINDS = ("latency", *EARLY_KINDS, *LATE_KINDS)
ERROR_STATUSES = (500, 502, 503, 504)


@dataclasses.dataclass(frozen=True)
class FaultRule:
    kind: str
    rate: float = 1.0
    count: int | None = None
    paths: tuple[str, ...] = ()  # regexes searched in the URL path; empty = every path
    methods: tuple[str, ...] = ()  # e.g. ("POST",); empty = every method
    latency_ms: float = 0.0
    status: int = 500
    retry_after: float = 1.0

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; known: {', '.join(FAULT_KINDS)}")
        if not 0.0 <= self.rate <= 1.0:
            raise ValueError(f"fault rate must be between 0 and 1, got {self.rate}")
        if self.count is not None and self.count < 0:
            raise ValueError("fault count must be >= 0")
        if self.kind == "error" and self.status not in ERROR_STATUSES:
            raise ValueError(f"error status must be one of {ERROR_STATUSES}")
        for pattern in self.paths:
            re.compile(pattern)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FaultRule:
        known = {field.name for field in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown fault setting(s): {', '.join(unknown)}")
        values: dict[str, Any] = {key: tuple(value) if isinstance(value, list) else value
                  for key, value in data.items()}
        methods = values.get("methods", ())
        values["methods"] = tuple(method.upper() for method in methods)
        return cls(**values)

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def matches(self, method: str, path: str) -> bool:
        if self.methods and method not in self.methods:
            return False
        return not self.paths or any(re.search(pattern, path) for pattern in self.paths)


@dataclasses.dataclass(frozen=True)
class Faults:
    rules: tuple[FaultRule, ...] = ()
    token_ttl_seconds: float | None = None
    token_max_requests: int | None = None
    seed: int = 0

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Faults:
        known = {"rules", "token_ttl_seconds", "token_max_requests", "seed"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown fault setting(s): {', '.join(unknown)}")
        rules = tuple(FaultRule.from_json(rule) for rule in data.get("rules", ()))
        return cls(rules, data.get("token_ttl_seconds"), data.get("token_max_requests"),
                   data.get("seed", 0))

    def to_json(self) -> dict[str, Any]:
        return {"rules": [rule.to_json() for rule in self.rules],
                "token_ttl_seconds": self.token_ttl_seconds,
                "token_max_requests": self.token_max_requests, "seed": self.seed}


@dataclasses.dataclass(frozen=True)
class RequestPlan:
    """What happens to one request: a delay, then at most one early and one late fault."""

    latency_s: float = 0.0
    early: FaultRule | None = None
    late: FaultRule | None = None


class FaultInjector:
    """Thread-safe: decides each request's plan and counts rules down as they fire."""

    def __init__(self, faults: Faults | None = None) -> None:
        self._lock = threading.Lock()
        self.configure(faults or Faults())

    def configure(self, faults: Faults) -> None:
        with self._lock:
            self._faults = faults
            self._remaining = [rule.count for rule in faults.rules]
            self._rng = random.Random(faults.seed)

    def add(self, rule: FaultRule) -> None:
        with self._lock:
            self._faults = dataclasses.replace(self._faults, rules=(*self._faults.rules, rule))
            self._remaining.append(rule.count)

    @property
    def faults(self) -> Faults:
        """The current faults, with each rule's `count` showing what is left of it."""
        with self._lock:
            rules = tuple(
                dataclasses.replace(rule, count=left)
                for rule, left in zip(self._faults.rules, self._remaining, strict=True)
            )
            return dataclasses.replace(self._faults, rules=rules)

    def plan(self, method: str, path: str) -> RequestPlan:
        """Latency rules all add up; then the first early fault that fires wins, and only
        without one is a late fault considered (so a late rule's count is not spent on a
        request that never got handled)."""
        with self._lock:
            latency = sum(rule.latency_ms / 1000.0
                          for index, rule in self._rules_of(("latency",))
                          if self._fires(index, rule, method, path))
            early = self._first_firing(EARLY_KINDS, method, path)
            late = None if early else self._first_firing(LATE_KINDS, method, path)
        return RequestPlan(latency, early, late)

    def _rules_of(self, kinds: tuple[str, ...]) -> list[tuple[int, FaultRule]]:
        return [(index, rule) for index, rule in enumerate(self._faults.rules)
                if rule.kind in kinds]

    def _first_firing(self, kinds: tuple[str, ...], method: str, path: str) -> FaultRule | None:
        for index, rule in self._rules_of(kinds):
            if self._fires(index, rule, method, path):
                return rule
        return None

    def _fires(self, index: int, rule: FaultRule, method: str, path: str) -> bool:
        left = self._remaining[index]
        if left == 0 or not rule.matches(method, path):
            return False
        if rule.rate < 1.0 and self._rng.random() >= rule.rate:
            return False
        if left is not None:
            self._remaining[index] = left - 1
        return True
