"""Product image cache: the first image of each product on disk, for offline packing.

Owns `ImageCache`: after a sync, `fetch_missing(store)` downloads the first image URL
(`products.image_urls`) of every product in a live (not archived) package that is not
on disk yet, to `<directory>/<product_id>.<ext>`. Look-alike items (same cut, another
colour) are told apart by their picture, and the picture must be there when OMS is not.

A broken image never breaks sync: every failure (network, HTTP status, not an image,
too big) is counted in the report and logged, never raised. Files are written to a
temp file and moved into place with os.replace, so a reader never sees half a file.
Images are never re-downloaded: a product's picture rarely changes, and a stale one
still tells look-alikes apart.

Product ids are only unique within one OMS installation: the demo's simulator and a
real OMS both have a product 17. So the cache keeps one folder per installation,
`default_image_dir(base_url)`, named by `oms_key(base_url)`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import httpx
import platformdirs

from station.config import APP_NAME
from station.store.db import Store

log = logging.getLogger(__name__)

MAX_IMAGE_BYTES = 2 * 1024 * 1024
DEFAULT_FETCH_LIMIT = 200  # per call: one sync round is not held up by a cold cache
_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
# Content type → file extension; `path_for` looks for these in this order.
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif"}

_LIVE_PRODUCT_IMAGES = """
SELECT DISTINCT pr.id, pr.image_urls
FROM products pr
JOIN package_items pi ON pi.product_id = pr.id
JOIN packages p ON p.id = pi.package_id
WHERE p.archived = 0 AND pr.image_urls IS NOT NULL AND pr.image_urls != '[]'
ORDER BY pr.id
"""


def default_image_dir(base_url: str | None = None) -> Path:
    """`<user cache dir>/packing-station/images/<oms_key(base_url)>` (platformdirs): one
    folder per OMS installation. Without a base URL, the images folder itself, which
    no OMS's images are written to any more (older versions shared it)."""
    root = platformdirs.user_cache_path(APP_NAME) / "images"
    return root / oms_key(base_url) if base_url else root


def oms_key(base_url: str) -> str:
    """The first 16 hex digits of the SHA-256 of the normalised base URL: scheme and
    host in lower case, no default port, no trailing slash, no query or fragment."""
    url = httpx.URL(base_url.strip())
    scheme = url.scheme.lower()
    default_port = {"http": 80, "https": 443}.get(scheme)
    port = f":{url.port}" if url.port not in (None, default_port) else ""
    normal = f"{scheme}://{url.host.lower()}{port}{url.path.rstrip('/')}"
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


class ImageError(Exception):
    """Why one image was not cached (internal: counted in the report, never raised out)."""


@dataclasses.dataclass
class ImageFetchReport:
    wanted: int = 0  # products of live packages that have an image URL
    cached: int = 0  # already on disk
    fetched: int = 0
    failed: int = 0
    deferred: int = 0  # over the limit: next call
    errors: list[str] = dataclasses.field(default_factory=list)  # first few, for the log

    def as_dict(self) -> dict[str, object]:
        return dataclasses.asdict(self)


class ImageCache:
    """Product images under `directory`. Downloads with `http`, or with its own client
    made on the first download (so a reader that only calls `path_for` opens none)."""

    def __init__(
        self,
        directory: str | Path | None = None,
        http: httpx.Client | None = None,
        *,
        base_url: str | None = None,
        max_bytes: int = MAX_IMAGE_BYTES,
    ) -> None:
        self.directory = Path(directory) if directory is not None else default_image_dir()
        self._own_http = http is None
        self._http = http
        self._base_url = base_url  # relative image URLs are resolved against the OMS
        self.max_bytes = max_bytes

    def __enter__(self) -> ImageCache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self._own_http and self._http is not None:
            self._http.close()
            self._http = None

    def path_for(self, product_id: int) -> Path | None:
        """The cached image of `product_id`, or None when there is none."""
        for ext in EXTENSIONS.values():
            path = self.directory / f"{product_id}.{ext}"
            if path.is_file():
                return path
        return None

    def fetch_missing(
        self,
        store: Store,
        *,
        limit: int = DEFAULT_FETCH_LIMIT,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> ImageFetchReport:
        """Download the first image of each live package's product not yet on disk.

        At most `limit` downloads; the rest (and everything once `cancelled()` is true,
        e.g. the app is closing) is counted as deferred to the next call."""
        report = ImageFetchReport()
        attempts = 0
        for product_id, url in self._wanted(store):
            report.wanted += 1
            if self.path_for(product_id) is not None:
                report.cached += 1
                continue
            if attempts >= limit or cancelled():
                report.deferred += 1
                continue
            attempts += 1
            try:
                self._download(product_id, url)
            except ImageError as exc:
                report.failed += 1
                log.warning("product %s image not cached: %s", product_id, exc)
                if len(report.errors) < 10:
                    report.errors.append(f"product {product_id}: {exc}")
            else:
                report.fetched += 1
        return report

    def _wanted(self, store: Store) -> list[tuple[int, str]]:
        wanted = []
        for product_id, urls_json in store.conn.execute(_LIVE_PRODUCT_IMAGES).fetchall():
            try:
                urls = json.loads(urls_json)
            except ValueError:
                continue  # rows.py writes this column; a bad value is not ours to fix
            first = next((u for u in urls if isinstance(u, str) and u.strip()), None)
            if first is not None:
                wanted.append((int(product_id), first.strip()))
        return wanted

    def _client(self) -> httpx.Client:
        if self._http is None:
            self._http = httpx.Client(timeout=_TIMEOUT, follow_redirects=True)
        return self._http

    def _resolve(self, url: str) -> str:
        parsed = httpx.URL(url)
        if parsed.is_absolute_url:
            return url
        if self._base_url is None:
            raise ImageError(f"relative URL {url!r} and no OMS base URL")
        return str(httpx.URL(self._base_url.rstrip("/") + "/").join(url))

    def _download(self, product_id: int, url: str) -> None:
        try:
            target = self._resolve(url)
            with self._client().stream("GET", target) as response:
                if response.status_code != 200:
                    raise ImageError(f"HTTP {response.status_code} from {target}")
                ext = _extension(response.headers.get("content-type", ""), target)
                body = self._read_bounded(response, target)
        except httpx.HTTPError as exc:
            raise ImageError(f"{type(exc).__name__}: {exc}") from exc
        except httpx.InvalidURL as exc:
            raise ImageError(f"bad URL {url!r}: {exc}") from exc
        self._write_atomically(self.directory / f"{product_id}.{ext}", body)

    def _read_bounded(self, response: httpx.Response, url: str) -> bytes:
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise ImageError(f"{url} is {declared} bytes (limit {self.max_bytes})")
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise ImageError(f"{url} is over {self.max_bytes} bytes")
            chunks.append(chunk)
        if size == 0:
            raise ImageError(f"{url} is empty")
        return b"".join(chunks)

    def _write_atomically(self, path: Path, body: bytes) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.directory, prefix=".part-", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(body)
                os.replace(temp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise
        except OSError as exc:  # disk full, read-only cache dir: the image waits
            raise ImageError(f"cannot write {path}: {exc}") from exc


def _extension(content_type: str, url: str) -> str:
    kind = content_type.split(";", 1)[0].strip().lower()
    if not kind.startswith("image/"):
        raise ImageError(f"{url} is {kind or 'untyped'}, not an image")
    if kind not in EXTENSIONS:
        raise ImageError(f"{url} is {kind}: not a format the station shows")
    return EXTENSIONS[kind]
