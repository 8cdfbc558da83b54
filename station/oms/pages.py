"""Pages of OMS list responses: two-step decoding and safe `next` following.

Owns: `PackagePage` / `PackageResult` (a page whose packages are decoded one by
one, so sync can quarantine a bad package and keep the rest), decoding of list
endpoints that answer either a bare list or a `{count, next, results}` envelope,
`NextLinks`, which refuses `next` links that loop or that would carry the token to
another origin, and `page_budget`, how many pages a listing may take given the
count its first page announced.

One bad package must cost only that package: JSON that no parser accepts as a
whole (a lone surrogate escape such as "\ud83d", 100,000 nested lists) makes the
page fall back to a structural split (`_salvage_page`): a flat, non-recursive scan
of brackets and strings cuts `results` into one byte span per package, and each span
is then decoded on its own. A body that simply stops (truncated) is never salvaged:
that is a broken connection, retried by the client.
"""

from __future__ import annotations

import dataclasses
import math
import re
from typing import Any

import httpx
import msgspec

from station.errors import DecodeError
from station.oms import errors_map
from station.oms.models import Package, Page, decode, decode_package, decode_page


@dataclasses.dataclass(frozen=True)
class PackageResult:
    """One entry of a page: its raw JSON and either the Package or why it failed.

    `package_id` / `number` are read best-effort from the raw JSON even when the
    package as a whole does not decode, so a quarantine can name it.
    """

    raw: bytes
    package: Package | None
    error: DecodeError | None
    package_id: int | None
    number: str | None

    @property
    def ok(self) -> bool:
        return self.package is not None


@dataclasses.dataclass(frozen=True)
class PackagePage:
    url: str
    count: int
    next_url: str | None
    results: list[PackageResult]

    @property
    def packages(self) -> list[Package]:
        return [result.package for result in self.results if result.package is not None]

    @property
    def failures(self) -> list[PackageResult]:
        return [result for result in self.results if result.error is not None]


class DenialReason(msgspec.Struct, frozen=True):
    """A refusal / out-of-stock reason (`package_denial_reason` rows)."""

    id: int
    title: str | None = None
    remote_id: str | None = None
    priority: int | None = None
    is_active: bool | None = None


class _IdAndNumber(msgspec.Struct):
    id: Any = None
    number: Any = None


class _RawEnvelope(msgspec.Struct):
    results: list[msgspec.Raw]
    count: int | None = None
    next: str | None = None


# How far a listing may run past the page count its first page announced: packages
# added or modified while it is read move to its end, and a little more is normal.
PAGE_SLACK_MIN = 2
PAGE_SLACK_SHARE = 0.1


def decode_package_page(raw: bytes, url: str) -> PackagePage:
    """Envelope first (DecodeError if it is broken), then each package on its own."""
    try:
        page: Page = decode_page(raw)
    except DecodeError as exc:
        salvaged = None if errors_map.is_truncated(exc) else _salvage_page(raw)
        if salvaged is None:
            raise
        page = salvaged
    results = [decode_package_result(bytes(item)) for item in page.results]
    return PackagePage(url=url, count=page.count, next_url=page.next, results=results)


def page_budget(count: int, per_page: int) -> int:
    """The most pages a listing announcing `count` packages in pages of `per_page`
    may take: the announced page count plus some slack."""
    pages = math.ceil(max(count, 0) / max(per_page, 1))
    return max(pages, 1) + max(PAGE_SLACK_MIN, math.ceil(pages * PAGE_SLACK_SHARE))


# One JSON string (escapes skipped, never interpreted) or one structural character.
_TOKEN = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},:]', re.DOTALL)


def _salvage_page(raw: bytes) -> Page | None:
    """The envelope read structurally, or None when even that is broken."""
    try:
        members = _object_members(raw)
        results = members.get("results", b"")
        if not results.startswith(b"["):
            return None
        items = [msgspec.Raw(item) for item in _children(results, 0)[0]]
        count = msgspec.json.decode(members.get("count", b"null"), type=int)
        next_url = msgspec.json.decode(members.get("next", b"null"), type=str | None)
    except (DecodeError, msgspec.DecodeError, msgspec.ValidationError):
        return None
    return Page(count=count, results=items, next=next_url)


def _object_members(raw: bytes) -> dict[str, bytes]:
    """The members of the JSON object `raw` (key → its value's bytes), values unparsed."""
    text = raw.strip()
    if not text.startswith(b"{"):
        raise DecodeError("not a JSON object")
    members: dict[str, bytes] = {}
    members_raw, end = _children(text, 0)
    if text[end:].strip():
        raise DecodeError("data after the JSON object")
    for member in members_raw:
        key = _TOKEN.match(member)
        colon = member.find(b":", key.end()) if key and key.group().startswith(b'"') else -1
        if key is None or colon < 0:
            raise DecodeError("not a JSON object member")
        members[msgspec.json.decode(key.group(), type=str)] = member[colon + 1:].strip()
    return members


