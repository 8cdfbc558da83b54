"""A sync that would archive a large share of the cache asks in the window: the packer
sees how many packages OMS no longer lists and archives them or keeps them."""

from __future__ import annotations

import datetime as dt

from station.store import live_package_ids
from station.sync import pending_mass_archive
from station.sync.mass_archive import ArchiveCandidate, record_pending
from tests.ui.conftest import LOCATION


def pend(station, count: int) -> list[int]:
    store = station.window.session.store
    live = sorted(live_package_ids(store, LOCATION))
    chosen = live[:count]
    record_pending(store, LOCATION, [ArchiveCandidate(pk, "gone from OMS") for pk in chosen],
                   live=len(live), max_share=0.2, at=dt.datetime.now(dt.UTC))
    return chosen


def test_the_prompt_shows_after_a_sync_and_archives_on_request(make_station, qtbot):
    station = make_station()
    window = station.window
    chosen = pend(station, 10)
    window.on_synced({"stored": 0})
    prompt = window.mass_archive
    assert prompt is not None and prompt.isVisible()
    assert "no longer lists 10 of this station's" in prompt.text()
    assert "Nothing was archived" in prompt.text()

    prompt.archive_button.click()

    store = window.session.store
    assert not set(chosen) & set(live_package_ids(store, LOCATION))
    assert pending_mass_archive(store, LOCATION) is None
    assert "10 packages archived" in window.banner.message


def test_keeping_them_archives_nothing(make_station):
    station = make_station()
    window = station.window
    chosen = pend(station, 8)
    window.on_synced({"stored": 0})
    assert window.mass_archive is not None
    window.mass_archive.keep_button.click()
    store = window.session.store
    assert set(chosen) <= set(live_package_ids(store, LOCATION))
    assert pending_mass_archive(store, LOCATION) is None
    assert not window.mass_archive.isVisible()


def test_no_prompt_without_a_pending_decision(make_station):
    station = make_station()
    station.window.on_synced({"stored": 0})
    assert station.window.mass_archive is not None
    assert not station.window.mass_archive.isVisible()
