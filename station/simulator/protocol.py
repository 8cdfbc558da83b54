"""Request and response values of the simulator, and DRF-style helpers (errors, paging).

The HTTP layer turns bytes into a `Request`; the OMS and admin routers answer with a
`Response`. Paging copies Django REST Framework's PageNumberPagination: `page` starting at
1, a page-size parameter clamped to a maximum, 404 `{"detail": "Invalid page."}` past the
end, absolute `next`/`previous` links that keep the other query parameters (sorted, as
DRF's `replace_query_param` writes them), and no `page` in the link back to page 1.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import msgspec


@dataclasses.dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: Mapping[str, list[str]]
    headers: Mapping[str, str]  # keys lower-case
    body: bytes = b""

    def param(self, name: str) -> str | None:
        """The last value of a query parameter, like Django's `QueryDict.get`."""
        values = self.query.get(name)
        return values[-1] if values else None

    def json(self) -> Any:
        """The JSON body (an empty body is `{}`); raises `HttpError` 400 if malformed."""
        if not self.body.strip():
            return {}
        try:
            return msgspec.json.decode(self.body)
        except msgspec.DecodeError as exc:
            raise HttpError(400, {"detail": f"JSON parse error - {exc}"}) from None


@dataclasses.dataclass(frozen=True)
class Response:
    status: int
    body: bytes = b""
    content_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()


class HttpError(Exception):
    """Raised by handlers to answer with `status` and a JSON `body`."""

    def __init__(self, status: int, body: Any, headers: tuple[tuple[str, str], ...] = ()):
        super().__init__(f"{status}: {body}")
        self.status = status
        self.body = body
        self.headers = headers

    def response(self) -> Response:
        return json_response(self.status, self.body, self.headers)


def json_response(status: int, data: Any, headers: tuple[tuple[str, str], ...] = ()):
    return Response(status, msgspec.json.encode(data), "application/json", headers)


def no_content() -> Response:
    return Response(204, b"", "")


NOT_FOUND = HttpError(404, {"detail": "Not found."})


def int_param(request: Request, name: str) -> int | None:
    """An integer filter value; a malformed one is a 400 naming the parameter."""
    raw = request.param(name)
    if raw is None or raw == "":
        return None
    try:
        return int(raw)
    except ValueError:
        raise HttpError(400, {name: ["Enter a number."]}) from None


@dataclasses.dataclass(frozen=True)
class PageRequest:
    page: int
    size: int

    def bounds(self) -> tuple[int, int]:
        start = (self.page - 1) * self.size
        return start, start + self.size


def page_request(request: Request, page_param: str, size_param: str, count: int,
                 default_size: int, max_size: int) -> PageRequest:
    size = default_size
    raw_size = request.param(size_param)
    if raw_size:
        try:
            size = int(raw_size) if int(raw_size) > 0 else default_size
        except ValueError:
            size = default_size
    size = min(size, max_size)
    raw_page = request.param(page_param) or "1"
    pages = max(1, math.ceil(count / size))
    try:
        page = int(raw_page)
    except ValueError:
        page = -1 if raw_page != "last" else pages
    if page < 1 or page > pages:
        raise HttpError(404, {"detail": "Invalid page."})
    return PageRequest(page, size)


def page_link(base_url: str, request: Request, page_param: str, page: int) -> str:
    pairs = {key: list(values) for key, values in request.query.items()}
    if page == 1:
        pairs.pop(page_param, None)
    else:
        pairs[page_param] = [str(page)]
    query = urlencode(sorted(pairs.items()), doseq=True)
    return f"{base_url}{request.path}" + (f"?{query}" if query else "")


def envelope(base_url: str, request: Request, page_param: str, paging: PageRequest,
             count: int, results_json: bytes) -> bytes:
    """`{count, next, previous, results}` around already-encoded results."""
    last = max(1, math.ceil(count / paging.size))
    nxt = page_link(base_url, request, page_param, paging.page + 1) \
        if paging.page < last else None
    prev = page_link(base_url, request, page_param, paging.page - 1) \
        if paging.page > 1 else None
    return b"".join((
        b'{"count":', str(count).encode(), b',"next":', msgspec.json.encode(nxt),
        b',"previous":', msgspec.json.encode(prev), b',"results":', results_json, b"}",
    ))
