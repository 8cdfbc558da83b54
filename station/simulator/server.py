"""The HTTP layer: a threaded stdlib server on 127.0.0.1 and the fault-applying pipeline.

HTTP/1.1 with keep-alive (one thread per connection), TCP_NODELAY so small writes are not
held back. Shutdown is clean: `close()` stops accepting, shuts down every open connection
(idle keep-alive connections would otherwise block their threads) and joins the threads.

`Pipeline.serve` decides what a request gets: `/_sim/` goes to the admin untouched;
everything else passes the fault plan (latency, early faults instead of handling,
late faults after handling) and the OMS API.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import logging
import socket
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from station.simulator.faults import FaultInjector, FaultRule
from station.simulator.protocol import Request, Response, json_response

log = logging.getLogger(__name__)
ADMIN_PREFIX = "/_sim/"
REQUEST_LOG_SIZE = 10_000


class Router(Protocol):
    def handle(self, request: Request) -> Response: ...


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What to write back: a response, and how to (mis)behave while writing it."""

    response: Response | None
    action: str = "send"  # "send", "drop" (close, write nothing), "truncate"


def _html_error(status: int) -> Response:
    # A 5xx from a proxy or Django's production handler is HTML, not JSON.
    phrase = HTTPStatus(status).phrase
    body = f"<html><body><h1>{status} {phrase}</h1></body></html>".encode()
    return Response(status, body, "text/html; charset=utf-8")


def _broken_json(response: Response) -> Response:
    body = response.body if response.content_type.startswith("application/json") else b""
    broken = body[: len(body) // 2] if len(body) > 2 else b'{"detail": "Simulated bro'
    return Response(200 if response.status == 204 else response.status, broken,
                    "application/json")


class Pipeline:
    def __init__(self, api: Router, admin: Router, injector: FaultInjector,
                 stopping: threading.Event) -> None:
        self.api, self.admin, self.injector = api, admin, injector
        self.stopping = stopping
        self._requests: collections.deque[dict[str, Any]] = collections.deque(
            maxlen=REQUEST_LOG_SIZE)
        self._requests_lock = threading.Lock()

    def requests(self) -> list[dict[str, Any]]:
        # Copy under the lock: iterating a deque other threads append to raises.
        with self._requests_lock:
            return list(self._requests)

    def clear_requests(self) -> None:
        with self._requests_lock:
            self._requests.clear()

    def serve(self, request: Request) -> Outcome:
        if request.path.startswith(ADMIN_PREFIX):
            return Outcome(self.admin.handle(request))
        plan = self.injector.plan(request.method, request.path)
        if plan.latency_s:
            self.stopping.wait(plan.latency_s)
        fault = plan.early or plan.late
        fault_name = fault.kind if fault else ("latency" if plan.latency_s else None)
        outcome = self._early(plan.early.kind, plan.early) if plan.early else None
        if outcome is None:
            response = self.api.handle(request)
            outcome = self._late(plan.late.kind, response) if plan.late else Outcome(response)
        status = outcome.response.status if outcome.response else None
        entry = {"method": request.method, "path": request.path,
                 "query": {k: v[-1] for k, v in request.query.items()},
                 "status": status, "fault": fault_name}
        with self._requests_lock:
            self._requests.append(entry)
        return outcome

    @staticmethod
    def _early(kind: str, rule: FaultRule) -> Outcome:
        if kind == "error":
            return Outcome(_html_error(rule.status))
        if kind == "rate_limit":
            seconds = f"{rule.retry_after:g}"
            body = {"detail": f"Request was throttled. Expected available in {seconds} seconds."}
            return Outcome(json_response(429, body, (("Retry-After", seconds),)))
        return Outcome(None, "drop")  # drop_before

    @staticmethod
    def _late(kind: str, response: Response) -> Outcome:
        if kind == "drop_after":
            return Outcome(None, "drop")
        if kind == "invalid_json":
            return Outcome(_broken_json(response))
        if not response.body:  # truncate: give an empty answer a body to cut
            response = json_response(200, {"detail": "Simulated body that is cut short."})
        return Outcome(response, "truncate")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 60  # seconds an idle keep-alive connection may stay open
    server: HttpServer

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.track(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.untrack(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        split = urlsplit(self.path)
        request = Request(
            method=self.command, path=split.path,
            query=parse_qs(split.query, keep_blank_values=True),
            headers={key.lower(): value for key, value in self.headers.items()}, body=body)
        pipeline = self.server.pipeline
        assert pipeline is not None, "the server serves only once its pipeline is set"
        try:
            outcome = pipeline.serve(request)
        except Exception:
            log.exception("simulator failed on %s %s", self.command, self.path)
            outcome = Outcome(json_response(500, {"detail": "Simulator internal error."}))
        self._write(outcome)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    def _write(self, outcome: Outcome) -> None:
        response = outcome.response
        if outcome.action == "drop" or response is None:
            self.close_connection = True
            return
        self.send_response(response.status)
        if response.content_type:
            self.send_header("Content-Type", response.content_type)
        if response.status != 204:
            self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers:
            self.send_header(name, value)
        self.end_headers()
        body = response.body
        if outcome.action == "truncate":
            body = body[: len(body) // 2]
            self.close_connection = True
        if body:
            self.wfile.write(body)


class HttpServer(ThreadingHTTPServer):
    daemon_threads = False
    block_on_close = True  # server_close() joins every connection thread
    allow_reuse_address = True
    request_queue_size = 128  # the default 5 refuses bursts of concurrent clients

    def __init__(self, port: int, pipeline: Pipeline | None = None) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.pipeline = pipeline
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self.connections_accepted = 0
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self.server_address[1]

    def track(self, connection: socket.socket) -> None:
        with self._connections_lock:
            self._connections.add(connection)
            self.connections_accepted += 1

    def untrack(self, connection: socket.socket) -> None:
        with self._connections_lock:
            self._connections.discard(connection)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hangs up mid-answer is normal under fault tests; stay quiet.
        log.debug("connection from %s ended with an error", client_address, exc_info=True)

    def start(self) -> None:
        self._thread = threading.Thread(target=self.serve_forever, name="oms-simulator",
                                        kwargs={"poll_interval": 0.05})
        self._thread.start()

    def close(self) -> None:
        """Stop accepting, cut open connections, join every thread, close the socket."""
        if self._thread is not None:
            self.shutdown()
            self._thread.join()
            self._thread = None
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # already closed by its handler
                connection.shutdown(socket.SHUT_RDWR)
        self.server_close()
