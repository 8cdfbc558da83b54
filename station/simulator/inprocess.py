"""The simulator without a socket: an `httpx.MockTransport` handler that serves requests
through the same `Pipeline` (faults included) the HTTP server uses.

    sim = Simulator(SimulatorConfig(clock=clock.now)).start(in_process=True)
    http = httpx.Client(transport=sim.transport())
    client = OmsClient(sim.url, http=http, username="demo", password="demo")

Each `httpx.Request` becomes the simulator's `Request` exactly as `server._Handler` builds
one from the wire (raw path, query, lower-case headers, body); the `Outcome` becomes an
`httpx.Response` with the headers the server would write, or the exception httpx raises
when the server misbehaves the same way over a socket:

* "drop" (drop_before, drop_after): `httpx.RemoteProtocolError`, "Server disconnected
  without sending a response." (drop_after has applied the command first);
* "truncate": `httpx.RemoteProtocolError`, as a body shorter than its Content-Length;
* latency: the pipeline sleeps (on the simulator's stopping event); if that took longer
  than the request's read timeout the answer is replaced by `httpx.ReadTimeout`, after
  the request was handled, as a client that gave up waiting would see it;
* a stopped simulator: `httpx.ConnectError`, as a closed port refuses a connection;
* a bug in the simulator: 500 `{"detail": "Simulator internal error."}`, as over HTTP.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import httpx

from station.simulator.protocol import Request, Response, json_response
from station.simulator.server import Outcome, Pipeline

log = logging.getLogger(__name__)


def to_simulator_request(request: httpx.Request) -> Request:
    """The simulator's view of an httpx request (what the HTTP handler would parse)."""
    split = urlsplit(request.url.raw_path.decode("ascii"))
    return Request(method=request.method, path=split.path,
                   query=parse_qs(split.query, keep_blank_values=True),
                   headers={key.lower(): value for key, value in request.headers.items()},
                   body=request.read())


def to_httpx_response(response: Response, request: httpx.Request) -> httpx.Response:
    """The response the HTTP handler would write, headers and all."""
    headers: list[tuple[str, str]] = []
    if response.content_type:
        headers.append(("Content-Type", response.content_type))
    if response.status != 204:
        headers.append(("Content-Length", str(len(response.body))))
    headers.extend(response.headers)
    return httpx.Response(response.status, headers=headers, content=response.body,
                          request=request)


def _read_timeout(request: httpx.Request) -> float | None:
    timeouts = request.extensions.get("timeout") or {}
    value = timeouts.get("read")
    return float(value) if value is not None else None


class InProcessHandler:
    """Serves httpx requests with the pipeline `current_pipeline()` returns (None while
    the simulator is stopped)."""

    def __init__(self, current_pipeline: Callable[[], Pipeline | None]) -> None:
        self._current_pipeline = current_pipeline

    def __call__(self, request: httpx.Request) -> httpx.Response:
        pipeline = self._current_pipeline()
        if pipeline is None:
            raise httpx.ConnectError("[Errno 111] Connection refused (simulator stopped)",
                                     request=request)
        started = time.monotonic()
        outcome = self._serve(pipeline, request)
        limit = _read_timeout(request)
        if limit is not None and time.monotonic() - started > limit:
            raise httpx.ReadTimeout("The read operation timed out", request=request)
        return self._answer(outcome, request)

    @staticmethod
    def _serve(pipeline: Pipeline, request: httpx.Request) -> Outcome:
        try:
            return pipeline.serve(to_simulator_request(request))
        except Exception:
            log.exception("simulator failed on %s %s", request.method, request.url)
            return Outcome(json_response(500, {"detail": "Simulator internal error."}))

    @staticmethod
    def _answer(outcome: Outcome, request: httpx.Request) -> httpx.Response:
        if outcome.action == "drop" or outcome.response is None:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request)
        if outcome.action == "truncate":
            body = outcome.response.body
            raise httpx.RemoteProtocolError(
                "peer closed connection without sending complete message body "
                f"(received {len(body) // 2} bytes, expected {len(body)})", request=request)
        return to_httpx_response(outcome.response, request)