def _children(raw: bytes, open_at: int) -> tuple[list[bytes], int]:
    """The direct children of the array or object opening at `open_at`, as bytes,
    and the index just after its closing bracket.

    A depth counter over a flat token scan: no recursion, so nesting depth costs
    nothing but time. Raises DecodeError when the brackets do not close."""
    depth, start = 0, open_at + 1
    children: list[bytes] = []
    for token in _TOKEN.finditer(raw, open_at):
        char = token.group()
        if char in (b"[", b"{"):
            depth += 1
        elif char in (b"]", b"}"):
            depth -= 1
            if depth == 0:
                last = raw[start:token.start()].strip()
                return ([*children, last] if last or children else children), token.end()
        elif char == b"," and depth == 1:
            children.append(raw[start:token.start()].strip())
            start = token.end()
    raise DecodeError("unbalanced JSON brackets")


def decode_package_result(raw: bytes) -> PackageResult:
    try:
        package = decode_package(raw)
    except DecodeError as exc:
        return PackageResult(raw, None, exc, *_identify(raw))
    return PackageResult(raw, package, None, package.id, package.number)


def _identify(raw: bytes) -> tuple[int | None, str | None]:
    try:
        found = msgspec.json.decode(raw, type=_IdAndNumber)
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError):
        found = _identify_structurally(raw)
    package_id = found.id if _is_int64(found.id) else None
    number = found.number
    if isinstance(number, int) and not isinstance(number, bool):
        number = str(number)
    return package_id, number if isinstance(number, str) else None


def _identify_structurally(raw: bytes) -> _IdAndNumber:
    """`id` and `number` of JSON the parser refused as a whole (e.g. a bad string
    elsewhere in the package), read member by member."""
    found = _IdAndNumber()
    try:
        members = _object_members(raw)
    except (DecodeError, msgspec.DecodeError, msgspec.ValidationError):
        return found
    for name in ("id", "number"):
        try:
            setattr(found, name, msgspec.json.decode(members.get(name, b"null")))
        except msgspec.DecodeError:
            continue
    return found


def _is_int64(value: Any) -> bool:
    """An id SQLite can store (bool is an int to Python, never an id)."""
    return isinstance(value, int) and not isinstance(value, bool) and -(2**63) <= value < 2**63


def decode_list_page(raw: bytes, kind: type, what: str) -> tuple[list[Any], str | None]:
    """Rows of a list endpoint and its `next` link; accepts a bare list or an envelope."""
    stripped = raw.lstrip()
    if stripped.startswith(b"["):
        return decode(raw, list[kind], what), None  # type: ignore[valid-type, arg-type]
    envelope: _RawEnvelope = decode(raw, _RawEnvelope, what)
    rows = [
        _decode_row(bytes(item), kind, what, index) for index, item in enumerate(envelope.results)
    ]
    return rows, envelope.next


def _decode_row(raw: bytes, kind: type, what: str, index: int) -> Any:
    try:
        return decode(raw, kind, what)
    except DecodeError as exc:
        # Re-root the path at the envelope so the message points at the right row.
        path = f"$.results[{index}]{exc.path.removeprefix('$')}"
        raise DecodeError(f"{what}: row {index}: {exc}", path=path, raw=raw) from exc


class NextLinks:
    """Resolves `next` links and refuses loops and other origins.

    The token goes with every request, so a link on another scheme, host or
    port (e.g. a proxy's internal name, or plain http) is refused rather than
    followed. Mark each fetched page with `fetched`; a `next` back to any of
    them is a loop.
    """

    def __init__(self, base_url: str) -> None:
        self._base_url = base_url
        self._origin = _origin(httpx.URL(base_url))
        self._seen: set[tuple[str, tuple[tuple[str, str], ...]]] = set()

    def resolve(self, link: str, relative_to: str | None = None) -> str:
        """The absolute URL of `link`, if it stays on the OMS origin."""
        try:
            resolved = httpx.URL(relative_to or self._base_url).join(link)
        except (httpx.InvalidURL, TypeError) as exc:
            raise DecodeError(f"invalid page link {link!r}", path="$.next") from exc
        if _origin(resolved) != self._origin:
            raise DecodeError(
                f"page link {link!r} points outside the OMS base URL; not following it",
                path="$.next",
            )
        return str(resolved)

    def fetched(self, url: str) -> None:
        self._seen.add(_normal(url))

    def follow(self, next_url: str | None, current_url: str) -> str | None:
        """The next page to fetch, or None at the end."""
        if not next_url:
            return None
        resolved = self.resolve(next_url, current_url)
        if _normal(resolved) in self._seen:
            raise DecodeError(
                f"pagination loop: next link {next_url!r} was already fetched", path="$.next"
            )
        return resolved


def _normal(url: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    parsed = httpx.URL(url)
    return parsed.path, tuple(sorted(parsed.params.multi_items()))


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    default_port = {"http": 80, "https": 443}.get(url.scheme)
    return url.scheme, url.host, url.port or default_port
