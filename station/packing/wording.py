"""How the packing core names a key or card in a sentence, the way the packer sees them.

Owns `press(action)` ("press F3 or scan the COMPLETE card"), `press_command(command)`
(the same for an offered OMS command, naming its catalogue key when it has one) and
`stop_hint(catalogue)` ("To stop: Ctrl+F12 or the CANCEL card."). Sentences never show
raw card codes like `CMD:COMPLETE`: the packer knows keys and the words on the cards.
"""

from __future__ import annotations

from station.messages import Message, msg
from station.packing.catalogue import CATALOGUE, Action, Catalogue, CommandLike


def press(action: Action) -> Message:
    """"press F3 or scan the COMPLETE card" (the middle of a sentence)."""
    return msg("press {key} or scan the {card} card", key=action.key, card=action.code)


def press_command(command: CommandLike, catalogue: Catalogue = CATALOGUE) -> Message:
    """`press` for an offered command; a command outside the catalogue has only its
    card, named by the command type ("scan the COMPLETE_PACKAGING card")."""
    action = catalogue.action_of(command)
    if action is not None:
        return press(action)
    card = command.command_type or str(getattr(command, "transition_id", ""))
    return msg("scan the {card} card", card=card)


def stop_hint(catalogue: Catalogue = CATALOGUE) -> Message:
    """"To stop: Ctrl+F12 or the CANCEL card." — the way out of a question."""
    cancel = catalogue["cancel"]
    return msg("To stop: {key} or the {card} card.", key=cancel.key, card=cancel.code)


def confirm_hint(catalogue: Catalogue = CATALOGUE) -> Message:
    """"press Ctrl+Return or scan the OK card"."""
    return press(catalogue["ok"])
