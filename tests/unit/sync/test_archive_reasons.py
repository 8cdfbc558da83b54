"""Why the sync archived a package reaches the packer translatable: the database keeps
the stable English text, and reading it back gives a Message (older or unknown texts
are shown as stored)."""

from __future__ import annotations

import httpx

from station.messages import Message
from station.oms.client import OmsClient
from station.packing.session import PackingConfig, PackingSession
from station.simulator import Simulator, SimulatorConfig
from station.store import archive_packages, open_store, upsert_page
from station.sync.reasons import (
    GONE_FROM_OMS,
    LEFT_PACKABLE_STATES,
    MOVED_AWAY,
    archived_reason_sentence,
)
from station.sync.syncer import Syncer
from tests.unit.packing.test_session import packages
from tests.unit.store_factory import SYNCED_AT, page
from tests.unit.sync.test_syncer import ANCHOR, NO_RETRY, SIM_LOCATION
from tests.unit.test_messages import nested


def test_each_stored_reason_reads_back_as_a_message_and_old_texts_stay_readable():
    for stored in (GONE_FROM_OMS, MOVED_AWAY, LEFT_PACKABLE_STATES):
        sentence = archived_reason_sentence(stored)
        assert isinstance(sentence, Message) and sentence == stored
    assert archived_reason_sentence("packed on another station") == "packed on another station"
    assert archived_reason_sentence(None) is None and archived_reason_sentence("") == ""


def test_a_package_the_sync_archived_tells_the_packer_why_in_a_translatable_sentence(
        tmp_path):
    config = SimulatorConfig(packages=12, locations=1, seed=4, anchor=ANCHOR,
                             include_seed_packages=False)
    with Simulator(config).start(in_process=True) as sim, \
            httpx.Client(transport=sim.transport()) as http, \
            OmsClient(sim.url, http=http, username="demo", password="demo",
                      retry=NO_RETRY) as client, open_store(tmp_path / "s.db") as store:
        syncer = Syncer(client, store, stock_location_id=SIM_LOCATION)
        syncer.sync(full=True)
        deleted, number = store.conn.execute(
            "SELECT id, number FROM packages WHERE archived = 0 ORDER BY id").fetchone()
        sim.delete_package(deleted)
        syncer.sync(full=True)
        session = PackingSession(store, packer="ann",
                                 config=PackingConfig(auto_start_preparing=False))
        outcome = session.handle_scan(number)
    assert outcome.kind == "error" and "(no longer on OMS (404))" in outcome.message
    assert "no longer on OMS (404)" in {part.template for part in nested(outcome.message)}


def test_an_open_package_closed_by_an_archive_says_why_translatably(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        upsert_page(store, page(*packages()), synced_at=SYNCED_AT)
        session = PackingSession(store, packer="ann",
                                 config=PackingConfig(auto_start_preparing=False))
        session.handle_scan("P1")
        archive_packages(store, [1], MOVED_AWAY)
        outcome = session.handle_scan("MUG-1")
    assert "moved to another stock location" in {
        part.template for part in nested(outcome.message)}
