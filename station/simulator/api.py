"""The OMS endpoints: routing, token auth, filters, paging, commands, auxiliary services.

Every path and query-parameter name the docs leave open comes from the `ApiProfile`; the
documented sub-paths (`short/`, `{pk}/command/`, `transition_logs/` …) hang off
`profile.packages_path`. Unknown query parameters are ignored, as Django REST filters do.

`stocklocations/list-simple/` answers a plain JSON list (the "simple" endpoints are
unpaginated in DRF by default); `SimulatorConfig.stock_locations_envelope` switches it
to the `{count, next, previous, results}` envelope so clients can be tested with both.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from station.oms.profile import ApiProfile
from station.simulator import catalog, documents
from station.simulator.auth import TokenStore
from station.simulator.machine import CommandError, StateMachine
from station.simulator.protocol import (
    NOT_FOUND,
    HttpError,
    PageRequest,
    Request,
    Response,
    envelope,
    int_param,
    json_response,
    no_content,
    page_request,
)
from station.simulator.store import PackageQuery, PackageStore, parse_timestamp

Handler = Callable[..., Response]
SORTS = ("id", "-id", "modified_date", "-modified_date")
DENIAL_PAGE_SIZE_PARAM = "page_size"  # documented (AD package-denial-reasons)
MEDIA_PATH = "/media/products/"
# An installation-provided invoice file (not an OMS endpoint: the station's
# `invoice_source = url:/media/invoices/{id}/invoice.pdf` reads it in tests and the demo).
INVOICE_FILE_PATH = "/media/invoices/"


@dataclasses.dataclass(frozen=True)
class ApiSettings:
    default_page_size: int = 20
    max_page_size: int = 100
    # `ui_visibility` values a command needs for an API caller to run it.
    api_visibility: tuple[str, ...] = ("instore", "third_party")
    stock_locations_envelope: bool = False


@dataclasses.dataclass(frozen=True)
class _Route:
    pattern: re.Pattern[str]
    handlers: dict[str, Handler]
    auth: bool = True


class OmsApi:
    def __init__(self, profile: ApiProfile, store: PackageStore, machine: StateMachine,
                 tokens: TokenStore, settings: ApiSettings) -> None:
        self.profile, self.store, self.machine = profile, store, machine
        self.tokens, self.settings = tokens, settings
        self._routes = self._build_routes()

    def _build_routes(self) -> list[_Route]:
        pkgs = re.escape(self.profile.packages_path)
        one = pkgs + r"(?P<pk>\d+)/"

        def route(path: str, auth: bool = True, **handlers: Handler) -> _Route:
            return _Route(re.compile(path + "$"), handlers, auth)

        return [
            route(re.escape(self.profile.login_path), auth=False, POST=self.login),
            route(pkgs, GET=lambda r: self.package_list(r, "full")),
            route(pkgs + "short/", GET=lambda r: self.package_list(r, "short")),
            route(re.escape(self.profile.denial_reasons_path), GET=self.denial_reasons),
            route(one, GET=lambda r, pk: self.package_detail(pk, "full")),
            route(one + "short/", GET=lambda r, pk: self.package_detail(pk, "detail_short")),
            route(one + "transition_logs/", GET=self.transition_logs),
            route(one + "command/", POST=self.command),
            route(one + "set_invoice_number/",
                  POST=lambda r, pk: self.set_field(r, pk, "invoice_number")),
            route(one + "set_remote_id/", POST=lambda r, pk: self.set_field(r, pk, "remote_id")),
            route(one + "invoice/", POST=self.create_invoice),
            route(re.escape(self.profile.stock_locations_path), GET=self.stock_locations),
            route(re.escape(catalog.SHIPPING_LABEL_PATH) + r"(?P<label_id>\d+)/preview/",
                  GET=self.label_preview),
            route(re.escape(INVOICE_FILE_PATH) + r"(?P<pk>\d+)/invoice\.pdf",
                  GET=self.invoice_file),
            route(re.escape(MEDIA_PATH) + r"(?P<product_id>\d+)\.png", auth=False,
                  GET=self.product_image),
        ]

    # --- dispatch ---------------------------------------------------------------------
    def handle(self, request: Request) -> Response:
        try:
            return self._dispatch(request)
        except HttpError as error:
            return error.response()

    def _dispatch(self, request: Request) -> Response:
        for route in self._routes:
            match = route.pattern.match(request.path)
            if not match:
                continue
            if route.auth:
                self._authenticate(request)
            handler = route.handlers.get(request.method)
            if handler is None:
                allowed = ", ".join(sorted(route.handlers))
                raise HttpError(405, {"detail": f'Method "{request.method}" not allowed.'},
                                (("Allow", allowed),))
            kwargs = {key: int(value) for key, value in match.groupdict().items()}
            return handler(request, **kwargs)
        raise NOT_FOUND

    def _authenticate(self, request: Request) -> None:
        header = request.headers.get("authorization")
        if self.tokens.authenticate(header) is None:
            detail = "Invalid token." if header else \
                "Authentication credentials were not provided."
            raise HttpError(401, {"detail": detail}, (("WWW-Authenticate", "Token"),))

    # --- auth -------------------------------------------------------------------------
    def login(self, request: Request) -> Response:
        body = _json_object(request)
        missing = {field: ["This field is required."]
                   for field in ("username", "password") if not body.get(field)}
        if missing:
            raise HttpError(400, missing)
        key = self.tokens.login(str(body["username"]), str(body["password"]))
        if key is None:
            raise HttpError(400, {"non_field_errors": [
                "Unable to log in with provided credentials."]})
        return json_response(200, {"key": key})

    # --- packages ---------------------------------------------------------------------
    def package_query(self, request: Request) -> PackageQuery:
        p = self.profile
        since = request.param(p.param_modified_since)
        sort = request.param(p.param_sort)
        return PackageQuery(
            stock_location=int_param(request, p.param_stock_location),
            state_enum=request.param(p.param_state_enum) or None,
            state_enum_in=_csv(request.param(p.param_state_enum_in)),
            state_enum_not_in=_csv(request.param(p.param_state_enum_not_in)),
            modified_since=_timestamp(p.param_modified_since, since) if since else None,
            id_gt=int_param(request, p.param_id_gt),
            sort=sort if sort in SORTS else "id",
        )

    def package_list(self, request: Request, view: str) -> Response:
        query = self.package_query(request)
        with self.store.lock:
            ids = self.store.query(query)
            paging = self._paging(request, self.profile.param_page_size, len(ids))
            start, end = paging.bounds()
            results = self.store.page_bytes(ids[start:end], view)
        body = envelope(self.store.base_url, request, self.profile.param_page, paging,
                        len(ids), results)
        return Response(200, body)

    def _paging(self, request: Request, size_param: str, count: int) -> PageRequest:
        s = self.settings
        return page_request(request, self.profile.param_page, size_param, count,
                            s.default_page_size, s.max_page_size)

    def package_detail(self, pk: int, view: str) -> Response:
        body = self.store.encoded(pk, view)
        if body is None:
            raise NOT_FOUND
        return Response(200, body)

    def transition_logs(self, request: Request, pk: int) -> Response:
        if self.store.get(pk) is None:
            raise NOT_FOUND
        return self._json_page(request, self.store.logs(pk), self.profile.param_page_size)

    def _json_page(self, request: Request, rows: list[Any], size_param: str) -> Response:
        paging = self._paging(request, size_param, len(rows))
        start, end = paging.bounds()
        results = json_response(200, rows[start:end]).body
        body = envelope(self.store.base_url, request, self.profile.param_page, paging,
                        len(rows), results)
        return Response(200, body)

    def command(self, request: Request, pk: int) -> Response:
        body = request.json()
        try:
            transition = self.machine.run(pk, body, via="api",
                                          visibility=self.settings.api_visibility)
        except CommandError as error:
            raise HttpError(error.status, error.body) from None
        if transition.response is not None:
            return json_response(200, transition.response)
        return no_content()

    def set_field(self, request: Request, pk: int, field: str) -> Response:
        body = _json_object(request)
        value = body.get(field)
        if value is None or value == "":
            raise HttpError(400, {field: ["This field is required."]})
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise HttpError(400, {field: ["Not a valid string."]})
        with self.store.lock:
            package = self.store.get(pk)
            if package is None:
                raise NOT_FOUND
            package[field] = str(value)
            self.store.touched(pk, self.store.stamp())
        return no_content()

    def create_invoice(self, request: Request, pk: int) -> Response:
        with self.store.lock:
            package = self.store.get(pk)
            if package is None:
                raise NOT_FOUND
            body = documents.invoice(self.store.next_id("invoice"), package, self.store.stamp())
        return json_response(201, body)

    # --- auxiliary --------------------------------------------------------------------
    def denial_reasons(self, request: Request) -> Response:
        rows = self.store.denial_reasons
        active = request.param("is_active")
        if active in ("true", "True", "1", "false", "False", "0"):
            wanted = active in ("true", "True", "1")
            rows = [row for row in rows if row["is_active"] == wanted]
        return self._json_page(request, rows, DENIAL_PAGE_SIZE_PARAM)

    def stock_locations(self, request: Request) -> Response:
        rows = [catalog.simple_stock_location(loc) for loc in self.store.locations.values()]
        if self.settings.stock_locations_envelope:
            return self._json_page(request, rows, self.profile.param_page_size)
        return json_response(200, rows)

    def label_preview(self, request: Request, label_id: int) -> Response:
        for package in self.store.packages_iter():
            label = package.get("shipping_label")
            if label and label.get("id") == label_id:
                pdf = documents.label_pdf(documents.label_lines(package))
                return Response(200, pdf, "application/pdf")
        raise NOT_FOUND

    def invoice_file(self, request: Request, pk: int) -> Response:
        with self.store.lock:
            package = self.store.get(pk)
            if package is None:
                raise NOT_FOUND
            lines = documents.invoice_file_lines(package)
        return Response(200, documents.label_pdf(lines), "application/pdf")

    def product_image(self, request: Request, product_id: int) -> Response:
        return Response(200, documents.product_png(product_id), "image/png")


def _json_object(request: Request) -> dict[str, Any]:
    body = request.json()
    if not isinstance(body, dict):
        raise HttpError(400, {"non_field_errors": ["Invalid data. Expected a dictionary."]})
    return body


def _csv(raw: str | None) -> tuple[str, ...] | None:
    if raw is None or raw == "":
        return None
    return tuple(part.strip() for part in raw.split(",") if part.strip())


def _timestamp(name: str, raw: str) -> dt.datetime:
    try:
        return parse_timestamp(raw)
    except ValueError:
        raise HttpError(400, {name: ["Enter a valid date/time."]}) from None
