"""Pulling this station's packages from OMS into the cache.

* `syncer` — `Syncer`: full (resumable by id cursor), incremental (by modified date,
  with overlap) and reconciliation; archiving only after OMS confirms;
* `mass_archive` — the guard that asks before one sync archives a large share of the
  cache: `pending_mass_archive`, `confirm_mass_archive`, `discard_mass_archive`;
* `prefetch` — fetching the next page in a thread while this one is stored;
* `images` — product images cached at sync time (`ImageCache`).
"""

from station.sync.images import ImageCache, ImageError, default_image_dir
from station.sync.mass_archive import (
    confirm_mass_archive,
    discard_mass_archive,
    pending_mass_archive,
)
from station.sync.syncer import Syncer, SyncProgress, SyncReport

__all__ = ["ImageCache", "ImageError", "SyncProgress", "SyncReport", "Syncer",
           "confirm_mass_archive", "default_image_dir", "discard_mass_archive",
           "pending_mass_archive"]
