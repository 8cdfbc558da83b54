"""The OMS client: the endpoints the station uses, with typed results.

Owns: which path each operation uses (from the `ApiProfile`), paging through
package lists page by page (`PackagePage`, each package decoded on its own),
one-package reads, transition logs, stock locations, denial reasons, and the
POSTs that change a package (commands, invoice number, remote id).

Authentication, timeouts, retries and error mapping live in `transport`;
response pages in `pages`; query parameters in `params`. GETs are retried;
POSTs are sent exactly once (the outbox decides about resending).

Bodies: a truncated JSON body on a GET (it stops mid-document) counts as a
broken connection — `NetworkError(request_sent=True)`, retried — while a body
that is complete but malformed is a `DecodeError`. A 2xx answer to a POST is a
success even if its body does not parse (`CommandResult.body` is then None).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Self, TypeVar

import httpx
import msgspec

from station.errors import DecodeError
from station.logfile import redact_bytes
from station.oms import errors_map
from station.oms.models import Package, StockLocation, TransitionLog, decode_package
from station.oms.pages import (
    DenialReason,
    NextLinks,
    PackagePage,
    decode_list_page,
    decode_package_page,
)
from station.oms.params import PackageItemInput, list_params, package_items_param
from station.oms.profile import DEFAULT_PROFILE, ApiProfile
from station.oms.transport import Clock, RetryPolicy, Timeouts, Transport

log = logging.getLogger(__name__)
T = TypeVar("T")
DEFAULT_MAX_PAGES = 10_000


@dataclasses.dataclass(frozen=True)
class CommandResult:
    """A successful POST: its status and JSON body (None for 204 or a non-JSON body)."""

    status: int
    body: Any
    raw: bytes


class OmsClient:
    """Talks to one OMS for one station. Use as a context manager or call close()."""

    def __init__(
        self,
        base_url: str,
        *,
        http: httpx.Client | None = None,
        profile: ApiProfile = DEFAULT_PROFILE,
        token: str | None = None,
        username: str | None = None,
        password: str | None = None,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
        clock: Clock | None = None,
        allow_insecure_http: bool = False,
    ) -> None:
        """`allow_insecure_http`: accept a plain http:// address that is not this
        machine (else `InsecureConnectionError`); `is_insecure` then says so."""
        self.profile = profile
        self._transport = Transport(
            base_url,
            http=http,
            profile=profile,
            token=token,
            username=username,
            password=password,
            timeouts=timeouts,
            retry=retry,
            clock=clock,
            allow_insecure_http=allow_insecure_http,
        )

    @property
    def base_url(self) -> str:
        return self._transport.base_url

    @property
    def username(self) -> str | None:
        """The user name this client logs in as (None with a token only): the outbox's
        read-back compares it with the user OMS logs on a transition."""
        return self._transport.username

    @property
    def is_insecure(self) -> bool:
        """True for plain http to another machine (the status bar says "insecure")."""
        return self._transport.is_insecure

    def __repr__(self) -> str:
        t = self._transport
        token = "set" if t.has_token else "none"
        return f"OmsClient(base_url={t.base_url!r}, username={t.username!r}, token={token})"

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the HTTP connections (an injected httpx.Client stays the caller's)."""
        self._transport.close()

    @property
    def token(self) -> str | None:
        """The token after login (None before): the set-up dialog stores it in the keyring."""
        return self._transport.token

    def use_token(self, token: str) -> None:
        """Use `token` from the next request on: after the packer signed in again, a
        running sync or delivery goes on with it (the GUI's sign-in dialog)."""
        self._transport.use_token(token)

    def login(self) -> None:
        """Log in now (e.g. to check settings); otherwise the first request does it."""
        self._transport.relogin()

    # --- parameters ---------------------------------------------------------------

    def list_params(self, **filters: Any) -> dict[str, str]:
        """Package-list query with this profile's names; see `params.list_params`."""
        return list_params(self.profile, **filters)

    def package_items_param(
        self, items: Iterable[PackageItemInput | int | Mapping[str, Any]]
    ) -> list[Any]:
        """`input_parameters.package_items` in this profile's shape."""
        return package_items_param(items, self.profile)

    # --- packages -----------------------------------------------------------------

    def iter_package_pages(
        self,
        params: Mapping[str, str] | None = None,
        *,
        start_url: str | None = None,
        max_pages: int = DEFAULT_MAX_PAGES,
    ) -> Iterator[PackagePage]:
        """Full packages page by page, following `next` until it is null.

        `start_url` resumes at a `next` link saved from an earlier page (then
        `params` is ignored: the link carries them). Raises DecodeError for a
        broken envelope, a `next` loop or more than `max_pages` pages.
        """
        links = NextLinks(self._transport.base_url)
        # A saved link is checked like any `next`: it must stay on the OMS origin.
        url = links.resolve(start_url) if start_url else self._package_list_url()
        query = None if start_url else params
        for _ in range(max_pages):
            page = self._transport.get(url, query, self._parser(decode_package_page_of))
            links.fetched(page.url)
            yield page
            next_url = links.follow(page.next_url, page.url)
            if next_url is None:
                return
            url, query = next_url, None
        raise DecodeError(f"more than {max_pages} pages of packages; stopped", path="$.next")

    def get_package(self, package_id: int) -> tuple[Package, bytes]:
        """One full package and the raw JSON it was decoded from."""
        url = self._package_url(package_id)
        return self._transport.get(
            url,
            None,
            self._parser(lambda response: (decode_package(response.content), response.content)),
        )

    def transition_logs(self, package_id: int) -> list[TransitionLog]:
        """Every transition log of a package, oldest pages first as OMS serves them."""
        url = self._package_url(package_id, "transition_logs/")
        return self._collect(url, None, TransitionLog, "transition log")

    def get_document(self, path_or_url: str) -> tuple[str, bytes]:
        """(Content-Type, body) of a document OMS serves, e.g. a shipping label's
        `preview_url`: a path on this OMS or a full URL (station.documents.fetch)."""
        url = path_or_url if "://" in path_or_url else self._transport.url(path_or_url)
        return self._transport.get(
            url, None, lambda response: (response.headers.get("content-type", ""),
                                         response.content))

    # --- package changes (sent once, never retried here) --------------------------

    def run_command(
        self,
        package_id: int,
        *,
        transition: int | None = None,
        slug: str | None = None,
        input_parameters: Mapping[str, Any] | None = None,
    ) -> CommandResult:
        """POST a package command; give the transition id, the slug, or both."""
        if transition is None and not slug:
            raise ValueError("a command needs a transition id or a slug")
        body: dict[str, Any] = {"input_parameters": dict(input_parameters or {})}
        if transition is not None:
            body["transition"] = transition
        if slug:
            body["slug"] = slug
        return self._post(self._package_url(package_id, "command/"), body)

    def set_invoice_number(self, package_id: int, invoice_number: str) -> CommandResult:
        url = self._package_url(package_id, "set_invoice_number/")
        return self._post(url, {"invoice_number": invoice_number})

    def set_remote_id(self, package_id: int, remote_id: str) -> CommandResult:
        return self._post(self._package_url(package_id, "set_remote_id/"), {"remote_id": remote_id})

    def create_invoice(self, package_id: int) -> CommandResult:
        """`POST packages/{pk}/invoice/` with no body (oms-api §7.3): OMS CREATES a
        purchase invoice and answers 201 with it. Every call makes another one, so the
        caller records it first (station.documents.invoices)."""
        return self._post(self._package_url(package_id, "invoice/"), None)

    # --- reference data -----------------------------------------------------------

    def stock_locations(self, params: Mapping[str, str] | None = None) -> list[StockLocation]:
        """Stock locations (a bare list or pages of them)."""
        url = self._transport.url(self.profile.stock_locations_path)
        return self._collect(url, params, StockLocation, "stock location")

    def denial_reasons(self, params: Mapping[str, str] | None = None) -> list[DenialReason]:
        """Refusal / out-of-stock reasons, all pages."""
        url = self._transport.url(self.profile.denial_reasons_path)
        return self._collect(url, params, DenialReason, "denial reason")

    # --- helpers ------------------------------------------------------------------

    def _package_list_url(self) -> str:
        return self._transport.url(self.profile.packages_path)

    def _package_url(self, package_id: int, suffix: str = "") -> str:
        if not isinstance(package_id, int) or isinstance(package_id, bool):
            raise TypeError(f"package id must be an int, got {package_id!r}")
        return self._transport.url(f"{self.profile.packages_path}{package_id}/{suffix}")

    def _collect(
        self, url: str, params: Mapping[str, str] | None, kind: type[T], what: str
    ) -> list[T]:
        rows: list[T] = []
        links = NextLinks(self._transport.base_url)
        query = params
        for _ in range(DEFAULT_MAX_PAGES):
            page_url, page_rows, next_url = self._transport.get(
                url,
                query,
                self._parser(
                    lambda response: (
                        str(response.request.url),
                        *decode_list_page(response.content, kind, what),
                    )
                ),
            )
            rows.extend(page_rows)
            links.fetched(page_url)
            following = links.follow(next_url, page_url)
            if following is None:
                return rows
            url, query = following, None
        raise DecodeError(f"more than {DEFAULT_MAX_PAGES} pages of {what}s", path="$.next")

    @staticmethod
    def _parser(decode: Callable[[httpx.Response], T]) -> Callable[[httpx.Response], T]:
        """Wrap a decoder so a truncated body becomes a retryable NetworkError."""

        def parse(response: httpx.Response) -> T:
            try:
                return decode(response)
            except DecodeError as exc:
                if errors_map.is_truncated(exc):
                    request = response.request
                    raise errors_map.truncated_body_error(
                        request.method, str(request.url), len(response.content)
                    ) from exc
                raise

        return parse

    def _post(self, url: str, body: Mapping[str, Any] | None) -> CommandResult:
        response = self._transport.post(url, body)
        # Body and raw bytes are stored with the outbox entry: nothing shaped like a
        # token or password may stay in them.
        content = redact_bytes(response.content)
        parsed: Any = None
        if response.status_code != 204 and content.strip():
            try:
                parsed = msgspec.json.decode(content)
            except msgspec.DecodeError:
                log.warning(
                    "OMS answered %s with a body that is not JSON (%d bytes)",
                    response.status_code,
                    len(content),
                )
        return CommandResult(status=response.status_code, body=parsed, raw=content)


def decode_package_page_of(response: httpx.Response) -> PackagePage:
    return decode_package_page(response.content, str(response.request.url))
