"""The print queue on a real SQLite file: claim → sending → printed, crash recovery
(never a blind second copy), the completion hook sharing the outbox's transaction,
waiting for a shipping label that arrives later, and the print settings."""

from __future__ import annotations

import datetime as dt

import pytest

from station import outbox
from station.documents import queue
from station.documents.fetch import SHIPPING_LABEL, store_cached
from station.documents.hooks import packing_hooks, reprint_hook
from station.documents.settings import Destination, PrintSettings
from station.documents.worker import PrintWorker
from station.errors import UsageError
from station.outbox.queue import CommandSpec
from station.store import open_store, upsert_page
from tests.unit.store_factory import PACKED, PREPARING, SYNCED_AT, package_json, page

PDF = b"%PDF-1.4\n% a label\n%%EOF\n"
COMPLETE = CommandSpec("COMPLETE_PACKAGING", 17, None, "Complete packaging",
                       PREPARING[0], PACKED[0])


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "station.db"
    with open_store(path) as store:
        upsert_page(store, page(package_json(42)), synced_at=SYNCED_AT)
    return path


def test_a_job_is_claimed_once_and_printed_once(db):
    with open_store(db) as store:
        job_id = queue.enqueue(store, 7, "slip", "folder:/tmp/x")
        job = queue.claim_next(store)
        assert job is not None and (job.id, job.state) == (job_id, "printing")
        assert queue.claim_next(store) is None  # claimed: nobody else takes it
        queue.mark_sending(store, job.id)
        queue.mark_printed(store, job.id)
        assert queue.jobs(store)[0].state == "printed"
        assert queue.claim_next(store) is None and queue.waiting_count(store) == 0


def test_after_a_crash_only_jobs_that_never_left_are_printed_again(db):
    with open_store(db) as store:
        never_sent = queue.enqueue(store, 1, "slip", "tcp://127.0.0.1:9")
        maybe_sent = queue.enqueue(store, 2, "slip", "tcp://127.0.0.1:9")
        assert queue.claim_next(store).id == never_sent
        assert queue.claim_next(store).id == maybe_sent
        queue.mark_sending(store, maybe_sent)
        # the process dies here; a live worker's fresh claims are not touched
        assert queue.recover_interrupted(store) == (0, 0)
        later = dt.datetime.now(dt.UTC) + queue.STALE_CLAIM + dt.timedelta(seconds=1)
        assert queue.recover_interrupted(store, later) == (1, 1)
        states = {job.id: job.state for job in queue.jobs(store)}
        assert states == {never_sent: "queued", maybe_sent: "uncertain"}
        assert queue.claim_next(store).id == never_sent
        assert queue.claim_next(store) is None  # the uncertain one waits for the packer
        assert queue.retry(store, maybe_sent)  # the packer says: print it again
        assert queue.claim_next(store).id == maybe_sent


def test_print_jobs_commit_or_roll_back_with_the_completion(db):
    settings = PrintSettings(destinations={"slip": "folder:/x", "shipping-label": "cups:z",
                                           "invoice": "folder:/x"})
    hook = packing_hooks(settings)["on_completion"]

    def failing(store):
        hook(store, 42)
        raise RuntimeError("disk gone")

    with open_store(db) as store:
        with pytest.raises(RuntimeError):
            outbox.enqueue_command(store, package_id=42, spec=COMPLETE, input_parameters={},
                                   packer="p", local_effects=failing)
        assert queue.jobs(store) == [] and outbox.entries(store) == []
        outbox.enqueue_command(store, package_id=42, spec=COMPLETE, input_parameters={},
                               packer="p", local_effects=lambda s: hook(s, 42))
        # invoice has a printer but auto-print is off for it by default
        assert [job.document for job in queue.jobs(store)] == ["slip", "shipping-label"]


def test_a_shipping_label_job_waits_for_the_label_then_prints(db, tmp_path):
    out = tmp_path / "out"
    settings = PrintSettings(destinations={SHIPPING_LABEL: f"folder:{out}"})
    worker = PrintWorker(lambda: open_store(db), settings)
    with open_store(db) as store:
        queue.enqueue(store, 9, SHIPPING_LABEL, f"folder:{out}")
    assert worker.run_until_idle() == 0
    with open_store(db) as store:
        (job,) = queue.jobs(store)
        assert job.state == "queued" and "not here yet" in job.reason
        cached = tmp_path / "label.pdf"
        cached.write_bytes(PDF)
        store_cached(store, 9, SHIPPING_LABEL, cached, "application/pdf", len(PDF), "1:/p/")
    assert worker.run_until_idle() == 1  # due again as soon as the label arrived
    assert [path.read_bytes() for path in out.iterdir()] == [PDF]


def test_without_waiting_a_missing_label_fails_with_the_reason(db, tmp_path):
    settings = PrintSettings(wait_for_shipping_label=False)
    with open_store(db) as store:
        queue.enqueue(store, 9, SHIPPING_LABEL, f"folder:{tmp_path}")
    assert PrintWorker(lambda: open_store(db), settings).run_until_idle() == 0
    with open_store(db) as store:
        (job,) = queue.jobs(store)
    assert job.state == "failed" and "not here yet" in job.reason


def test_reprint_needs_a_package_and_adds_new_jobs(db):
    settings = PrintSettings(destinations={"slip": "folder:/x"})
    on_reprint = reprint_hook(settings)
    with open_store(db) as store:
        nothing = on_reprint(store, None, "ayse")
        assert nothing.kind == "error" and "scan the package first" in nothing.message
        done = on_reprint(store, 5, "ayse")
        assert done.saved and "slip" in done.message
        assert [(j.document, j.requested_by) for j in queue.jobs(store)] == [("slip", "ayse")]
        no_printer = reprint_hook(PrintSettings())(store, 5, "ayse")
        assert no_printer.kind == "error" and "No printer" in no_printer.message


@pytest.mark.parametrize(("text", "kind", "target"), [
    ("tcp://10.0.0.7:9100", "tcp", "tcp://10.0.0.7:9100"),
    ("cups:zebra", "cups", "zebra"),
    ("folder:/srv/labels", "folder", "/srv/labels"),
    ("qt:Office Laser", "qt", "Office Laser"),
    ("Office Laser", "qt", "Office Laser"),
])
def test_destinations_parse(text, kind, target):
    assert Destination.parse(text) == Destination(kind, target)


def test_settings_refuse_an_unknown_document_type():
    with pytest.raises(UsageError, match="'recipe' is not a document type"):
        PrintSettings.from_json({"destinations": {"recipe": "cups:x"}})
    settings = PrintSettings.from_json({"destinations": {"slip": "cups:x"},
                                        "auto_print": ["slip", "invoice"]})
    assert settings.auto_documents() == ["slip"]  # invoice: on, but no printer
