"""The print queue's functions for the print jobs screen, on a real SQLite file:
cancelling a job that has not printed, printing a job again (elsewhere), and the
screen's list (everything not printed, and what printed since a moment)."""

from __future__ import annotations

import datetime as dt

import pytest

from station.documents import queue
from station.store import open_store

NOW = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "station.db") as opened:
        yield opened


def test_a_waiting_job_can_be_cancelled_and_is_never_printed(store):
    job_id = queue.enqueue(store, 7, "slip", "tcp://127.0.0.1:9", now=NOW)
    assert queue.cancel(store, job_id)
    assert queue.jobs(store)[0].state == "cancelled"
    assert queue.claim_next(store) is None and queue.waiting_count(store) == 0
    assert not queue.cancel(store, job_id)  # already cancelled
    assert not queue.retry(store, job_id)  # a cancelled job stays cancelled


def test_a_printed_or_printing_job_cannot_be_cancelled(store):
    printed = queue.enqueue(store, 7, "slip", "folder:/tmp/x", now=NOW)
    queue.claim_next(store)
    queue.mark_printed(store, printed)
    printing = queue.enqueue(store, 8, "label", "folder:/tmp/x", now=NOW)
    queue.claim_next(store)
    assert not queue.cancel(store, printed) and not queue.cancel(store, printing)
    assert [job.state for job in queue.jobs(store)] == ["printed", "printing"]


def test_print_again_adds_a_new_job_for_the_same_document(store):
    first = queue.enqueue(store, 7, "label", "tcp://10.0.0.7:9100", now=NOW)
    queue.claim_next(store)
    queue.mark_printed(store, first)
    same = queue.print_again(store, first, packer="ayse")
    elsewhere = queue.print_again(store, first, packer="ayse", destination="folder:/tmp/y")
    jobs = {job.id: job for job in queue.jobs(store)}
    assert jobs[first].state == "printed"
    assert (jobs[same].package_id, jobs[same].document, jobs[same].destination,
            jobs[same].requested_by, jobs[same].state) == (
        7, "label", "tcp://10.0.0.7:9100", "ayse", "queued")
    assert jobs[elsewhere].destination == "folder:/tmp/y"
    assert queue.print_again(store, 999, packer="ayse") is None


def test_the_screen_lists_what_waits_and_what_printed_since_the_day_began(store):
    old = queue.enqueue(store, 1, "slip", "folder:/tmp/x", now=NOW)
    queue.claim_next(store, NOW)
    queue.mark_printed(store, old, now=NOW - dt.timedelta(days=1))
    today = queue.enqueue(store, 2, "slip", "folder:/tmp/x", now=NOW)
    queue.claim_next(store, NOW)
    queue.mark_printed(store, today, now=NOW)
    waiting = queue.enqueue(store, 3, "label", "tcp://127.0.0.1:9", now=NOW)
    failed = queue.enqueue(store, 4, "invoice", "folder:/tmp/x", now=NOW)
    queue.mark_failed(store, failed, "no invoice")
    cancelled = queue.enqueue(store, 5, "slip", "folder:/tmp/x", now=NOW)
    queue.cancel(store, cancelled)
    shown = queue.screen_jobs(store, printed_since=NOW - dt.timedelta(hours=1))
    assert [job.id for job in shown] == [today, waiting, failed]
