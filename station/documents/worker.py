"""The print worker: a thread that takes due print jobs and gets them onto paper.

Owns turning a job into bytes (`prepare`) and handing them to its destination
(`deliver`), off the UI thread and off the scanning path: a printer that is off
only makes its job wait (`station.documents.queue` keeps the reason and the next
try). Like the outbox's worker it opens its own Store (a connection belongs to
one thread) and is woken by `wake()` after a completion or a reprint, else polls.

What a job prints:

* `slip`, `label` — rendered here from the cached package payload: ZPL for a
  raw label printer (TCP or CUPS), PDF otherwise; a Qt printer gets the layout
  itself and renders it at its own resolution (`qt_sender`, from ui.printing).
* `shipping-label` — OMS's file from the offline cache (`station.documents.fetch`),
  as it is; not there yet → the job waits for it (or fails, per settings).
* `invoice` — from the cache too: our invoice rendered from OMS's answer
  (`station.documents.invoice`), or the installation's own file as it is. Not
  there yet: with a `client`, the worker gets it now (`station.documents.invoices`:
  OMS is asked at most once — an unanswered request makes the job `uncertain`
  with "may have reached OMS", and only the packer's Retry asks again); without
  one the job waits for the sync or the delivery to bring it.

Our own documents print in `printing.language`, else the station's language (the
window's, given as `language`), else English (`printing_language`).

On every pass, jobs a crashed worker left `printing` are recovered
(`queue.recover_interrupted`).
`on_change(job_id, state, reason)` is called from the worker thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from station.config import utcnow
from station.documents import (
    invoices,
    package_label,
    packing_slip,
    queue,
    render_pdf,
    render_zpl,
)
from station.documents.cache import cached_document, installation_dir
from station.documents.facts import StationInfo, load_payload
from station.documents.fetch import SHIPPING_LABEL
from station.documents.invoice import build as build_invoice
from station.documents.invoice import read_invoice
from station.documents.layout import Document
from station.documents.settings import Destination, PrintSettings
from station.documents.transports import (
    PrinterUnavailable,
    PrintRejected,
    save_pdf_to_folder,
    send_raw_cups,
    send_raw_tcp,
)
from station.errors import StationError, UsageError
from station.oms.client import OmsClient
from station.store.db import Store
from station.store.snapshot import package_raw

log = logging.getLogger(__name__)


class DocumentNotReady(StationError):
    """The document cannot be made now; `permanent` when it never will be here,
    `uncertain` when only the packer can tell whether to try again."""

    def __init__(self, message: str, *, permanent: bool = False,
                 uncertain: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.uncertain = uncertain


@dataclass(frozen=True)
class Content:
    """A job made printable: `data` for raw and folder destinations, `layout` (our own
    documents) for a Qt printer to render at its own resolution."""

    data: bytes
    content_type: str  # application/pdf, application/zpl, image/png, …
    title: str
    layout: Document | None = None


QtSender = Callable[[Content, str], None]  # (content, printer name)
ChangeCallback = Callable[[int, str, str | None], None]


def printing_language(settings: PrintSettings, station_language: str = "") -> str:
    """The language our documents print in: the setting's, else the station's, else
    English ("" reads as English in `station.documents.captions`)."""
    return settings.language or station_language


def prepare(store: Store, package_id: int, document: str, settings: PrintSettings,
            info: StationInfo | None = None, *, zpl: bool = False,
            language: str = "") -> Content:
    """The bytes (and layout) of `document`, from the cache alone: ZPL for a package
    label when `zpl` (a raw label printer), else PDF; OMS's files as they are.
    `language` is the station's (the window's) language, for `printing_language`."""
    if document == SHIPPING_LABEL:
        return _shipping_label(store, package_id, settings)
    station = info or StationInfo(settings.store_name)
    station = replace(station, language=printing_language(
        settings, language or station.language))
    if document == invoices.INVOICE:
        return _invoice(store, package_id, settings, station)
    payload = package_raw(store, package_id)
    if payload is None:
        raise DocumentNotReady(f"package {package_id} is not in this station's cache",
                               permanent=True)
    if document == "label":
        layout = package_label(payload, station, settings.label_size)
        if zpl:
            data = render_zpl(layout, dpi=settings.zpl_dpi).encode()
            return Content(data, "application/zpl", layout.name, layout)
    else:
        layout = packing_slip(payload, station, settings.slip_size)
    return Content(render_pdf(layout), "application/pdf", layout.name, layout)


def _shipping_label(store: Store, package_id: int, settings: PrintSettings) -> Content:
    cached = cached_document(store, package_id, SHIPPING_LABEL)
    if cached is None:
        raise DocumentNotReady("the shipping label is not here yet (OMS makes it when it "
                               "receives the completion; the station fetches it then)",
                               permanent=not settings.wait_for_shipping_label)
    return Content(cached.read(), cached.content_type, f"shipping-label-{package_id}")


def _invoice(store: Store, package_id: int, settings: PrintSettings,
             info: StationInfo) -> Content:
    verdict = invoices.unavailable(store, package_id, settings.invoice_source)
    if verdict is not None:
        raise DocumentNotReady(verdict.message, permanent=verdict.outcome == "failed",
                               uncertain=verdict.outcome == "uncertain")
    cached = cached_document(store, package_id, invoices.INVOICE)
    assert cached is not None
    if cached.content_type != invoices.OMS_JSON:  # the installation's own file
        return Content(cached.read(), cached.content_type, f"invoice-{package_id}")
    payload = package_raw(store, package_id)
    location = ""
    if payload is not None:
        location = str((load_payload(payload).get("stock_location") or {}).get("name") or "")
    layout = build_invoice(read_invoice(cached.read(), payload), info, location)
    return Content(render_pdf(layout), "application/pdf", layout.name, layout)


def deliver(content: Content, destination: Destination,
            qt_sender: QtSender | None = None) -> None:
    """Hand `content` to `destination`; raises PrinterUnavailable / PrintRejected."""
    if destination.kind == "tcp":
        send_raw_tcp(content.data, destination.target)
    elif destination.kind == "cups":
        send_raw_cups(content.data, destination.target, title=content.title)
    elif destination.kind == "folder":
        if content.content_type != "application/pdf":
            raise PrintRejected(f"a {content.content_type} document cannot be saved as PDF; "
                                "choose a printer for it")
        save_pdf_to_folder(content.data, destination.target, content.title)
    elif qt_sender is None:
        raise PrinterUnavailable(f"the system printer {destination.target!r} is only "
                                 "reachable from the station's window")
    else:
        qt_sender(content, destination.target)


class PrintWorker:
    """Prints the queue of one station database (`open_store` opens a file)."""

    def __init__(self, open_store: Callable[[], Store], settings: PrintSettings, *,
                 qt_sender: QtSender | None = None, on_change: ChangeCallback | None = None,
                 info: StationInfo | None = None, idle_poll: float = 5.0,
                 client: OmsClient | None = None, document_root: Path | None = None,
                 language: str = "") -> None:
        """`client` (owned by the caller, used from the worker's thread only) lets a due
        invoice job get its invoice; `document_root` is the document cache's root;
        `language` the station's language (the window's), which our documents print in
        unless `settings.language` names one."""
        self._open_store = open_store
        self.client = client
        self.document_root = document_root
        self.settings = settings
        self.qt_sender = qt_sender
        self.on_change = on_change
        self.info = info
        self.idle_poll = idle_poll
        self.language = language
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Print in the background until `stop()`; a no-op while already running."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="print-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 15) -> bool:
        """No new job starts; a job being sent ends (bounded by the transport's timeout)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            return not self._thread.is_alive()
        return True

    def wake(self) -> None:
        self._wake.set()

    def run_until_idle(self) -> int:
        """On the caller's thread: recover, then print every due job; returns how many
        printed (jobs that wait for a printer or a document stay queued)."""
        store = self._open_store()
        try:
            queue.recover_interrupted(store)
            return self._print_due(store)
        finally:
            store.close()

    def _run(self) -> None:
        store = self._open_store()
        try:
            while not self._stop.is_set():
                queue.recover_interrupted(store)  # cheap; picks up a crashed worker's jobs
                self._print_due(store)
                self._wake.wait(self._idle_seconds(store))
                self._wake.clear()
        except Exception:
            log.exception("the print worker stopped")
        finally:
            store.close()

    def _idle_seconds(self, store: Store) -> float:
        due = queue.next_due_at(store)
        if due is None:
            return self.idle_poll
        return max(0.05, min(self.idle_poll, (due - utcnow()).total_seconds()))

    def _print_due(self, store: Store) -> int:
        printed = 0
        while not self._stop.is_set():
            job = queue.claim_next(store)
            if job is None:
                return printed
            printed += self.print_job(store, job)
        return printed

    def print_job(self, store: Store, job: queue.PrintJob) -> bool:
        """One claimed job to its end state or back to waiting; True when printed."""
        try:
            destination = Destination.parse(job.destination)
            if job.document == invoices.INVOICE and self.client is not None:
                self._obtain_invoice(store, job, self.client)
            content = prepare(store, job.package_id, job.document, self.settings, self.info,
                              zpl=destination.kind in ("tcp", "cups"), language=self.language)
            queue.mark_sending(store, job.id)
            deliver(content, destination, self.qt_sender)
        except (DocumentNotReady, PrinterUnavailable) as exc:
            return self._not_printed(store, job, exc)
        except (PrintRejected, UsageError) as exc:
            queue.mark_failed(store, job.id, str(exc))
            self._changed(job.id, "failed", str(exc))
            return False
        except Exception as exc:  # a bug or a broken cache: wait and say why
            log.exception("print job %s failed", job.id)
            return self._not_printed(store, job, PrinterUnavailable(f"{type(exc).__name__}: "
                                                                    f"{exc}"))
        queue.mark_printed(store, job.id)
        self._changed(job.id, "printed", None)
        return True

    def _obtain_invoice(self, store: Store, job: queue.PrintJob, client: OmsClient) -> None:
        """Get the invoice now when it may come: not after an unanswered or refused
        request, unless this job is the packer's Retry of exactly that (a job that ended
        `uncertain` or `failed` is only claimed again through `queue.retry`)."""
        source = self.settings.invoice_source
        verdict = invoices.unavailable(store, job.package_id, source)
        if verdict is None or source.kind == "none":
            return
        retry = verdict.outcome != "wait" and job.reason == verdict.message
        if verdict.outcome != "wait" and not retry:
            return
        if source.kind == "oms" and not invoices.oms_has_it_packed(store, job.package_id):
            return  # an invoice for a package OMS has not packed yet: not asked for
        folder = installation_dir(client.base_url, self.document_root)
        invoices.obtain(client, store, job.package_id, source, folder, retry=retry)

    def _not_printed(self, store: Store, job: queue.PrintJob, exc: StationError) -> bool:
        reason = str(exc)
        if isinstance(exc, DocumentNotReady) and exc.uncertain:
            queue.mark_uncertain(store, job.id, reason)
            self._changed(job.id, "uncertain", reason)
        elif isinstance(exc, DocumentNotReady) and exc.permanent:
            queue.mark_failed(store, job.id, reason)
            self._changed(job.id, "failed", reason)
        elif getattr(exc, "request_sent", False):
            queue.mark_uncertain(store, job.id, f"{reason}; it may have printed")
            self._changed(job.id, "uncertain", reason)
        else:
            due = queue.mark_waiting(store, job, reason)
            log.info("print job %s waits until %s: %s", job.id, due, reason)
            self._changed(job.id, "queued", reason)
        return False

    def _changed(self, job_id: int, state: str, reason: str | None) -> None:
        if self.on_change is not None:
            try:
                self.on_change(job_id, state, reason)
            except Exception:
                log.exception("print worker's on_change failed")


