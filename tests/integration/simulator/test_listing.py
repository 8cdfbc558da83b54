"""Package lists, paging, filters and single-package reads of the OMS simulator."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.integration.conftest import PACKAGES, PROFILE, package_path

P = PROFILE


def all_pages(client, path, params):
    """Follow `next` to the end; returns (first page body, every result, page count)."""
    response = client.get(path, params=params)
    assert response.status_code == 200
    first = body = response.json()
    results, pages = list(body["results"]), 1
    while body["next"]:
        body = client.get(body["next"]).json()
        results += body["results"]
        pages += 1
    return first, results, pages


def test_paging_to_the_end_matches_the_count(shared_sim, shared_client):
    first, results, pages = all_pages(shared_client, PACKAGES, {P.param_page_size: 40})
    assert first["count"] == len(shared_sim.package_ids()) == len(results)
    assert pages == -(-first["count"] // 40)
    assert [p["id"] for p in results] == sorted(shared_sim.package_ids())
    assert first["previous"] is None


def test_next_and_previous_links_are_absolute_and_keep_other_params(shared_sim, shared_client):
    params = {P.param_page_size: 2, P.param_stock_location: 1, "unknown_filter": "x"}
    page2 = shared_client.get(PACKAGES, params={**params, P.param_page: 2}).json()
    base = f"{shared_sim.url}{PACKAGES}"
    assert page2["next"] == f"{base}?limit=2&page=3&stock_location=1&unknown_filter=x"
    assert page2["previous"] == f"{base}?limit=2&stock_location=1&unknown_filter=x"


def test_last_page_has_no_next_and_past_the_end_is_404(shared_client):
    count = shared_client.get(PACKAGES, params={P.param_page_size: 50}).json()["count"]
    last = -(-count // 50)
    body = shared_client.get(PACKAGES, params={P.param_page_size: 50, P.param_page: last})
    assert body.json()["next"] is None
    assert len(body.json()["results"]) == count - 50 * (last - 1)
    past = shared_client.get(PACKAGES, params={P.param_page_size: 50, P.param_page: last + 1})
    assert past.status_code == 404
    assert past.json() == {"detail": "Invalid page."}


def test_page_size_is_capped_at_100_and_defaults_to_20(shared_client):
    assert len(shared_client.get(PACKAGES, params={P.param_page_size: 500}).json()[
        "results"]) == 100
    assert len(shared_client.get(PACKAGES).json()["results"]) == 20


def _ids(client, **params):
    _, results, _ = all_pages(client, PACKAGES, {P.param_page_size: 100, **params})
    return [package["id"] for package in results], results


def test_filter_by_stock_location(shared_sim, shared_client):
    ids, results = _ids(shared_client, **{P.param_stock_location: 2})
    assert ids and {p["stock_location"]["id"] for p in results} == {2}
    assert len(ids) == shared_sim.stock_location_counts()[2]


def test_filter_by_state_enum_equal_in_and_not_in(shared_client):
    _, everything = _ids(shared_client)
    enums = [p["state"]["enum_value"] for p in everything]
    waiting, _ = _ids(shared_client, **{P.param_state_enum: "100"})
    assert len(waiting) == enums.count("100") > 0
    packable, results = _ids(shared_client, **{P.param_state_enum_in: "100,200,400"})
    assert {p["state"]["enum_value"] for p in results} == {"100", "200", "400"}
    assert len(packable) == sum(enums.count(e) for e in ("100", "200", "400"))
    rest, results = _ids(shared_client, **{P.param_state_enum_not_in: "100,200,400"})
    assert not {p["state"]["enum_value"] for p in results} & {"100", "200", "400"}
    assert len(rest) + len(packable) == len(everything)


def test_filter_by_modified_date_lower_bound(shared_client):
    _, everything = _ids(shared_client)
    stamps = sorted(p["modified_date"] for p in everything)
    middle = stamps[len(stamps) // 2]
    since = dt.datetime.fromisoformat(middle)
    ids, results = _ids(shared_client, **{P.param_modified_since: since.isoformat()})
    assert len(ids) == sum(1 for s in stamps if s >= middle)
    assert all(p["modified_date"] >= middle for p in results)


def test_filter_by_id_lower_bound_and_sorts(shared_client):
    ids, _ = _ids(shared_client, **{P.param_id_gt: 1100})
    assert ids and min(ids) > 1100 and ids == sorted(ids)
    descending, _ = _ids(shared_client, **{P.param_id_gt: 1100, P.param_sort: "-id"})
    assert descending == sorted(ids, reverse=True)
    _, by_modified = _ids(shared_client, **{P.param_sort: "modified_date"})
    stamps = [p["modified_date"] for p in by_modified]
    assert stamps == sorted(stamps)
    _, newest_first = _ids(shared_client, **{P.param_sort: "-modified_date"})
    assert [p["modified_date"] for p in newest_first] == sorted(stamps, reverse=True)


@pytest.mark.parametrize(("param", "value"), [
    (P.param_stock_location, "abc"), (P.param_modified_since, "yesterday"),
    (P.param_id_gt, "1.5"),
])
def test_malformed_filter_values_are_a_400_naming_the_parameter(shared_client, param, value):
    response = shared_client.get(PACKAGES, params={param: value})
    assert response.status_code == 400
    assert list(response.json()) == [param]


def test_unknown_query_params_are_ignored(shared_client):
    plain = shared_client.get(PACKAGES).json()
    odd = shared_client.get(PACKAGES, params={"colour": "blue", "ordering": "x"}).json()
    assert odd["count"] == plain["count"]
    assert odd["results"] == plain["results"]


def test_short_list_has_item_counts_and_a_minimal_location(shared_sim, shared_client):
    body = shared_client.get(f"{PACKAGES}short/", params={P.param_stock_location: 1}).json()
    row = body["results"][0]
    full = shared_sim.package(row["id"])
    assert row["packageitem_count"] == len(full["packageitem_set"])
    assert set(row["stock_location"]) == {"id", "name", "erp_code", "address"}
    assert "packageitem_set" not in row and "commands" not in row
    assert body["count"] == shared_sim.stock_location_counts()[1]


def test_detail_short_detail_and_404(shared_sim, shared_client):
    pk = shared_sim.package_ids()[10]
    detail = shared_client.get(package_path(pk))
    assert detail.json() == shared_sim.package(pk)
    short = shared_client.get(package_path(pk, "short/")).json()
    assert short["packageitem_set"] == detail.json()["packageitem_set"]
    assert short["commands"] == detail.json()["commands"]
    assert "date_placed" not in short
    missing = shared_client.get(package_path(999_999))
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Not found."}


def test_transition_logs_of_a_generated_package(shared_sim, shared_client):
    ready = next(pk for pk in shared_sim.package_ids()
                 if shared_sim.package(pk)["state"]["enum_value"] == "400")
    body = shared_client.get(package_path(ready, "transition_logs/")).json()
    assert body["count"] == 2 and body["next"] is None
    steps = [(log["old_state"]["enum_value"], log["new_state"]["enum_value"])
             for log in body["results"]]
    assert steps == [("100", "200"), ("200", "400")]
    assert body["results"][0]["object_id"] == ready
    assert shared_client.get(package_path(999_999, "transition_logs/")).status_code == 404


def test_one_client_reuses_one_connection(sim, client):
    before = sim.connections_accepted
    for _ in range(5):
        assert client.get(PACKAGES, params={P.param_page_size: 5}).status_code == 200
    assert sim.connections_accepted == before + 1


def test_every_name_comes_from_the_profile(make_sim, client_for):
    from station.oms.profile import ApiProfile

    profile = ApiProfile(packages_path="/api/v2/oms/pkgs/", login_path="/auth/token/",
                         param_page_size="page_size", param_page="p",
                         param_stock_location="stock_location__id", param_sort="ordering")
    sim = make_sim(profile=profile)
    client = client_for(sim, login=False)
    key = client.post("/auth/token/", json={"username": "demo", "password": "demo"}).json()
    client.headers["Authorization"] = f"Token {key['key']}"
    body = client.get("/api/v2/oms/pkgs/", params={"page_size": 3, "stock_location__id": 2,
                                                   "ordering": "-id"}).json()
    assert body["next"] == f"{sim.url}/api/v2/oms/pkgs/?ordering=-id&p=2&page_size=3" \
                           "&stock_location__id=2"
    ids = [p["id"] for p in body["results"]]
    assert ids == sorted(sim.package_ids(stock_location=2), reverse=True)[:3]
    # The default spellings are now unknown parameters, so they are ignored.
    ignored = client.get("/api/v2/oms/pkgs/", params={"limit": 3, "stock_location": 2}).json()
    assert ignored["count"] == len(sim.package_ids()) and len(ignored["results"]) == 20
    assert client.get(PACKAGES).status_code == 404
    assert client.get(f"/api/v2/oms/pkgs/{ids[0]}/short/").status_code == 200
