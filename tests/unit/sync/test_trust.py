"""Payloads that must not damage the cache: a package without items, a date far in the
future, one undecodable package on a page, a sync that would archive most of the
cache, an endless `next` chain, and the incremental overlap window.

The OMS here is hand-written (httpx MockTransport): it honours `modified_date__gte`
and pages its listing, so a filter or a page the syncer gets wrong shows."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable

import httpx
import pytest

from station.errors import DecodeError
from station.oms.client import OmsClient
from station.oms.transport import RetryPolicy
from station.store import open_store, quarantined, status
from station.sync import confirm_mass_archive, discard_mass_archive, pending_mass_archive
from station.sync.syncer import Syncer

LOCATION = 5
NO_RETRY = RetryPolicy(attempts=1, wait_initial=0, wait_max=0, wait_jitter=0)
DEEP = 100_000
Entry = dict | bytes  # a package as a dict, or its raw JSON bytes (for broken JSON)


def seed_package(fixtures_dir, **changes) -> dict:
    packages = json.loads((fixtures_dir / "seed_order_webhook.json").read_text())
    package = copy.deepcopy(next(p for p in packages["payload"]["packages"] if p["id"] == 2))
    package["stock_location"]["id"] = LOCATION
    package.update(changes)
    return package


def packages(fixtures_dir, count: int, first_id: int = 100) -> list[dict]:
    return [seed_package(fixtures_dir, id=pk, number=f"N{pk}") for pk in
            range(first_id, first_id + count)]


def _modified(entry: Entry) -> dt.datetime | None:
    if isinstance(entry, bytes):
        return None  # broken JSON: always listed
    return dt.datetime.fromisoformat(entry["modified_date"].replace("Z", "+00:00"))


class PagedOms:
    """Lists `listing` (filtered by `modified_date__gte`) in pages of `page_size`;
    serves details from `details` (404 otherwise). `endless` makes every page link to
    one more, up to `endless` pages, while announcing only the listing's count."""

    def __init__(self, listing: list[Entry], details: dict[int, dict] | None = None,
                 page_size: int = 100, endless: int = 0) -> None:
        self.listing = listing
        self.details = details if details is not None else {}
        self.page_size = page_size
        self.endless = endless
        self.list_requests = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path != "/api/v1/oms/packages/":
            last = path.rstrip("/").rsplit("/", 1)[1]  # a package id, or another list
            if last.isdigit() and int(last) in self.details:
                return httpx.Response(200, json=self.details[int(last)])
            return httpx.Response(404, json={"detail": "Not found."})
        self.list_requests += 1
        since = request.url.params.get("modified_date__gte")
        rows = self.listing
        if since is not None:
            floor = dt.datetime.fromisoformat(since)
            rows = [e for e in rows if _modified(e) is None or _modified(e) >= floor]
        number = int(request.url.params.get("page", "1"))
        chunk = rows[(number - 1) * self.page_size:number * self.page_size]
        more = number * self.page_size < len(rows) or number < self.endless
        next_url = str(request.url.copy_set_param("page", number + 1)) if more else None
        return httpx.Response(200, content=envelope(len(rows), next_url, chunk),
                              headers={"content-type": "application/json"})


def envelope(count: int, next_url: str | None, entries: list[Entry]) -> bytes:
    items = b",".join(e if isinstance(e, bytes) else json.dumps(e).encode() for e in entries)
    head = json.dumps({"count": count, "next": next_url, "previous": None})[:-1].encode()
    return head + b', "results": [' + items + b"]}"


def make_syncer(tmp_path, handler: Callable, **options) -> Syncer:
    client = OmsClient("https://oms.test", token="test-token-123456", retry=NO_RETRY,
                       http=httpx.Client(transport=httpx.MockTransport(handler)))
    options.setdefault("monotonic", lambda: 0.0)  # a listing that takes no time
    return Syncer(client, open_store(tmp_path / "s.db"), stock_location_id=LOCATION, **options)


def live(syncer: Syncer) -> set[int]:
    return {pk for (pk,) in syncer.store.conn.execute(
        "SELECT id FROM packages WHERE archived = 0")}


