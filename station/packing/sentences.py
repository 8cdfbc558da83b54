"""What the packing session says about the packages it opens, keeps and closes.

Owns the session's own sentences (station.messages Messages): a package opened (and
how many items are left), kept for later when the packer switches, closed without a
command, no longer at this station (with the sync's archive reason), and "too many"
when a product is scanned more often than ordered. Sentences about questions, local
actions and commands are with their modules (inputs, questions, running).
"""

from __future__ import annotations

from station.messages import Message, join_sentences, msg
from station.packing.view import ItemGroup, PackageView, next_step
from station.sync.reasons import archived_reason_sentence


def gone(number: str, stored_reason: str | None) -> Message:
    """A scan of a package a sync archived (packed or moved elsewhere)."""
    reason = archived_reason_sentence(stored_reason)  # the stored text, translatable
    if reason:
        return msg("Take another package: {number} is no longer at this station ({reason}).",
                   number=number, reason=reason)
    return msg("Take another package: {number} is no longer at this station.", number=number)


def gone_and_closed(view: PackageView) -> Message:
    """The open package was archived by a sync and is closed now."""
    if view.archived_reason:
        return msg("Scan the next package: {number} is no longer at this station "
                   "({reason}) and was closed.", number=view.number,
                   reason=archived_reason_sentence(view.archived_reason))
    return msg("Scan the next package: {number} is no longer at this station and was "
               "closed.", number=view.number)


def opened(view: PackageView) -> Message:
    """A package opened: what to scan next."""
    left = view.expected_count - view.verified_count
    if left == 0:
        return join_sentences(msg("Package {number} open.", number=view.number),
                              next_step(view))
    return msg("Package {number} open: scan its items — {left} left.", number=view.number,
               left=left)


def kept(previous: PackageView) -> Message:
    """The package switched away from keeps its scans."""
    if previous.verified_count == 0:
        return msg("Package {number} kept for later.", number=previous.number)
    if previous.verified_count == 1:
        return msg("Package {number} kept with 1 item scanned.", number=previous.number)
    return msg("Package {number} kept with {count} items scanned.", number=previous.number,
               count=previous.verified_count)


def closed(view: PackageView) -> Message:
    """The open package closed without a command; its scans stay."""
    count = view.verified_count
    if count == 0:
        return msg("Package {number} closed: nothing sent.", number=view.number)
    if count == 1:
        return msg("Package {number} closed: nothing sent, its 1 scan is kept.",
                   number=view.number)
    return msg("Package {number} closed: nothing sent, its {count} scans are kept.",
               number=view.number, count=count)


def too_many(group: ItemGroup) -> Message:
    """A product scanned once more than ordered."""
    if group.expected == 1:
        return msg("Too many: put 1 × {title} back. (Only 1 was ordered.)", title=group.title)
    return msg("Too many: put 1 × {title} back. (Only {count} were ordered.)",
               title=group.title, count=group.expected)
