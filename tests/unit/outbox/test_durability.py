"""Writes that must be on disk before the station goes on: their COMMIT runs with
`synchronous=FULL` (SQLite fsyncs the WAL before COMMIT returns), not the connection's
everyday `NORMAL` (durable only at the next checkpoint: a power cut may lose it).

`commits_of(store)` watches the store's own connection with SQLite's trace callback
and, at each COMMIT, asks SQLite for the `synchronous` level in force right then — the
level that decides whether that COMMIT is fsynced. Each test fails if the write were
made in a `write_transaction` (NORMAL) instead of a `durable_transaction`.

* a verified item (`station.packing.session`): the packer hears "saved";
* `mark_sending` (`station.outbox.heads`): once the POST may have left, a power cut must
  not turn the entry back into `pending`, which would send it a second time.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from collections.abc import Iterator

import pytest

from station import outbox
from station.outbox.heads import mark_sending
from station.outbox.queue import CommandSpec
from station.packing.session import PackingConfig, PackingSession
from station.store import open_store, upsert_page
from station.store.db import Store
from tests.unit.store_factory import (
    PREPARING,
    SYNCED_AT,
    WAITING,
    item_json,
    package_json,
    page,
    product_json,
)

FULL, NORMAL = 2, 1  # PRAGMA synchronous values
NOW = dt.datetime(2024, 5, 1, 13, 0, tzinfo=dt.UTC)
EAN = "4006381333931"
START = CommandSpec("PKG_STATE_TRANSITION", 1, None, "Start", WAITING[0], PREPARING[0])


@dataclasses.dataclass
class Commit:
    synchronous: int  # the level in force when COMMIT ran
    statements: list[str]

    def touches(self, fragment: str) -> bool:
        return any(fragment in sql for sql in self.statements)


@contextlib.contextmanager
def commits_of(store: Store) -> Iterator[list[Commit]]:
    """Every COMMIT on `store`'s connection while inside, with its statements."""
    conn, commits, pending = store.conn, [], []

    def trace(sql: str) -> None:
        if sql.strip().upper().startswith("COMMIT"):
            level = conn.execute("PRAGMA synchronous").fetchone()[0]
            commits.append(Commit(level, list(pending)))
            pending.clear()
        elif not sql.startswith("PRAGMA synchronous"):
            pending.append(sql)

    conn.set_trace_callback(trace)
    try:
        yield commits
    finally:
        conn.set_trace_callback(None)


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "station.db") as opened:
        upsert_page(opened, page(package_json(1, number="P1", items=[
            item_json(11, product_json(1, sku="MUG-1", barcode=EAN, name="Mug"))])),
            synced_at=SYNCED_AT)
        assert opened.conn.execute("PRAGMA synchronous").fetchone()[0] == NORMAL
        yield opened


def test_the_watch_tells_a_durable_commit_from_an_everyday_one(store):
    from station.store.db import durable_transaction, write_transaction

    with commits_of(store) as commits:
        with write_transaction(store):
            store.conn.execute("CREATE TABLE everyday (x)")
        with durable_transaction(store):
            store.conn.execute("CREATE TABLE durable (x)")
    assert [(c.synchronous, c.touches("everyday"), c.touches("durable"))
            for c in commits] == [(NORMAL, True, False), (FULL, False, True)]


def test_a_verified_item_is_committed_durably(store):
    session = PackingSession(store, packer="ann", config=PackingConfig(
        auto_start_preparing=False), now=lambda: NOW)
    assert session.handle_scan("P1").package_id == 1
    with commits_of(store) as commits:
        outcome = session.handle_scan(EAN)
    assert outcome.saved, outcome
    saving = [c for c in commits if c.touches("verifications")
              and any(sql.upper().startswith("INSERT") for sql in c.statements)]
    assert saving, [c.statements for c in commits]
    assert all(c.synchronous == FULL for c in saving), saving


def test_mark_sending_is_committed_durably(store):
    entry = outbox.enqueue_command(store, package_id=1, spec=START, input_parameters={},
                                   packer="ann", now=NOW)
    with commits_of(store) as commits:
        sending = mark_sending(store, entry, NOW)
    assert sending is not None and sending.status == "sending"
    marking = [c for c in commits if c.touches("status = 'sending'")]
    assert len(marking) == 1, [c.statements for c in commits]
    assert marking[0].synchronous == FULL
    assert sending.first_sent_at == NOW and sending.attempts == 1