def item_count(syncer: Syncer, package_id: int) -> int:
    return syncer.store.conn.execute(
        "SELECT count(*) FROM package_items WHERE package_id = ?", (package_id,)).fetchone()[0]


def only_quarantine_row(syncer: Syncer) -> dict:
    rows = quarantined(syncer.store)
    assert len(rows) == 1, rows
    return rows[0]


# --- 1. a package without packageitem_set ---------------------------------------------


def test_a_package_without_packageitem_set_is_quarantined_naming_the_field(
        tmp_path, fixtures_dir):
    good, bare = packages(fixtures_dir, 2)
    del bare["packageitem_set"]
    syncer = make_syncer(tmp_path, PagedOms([good, bare]))
    report = syncer.sync()
    assert live(syncer) == {good["id"]}
    assert report.quarantined == 1
    row = only_quarantine_row(syncer)
    assert row["package_id"] == bare["id"]
    assert row["path"] == "$.packageitem_set"
    assert "packageitem_set" in row["reason"]


def test_an_empty_packageitem_set_is_quarantined_not_stored_without_items(
        tmp_path, fixtures_dir):
    good, empty = packages(fixtures_dir, 2)
    empty["packageitem_set"] = []
    syncer = make_syncer(tmp_path, PagedOms([good, empty]))
    syncer.sync()
    assert live(syncer) == {good["id"]}
    assert only_quarantine_row(syncer)["path"] == "$.packageitem_set"


def test_a_cached_package_keeps_its_items_when_an_update_lacks_them(tmp_path, fixtures_dir):
    (package,) = packages(fixtures_dir, 1)
    oms = PagedOms([package])
    syncer = make_syncer(tmp_path, oms)
    syncer.sync()
    items_before = item_count(syncer, package["id"])
    assert items_before > 0
    bare = {**package, "modified_date": "2022-05-01T00:00:00Z"}
    del bare["packageitem_set"]
    oms.listing = [bare]
    syncer.sync(full=True)
    assert item_count(syncer, package["id"]) == items_before
    assert only_quarantine_row(syncer)["path"] == "$.packageitem_set"


# --- 2. a modified_date far in the future ----------------------------------------------


def test_a_future_modified_date_never_becomes_the_high_water_mark(tmp_path, fixtures_dir):
    good, future = packages(fixtures_dir, 2)
    future["modified_date"] = "9999-12-31T00:00:00Z"
    oms = PagedOms([good, future])
    syncer = make_syncer(tmp_path, oms)
    report = syncer.sync()
    assert report.future_dated == 1 and report.quarantined == 1
    assert live(syncer) == {good["id"]}
    assert syncer._mark() <= dt.datetime.now(dt.UTC)
    row = only_quarantine_row(syncer)
    assert row["path"] == "$.modified_date"
    assert "9999-12-31" in row["reason"] and "ahead of this station's clock" in row["reason"]
    # OMS fixes the date: the next (incremental) sync picks the package up.
    future["modified_date"] = "2022-05-01T00:00:00Z"
    report = syncer.sync()
    assert report.mode == "incremental"
    assert live(syncer) == {good["id"], future["id"]}
    assert quarantined(syncer.store) == []


def test_a_future_modified_date_never_freezes_a_cached_package(tmp_path, fixtures_dir):
    (package,) = packages(fixtures_dir, 1)
    oms = PagedOms([package])
    syncer = make_syncer(tmp_path, oms)
    syncer.sync()
    oms.listing = [{**package, "modified_date": "9999-12-31T00:00:00Z", "number": "BAD"}]
    syncer.sync(full=True)
    oms.listing = [{**package, "modified_date": "2022-05-01T00:00:00Z", "number": "FIXED"}]
    syncer.sync(full=True)
    (number,) = syncer.store.conn.execute(
        "SELECT number FROM packages WHERE id = ?", (package["id"],)).fetchone()
    assert number == "FIXED"


