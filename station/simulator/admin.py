"""The simulator-only admin API under `/_sim/` (no auth; never faulted).

    GET    /_sim/                         summary: url, package counts per location, faults
    GET    /_sim/faults                   current faults (counts show what is left)
    PUT    /_sim/faults                   replace: {"rules": [...], "token_ttl_seconds": …,
                                          "token_max_requests": …, "seed": …}
    POST   /_sim/faults                   add one rule: {"kind": "drop_after", "count": 1,
                                          "paths": ["/command/$"], …}
    DELETE /_sim/faults                   clear every fault and token limit
    POST   /_sim/tokens/expire            expire every issued token now
    GET    /_sim/commands                 every command applied (api and admin), in order
    DELETE /_sim/commands                 clear that log
    GET    /_sim/requests                 the last requests seen (method, path, status, fault)
    POST   /_sim/packages/{pk}/command    apply as another station / the web UI:
                                          {"slug" | "command" | "transition",
                                          "input_parameters", "user" (logged as; optional)}
    POST   /_sim/packages/{pk}/move       {"stock_location": id}
    DELETE /_sim/packages/{pk}            stop serving the package (404 from then on)
    POST   /_sim/reset                    regenerate the data from the seed; clear logs, faults
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from station.simulator.faults import FaultRule, Faults
from station.simulator.machine import CommandError
from station.simulator.protocol import HttpError, Request, Response, json_response

PACKAGE_PATH = re.compile(r"/_sim/packages/(?P<pk>\d+)(?P<action>/command|/move)?/?$")


class Controls(Protocol):
    """The parts of `Simulator` the admin API drives."""

    faults: Faults

    def add_fault(self, rule: FaultRule) -> None: ...
    def expire_tokens(self) -> int: ...
    def summary(self) -> dict[str, Any]: ...
    def applied_commands_json(self) -> list[dict[str, Any]]: ...
    def clear_applied_commands(self) -> None: ...
    def requests(self) -> list[dict[str, Any]]: ...
    def apply_command_as_other_station(self, pk: int, slug_or_type: str | int,
                                       input_parameters: dict[str, Any] | None = None, *,
                                       user: Any = ...) -> Any: ...
    def move_package(self, pk: int, stock_location_id: int) -> None: ...
    def delete_package(self, pk: int) -> None: ...
    def reset(self) -> None: ...


class AdminApi:
    def __init__(self, controls: Controls) -> None:
        self.sim = controls

    def handle(self, request: Request) -> Response:
        try:
            return self._dispatch(request)
        except HttpError as error:
            return error.response()
        except KeyError:
            return json_response(404, {"detail": "Not found."})
        except (ValueError, TypeError) as error:
            return json_response(400, {"detail": str(error)})
        except CommandError as error:
            return json_response(error.status, error.body)

    def _dispatch(self, request: Request) -> Response:
        path, method = request.path.rstrip("/") + "/", request.method
        simple = {
            ("GET", "/_sim/"): lambda: self.sim.summary(),
            ("GET", "/_sim/faults/"): lambda: self.sim.faults.to_json(),
            ("PUT", "/_sim/faults/"): lambda: self._set_faults(request),
            ("POST", "/_sim/faults/"): lambda: self._add_fault(request),
            ("DELETE", "/_sim/faults/"): lambda: self._clear_faults(),
            ("POST", "/_sim/tokens/expire/"): lambda: {"expired": self.sim.expire_tokens()},
            ("GET", "/_sim/commands/"): lambda: self._commands(),
            ("DELETE", "/_sim/commands/"): lambda: self._clear_commands(),
            ("GET", "/_sim/requests/"): lambda: {"results": self.sim.requests()},
            ("POST", "/_sim/reset/"): lambda: self._reset(),
        }
        action = simple.get((method, path))
        if action is not None:
            return json_response(200, action())
        match = PACKAGE_PATH.match(request.path)
        if match:
            return self._package_action(request, int(match["pk"]), match["action"] or "")
        raise HttpError(404, {"detail": "Not found."})

    def _body(self, request: Request) -> dict[str, Any]:
        body = request.json()
        if not isinstance(body, dict):
            raise HttpError(400, {"detail": "Expected a JSON object."})
        return body

    def _set_faults(self, request: Request) -> dict[str, Any]:
        self.sim.faults = Faults.from_json(self._body(request))
        return self.sim.faults.to_json()

    def _add_fault(self, request: Request) -> dict[str, Any]:
        self.sim.add_fault(FaultRule.from_json(self._body(request)))
        return self.sim.faults.to_json()

    def _clear_faults(self) -> dict[str, Any]:
        self.sim.faults = Faults()
        return self.sim.faults.to_json()

    def _commands(self) -> dict[str, Any]:
        rows = self.sim.applied_commands_json()
        return {"count": len(rows), "results": rows}

    def _clear_commands(self) -> dict[str, Any]:
        self.sim.clear_applied_commands()
        return {"count": 0, "results": []}

    def _reset(self) -> dict[str, Any]:
        self.sim.reset()
        return self.sim.summary()

    def _package_action(self, request: Request, pk: int, action: str) -> Response:
        if action == "/command" and request.method == "POST":
            body = self._body(request)
            target = body.get("slug") or body.get("command") or body.get("transition")
            if target is None:
                raise HttpError(400, {"detail": "Give slug, command or transition."})
            extra = {"user": body["user"]} if "user" in body else {}
            transition = self.sim.apply_command_as_other_station(
                pk, target, body.get("input_parameters") or {}, **extra)
            return json_response(200, {"package_id": pk, "slug": transition.slug,
                                       "old_state": transition.old_state,
                                       "new_state": transition.new_state})
        if action == "/move" and request.method == "POST":
            location = self._body(request).get("stock_location")
            if not isinstance(location, int):
                raise HttpError(400, {"stock_location": ["An integer id is required."]})
            self.sim.move_package(pk, location)
            return json_response(200, {"package_id": pk, "stock_location": location})
        if action == "" and request.method == "DELETE":
            self.sim.delete_package(pk)
            return json_response(200, {"deleted": pk})
        raise HttpError(405, {"detail": f'Method "{request.method}" not allowed.'})
