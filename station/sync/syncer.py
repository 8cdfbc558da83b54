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
  non-packable ones are stored and archived — except blocked ones OMS still lets this
  location unblock (station.oms.liveness), so Unblock works from the station.
* A full sync also caches the denial reasons (refuse and block ask for one offline).
* A package that does not decode is quarantined; the rest of its page is kept. So is
  one stamped further in the future than `max_future_skew` past this station's clock:
  stored, it would become the high-water mark (every later change missed) and no
  correct later version could replace it. The mark never passes now + that skew.
* Reconciliation that would archive more than `max_archive_share` of the live cache
  archives nothing and leaves a decision for a person (`station.sync.mass_archive`).
* A listing may take only the pages its first page announced (`pages.page_budget`);
  a `next` chain running past that stops the sync with an error, before reconciling.

Errors propagate unchanged (station.errors); everything committed before them stays.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import math
import time
from collections.abc import Callable, Iterable

from station.documents.fetch import fetch_for_packages
from station.documents.settings import InvoiceSource
from station.errors import DecodeError, NotFound, RetryableError
from station.oms.client import OmsClient
from station.oms.liveness import stays_live
from station.oms.models import Package
from station.oms.pages import PackagePage, PackageResult, page_budget
from station.store import snapshot, syncstate
from station.store.db import Store, iso_utc, write_transaction
from station.store.denial_reasons import DenialReason, replace_denial_reasons
from station.store.quarantine import quarantine
from station.sync import mass_archive
from station.sync.mass_archive import ArchiveCandidate
from station.sync.prefetch import prefetch
from station.sync.reasons import GONE_FROM_OMS, LEFT_PACKABLE_STATES, MOVED_AWAY

log = logging.getLogger(__name__)