def test_the_mark_never_passes_the_clock_plus_skew(tmp_path, fixtures_dir):
    (package,) = packages(fixtures_dir, 1)
    now = dt.datetime(2022, 4, 28, 8, 0, tzinfo=dt.UTC)
    package["modified_date"] = (now + dt.timedelta(seconds=30)).isoformat()
    syncer = make_syncer(tmp_path, PagedOms([package]), now=lambda: now,
                         max_future_skew=dt.timedelta(seconds=60))
    syncer.sync()
    assert live(syncer) == {package["id"]}  # within the skew: stored
    assert syncer._mark() <= now + dt.timedelta(seconds=60)


# --- 3. one bad package on a page ------------------------------------------------------


def _with_raw_field(package: dict, field: str, raw_value: bytes) -> bytes:
    text = json.dumps({**package, field: "PLACEHOLDER"}).encode()
    return text.replace(b'"PLACEHOLDER"', raw_value)


def test_a_lone_surrogate_costs_only_its_package(tmp_path, fixtures_dir):
    first, broken, last = packages(fixtures_dir, 3)
    raw = _with_raw_field(broken, "order_notes", b'"\\ud83d"')
    syncer = make_syncer(tmp_path, PagedOms([first, raw, last]))
    report = syncer.sync()
    assert live(syncer) == {first["id"], last["id"]}
    assert report.quarantined == 1
    row = only_quarantine_row(syncer)
    assert "lone UTF-16 surrogate escape" in row["reason"]
    assert row["package_id"] == broken["id"]


def test_deep_nesting_costs_only_its_package_with_a_clear_reason(tmp_path, fixtures_dir):
    first, broken, last = packages(fixtures_dir, 3)
    raw = _with_raw_field(broken, "extra_information", b"[" * DEEP + b"]" * DEEP)
    syncer = make_syncer(tmp_path, PagedOms([first, raw, last]))
    report = syncer.sync()
    assert live(syncer) == {first["id"], last["id"]}
    assert report.quarantined == 1
    row = only_quarantine_row(syncer)
    assert "nested too deeply" in row["reason"]
    assert row["package_id"] == broken["id"]


def test_a_bad_package_on_read_back_costs_only_that_package(tmp_path, fixtures_dir):
    cached = packages(fixtures_dir, 2)
    oms = PagedOms(cached)
    syncer = make_syncer(tmp_path, oms)
    syncer.sync()
    oms.listing = [cached[1]]
    broken = {**cached[0]}
    del broken["packageitem_set"]
    oms.details = {cached[0]["id"]: broken}
    report = syncer.sync(full=True)
    assert live(syncer) == {p["id"] for p in cached}  # not archived on a bad read
    assert report.quarantined == 1


# --- 4. a sync that would archive most of the cache ------------------------------------


def test_a_mass_archive_stops_and_asks(tmp_path, fixtures_dir):
    cached = packages(fixtures_dir, 10)
    oms = PagedOms(cached)
    syncer = make_syncer(tmp_path, oms)
    syncer.sync()
    oms.listing = cached[:2]  # e.g. pointed at the wrong OMS: the rest answer 404
    report = syncer.sync(full=True)
    assert report.archived == 0 and report.archive_pending == 8
    assert live(syncer) == {p["id"] for p in cached}
    pending = status(syncer.store)["pending_mass_archive"]
    assert [(d["stock_location_id"], d["count"], d["live"]) for d in pending] == [
        (LOCATION, 8, 10)]
    assert "confirm" in pending[0]["message"]
    assert confirm_mass_archive(syncer.store, LOCATION) == 8
    assert live(syncer) == {p["id"] for p in cached[:2]}
    assert status(syncer.store)["pending_mass_archive"] == []


def test_a_discarded_mass_archive_archives_nothing(tmp_path, fixtures_dir):
    cached = packages(fixtures_dir, 10)
    oms = PagedOms(cached)
    syncer = make_syncer(tmp_path, oms)
    syncer.sync()
    oms.listing = []
    syncer.sync(full=True)
    assert pending_mass_archive(syncer.store, LOCATION) is not None
    assert discard_mass_archive(syncer.store, LOCATION) is True
    assert pending_mass_archive(syncer.store, LOCATION) is None
    assert live(syncer) == {p["id"] for p in cached}


