"""How a packer reads an outbox entry's status: one translatable word per `Status`.

Owns `status_word(status)`: the stored status (`pending`, `uncertain`, …) as a
`station.messages.Message`, so screens and reports show it in the packer's language
(`ui.i18n.render`); an unknown status (a newer station's) is shown as stored.
"""

from __future__ import annotations

from station.messages import Message, msg
from station.outbox.queue import Status

_WORDS: dict[str, Message] = {
    Status.PENDING: msg("pending"),
    Status.SENDING: msg("sending"),
    Status.UNCERTAIN: msg("uncertain"),
    Status.CONFLICT: msg("conflict"),
    Status.FAILED: msg("failed"),
    Status.DONE: msg("done"),
    Status.DISCARDED: msg("discarded"),
}


def status_word(status: str) -> str:
    """The packer's word for `status` (a Message when known)."""
    return _WORDS.get(status, status)
