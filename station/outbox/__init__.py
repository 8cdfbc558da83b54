"""The outbox: OMS commands queued durably at the bench and delivered exactly once.

* `queue` — the `outbox` table's entries (`OutboxEntry`, `Status`, `Kind`), enqueue
  (fsynced, with the local effects in the same transaction) and listing;
* `local_view` — the package as the packer sees it: queued changes on the snapshot;
* `attention` — the packer's retry / discard / mark as delivered (audited);
* `audit` — the `audit_log` table and pruning finished entries by age;
* `heads` — each package's next entry, the delivery lease, status changes;
* `worker` — `DeliveryWorker`: threads that deliver due heads, in order per package;
* `courier` — one entry's delivery: POST, and the read-back after an unknown outcome;
* `reconcile` — judging a read-back: done, resend, or conflict;
* `policy` — backoff, the clock, drain reports, the pause gate.
"""

from station.outbox.attention import discard, mark_delivered, retry
from station.outbox.audit import add_audit, audit_trail, prune_done
from station.outbox.local_view import (
    local_invoice_number,
    local_remote_id,
    local_state_id,
    local_state_ids,
)
from station.outbox.policy import Backoff, Clock, DrainReport, SystemClock, WorkerStatus
from station.outbox.queue import (
    IN_FLIGHT,
    KIND_COMMAND,
    KIND_INVOICE,
    KIND_REMOTE_ID,
    NEEDS_ATTENTION,
    QUEUED,
    CommandSpec,
    Kind,
    OutboxEntry,
    OutboxError,
    Status,
    counts,
    enqueue_command,
    enqueue_invoice_number,
    enqueue_remote_id,
    entries,
    get_entry,
)
from station.outbox.worker import DeliveryWorker

__all__ = [
    "IN_FLIGHT",
    "KIND_COMMAND",
    "KIND_INVOICE",
    "KIND_REMOTE_ID",
    "NEEDS_ATTENTION",
    "QUEUED",
    "Backoff",
    "Clock",
    "CommandSpec",
    "DeliveryWorker",
    "DrainReport",
    "Kind",
    "OutboxEntry",
    "OutboxError",
    "Status",
    "SystemClock",
    "WorkerStatus",
    "add_audit",
    "audit_trail",
    "counts",
    "discard",
    "enqueue_command",
    "enqueue_invoice_number",
    "enqueue_remote_id",
    "entries",
    "get_entry",
    "local_invoice_number",
    "local_remote_id",
    "local_state_id",
    "local_state_ids",
    "mark_delivered",
    "prune_done",
    "retry",
]
