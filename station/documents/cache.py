"""The offline document cache on disk: where a package's documents are kept and found.

Owns the folder layout and the `cached_documents` rows (schema step 7). Documents live in

    <platformdirs user cache dir>/packing-station/documents/<installation>/<package id>/

where `<installation>` names the OMS host (one folder per OMS installation, so two
installations' package ids never meet). A file is written to a temporary file and
renamed into place (`write_atomically`); then a `cached_documents` row says where it is
(`store_cached`), so printing — `cached_document` — needs neither the network nor a
directory scan. The database is only ever reached through the Store's connection.
Fetching is `station.documents.fetch` (shipping labels) and
`station.documents.invoices` (invoices).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import platformdirs

from station.config import APP_NAME, utcnow
from station.documents.queue import document_arrived
from station.oms.client import OmsClient
from station.store.db import Store, iso_utc, write_transaction

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
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


def on_oms_host(client: OmsClient, url: str) -> bool:
    """A relative path, or an absolute URL on the OMS installation itself: the only
    places a document is fetched from, as the request carries the OMS token."""
    if "://" not in url:
        return True
    ours, theirs = urlsplit(client.base_url), urlsplit(url)
    return ((theirs.scheme, theirs.hostname, theirs.port)
            == (ours.scheme, ours.hostname, ours.port))


def write_atomically(folder: Path, name: str, data: bytes) -> Path:
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

