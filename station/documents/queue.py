"""The durable print queue: one row per document to print, in table `print_jobs`.

Owns every SQL statement on `print_jobs`. A job's life:

    queued ──claim──▶ printing ──mark_sending──▶ (bytes handed over) ──mark_printed──▶ printed
       ▲                  │ printer off / document not there yet
       └──mark_waiting────┘  (reason kept, retried at `next_attempt_at`, with backoff)

* `enqueue` adds no transaction of its own: the completion hook (`completion_hook`)
  runs inside the SAME durable transaction as the outbox entry of the completing
  command, so a crash right after the completion still prints.
* A job is printed once: it is claimed (state `printing`) before anything is sent,
  and `mark_sending` is committed durably right before the bytes are handed to the
  printer. After a crash (`recover_interrupted`), a job still `printing` WITHOUT
  `sending_at` never reached a printer — it goes back to `queued`; one WITH
  `sending_at` may have printed (a raw port has no acknowledgement, a spooler may
  have taken it) — it becomes `uncertain` and is never printed again unless the
  packer asks (`retry`). Only claims older than STALE_CLAIM are treated so: a
  crashed station's jobs resume within minutes, a live worker's are never touched.
* Printing again is always an explicit new request: `reprint` adds a new job
  (`print_again` copies one job, for the print jobs screen).
* The packer may `cancel` a job that has not printed: it is kept, `cancelled`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from station.config import utcnow
from station.documents.settings import DOCUMENTS, PrintSettings
from station.store.db import Store, durable_transaction, iso_utc, parse_iso, write_transaction

MAX_BACKOFF = dt.timedelta(minutes=5)
FIRST_BACKOFF = dt.timedelta(seconds=5)
# A claim older than this belongs to a worker that died: longer than any job takes
# (render, then the transports' own timeouts: 10 s TCP, 30 s CUPS, a Qt spool).
STALE_CLAIM = dt.timedelta(minutes=3)
_COLUMNS = ("id, package_id, document, destination, requested_by, state, reason, attempts, "
            "next_attempt_at, created_at, sending_at, printed_at")


@dataclass(frozen=True)
class PrintJob:
    id: int
    package_id: int
    document: str
    destination: str
    requested_by: str
    state: str
    reason: str | None
    attempts: int
    next_attempt_at: str
    created_at: str
    sending_at: str | None
    printed_at: str | None


def enqueue(store: Store, package_id: int, document: str, destination: str, *,
            requested_by: str = "auto", now: dt.datetime | None = None) -> int:
    """Add a job in the caller's transaction (or its own); returns its id."""
    if document not in DOCUMENTS:
        raise ValueError(f"{document!r} is not a document type")
    stamp = iso_utc(now or utcnow())
    with write_transaction(store):
        cursor = store.conn.execute(
            "INSERT INTO print_jobs (package_id, document, destination, requested_by, state, "
            "attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, 'queued', 0, ?, ?)",
            (package_id, document, destination, requested_by, stamp, stamp))
    return int(cursor.lastrowid or 0)


def completion_hook(settings: PrintSettings) -> Callable[[Store, int], None] | None:
    """What `PackingConfig.on_completion` runs inside the completion's transaction:
    one job per auto-printed document type; None when nothing auto-prints."""
    documents = settings.auto_documents()
    if not documents:
        return None

    def on_completion(store: Store, package_id: int) -> None:
        for document in documents:
            destination = settings.destination_for(document)
            assert destination is not None
            enqueue(store, package_id, document, destination)

    return on_completion


def reprint(store: Store, package_id: int, documents: list[str], settings: PrintSettings,
            *, packer: str) -> list[int]:
    """New jobs for the packer's reprint of `documents` (those with a destination)."""
    ids = []
    with durable_transaction(store):
        for document in documents:
            destination = settings.destination_for(document)
            if destination:
                ids.append(enqueue(store, package_id, document, destination,
                                   requested_by=packer))
    return ids


def claim_next(store: Store, now: dt.datetime | None = None) -> PrintJob | None:
    """The oldest due queued job, now `printing`; None when nothing is due."""
    stamp = iso_utc(now or utcnow())
    with write_transaction(store):
        row = store.conn.execute(
            f"SELECT {_COLUMNS} FROM print_jobs WHERE state = 'queued' AND next_attempt_at "
            "<= ? ORDER BY next_attempt_at, id LIMIT 1", (stamp,)).fetchone()
        if row is None:
            return None
        store.conn.execute("UPDATE print_jobs SET state = 'printing', claimed_at = ?, "
                           "sending_at = NULL WHERE id = ?", (stamp, row[0]))
    job = PrintJob(*row)
    return replace(job, state="printing")


def mark_sending(store: Store, job_id: int, now: dt.datetime | None = None) -> None:
    """Durably note that the bytes are about to leave: from here a crash means
    "may have printed", never a silent second copy."""
    with durable_transaction(store):
        store.conn.execute("UPDATE print_jobs SET sending_at = ? WHERE id = ?",
                           (iso_utc(now or utcnow()), job_id))


def mark_printed(store: Store, job_id: int, now: dt.datetime | None = None) -> None:
    with durable_transaction(store):
        store.conn.execute("UPDATE print_jobs SET state = 'printed', printed_at = ?, "
                           "reason = NULL WHERE id = ?", (iso_utc(now or utcnow()), job_id))


