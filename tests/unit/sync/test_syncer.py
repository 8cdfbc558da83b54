"""Syncer against a hand-written OMS (httpx MockTransport): what a broken, empty or
malformed answer may and may not do to the cache."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from station.oms.client import OmsClient
from station.oms.transport import RetryPolicy
from station.store import open_store
from station.sync.syncer import Syncer

LOCATION = 5
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
        package_id = int(path.rstrip("/").rsplit("/", 1)[1])
        self.detail_requests.append(package_id)
        if package_id in self.details:
            return httpx.Response(200, json=self.details[package_id])
        return httpx.Response(404, json={"detail": "Not found."})


def make_syncer(tmp_path, handler: Callable, name: str = "s.db") -> Syncer:
    client = OmsClient("http://oms.test", token="t", retry=NO_RETRY,
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


def test_unseen_packages_are_archived_only_when_oms_confirms(tmp_path, fixtures_dir):
    cached = packages(fixtures_dir, 3)
    packed = copy.deepcopy(cached[1])
    packed["state"] = {**packed["state"], "enum_value": "500", "name": "Packed"}
    packed["modified_date"] = "2030-01-01T00:00:00Z"
    oms = FakeOms(cached, {cached[1]["id"]: packed})
    syncer = make_syncer(tmp_path, oms)
    syncer.sync()
    oms.listing = [cached[2]]
    report = syncer.sync(full=True)
    assert live(syncer) == {cached[2]["id"]}
    reasons = dict(syncer.store.conn.execute(
        "SELECT id, archived_reason FROM packages WHERE archived = 1").fetchall())
    assert reasons == {cached[0]["id"]: "no longer on OMS (404)",
                       cached[1]["id"]: "left the packable states"}
    assert report.archived == 2


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
