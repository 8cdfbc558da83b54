"""Syncer against a hand-written OMS (httpx MockTransport): what a broken, empty or
malformed answer may and may not do to the cache. The hand-written `FakeOms` stays for
answers no OMS gives on purpose (an empty listing from a hiccup, a filter ignored,
fuzzed or oversized payloads); normal OMS behaviour (archiving what left the listing)
runs on the in-process simulator."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Callable

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from station.oms.client import OmsClient
from station.oms.profile import DEFAULT_PROFILE
from station.oms.transport import RetryPolicy
from station.simulator import Simulator, SimulatorConfig
from station.store import open_store
from station.sync.syncer import Syncer

LOCATION = 5
SIM_LOCATION = 1  # the simulator here is made with locations=1
ANCHOR = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
NO_RETRY = RetryPolicy(attempts=1, wait_initial=0, wait_max=0, wait_jitter=0)


def seed_package(fixtures_dir, **changes) -> dict:
    packages = json.loads((fixtures_dir / "seed_order_webhook.json").read_text())
    package = copy.deepcopy(next(p for p in packages["payload"]["packages"] if p["id"] == 2))
    package["stock_location"]["id"] = LOCATION
    package.update(changes)
    return package


def packages(fixtures_dir, count: int, first_id: int = 100) -> list[dict]:
    return [seed_package(fixtures_dir, id=pk, number=f"N{pk}") for pk in
            range(first_id, first_id + count)]


class FakeOms:
    """Serves `listing` as one page and each package's detail from `details`."""

    def __init__(self, listing: list, details: dict[int, dict] | None = None) -> None:
        self.listing = listing
        self.details = details if details is not None else {}
        self.detail_requests: list[int] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/api/v1/oms/packages/":
            body = {"count": len(self.listing), "next": None, "previous": None,
                    "results": self.listing}
            return httpx.Response(200, json=body)
        last = path.rstrip("/").rsplit("/", 1)[1]
        if not last.isdigit():  # another list (denial reasons): this OMS has none
            return httpx.Response(404, json={"detail": "Not found."})
        package_id = int(last)
        self.detail_requests.append(package_id)
        if package_id in self.details:
            return httpx.Response(200, json=self.details[package_id])
        return httpx.Response(404, json={"detail": "Not found."})


def make_syncer(tmp_path, handler: Callable, name: str = "s.db") -> Syncer:
    client = OmsClient("https://oms.test", token="test-token-123456", retry=NO_RETRY,
                       http=httpx.Client(transport=httpx.MockTransport(handler)))
    return Syncer(client, open_store(tmp_path / name), stock_location_id=LOCATION)


def live(syncer: Syncer) -> set[int]:
    return {pk for (pk,) in syncer.store.conn.execute(
        "SELECT id FROM packages WHERE archived = 0")}


def test_an_empty_listing_does_not_empty_the_cache(tmp_path, fixtures_dir):
    cached = packages(fixtures_dir, 5)
    oms = FakeOms(cached, {p["id"]: p for p in cached})
    syncer = make_syncer(tmp_path, oms)
    syncer.sync()
    oms.listing = []  # a broken proxy or a server hiccup answering "nothing"
    report = syncer.sync(full=True)
    assert live(syncer) == {p["id"] for p in cached}
    assert report.archived == 0
    assert sorted(oms.detail_requests) == [p["id"] for p in cached]  # each one checked


def test_unseen_packages_are_archived_only_when_oms_confirms(tmp_path):
    """On the in-process simulator: one package deleted on OMS, one packed elsewhere;
    both drop out of the listing, and each is archived only after its own detail GET
    says why (404, or a state that is not packable)."""
    config = SimulatorConfig(packages=40, locations=1, seed=4, anchor=ANCHOR,
                             include_seed_packages=False)
    with Simulator(config).start(in_process=True) as sim, \
            httpx.Client(transport=sim.transport()) as http, \
            OmsClient(sim.url, http=http, username="demo", password="demo",
                      retry=NO_RETRY) as client, open_store(tmp_path / "s.db") as store:
        syncer = Syncer(client, store, stock_location_id=SIM_LOCATION)
        syncer.sync(full=True)
        cached = live(syncer)
        deleted, packed = sorted(cached)[:2]
        sim.delete_package(deleted)
        sim.apply_command_as_other_station(packed, "COMPLETE_PACKAGING")
        mark = len(sim.requests())
        report = syncer.sync(full=True)
        details = [r["path"] for r in sim.requests()[mark:]
                   if re.fullmatch(rf"{DEFAULT_PROFILE.packages_path}\d+/", r["path"])]
        assert live(syncer) == cached - {deleted, packed}
        reasons = dict(store.conn.execute(
            "SELECT id, archived_reason FROM packages WHERE archived = 1").fetchall())
    assert reasons == {deleted: "no longer on OMS (404)", packed: "left the packable states"}
    assert report.archived == 2
    assert sorted(details) == sorted(f"{DEFAULT_PROFILE.packages_path}{pk}/"
                                     for pk in (deleted, packed))


def test_a_filter_the_server_ignored_is_applied_here(tmp_path, fixtures_dir):
    ours = packages(fixtures_dir, 2)
    theirs = seed_package(fixtures_dir, id=900, number="N900")
    theirs["stock_location"]["id"] = LOCATION + 1
    syncer = make_syncer(tmp_path, FakeOms([*ours, theirs]))
    report = syncer.sync()
    assert live(syncer) == {p["id"] for p in ours}
    assert report.other_location == 1


JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5))
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=6,
)
FIELDS = ["id", "number", "state", "stock_location", "modified_date", "packageitem_set",
          "commands", "order_number", "target_packing_date"]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FIELDS), value=JSON_VALUES, drop=st.booleans())
def test_malformed_payloads_lose_nothing_valid(tmp_path_factory, fixtures_dir, field, value,
                                               drop):
    good = packages(fixtures_dir, 3)
    broken = seed_package(fixtures_dir, id=500, number="N500")
    if drop:
        broken.pop(field)
    else:
        broken[field] = value
    tmp = tmp_path_factory.mktemp("fuzz")
    syncer = make_syncer(tmp, FakeOms([good[0], broken, good[1], good[2]]))
    report = syncer.sync()
    stored = live(syncer)
    assert {p["id"] for p in good} <= stored
    quarantined = syncer.store.conn.execute("SELECT count(*) FROM quarantine").fetchone()[0]
    # The broken one is either still a valid package of ours, or quarantined, or not ours.
    # (A mutated id that is still an int simply names another package.)
    broken_id = broken.get("id") if isinstance(broken.get("id"), int) else 500
    assert broken_id in stored or quarantined == 1 or report.other_location == 1 or (
        report.archived == 1)
    syncer.store.close()
    syncer.client.close()


def test_an_id_beyond_64_bits_is_quarantined_not_a_crash(tmp_path, fixtures_dir):
    good = packages(fixtures_dir, 2)
    huge = seed_package(fixtures_dir, id=2**63, number="HUGE")
    syncer = make_syncer(tmp_path, FakeOms([good[0], huge, good[1]]))
    report = syncer.sync()
    assert live(syncer) == {p["id"] for p in good}
    assert report.quarantined == 1
    (reason,) = syncer.store.conn.execute("SELECT reason FROM quarantine").fetchone()
    assert "id" in reason