def mark_waiting(store: Store, job: PrintJob, reason: str,
                 now: dt.datetime | None = None) -> dt.datetime:
    """Back to `queued` with the reason, due again after a growing pause; returns when."""
    moment = now or utcnow()
    pause = min(MAX_BACKOFF, FIRST_BACKOFF * (2 ** min(job.attempts, 10)))
    due = moment + pause
    with write_transaction(store):
        store.conn.execute(
            "UPDATE print_jobs SET state = 'queued', reason = ?, attempts = attempts + 1, "
            "next_attempt_at = ?, sending_at = NULL WHERE id = ?",
            (reason, iso_utc(due), job.id))
    return due


def mark_failed(store: Store, job_id: int, reason: str) -> None:
    """Given up: the setup is wrong (a bad address, a document OMS will not make)."""
    with write_transaction(store):
        store.conn.execute("UPDATE print_jobs SET state = 'failed', reason = ? WHERE id = ?",
                           (reason, job_id))


def mark_uncertain(store: Store, job_id: int, reason: str) -> None:
    """Part of the job may have reached the printer: never resent unless the packer asks."""
    with durable_transaction(store):
        store.conn.execute("UPDATE print_jobs SET state = 'uncertain', reason = ? WHERE id = ?",
                           (reason, job_id))


def recover_interrupted(store: Store, now: dt.datetime | None = None) -> tuple[int, int]:
    """Jobs a crashed worker left `printing`: (requeued, uncertain), see the module
    docstring. Only claims older than STALE_CLAIM count as abandoned: a job another
    live worker (the window, beside a CLI `print queue`) is printing is left alone."""
    stale = iso_utc((now or utcnow()) - STALE_CLAIM)
    with durable_transaction(store):
        requeued = store.conn.execute(
            "UPDATE print_jobs SET state = 'queued' WHERE state = 'printing' "
            "AND sending_at IS NULL AND claimed_at < ?", (stale,)).rowcount
        uncertain = store.conn.execute(
            "UPDATE print_jobs SET state = 'uncertain', reason = 'the station stopped while "
            "this was being sent: it may have printed; reprint if it did not' "
            "WHERE state = 'printing' AND claimed_at < ?", (stale,)).rowcount
    return requeued, uncertain


def retry(store: Store, job_id: int, destination: str | None = None,
          now: dt.datetime | None = None) -> bool:
    """The packer's "try again" (optionally elsewhere) for a waiting, failed or
    uncertain job: due now. False if no such job is waiting."""
    with write_transaction(store):
        changed = store.conn.execute(
            "UPDATE print_jobs SET state = 'queued', next_attempt_at = ?, "
            "destination = COALESCE(?, destination), sending_at = NULL "
            "WHERE id = ? AND state IN ('queued', 'failed', 'uncertain')",
            (iso_utc(now or utcnow()), destination, job_id)).rowcount
    return changed == 1


def document_arrived(store: Store, package_id: int, document: str) -> None:
    """A cached document was just stored: jobs waiting for it are due now."""
    store.conn.execute(
        "UPDATE print_jobs SET next_attempt_at = ? WHERE package_id = ? AND document = ? "
        "AND state = 'queued'", (iso_utc(utcnow()), package_id, document))


def next_due_at(store: Store) -> dt.datetime | None:
    row = store.conn.execute(
        "SELECT MIN(next_attempt_at) FROM print_jobs WHERE state = 'queued'").fetchone()
    return parse_iso(row[0]) if row and row[0] else None


def jobs(store: Store, *, package_id: int | None = None,
         states: tuple[str, ...] | None = None) -> list[PrintJob]:
    """Jobs, oldest first, optionally of one package and/or some states."""
    where: list[str] = []
    params: list[Any] = []
    if package_id is not None:
        where.append("package_id = ?")
        params.append(package_id)
    if states:
        where.append(f"state IN ({', '.join('?' for _ in states)})")
        params.extend(states)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    rows = store.conn.execute(f"SELECT {_COLUMNS} FROM print_jobs {clause} ORDER BY id",
                              params).fetchall()
    return [PrintJob(*row) for row in rows]


def cancel(store: Store, job_id: int) -> bool:
    """The packer's "do not print this": a queued, failed or uncertain job becomes
    `cancelled`. False when the job is printing, printed or already cancelled."""
    with write_transaction(store):
        changed = store.conn.execute(
            "UPDATE print_jobs SET state = 'cancelled', sending_at = NULL "
            "WHERE id = ? AND state IN ('queued', 'failed', 'uncertain')", (job_id,)).rowcount
    return changed == 1


def print_again(store: Store, job_id: int, *, packer: str,
                destination: str | None = None) -> int | None:
    """A new job for the same package and document (on `destination`, else the same
    printer), asked for by `packer`; None when there is no such job."""
    with durable_transaction(store):
        row = store.conn.execute("SELECT package_id, document, destination FROM print_jobs "
                                 "WHERE id = ?", (job_id,)).fetchone()
        if row is None:
            return None
        return enqueue(store, row[0], row[1], destination or row[2], requested_by=packer)


def screen_jobs(store: Store, printed_since: dt.datetime) -> list[PrintJob]:
    """The print jobs screen: every job not printed yet (waiting, printing, failed,
    uncertain), then those printed since `printed_since`; oldest first."""
    rows = store.conn.execute(
        f"SELECT {_COLUMNS} FROM print_jobs WHERE state IN ('queued', 'printing', "
        "'uncertain', 'failed') OR (state = 'printed' AND printed_at >= ?) ORDER BY id",
        (iso_utc(printed_since),)).fetchall()
    return [PrintJob(*row) for row in rows]


def waiting_count(store: Store) -> int:
    """Jobs not printed yet that need paper or a person: the status bar's count."""
    row = store.conn.execute("SELECT COUNT(*) FROM print_jobs WHERE state IN "
                             "('queued', 'printing', 'uncertain', 'failed')").fetchone()
    return int(row[0])
