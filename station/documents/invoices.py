"""Getting a package's invoice into the offline cache, from the configured source.

Owns every SQL statement on `invoice_requests` (schema step 9) and the `invoice`
rows of the document cache (`cached_documents`, through `station.documents.fetch`).
The source is `PrintSettings.invoice_source` (`InvoiceSource`):

* "oms" — OMS's only documented invoice endpoint, `POST packages/{pk}/invoice/`
  (oms-api §7.3), CREATES a purchase invoice and answers 201 with it as JSON. The
  station asks once the package's completion is delivered (OMS has it packed), or
  when a print job for the invoice is due, and caches the JSON as it came
  (`invoice.json`); `station.documents.invoice` renders our invoice from it.
  A POST is a side effect, so the attempt is recorded durably BEFORE it leaves:
  an attempt without an answer (a timeout, a crash) is never repeated behind the
  packer's back — the print job says the request "may have reached OMS" and only
  the packer's explicit Retry posts again. A 4xx is recorded with OMS's message.
* "url:TEMPLATE" — the installation's own invoice file, fetched with GET (safe to
  repeat) and cached as-is (PDF, PNG or ZPL by its Content-Type).
* "none" — no invoice at this station.

`unavailable(...)` says, from the cache and the request record alone, why an
invoice cannot print (and whether waiting, Retry or nothing will help).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from station.config import utcnow
from station.documents.cache import (
    EXTENSIONS,
    MAX_DOCUMENT_BYTES,
    cached_document,
    on_oms_host,
    store_cached,
    write_atomically,
)
from station.documents.settings import InvoiceSource
from station.errors import ClientError, NetworkError, RateLimited, StationError
from station.messages import Message, msg
from station.oms.client import OmsClient
from station.store.db import Store, durable_transaction, iso_utc, parse_iso, write_transaction
from station.store.snapshot import package_raw

log = logging.getLogger(__name__)

INVOICE = "invoice"
OMS_JSON = "application/json"
# A request younger than this may still be on its way back (the client's read
# timeout is shorter): the job waits for it instead of calling it lost.
IN_FLIGHT = dt.timedelta(seconds=90)
COMPLETING_TYPES = ("COMPLETE_PACKAGING", "COMPLETE_PACKAGING_WITHOUT_SHIPMENT",
                    "CHANNEL_BASED_COMPLETE_PACKAGING")


@dataclass(frozen=True)
class InvoiceRequest:
    package_id: int
    state: str  # requesting | unanswered | answered | rejected
    attempts: int
    requested_at: dt.datetime
    invoice_number: str | None
    message: str | None


@dataclass(frozen=True)
class Unavailable:
    """Why the invoice cannot print now: `outcome` "wait" (it may come by itself),
    "uncertain" (only the packer's Retry helps) or "failed" (it will not come)."""

    message: Message
    outcome: str


# --- the request record ---------------------------------------------------------------


def request_of(store: Store, package_id: int) -> InvoiceRequest | None:
    row = store.conn.execute(
        "SELECT package_id, state, attempts, requested_at, invoice_number, message "
        "FROM invoice_requests WHERE package_id = ?", (package_id,)).fetchone()
    if row is None:
        return None
    return InvoiceRequest(row[0], row[1], row[2], parse_iso(row[3]) or utcnow(), row[4], row[5])


def _record_attempt(store: Store, package_id: int) -> InvoiceRequest | None:
    """Durably note that a POST is about to leave; returns the record before it."""
    before = request_of(store, package_id)
    with durable_transaction(store):
        store.conn.execute(
            "INSERT INTO invoice_requests (package_id, state, attempts, requested_at) "
            "VALUES (?, 'requesting', 1, ?) ON CONFLICT (package_id) DO UPDATE SET "
            "state = 'requesting', attempts = attempts + 1, requested_at = excluded.requested_at, "
            "message = NULL", (package_id, iso_utc(utcnow())))
    return before


def _record_outcome(store: Store, package_id: int, state: str, *, message: str | None = None,
                    invoice_id: int | None = None, number: str | None = None) -> None:
    with write_transaction(store):
        store.conn.execute(
            "UPDATE invoice_requests SET state = ?, message = ?, answered_at = ?, "
            "invoice_id = COALESCE(?, invoice_id), invoice_number = COALESCE(?, invoice_number) "
            "WHERE package_id = ?",
            (state, message, iso_utc(utcnow()) if state != "unanswered" else None,
             invoice_id, number, package_id))


def _undo_attempt(store: Store, package_id: int, before: InvoiceRequest | None) -> None:
    """The POST never left (no connection): the record is as it was before it."""
    with write_transaction(store):
        if before is None:
            store.conn.execute("DELETE FROM invoice_requests WHERE package_id = ?",
                               (package_id,))
        else:
            store.conn.execute(
                "UPDATE invoice_requests SET state = ?, attempts = ?, requested_at = ?, "
                "message = ? WHERE package_id = ?",
                (before.state, before.attempts, iso_utc(before.requested_at), before.message,
                 package_id))


# --- what the cache can say ------------------------------------------------------------


def unavailable(store: Store, package_id: int, source: InvoiceSource,
                now: dt.datetime | None = None) -> Unavailable | None:
    """None when the invoice is cached; else why not, from the database alone."""
    if cached_document(store, package_id, INVOICE) is not None:
        return None
    number = _package_number(store, package_id)
    if source.kind == "none":
        return Unavailable(msg("No invoice for package {number}: this station has no "
                               "invoice source (set printing.invoice_source to oms or url:…).",
                               number=number), "failed")
    if source.kind == "url":
        return Unavailable(msg("No invoice for package {number} in this station's cache: it "
                               "is fetched from {url} after OMS has the package packed "
                               "(invoice source: url).", number=number, url=source.template),
                           "wait")
    return _oms_verdict(request_of(store, package_id), number, now or utcnow())


def _oms_verdict(request: InvoiceRequest | None, number: str,
                 now: dt.datetime) -> Unavailable:
    if request is None:
        return Unavailable(msg("No invoice for package {number} in this station's cache: "
                               "the invoice is made after OMS has the package packed "
                               "(invoice source: oms).", number=number), "wait")
    if request.state == "rejected":
        return Unavailable(msg("OMS refused the invoice of package {number}: {reason}",
                               number=number, reason=request.message or ""), "failed")
    if request.state == "answered":
        return Unavailable(msg("OMS made invoice {invoice} for package {number}, but this "
                               "station's copy of it is gone: print it from OMS.",
                               invoice=request.invoice_number or "", number=number), "failed")
    if request.state == "requesting" and now - request.requested_at < IN_FLIGHT:
        return Unavailable(msg("The invoice of package {number} is being requested from "
                               "OMS.", number=number), "wait")
    return Unavailable(msg("The invoice request for package {number} may have reached OMS: "
                           "check OMS, then Retry.", number=number), "uncertain")


def completion_delivered(store: Store, package_id: int) -> bool:
    """OMS has the package packed by this station: its completion was delivered."""
    marks = ", ".join("?" for _ in COMPLETING_TYPES)
    row = store.conn.execute(
        f"SELECT 1 FROM outbox WHERE package_id = ? AND status = 'done' AND kind = 'command' "
        f"AND command_type IN ({marks}) LIMIT 1", (package_id, *COMPLETING_TYPES)).fetchone()
    return row is not None


def oms_has_it_packed(store: Store, package_id: int) -> bool:
    """This station delivered the completion, or the sync saw the package leave the
    packable states (packed elsewhere, e.g. in OMS's own screens)."""
    if completion_delivered(store, package_id):
        return True
    row = store.conn.execute("SELECT archived, archived_reason FROM packages WHERE id = ?",
                             (package_id,)).fetchone()
    return row is not None and bool(row[0]) and row[1] == "left the packable states"


def waiting_for_invoice(store: Store) -> list[int]:
    """Packages with an invoice print job due (its back-off paces the fetching too)."""
    rows = store.conn.execute("SELECT DISTINCT package_id FROM print_jobs WHERE document = ? "
                              "AND state = 'queued' AND next_attempt_at <= ? "
                              "ORDER BY package_id", (INVOICE, iso_utc(utcnow())))
    return [int(row[0]) for row in rows]


# --- getting it --------------------------------------------------------------------------


def fetch_invoices(client: OmsClient, store: Store, package_ids: Iterable[int],
                   source: InvoiceSource, folder: Path, *, limit: int) -> int:
    """The sync's and the delivery's part: the invoice of each package whose completion
    this station delivered and that has none yet (never a second POST). Returns how
    many were cached."""
    if source.kind == "none":
        return 0
    fetched = 0
    wanted = dict.fromkeys([*package_ids, *waiting_for_invoice(store)])
    for package_id in list(wanted)[:limit]:
        if not completion_delivered(store, package_id):
            continue
        if source.kind == "oms" and request_of(store, package_id) is not None:
            continue
        if obtain(client, store, package_id, source, folder):
            fetched += 1
    return fetched


def obtain(client: OmsClient, store: Store, package_id: int, source: InvoiceSource,
           folder: Path, *, retry: bool = False) -> bool:
    """Cache the package's invoice now; True when it is cached. For "oms", a recorded
    attempt is only repeated when `retry` (the packer's explicit Retry). Failures are
    recorded or logged, never raised (the caller reports `unavailable`)."""
    if cached_document(store, package_id, INVOICE) is not None:
        return True
    if source.kind == "url":
        return _fetch_file(client, store, package_id, source, folder)
    if source.kind != "oms":
        return False
    request = request_of(store, package_id)
    if request is not None and not (retry and request.state in ("unanswered", "requesting",
                                                                 "rejected")):
        return False
    return _post_invoice(client, store, package_id, folder)


def _post_invoice(client: OmsClient, store: Store, package_id: int, folder: Path) -> bool:
    before = _record_attempt(store, package_id)
    try:
        result = client.create_invoice(package_id)
    except NetworkError as exc:
        if not exc.request_sent:
            _undo_attempt(store, package_id, before)
            log.info("package %s: invoice not requested (OMS unreachable): %s", package_id, exc)
            return False
        _record_outcome(store, package_id, "unanswered", message=str(exc))
        log.warning("package %s: the invoice request got no answer: %s", package_id, exc)
        return False
    except RateLimited:
        _undo_attempt(store, package_id, before)  # a 429 is never handled
        return False
    except ClientError as exc:
        _record_outcome(store, package_id, "rejected", message=str(exc))
        log.warning("package %s: OMS refused the invoice: %s", package_id, exc)
        return False
    except StationError as exc:  # 5xx: OMS may have made it before failing
        _record_outcome(store, package_id, "unanswered", message=str(exc))
        log.warning("package %s: the invoice request failed at OMS: %s", package_id, exc)
        return False
    return _keep_answer(store, package_id, folder, result.raw, result.body)


def _keep_answer(store: Store, package_id: int, folder: Path, raw: bytes,
                 body: object) -> bool:
    if not isinstance(body, dict) or not body.get("number"):
        _record_outcome(store, package_id, "unanswered",
                        message="OMS answered without an invoice number")
        log.warning("package %s: the invoice answer has no number: %r", package_id, raw[:200])
        return False
    path = write_atomically(folder / str(package_id), "invoice.json", raw)
    invoice_id = body.get("id") if isinstance(body.get("id"), int) else None
    number = str(body["number"])
    # The answer is kept before the record says so: a crash between the two leaves
    # "requesting" (never a second POST) with the file already there.
    store_cached(store, package_id, INVOICE, path, OMS_JSON, len(raw), f"oms:{invoice_id}")
    _record_outcome(store, package_id, "answered", invoice_id=invoice_id, number=number)
    log.info("package %s: invoice %s cached", package_id, number)
    return True


def _fetch_file(client: OmsClient, store: Store, package_id: int, source: InvoiceSource,
                folder: Path) -> bool:
    url = invoice_url(store, package_id, source)
    if url is None:
        return False
    if not on_oms_host(client, url):
        log.warning("package %s: invoice URL %s is not on the OMS host: not fetched (the "
                    "OMS token is only sent to OMS)", package_id, url)
        return False
    try:
        content_type, body = client.get_document(url)
    except StationError as exc:
        log.info("package %s: invoice not fetched from %s: %s", package_id, url, exc)
        return False
    if not body or len(body) > MAX_DOCUMENT_BYTES:
        log.warning("package %s: an invoice of %d bytes ignored", package_id, len(body))
        return False
    kind = content_type.split(";")[0].strip().lower() or "application/octet-stream"
    path = write_atomically(folder / str(package_id), f"invoice.{EXTENSIONS.get(kind, 'bin')}",
                            body)
    store_cached(store, package_id, INVOICE, path, kind, len(body), url)
    log.info("package %s: invoice cached from %s (%d bytes)", package_id, url, len(body))
    return True


def invoice_url(store: Store, package_id: int, source: InvoiceSource) -> str | None:
    """The template filled in from the cached package; None without the values it names
    (an {invoice_number} OMS has not set yet)."""
    raw = package_raw(store, package_id)
    try:
        payload = json.loads(raw) if raw is not None else {}
    except ValueError:
        payload = {}
    values = {"id": package_id, "number": payload.get("number") or "",
              "invoice_number": payload.get("invoice_number") or ""}
    needed = [name for name in ("number", "invoice_number")
              if "{" + name + "}" in source.template and not values[name]]
    return None if needed else source.url_for(values)


def _package_number(store: Store, package_id: int) -> str:
    row = store.conn.execute("SELECT number FROM packages WHERE id = ?",
                             (package_id,)).fetchone()
    return str(row[0]) if row else str(package_id)
