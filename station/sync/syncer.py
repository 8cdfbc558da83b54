"""Sync: pull the packages of one stock location from OMS into the snapshot.

Owns the decision of what to ask OMS for and what to keep:

* **Full sync** lists the packable states of the location, sorted by id, page by
  page; each page is stored in one short transaction and the id cursor is saved
  with it, so a sync killed mid-way resumes where it stopped. When the listing is
  complete, cached packages it did not return are read back one by one (they were
  packed, cancelled, moved or deleted elsewhere) and archived — never deleted, and
  never just because a listing came back empty.
* **Incremental sync** asks only for packages modified since the high-water mark
  minus an overlap, with no state filter (a state filter would hide a package that
  just left the packable states). A quiet poll is one small request.
* The server may ignore a filter it does not know, so every package is checked
  client-side: another location's packages are not stored (and archived if cached),
  non-packable ones are stored and archived.
* A package that does not decode is quarantined; the rest of its page is kept.

Errors propagate unchanged (station.errors); everything committed before them stays.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import time
from collections.abc import Callable, Iterable

from station.errors import NotFound
from station.oms.client import OmsClient
from station.oms.models import Package
from station.oms.pages import PackagePage, PackageResult
from station.store import snapshot, syncstate
from station.store.db import Store, iso_utc, write_transaction
from station.store.quarantine import quarantine
from station.sync.prefetch import prefetch

FULL_SYNC_EVERY = dt.timedelta(hours=6)
MAX_VERIFY_PER_SYNC = 500


@dataclasses.dataclass(frozen=True)
class SyncProgress:
    """Reported after every page: enough for a progress bar."""

    mode: str
    pages_done: int
    packages_done: int
    total: int | None


@dataclasses.dataclass
class SyncReport:
    mode: str
    requests: int = 0
    received: int = 0
    stored: int = 0
    skipped_stale: int = 0
    other_location: int = 0
    archived: int = 0
    quarantined: int = 0
    verified: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, object]:
        return dataclasses.asdict(self)


ProgressCallback = Callable[[SyncProgress], None]


def _key(name: str, location: int) -> str:
    return f"{name}:{location}"


class Syncer:
    """Keeps the snapshot of one stock location current. One per thread (one Store)."""

    def __init__(
        self,
        client: OmsClient,
        store: Store,
        *,
        stock_location_id: int,
        full_every: dt.timedelta = FULL_SYNC_EVERY,
        now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.store = store
        self.location = stock_location_id
        self.profile = client.profile
        self.full_every = full_every
        self._now = now
        self._monotonic = monotonic

    # --- public -------------------------------------------------------------------

    def sync(self, *, full: bool = False, progress: ProgressCallback | None = None) -> SyncReport:
        """Full sync when asked, on first run, when one was interrupted or is due;
        incremental otherwise. Records the outcome in the sync state."""
        mode = "full" if full or self._full_due() else "incremental"
        started = self._monotonic()
        try:
            report = self._full(progress) if mode == "full" else self._incremental(progress)
        except Exception as exc:
            syncstate.record_sync_error(self.store, f"{type(exc).__name__}: {exc}", at=self._now())
            raise
        report.seconds = self._monotonic() - started
        syncstate.record_sync_success(self.store, at=self._now(), full=mode == "full")
        return report

    # --- full ---------------------------------------------------------------------

    def _full_due(self) -> bool:
        if self._get("full_started") or self._mark() is None:
            return True  # first run, or a full sync was interrupted: resume it
        last_full = syncstate.get_time(self.store, syncstate.LAST_FULL_SYNC)
        return last_full is None or self._now() - last_full >= self.full_every

    def _full(self, progress: ProgressCallback | None) -> SyncReport:
        report = SyncReport(mode="full")
        started_at = self._get("full_started") or iso_utc(self._now())
        self._set("full_started", started_at)
        cursor = self._get("full_cursor")
        clock_start = self._monotonic()
        params = self.client.list_params(
            stock_location=self.location,
            state_enum_in=self.profile.packable_states,
            sort=self.profile.sort_full,
            id_gt=int(cursor) if cursor else None,
        )
        seen: set[int] = set()
        newest: dt.datetime | None = None
        for page in self._pages(params, report, progress):
            seen.update(r.package_id for r in page.results if r.package_id is not None)
            newest = _latest(newest, page.packages)
            ids = [r.package_id for r in page.results if r.package_id is not None]
            if ids:
                self._set("full_cursor", str(max(ids)))
        self._reconcile_unseen(seen, started_at, report)
        self._finish_full(newest, self._monotonic() - clock_start)
        return report

    def _finish_full(self, newest: dt.datetime | None, elapsed: float) -> None:
        # The incremental mark must not pass a change made while the full listing
        # ran; server-clock-free: the newest date seen, less the listing's duration.
        fallback = self._now() if self._mark() is None else None
        candidate = newest or fallback
        if candidate is not None:
            syncstate.advance_high_water_mark(
                self.store, self.location, candidate - dt.timedelta(seconds=elapsed))
        self._set("full_started", "")
        self._set("full_cursor", "")

    def _reconcile_unseen(self, seen: set[int], started_at: str, report: SyncReport) -> None:
        """Read back, one by one, live packages the full listing did not return."""
        unseen = snapshot.live_package_ids(self.store, self.location) - seen
        unseen -= self._synced_since(started_at)
        for package_id in sorted(unseen)[:MAX_VERIFY_PER_SYNC]:
            report.requests += 1
            report.verified += 1
            try:
                package, raw = self.client.get_package(package_id)
            except NotFound:
                report.archived += snapshot.archive_packages(
                    self.store, [package_id], "no longer on OMS (404)", at=self._now())
                continue
            self._store_page([PackageResult(raw, package, None, package.id, package.number)],
                             report)

    def _synced_since(self, started_at: str) -> set[int]:
        rows = self.store.conn.execute(
            "SELECT id FROM packages WHERE stock_location_id = ? AND synced_at >= ?",
            (self.location, started_at),
        )
        return {package_id for (package_id,) in rows}

    # --- incremental --------------------------------------------------------------

    def _incremental(self, progress: ProgressCallback | None) -> SyncReport:
        report = SyncReport(mode="incremental")
        mark = self._mark()
        assert mark is not None  # _full_due() guarantees a mark exists
        since = mark - dt.timedelta(seconds=self.profile.modified_overlap_seconds)
        params = self.client.list_params(
            stock_location=self.location,
            modified_since=since,
            sort=self.profile.sort_incremental,
        )
        for page in self._pages(params, report, progress):
            newest = _latest(None, page.packages)
            if newest is not None:
                syncstate.advance_high_water_mark(self.store, self.location, newest)
        return report

    # --- shared -------------------------------------------------------------------

    def _pages(self, params: dict[str, str], report: SyncReport,
               progress: ProgressCallback | None) -> Iterable[PackagePage]:
        pages = prefetch(self.client.iter_package_pages(params), name="sync-fetch")
        for pages_done, page in enumerate(pages, start=1):
            report.requests += 1
            report.received += len(page.results)
            self._store_page(page.results, report)
            if progress is not None:
                progress(SyncProgress(report.mode, pages_done, report.received, page.count))
            yield page

    def _store_page(self, results: list[PackageResult], report: SyncReport) -> None:
        """One page in one transaction: upsert ours, archive what left, quarantine the bad."""
        decoded = [r.package for r in results if r.package is not None]
        known, was_live = self._stored_states(decoded)
        ours = [(r.package, r.raw) for r in results if r.package is not None
                and r.package.stock_location.id == self.location and r.package.id not in known]
        elsewhere = [p.id for p in decoded if p.stock_location.id != self.location]
        report.other_location += len(elsewhere)
        not_packable = [p.id for p, _ in ours if p.state.enum not in self.profile.packable_states]
        now = self._now()
        with write_transaction(self.store):
            stored = snapshot.upsert_page(self.store, ours, synced_at=now)
            report.stored += stored.written
            report.skipped_stale += stored.skipped_stale + len(known)
            report.archived += snapshot.archive_packages(
                self.store, elsewhere, "moved to another stock location", at=now)
            # Re-archiving what upsert_page just revived is not news: count only the
            # packages that were live before this page.
            snapshot.archive_packages(self.store, not_packable, "left the packable states", at=now)
            report.archived += len(set(not_packable) & was_live)
            for failed in (r for r in results if r.error is not None):
                report.quarantined += 1
                quarantine(self.store, package_id=failed.package_id, number=failed.number,
                           reason=str(failed.error), path=failed.error.path, raw=failed.raw,
                           at=now)

    def _stored_states(self, packages: list[Package]) -> tuple[set[int], set[int]]:
        """(ids already archived with this very version — nothing to write again,
        ids of the page's packages that are live in the cache now)."""
        rows = self.store.conn.execute(
            "SELECT id, modified_date, archived FROM packages "
            "WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps([p.id for p in packages]),),
        ).fetchall()
        incoming = {p.id: iso_utc(p.modified_date) for p in packages}
        as_is = {pk for pk, modified, archived in rows if archived and modified == incoming[pk]}
        return as_is, {pk for pk, _, archived in rows if not archived}

    def _mark(self) -> dt.datetime | None:
        return syncstate.high_water_mark(self.store, self.location)

    def _get(self, name: str) -> str | None:
        return syncstate.get_value(self.store, _key(name, self.location)) or None

    def _set(self, name: str, value: str | None) -> None:
        syncstate.set_value(self.store, _key(name, self.location), value or None)


def _latest(current: dt.datetime | None, packages: Iterable[Package]) -> dt.datetime | None:
    dates = [_aware(p.modified_date) for p in packages]
    if current is not None:
        dates.append(current)
    return max(dates, default=None)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