def test_a_confirmed_archive_spares_a_package_that_came_back(tmp_path, fixtures_dir):
    cached = packages(fixtures_dir, 10)
    oms = PagedOms(cached)
    syncer = make_syncer(tmp_path, oms)
    syncer.sync()
    oms.listing = []
    syncer.sync(full=True)
    back = {**cached[0], "modified_date": "2022-05-01T00:00:00Z"}
    oms.listing = [back]
    syncer.sync()  # incremental: the package is back with a newer version
    assert confirm_mass_archive(syncer.store, LOCATION) == 9
    assert live(syncer) == {back["id"]}


def test_a_small_archive_needs_no_confirmation(tmp_path, fixtures_dir):
    cached = packages(fixtures_dir, 10)
    oms = PagedOms(cached)
    syncer = make_syncer(tmp_path, oms)
    syncer.sync()
    oms.listing = cached[1:]
    report = syncer.sync(full=True)
    assert report.archived == 1 and report.archive_pending == 0


@pytest.mark.parametrize(("share", "archived"), [(0.9, 8), (0.5, 0)])
def test_the_mass_archive_share_is_configurable(tmp_path, fixtures_dir, share, archived):
    cached = packages(fixtures_dir, 10)
    oms = PagedOms(cached)
    syncer = make_syncer(tmp_path, oms, max_archive_share=share)
    syncer.sync()
    oms.listing = cached[:2]
    assert syncer.sync(full=True).archived == archived


# --- 5. a next chain longer than announced ---------------------------------------------


def test_a_next_chain_is_bounded_by_the_announced_count(tmp_path, fixtures_dir):
    listing = packages(fixtures_dir, 3)
    oms = PagedOms(listing, page_size=1, endless=200)
    syncer = make_syncer(tmp_path, oms)
    with pytest.raises(DecodeError, match="announced 3 packages"):
        syncer.sync()
    assert oms.list_requests < 10  # 5 allowed, and two fetched ahead at most
    assert "announced 3 packages" in status(syncer.store)["last_error"]
    assert live(syncer) == {p["id"] for p in listing}  # what came before is kept


def test_a_chain_that_grows_a_little_is_followed(tmp_path, fixtures_dir):
    listing = packages(fixtures_dir, 10)
    oms = PagedOms(listing, page_size=1, endless=11)  # one empty page more than announced
    syncer = make_syncer(tmp_path, oms)
    syncer.sync()
    assert live(syncer) == {p["id"] for p in listing}


# --- 7. the incremental overlap window -------------------------------------------------


def test_incremental_sync_rereads_the_overlap_before_the_mark(tmp_path, fixtures_dir):
    first = seed_package(fixtures_dir, id=100, number="N100",
                         modified_date="2022-05-01T12:00:00Z")
    oms = PagedOms([first])
    syncer = make_syncer(tmp_path, oms)
    syncer.sync()
    mark = syncer._mark()
    assert mark == dt.datetime(2022, 5, 1, 12, tzinfo=dt.UTC)
    # Two changes committed late by OMS: one stamped exactly at the mark, one just before.
    at_mark = seed_package(fixtures_dir, id=101, number="N101",
                           modified_date="2022-05-01T12:00:00Z")
    before = seed_package(fixtures_dir, id=102, number="N102",
                          modified_date="2022-05-01T11:59:59Z")
    oms.listing = [first, at_mark, before]
    report = syncer.sync()
    assert report.mode == "incremental"
    assert live(syncer) == {100, 101, 102}


def test_a_mass_archive_is_caught_when_one_sync_reads_back_only_a_few(tmp_path, fixtures_dir):
    cached = packages(fixtures_dir, 20)
    oms = PagedOms(cached)
    syncer = make_syncer(tmp_path, oms, max_verify=3)
    syncer.sync()
    oms.listing = []  # all 20 gone; 3 read back per sync would archive 15 % a time
    report = syncer.sync(full=True)
    assert report.archived == 0 and report.archive_pending == 3
    decision = pending_mass_archive(syncer.store, LOCATION)
    assert (decision["count"], decision["projected"]) == (3, 20)
    assert "about 20 (3 confirmed so far) of 20 live packages" in decision["message"]
