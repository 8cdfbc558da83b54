"""The mass-archive guard: a sync that would archive a large share of the cache asks first.

A full sync archives cached packages that OMS no longer lists once it confirms them
gone (404) or elsewhere. Pointed at the wrong OMS, or at one whose data is broken,
that would empty the packing queue in one go. So when one sync would archive more
than `max_share` of a location's live packages (default 20 %, and at least
`MIN_COUNT` packages), it archives none of them and records a pending decision in
the sync state instead; `station.store.status()` shows it.

A person then confirms (`confirm_mass_archive`: `packing-station sync
--confirm-archive`, or the GUI) or discards it (`discard_mass_archive`). Confirming
archives exactly the packages the decision lists, and only those still live and
unchanged since: a package that came back in the meantime stays. The next full sync
replaces the decision with what it finds then.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from typing import Any

from station.store import snapshot, syncstate
from station.store.db import Store, iso_utc, write_transaction

logger = logging.getLogger(__name__)

MAX_SHARE = 0.20
# Archiving one or two packages is routine (packed at another station): never ask.
MIN_COUNT = 3


@dataclasses.dataclass(frozen=True)
class ArchiveCandidate:
    """A live package a sync would archive, and why."""

    package_id: int
    reason: str


def needs_confirmation(would_archive: int, live: int, max_share: float) -> bool:
    """Whether archiving `would_archive` of `live` packages is a mass archive."""
    return would_archive >= MIN_COUNT and would_archive > max_share * live


def describe(count: int, live: int, max_share: float, location: int,
             projected: int | None = None) -> str:
    """The one sentence a person reads. `projected`: how many all unlisted packages
    would come to, when only `count` of them could be read back in one sync."""
    total = max(count, projected or 0)
    share = total / live if live else 1.0
    about = "" if total == count else f"about {total} ({count} confirmed so far) "
    return (
        f"Sync would archive {about or f'{count} '}of {live} live packages ({share:.0%}) at "
        f"stock location {location}, more than the {max_share:.0%} allowed without asking, "
        "so nothing was archived: check the OMS address and stock location, then confirm "
        "with `packing-station sync --confirm-archive` (or in the app) or discard it."
    )


def record_pending(
    store: Store, location: int, candidates: list[ArchiveCandidate], *, live: int,
    max_share: float, at: dt.datetime, projected: int | None = None,
) -> dict[str, Any]:
    """Store the decision (replacing any earlier one for this location). Confirming it
    archives `candidates`; `projected` is what all unlisted packages would come to."""
    versions = _stored_versions(store, [c.package_id for c in candidates])
    total = max(len(candidates), projected or 0)
    decision = {
        "stock_location_id": location,
        "count": len(candidates),
        "projected": total,
        "live": live,
        "share": round(total / live, 4) if live else 1.0,
        "max_share": max_share,
        "detected_at": iso_utc(at),
        "message": describe(len(candidates), live, max_share, location, projected),
        "packages": [[c.package_id, c.reason, versions.get(c.package_id)]
                     for c in candidates],
    }
    syncstate.set_value(store, syncstate.pending_mass_archive_key(location),
                        json.dumps(decision), at=at)
    logger.warning("%s", decision["message"])
    return decision


def clear_pending(store: Store, location: int) -> None:
    syncstate.set_value(store, syncstate.pending_mass_archive_key(location), None)


def pending_mass_archive(store: Store, location: int) -> dict[str, Any] | None:
    """The pending decision for this location (with its package list), or None."""
    value = syncstate.get_value(store, syncstate.pending_mass_archive_key(location))
    return None if value is None else json.loads(value)


def confirm_mass_archive(store: Store, location: int, *, at: dt.datetime | None = None) -> int:
    """Archive what the pending decision lists (only packages still live and unchanged
    since it was recorded) and clear it. Returns how many were archived; 0 when
    nothing was pending."""
    decision = pending_mass_archive(store, location)
    if decision is None:
        return 0
    listed = decision["packages"]
    current = _stored_versions(store, [package_id for package_id, _, _ in listed])
    archived = 0
    with write_transaction(store):
        for package_id, reason, version in listed:
            if current.get(package_id) == version:
                archived += snapshot.archive_packages(store, [package_id], reason, at=at)
        clear_pending(store, location)
    logger.info("mass archive confirmed: %d of %d packages archived", archived, len(listed))
    return archived


def discard_mass_archive(store: Store, location: int) -> bool:
    """Forget the pending decision without archiving; False when there was none."""
    if pending_mass_archive(store, location) is None:
        return False
    clear_pending(store, location)
    return True


def _stored_versions(store: Store, package_ids: list[int]) -> dict[int, str]:
    """`modified_date` of the given packages that are live in the cache now."""
    rows = store.conn.execute(
        "SELECT id, modified_date FROM packages WHERE archived = 0 "
        "AND id IN (SELECT value FROM json_each(?))",
        (json.dumps(package_ids),),
    )
    return dict(rows.fetchall())
