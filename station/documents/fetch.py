"""Filling the offline document cache: OMS's shipping labels, and the invoices.

Owns fetching. `fetch_for_packages` (the sync calls it after storing each page, the
delivery after refreshing a package) downloads the `shipping_label.preview_url` of
every package that has one and is not cached yet (or whose label changed) into the
package's folder of the cache (`station.documents.cache`, whose names this module
re-exports for its callers).

A failure never breaks the sync: it is logged and the package is tried again after
the next page that carries it. When a label arrives, print jobs waiting for it are
made due (`station.documents.queue.document_arrived`).

Invoices are cached here too (document "invoice"), from the source the print
settings name — asked of OMS once the package's completion is delivered, or the
installation's file fetched: `station.documents.invoices` does it, called from
`fetch_for_packages` with the packages of each page or delivery.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from station.documents import invoices
from station.documents.cache import (
    EXTENSIONS,
    MAX_DOCUMENT_BYTES,
    CachedDocument,
    cached_document,
    installation_dir,
    on_oms_host,
    store_cached,
    write_atomically,
)
from station.documents.settings import InvoiceSource, load_print_settings
from station.errors import StationError
from station.oms.client import OmsClient
from station.oms.models import Package
from station.store.db import Store

log = logging.getLogger(__name__)

SHIPPING_LABEL = "shipping-label"
FETCH_LIMIT = 50  # per call: one page's hook never holds the sync up for long


def fetch_for_packages(client: OmsClient, store: Store, packages: Iterable[Package], *,
                       root: Path | None = None, limit: int = FETCH_LIMIT,
                       invoice_source: InvoiceSource | None = None) -> int:
    """Cache the shipping label of each package that has one and lacks it, and the
    invoice of each one this station completed (`invoice_source`, else the settings
    file's); returns how many documents were fetched. Never raises: the sync must go
    on (failures are logged)."""
    packages = list(packages)
    folder = installation_dir(client.base_url, root)
    fetched = 0
    try:
        for package in _missing_labels(store, packages)[:limit]:
            if _fetch_label(client, store, package, folder):
                fetched += 1
        source = invoice_source or configured_invoice_source()
        fetched += invoices.fetch_invoices(client, store, [p.id for p in packages], source,
                                           folder, limit=limit)
    except Exception:  # a bug or a broken disk must not stop the sync
        log.exception("caching shipping labels or invoices failed")
    return fetched


def configured_invoice_source() -> InvoiceSource:
    """The settings file's invoice source; "none" when the file cannot say."""
    try:
        return load_print_settings().invoice_source
    except StationError as exc:
        log.warning("no invoices fetched: %s", exc)
        return InvoiceSource()


def _missing_labels(store: Store, packages: Iterable[Package]) -> list[Package]:
    wanted = [p for p in packages if p.shipping_label and p.shipping_label.preview_url]
    missing = []
    for package in wanted:
        cached = cached_document(store, package.id, SHIPPING_LABEL)
        if cached is None or cached.source != _label_source(package):
            missing.append(package)
    return missing


def _label_source(package: Package) -> str:
    label = package.shipping_label
    assert label is not None and label.preview_url
    return f"{label.id}:{label.preview_url}"


def _fetch_label(client: OmsClient, store: Store, package: Package, folder: Path) -> bool:
    label = package.shipping_label
    assert label is not None and label.preview_url
    if not on_oms_host(client, label.preview_url):
        log.warning("package %s: shipping label on another host (%s) not fetched: the OMS "
                    "token is only sent to OMS", package.number, label.preview_url)
        return False
    try:
        content_type, body = client.get_document(label.preview_url)
    except StationError as exc:
        log.warning("package %s: shipping label not fetched: %s", package.number, exc)
        return False
    if not body or len(body) > MAX_DOCUMENT_BYTES:
        log.warning("package %s: shipping label of %d bytes ignored", package.number, len(body))
        return False
    kind = content_type.split(";")[0].strip().lower() or "application/octet-stream"
    path = write_atomically(folder / str(package.id),
                            f"{SHIPPING_LABEL}.{EXTENSIONS.get(kind, 'bin')}", body)
    store_cached(store, package.id, SHIPPING_LABEL, path, kind, len(body), _label_source(package))
    log.info("package %s: shipping label cached (%d bytes)", package.number, len(body))
    return True


__all__ = [
    "EXTENSIONS", "FETCH_LIMIT", "MAX_DOCUMENT_BYTES", "SHIPPING_LABEL", "CachedDocument",
    "cached_document", "configured_invoice_source", "fetch_for_packages", "installation_dir",
    "on_oms_host", "store_cached", "write_atomically",
]
