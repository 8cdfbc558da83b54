"""Pulling this station's packages from OMS into the cache.

* `syncer` — `Syncer`: full (resumable by id cursor), incremental (by modified date,
  with overlap) and reconciliation; archiving only after OMS confirms;
* `prefetch` — fetching the next page in a thread while this one is stored;
* `images` — product images cached at sync time (`ImageCache`).
"""

from station.sync.images import ImageCache, ImageError, default_image_dir
from station.sync.syncer import Syncer, SyncProgress, SyncReport

__all__ = ["ImageCache", "ImageError", "SyncProgress", "SyncReport", "Syncer",
           "default_image_dir"]
