"""Delivering one package's outbox entries, in order, exactly once.

Owns what happens to one entry (`Courier.deliver_package` runs in a delivery
thread, with that thread's own Store):

* mark it `sending` durably, POST once (the client never retries POSTs);
* success → `done`, then refresh the package with one GET (optional; a failed
  refresh is fine: the local view keeps applying done entries newer than the snapshot);
* unknown outcome (timeout, connection lost after sending, 5xx — a 502 may hide an
  applied command) → `uncertain`; after `Backoff.settle` the package is read back
  and `station.outbox.reconcile.judge` decides done (only on proof that OMS applied
  THIS command: its transition, items and user, after the first attempt) / resend /
  conflict;
* not sent (connection refused) → stays `pending`; everyone pauses (`Gate.network_down`);
* 429 → stays `pending`; nobody sends before `Retry-After` has passed;
* 401 after the client's own re-login → stays `pending`; deliveries pause (auth problem);
* 404 → `conflict`; other 4xx → the package is re-synced: OMS shows a state other
  than the entry's source → `conflict`, else `failed`. OMS's message is kept.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from typing import Any

from station.documents.fetch import fetch_for_packages
from station.errors import (
    ClientError,
    CredentialsRejected,
    NetworkError,
    NotFound,
    RateLimited,
    ServerError,
    StationError,
)
from station.messages import Message, msg
from station.oms.client import OmsClient
from station.oms.liveness import stays_live
from station.oms.models import Package
from station.outbox.heads import (
    DELIVERABLE,
    head,
    mark_conflict,
    mark_done,
    mark_failed,
    mark_retry_later,
    mark_sending,
)
from station.outbox.policy import Gate
from station.outbox.queue import KIND_COMMAND, KIND_INVOICE, KIND_REMOTE_ID, OutboxEntry
from station.outbox.reconcile import Verdict, judge
from station.store.db import Store, write_transaction
from station.store.snapshot import archive_packages, upsert_page
from station.sync.reasons import LEFT_PACKABLE_STATES

log = logging.getLogger(__name__)


class Courier:
    def __init__(self, client: OmsClient, gate: Gate, stop: threading.Event, *,
                 refresh_after_done: bool, clock_skew: dt.timedelta) -> None:
        self.client = client
        self.gate = gate
        self.clock = gate.clock
        self.backoff = gate.backoff
        self.stop = stop
        self.refresh_after_done = refresh_after_done
        self.clock_skew = clock_skew

    def deliver_package(self, store: Store, package_id: int) -> None:
        """The package's due entries, in order, until one does not end done."""
        while not self.stop.is_set():
            now = self.clock.now()
            entry = head(store, package_id)
            if (entry is None or entry.status not in DELIVERABLE
                    or entry.next_attempt_at > now or not self.gate.may_send(now)):
                return
            if self.deliver(store, entry) != "done":
                return

    def deliver(self, store: Store, entry: OutboxEntry) -> str:
        """One attempt at one entry; returns how it ended (done, conflict, …)."""
        if entry.status == "uncertain":
            verdict = self._reconcile(store, entry)
            if verdict is None:
                return "retry_later"
            if verdict.outcome == "done":
                return self._done(store, entry, None, f"reconciled: {verdict.reason}")
            if verdict.outcome == "conflict":
                return self._settle(store, entry, "conflict", verdict.reason, None)
        with self.gate.writes:
            sending = mark_sending(store, entry, self.clock.now())
        if sending is None:
            return "skipped"
        self.gate.notify("sending", sending)
        try:
            result = self._post(sending)
        except StationError as exc:
            return self._post_failed(store, sending, exc)
        except Exception as exc:  # a bug while sending: the outcome is unknown
            log.exception("unexpected error delivering %s", sending.describe())
            return self._later(store, sending, "uncertain",
                               msg("unexpected error: {error}", error=repr(exc)),
                               self.backoff.before_reconcile(sending.attempts))
        self.gate.network_up()
        body = result.raw.decode("utf-8", errors="replace") if result.raw else None
        return self._done(store, sending, body, f"sent (HTTP {result.status})")

    def _post(self, entry: OutboxEntry) -> Any:
        if entry.kind == KIND_INVOICE:
            assert entry.payload is not None
            return self.client.set_invoice_number(entry.package_id, entry.payload)
        if entry.kind == KIND_REMOTE_ID:
            assert entry.payload is not None
            return self.client.set_remote_id(entry.package_id, entry.payload)
        if entry.kind != KIND_COMMAND:
            raise ValueError(f"unknown outbox entry kind {entry.kind!r}")
        return self.client.run_command(entry.package_id, transition=entry.transition_id,
                                       slug=entry.slug, input_parameters=entry.input_parameters)

    def _post_failed(self, store: Store, entry: OutboxEntry, exc: StationError) -> str:
        message = str(exc)
        if isinstance(exc, CredentialsRejected):  # refused before applying anything
            self.gate.pause_for_auth(message, entry)
            return self._later(store, entry, "pending", message, 0.0)
        if isinstance(exc, NotFound):
            return self._settle(store, entry, "conflict", _gone(message), exc.body)
        if isinstance(exc, ClientError):
            return self._rejected(store, entry, exc)
        if isinstance(exc, RateLimited):  # refused before applying anything
            wait = self.gate.rate_limited(exc.retry_after)
            return self._later(store, entry, "pending", message, wait)
        if isinstance(exc, ServerError) or (isinstance(exc, NetworkError) and exc.request_sent):
            return self._later(store, entry, "uncertain", message,
                               self.backoff.before_reconcile(entry.attempts))
        if isinstance(exc, NetworkError):
            # It never left: the network is down, not this entry's fault. Everyone
            # pauses (wake() ends the pause when the network is back); the entry stays due.
            self.gate.network_down()
            return self._later(store, entry, "pending", message, 0.0)
        # DecodeError and the like: OMS will not take this entry as it is.
        return self._settle(store, entry, "failed", message, None)

    def _rejected(self, store: Store, entry: OutboxEntry, exc: ClientError) -> str:
        """A 4xx: did the package move on (conflict) or is the command wrong (failed)?"""
        state_id = _snapshot_state(store, entry.package_id)
        try:
            state_id = self.refresh(store, entry.package_id).state.id
        except NotFound:
            return self._settle(store, entry, "conflict", _gone(str(exc)), exc.body)
        except StationError as read_error:  # judge by the snapshot we have
            log.warning("could not re-sync package %s after a refusal: %s",
                        entry.package_id, read_error)
        moved_on = entry.kind == KIND_COMMAND and state_id != entry.source_state_id
        return self._settle(store, entry, "conflict" if moved_on else "failed", str(exc),
                            exc.body)

    def _reconcile(self, store: Store, entry: OutboxEntry) -> Verdict | None:
        """Read the package back and judge; None when it could not be read (retry later)."""
        try:
            package = self.refresh(store, entry.package_id)
            logs = (self.client.transition_logs(entry.package_id)
                    if entry.kind == KIND_COMMAND else [])
        except NotFound:
            return Verdict("conflict", msg("package no longer on OMS (404)"))
        except CredentialsRejected as exc:
            self.gate.pause_for_auth(str(exc), entry)
            self._later(store, entry, "uncertain", str(exc), 0.0)
            return None
        except StationError as exc:
            self._later(store, entry, "uncertain",
                        msg("could not read the package back: {error}", error=str(exc)),
                        self.backoff.delay(entry.attempts + 1))
            return None
        return judge(entry, package, logs, oms_user=getattr(self.client, "username", None),
                     clock_skew=self.clock_skew)

    # --- recording outcomes -------------------------------------------------------

    def _done(self, store: Store, entry: OutboxEntry, body: str | None, how: str) -> str:
        with self.gate.writes:
            done = mark_done(store, entry, self.clock.now(), response=body, how=how)
        self.gate.count("reconciled" if how.startswith("reconciled") else "done")
        self.gate.notify("done", done)
        if self.refresh_after_done and how.startswith("sent"):
            try:
                self.refresh(store, entry.package_id)
            except StationError as exc:  # the local view covers it until the next sync
                log.info("refresh of package %s after delivery failed: %s",
                         entry.package_id, exc)
        return "done"

    def _settle(self, store: Store, entry: OutboxEntry, status: str, message: str,
                response: str | None) -> str:
        mark = mark_conflict if status == "conflict" else mark_failed
        with self.gate.writes:
            settled = mark(store, entry, self.clock.now(), message=message, response=response)
        log.warning("%s ended %s: %s", entry.describe(), status, message)
        self.gate.count(status)
        self.gate.notify(status, settled)
        return status

    def _later(self, store: Store, entry: OutboxEntry, status: str, error: str,
               wait: float) -> str:
        now = self.clock.now()
        with self.gate.writes:
            updated = mark_retry_later(store, entry, now, status=status, error=error,
                                       next_attempt_at=now + dt.timedelta(seconds=wait))
        log.info("%s: %s; %s, next try in %.1f s", entry.describe(), error, status, wait)
        self.gate.count("retry_later")
        self.gate.notify(status, updated)
        return "retry_later"

    def refresh(self, store: Store, package_id: int) -> Package:
        """One GET into the snapshot (archived if it left the packable states, as sync does)."""
        package, raw = self.client.get_package(package_id)
        now = self.clock.now()
        with self.gate.writes, write_transaction(store):
            upsert_page(store, [(package, raw)], synced_at=now)
            if not stays_live(package, self.client.profile):  # blocked ones stay
                archive_packages(store, [package_id], LEFT_PACKABLE_STATES, at=now)
        fetch_for_packages(self.client, store, [package])  # a label made by the completion
        return package


def _gone(oms_said: str) -> Message:
    """A 404: our words around OMS's (`station.outbox.refusal.GONE_PREFIX` reads them)."""
    return msg("package no longer on OMS (404): {oms}", oms=oms_said)


def _snapshot_state(store: Store, package_id: int) -> int | None:
    row = store.conn.execute("SELECT state_id FROM packages WHERE id = ?",
                             (package_id,)).fetchone()
    return None if row is None else row[0]
