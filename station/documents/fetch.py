"""The offline document cache: OMS's shipping labels on disk, next to their package.

Owns fetching and finding cached documents. `fetch_for_packages` (the sync calls it
after storing each page) downloads the `shipping_label.preview_url` of every package
that has one and is not cached yet (or whose label changed) into

    <platformdirs user cache dir>/packing-station/documents/<installation>/<package id>/

where `<installation>` names the OMS host (one folder per OMS installation, so two
installations' package ids never meet). The file is written to a temporary file and
renamed into place; then a `cached_documents` row says where it is, so printing —
`cached_document` — needs neither the network nor a directory scan. The database is
only ever reached through the Store's connection.

A failure never breaks the sync: it is logged and the package is tried again after
the next page that carries it. When a label arrives, print jobs waiting for it are
made due (`station.documents.queue.document_arrived`).

Invoices: OMS's only documented invoice endpoint (`POST packages/{pk}/invoice/`,
oms-api §7.3) CREATES an invoice and returns JSON, not a document; the station does
not call it behind the packer's back, so no invoice is cached (see `cached_document`).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import platformdirs

from station.config import APP_NAME, utcnow
from station.documents.queue import document_arrived
from station.errors import StationError
from station.oms.client import OmsClient
from station.oms.models import Package
from station.store.db import Store, iso_utc, write_transaction

log = logging.getLogger(__name__)

SHIPPING_LABEL = "shipping-label"
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
FETCH_LIMIT = 50  # per call: one page's hook never holds the sync up for long
EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "text/html": "html",
              "application/zpl": "zpl", "text/plain": "txt", "x-application/zpl": "zpl"}
_UNSAFE = re.compile(r"[^A-Za-z0-9.-]+")


@dataclass(frozen=True)
class CachedDocument:
    package_id: int
    document: str
    path: Path
    content_type: str
    source: str

    def read(self) -> bytes:
        return self.path.read_bytes()


def installation_dir(base_url: str, root: Path | None = None) -> Path:
    """The cache folder of one OMS installation: its host and port, readable, plus a
    short hash of the whole base URL (two installations behind one host differ)."""
    parts = urlsplit(base_url)
    host = _UNSAFE.sub("_", f"{parts.hostname or 'oms'}-{parts.port or parts.scheme}")
    digest = hashlib.sha256(base_url.rstrip("/").encode()).hexdigest()[:10]
    base = root if root is not None else platformdirs.user_cache_path(APP_NAME) / "documents"
    return base / f"{host}-{digest}"


def fetch_for_packages(client: OmsClient, store: Store, packages: Iterable[Package], *,
                       root: Path | None = None, limit: int = FETCH_LIMIT) -> int:
    """Cache the shipping label of each package that has one and lacks it; returns how
    many were fetched. Never raises: the sync must go on (failures are logged)."""
    fetched = 0
    try:
        for package in _missing_labels(store, packages)[:limit]:
            if _fetch_label(client, store, package, installation_dir(client.base_url, root)):
                fetched += 1
    except Exception:  # a bug or a broken disk must not stop the sync
        log.exception("caching shipping labels failed")
    return fetched


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
    if "://" in label.preview_url and not label.preview_url.startswith(client.base_url):
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
    path = _write_atomically(folder / str(package.id),
                             f"{SHIPPING_LABEL}.{EXTENSIONS.get(kind, 'bin')}", body)
    store_cached(store, package.id, SHIPPING_LABEL, path, kind, len(body), _label_source(package))
    log.info("package %s: shipping label cached (%d bytes)", package.number, len(body))
    return True


def _write_atomically(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, folder / name)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return folder / name


def store_cached(store: Store, package_id: int, document: str, path: Path,
                 content_type: str, size: int, source: str) -> None:
    """Record a cached file and make print jobs waiting for it due, in one transaction."""
    with write_transaction(store):
        store.conn.execute(
            "INSERT OR REPLACE INTO cached_documents (package_id, document, path, "
            "content_type, size, source, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (package_id, document, str(path), content_type, size, source, iso_utc(utcnow())))
        document_arrived(store, package_id, document)


def cached_document(store: Store, package_id: int, document: str) -> CachedDocument | None:
    """The cached file of `document` for the package, if it is on disk."""
    row = store.conn.execute(
        "SELECT path, content_type, source FROM cached_documents "
        "WHERE package_id = ? AND document = ?", (package_id, document)).fetchone()
    if row is None or not Path(row[0]).is_file():
        return None
    return CachedDocument(package_id, document, Path(row[0]), row[1], row[2])
