"""What the packing session calls for printing: jobs on completion, CMD:REPRINT.

Owns the two callables a `PackingConfig` takes (`packing_hooks(settings)`):

* `on_completion(store, package_id)` — runs INSIDE the completing command's durable
  transaction (the outbox entry and the print jobs commit together or not at all);
  one job per auto-printed document type that has a destination.
* `on_reprint(store, package_id, packer)` — the packer scanned `CMD:REPRINT` after a
  package: new jobs for that package's documents (a reprint is always a new job).

Its sentences are `station.messages` Messages, naming documents in the packer's words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from station.documents import queue
from station.documents.settings import DOCUMENTS, PrintSettings
from station.messages import join_list, msg
from station.packing.outcome import ScanOutcome
from station.store.db import Store

ReprintHook = Callable[[Store, int | None, str], ScanOutcome]


def packing_hooks(settings: PrintSettings) -> dict[str, Any]:
    """Keyword arguments for `PackingConfig`: `on_completion` and `on_reprint`."""
    return {"on_completion": queue.completion_hook(settings),
            "on_reprint": reprint_hook(settings)}


def reprint_documents(settings: PrintSettings) -> list[str]:
    """What a reprint prints: what completion prints, else every type with a printer."""
    return settings.auto_documents() or [d for d in DOCUMENTS if settings.destination_for(d)]


def document_words(document: str) -> str:
    """What the packer calls a document type ("shipping label" for `shipping-label`)."""
    return _DOCUMENT_WORDS.get(document, document)


_DOCUMENT_WORDS = {"slip": msg("packing slip"), "label": msg("label"),
                   "shipping-label": msg("shipping label"), "invoice": msg("invoice")}


def reprint_hook(settings: PrintSettings) -> ReprintHook:
    def on_reprint(store: Store, package_id: int | None, packer: str) -> ScanOutcome:
        if package_id is None:
            return ScanOutcome("error", msg("Nothing to reprint: scan the package first, then "
                                            "the REPRINT card."))
        documents = reprint_documents(settings)
        if not documents:
            return ScanOutcome("error", msg("No printer is set up at this station: nothing "
                                            "was queued."), package_id)
        queue.reprint(store, package_id, documents, settings, packer=packer)
        row = store.conn.execute("SELECT number FROM packages WHERE id = ?",
                                 (package_id,)).fetchone()
        number = row[0] if row else str(package_id)
        return ScanOutcome("ok", msg("Reprinting {documents} for package {number}.",
                                     documents=join_list(map(document_words, documents)),
                                     number=number), package_id, saved=True)

    return on_reprint