FULL_SYNC_EVERY = dt.timedelta(hours=6)
MAX_VERIFY_PER_SYNC = 500
# Packages per write transaction (a page is stored in several), and the pause after
# each: longer than SQLite's busy-handler step a waiting scan is in by then.
WRITE_CHUNK = 25
WRITE_YIELD_SECONDS = 0.010
# How far ahead of this station's clock OMS may stamp a package: clocks drift a
# little; a date beyond this is a broken payload (e.g. 9999-12-31).
MAX_FUTURE_SKEW = dt.timedelta(minutes=5)


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
    # of `quarantined`: stamped too far in the future
    future_dated: int = 0
    # packages a mass-archive decision waits on (archived: none of them)
    archive_pending: int = 0
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
        max_archive_share: float = mass_archive.MAX_SHARE,
        max_future_skew: dt.timedelta = MAX_FUTURE_SKEW,
        max_verify: int = MAX_VERIFY_PER_SYNC,
        invoice_source: InvoiceSource | None = None,
    ) -> None:
        """`max_archive_share`: the share of the live cache (0..1) one sync may archive
        without asking; `max_future_skew`: how far past this clock a date may be;
        `max_verify`: how many unlisted packages one full sync reads back."""
        if not 0.0 <= max_archive_share <= 1.0:
            raise ValueError(f"max_archive_share must be between 0 and 1, got {max_archive_share}")
        self.client = client
        self.store = store
        self.location = stock_location_id
        self.profile = client.profile
        self.full_every = full_every
        self.max_archive_share = max_archive_share
        self.max_future_skew = max_future_skew
        self.max_verify = max_verify
        self.invoice_source = invoice_source  # None: the settings file's (documents.fetch)
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
            if mode == "full":
                self._sync_denial_reasons()
        except Exception as exc:
            syncstate.record_sync_error(self.store, f"{type(exc).__name__}: {exc}", at=self._now())
            raise
        report.seconds = self._monotonic() - started
        syncstate.record_sync_success(self.store, at=self._now(), full=mode == "full")
        return report

    def _sync_denial_reasons(self) -> None:
        """Cache OMS's denial reasons (refuse and block ask for one, offline too). One
        small list per full sync; when it cannot be read the cache stays as it was and
        the packages just synced stay synced."""
        try:
            rows = self.client.denial_reasons()
        except (NotFound, RetryableError, DecodeError) as exc:
            log.warning("denial reasons not synced (%s: %s); the cached ones stay",
                        type(exc).__name__, exc)
            return
        replace_denial_reasons(self.store, [
            DenialReason(row.id, row.title or f"Reason {row.id}", row.remote_id, row.priority,
                         row.is_active is not False) for row in rows], at=self._now())

    # --- full ---------------------------------------------------------------------

    def _full_due(self) -> bool:
        if self._get("full_started") or self._mark() is None:
            return True  # first run, or a full sync was interrupted: resume it
        last_full = syncstate.get_time(self.store, syncstate.LAST_FULL_SYNC)
        return last_full is None or self._now() - last_full >= self.full_every

    def _full(self, progress: ProgressCallback | None) -> SyncReport:
        report = SyncReport(mode="full")
        started_at = self._get("full_started") or iso_utc(self._now()) or ""
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
            self._advance_mark(candidate - dt.timedelta(seconds=elapsed))
        self._set("full_started", "")
        self._set("full_cursor", "")

    def _reconcile_unseen(self, seen: set[int], started_at: str, report: SyncReport) -> None:
        """Read back, one by one, live packages the full listing did not return; archive
        those OMS confirms gone or elsewhere, unless that is a mass archive."""
        live = snapshot.live_package_ids(self.store, self.location)
        unseen = live - seen - self._synced_since(started_at)
        checked = sorted(unseen)[:self.max_verify]
        gone, read_back = self._read_back(checked, report)
        leaving = [ArchiveCandidate(r.package.id, reason) for r in read_back
                   if r.package is not None and (reason := self._leaving_reason(r.package))]
        candidates = [ArchiveCandidate(pk, GONE_FROM_OMS) for pk in gone] + leaving
        # Only `max_verify` are read back per sync: judge by what all unseen ones would
        # give, or a wrong OMS could empty a large cache a few hundred at a time.
        projected = math.ceil(len(candidates) * len(unseen) / max(len(checked), 1))
        if mass_archive.needs_confirmation(projected, len(live), self.max_archive_share):
            mass_archive.record_pending(self.store, self.location, candidates, live=len(live),
                                        projected=projected, max_share=self.max_archive_share,
                                        at=self._now())
            report.archive_pending = len(candidates)
            staying = {c.package_id for c in leaving}
            read_back = [r for r in read_back if r.package_id not in staying]
        else:
            mass_archive.clear_pending(self.store, self.location)
            report.archived += snapshot.archive_packages(
                self.store, gone, GONE_FROM_OMS, at=self._now())
        for result in read_back:
            self._store_page([result], report)

    def _read_back(self, package_ids: list[int],
                   report: SyncReport) -> tuple[list[int], list[PackageResult]]:
        """(ids OMS answers 404 for, the others' packages). A package that does not
        decode is quarantined here: a bad payload is no proof it is gone."""
        gone: list[int] = []
        read_back: list[PackageResult] = []
        for package_id in package_ids:
            report.requests += 1
            report.verified += 1
            try:
                package, raw = self.client.get_package(package_id)
            except NotFound:
                gone.append(package_id)
                continue
            except DecodeError as exc:
                raw_text = exc.raw or b""
                raw_bytes = raw_text.encode() if isinstance(raw_text, str) else raw_text
                read_back.append(PackageResult(raw_bytes, None, exc, package_id, None))
                continue
            read_back.append(PackageResult(raw, package, None, package.id, package.number))
        return gone, read_back

    def _leaving_reason(self, package: Package) -> str | None:
        """Why a read-back package leaves the live cache, if it does."""
        if package.stock_location.id != self.location:
            return MOVED_AWAY
        if not stays_live(package, self.profile):  # blocked ones stay: Unblock works here
            return LEFT_PACKABLE_STATES
        return None

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
                self._advance_mark(newest)
        return report

    # --- shared -------------------------------------------------------------------

    def _pages(self, params: dict[str, str], report: SyncReport,
               progress: ProgressCallback | None) -> Iterable[PackagePage]:
        """Each page stored, then yielded with the packages it refused turned failures."""
        pages = prefetch(self.client.iter_package_pages(params), name="sync-fetch")
        budget: _PageBudget | None = None
        for pages_done, page in enumerate(pages, start=1):
            budget = budget or _PageBudget.announced_by(page, self.profile.page_size)
            budget.check(pages_done)
            report.requests += 1
            report.received += len(page.results)
            checked = self._store_page(page.results, report)
            if progress is not None:
                progress(SyncProgress(report.mode, pages_done, report.received, page.count))
            yield dataclasses.replace(page, results=checked)

    def _store_page(self, results: list[PackageResult],
                    report: SyncReport) -> list[PackageResult]:
        """One page in short transactions of WRITE_CHUNK packages: upsert ours, archive what
        left, quarantine the bad.
        Returns the results as stored (future-dated packages turned failures)."""
        if len(results) > WRITE_CHUNK:  # short transactions: a scan's write never waits long
            return [checked for start in range(0, len(results), WRITE_CHUNK)
                    for checked in self._store_page(results[start:start + WRITE_CHUNK], report)]
        results = self._refuse_future_dates(results, report)
        decoded = [r.package for r in results if r.package is not None]
        known, was_live = self._stored_states(decoded)
        ours = [(r.package, r.raw) for r in results if r.package is not None
                and r.package.stock_location.id == self.location and r.package.id not in known]
        elsewhere = [p.id for p in decoded if p.stock_location.id != self.location]
        report.other_location += len(elsewhere)
        not_packable = [p.id for p, _ in ours if not stays_live(p, self.profile)]
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
            for failed in results:
                if failed.error is None:
                    continue
                report.quarantined += 1
                quarantine(self.store, package_id=failed.package_id, number=failed.number,
                           reason=str(failed.error), path=failed.error.path, raw=failed.raw,
                           at=now)
        # Shipping labels to disk now, while OMS is reachable: they print offline later.
        fetch_for_packages(self.client, self.store,
                           [p for p in decoded if p.stock_location.id == self.location],
                           invoice_source=self.invoice_source)
        # Let a writer that waited for this transaction (the packing screen's scan,
        # retrying in SQLite's busy handler) take the lock before the next one begins.
        time.sleep(WRITE_YIELD_SECONDS)
        return results

    def _refuse_future_dates(self, results: list[PackageResult],
                             report: SyncReport) -> list[PackageResult]:
        """Turn packages stamped beyond now + skew into failures naming the date."""
        limit = self._now() + self.max_future_skew
        checked = []
        for result in results:
            package = result.package
            if package is not None and _aware(package.modified_date) > limit:
                report.future_dated += 1
                error = DecodeError(
                    f"package: modified_date {iso_utc(package.modified_date)} is more than "
                    f"{self.max_future_skew.total_seconds():.0f} s ahead of this "
                    f"station's clock ({iso_utc(self._now())}); not stored, so it can neither "
                    "become the sync mark nor block later versions of the package",
                    path="$.modified_date", raw=result.raw)
                result = dataclasses.replace(result, package=None, error=error)
            checked.append(result)
        return checked

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

    def _advance_mark(self, seen: dt.datetime) -> None:
        # Never past this station's clock plus the skew: a mark in the future would
        # make every incremental sync skip the changes made until then.
        ceiling = self._now() + self.max_future_skew
        syncstate.advance_high_water_mark(self.store, self.location, min(_aware(seen), ceiling))

    def _get(self, name: str) -> str | None:
        return syncstate.get_value(self.store, _key(name, self.location)) or None

    def _set(self, name: str, value: str | None) -> None:
        syncstate.set_value(self.store, _key(name, self.location), value or None)


@dataclasses.dataclass(frozen=True)
class _PageBudget:
    """The pages a listing may take, from what its first page announced."""

    count: int
    per_page: int
    pages: int

    @classmethod
    def announced_by(cls, first: PackagePage, page_size: int) -> _PageBudget:
        per_page = len(first.results) or page_size
        return cls(first.count, per_page, page_budget(first.count, per_page))

    def check(self, page_number: int) -> None:
        if page_number > self.pages:
            raise DecodeError(
                f"OMS announced {self.count} packages (pages of {self.per_page}) but its "
                f"next links went on past page {self.pages}; stopped without reconciling",
                path="$.next")


def _latest(current: dt.datetime | None, packages: Iterable[Package]) -> dt.datetime | None:
    dates = [_aware(p.modified_date) for p in packages]
    if current is not None:
        dates.append(current)
    return max(dates, default=None)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
