"""Why the sync archived a package: the text stored in `packages.archived_reason` and
the packer's sentence for it.

The database keeps the English text below (stable: `documents.invoices` and older
rows rely on it); `archived_reason_sentence` turns a stored text back into a
`station.messages.Message` so the GUI shows it in the packer's language. A text this
version does not know (an older or newer station's) is shown as stored.
"""

from __future__ import annotations

from station.messages import Message, msg

GONE_FROM_OMS = "no longer on OMS (404)"
MOVED_AWAY = "moved to another stock location"
LEFT_PACKABLE_STATES = "left the packable states"


def archived_reason_sentence(stored: str | None) -> str | None:
    """The packer's sentence for a stored archive reason (a Message when known)."""
    if not stored:
        return stored
    sentence = _SENTENCES.get(stored)
    return sentence if sentence is not None else stored


_SENTENCES: dict[str, Message] = {
    GONE_FROM_OMS: msg("no longer on OMS (404)"),
    MOVED_AWAY: msg("moved to another stock location"),
    LEFT_PACKABLE_STATES: msg("left the packable states"),
}
