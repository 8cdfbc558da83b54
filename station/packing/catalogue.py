"""The station command catalogue: the actions a packer knows, each in a fixed slot.

Owns `Action` (name, fixed key, fixed card code, station label, what input it asks
for) and `Rule` (how an action finds its OMS transition among a package's
`commands`), the default `CATALOGUE` and `Catalogue.with_overrides` for an
installation whose command types or state names differ (settings file, key
`command_rules`).

Keys and cards never move: F7 is always Refuse, `CMD:REFUSE` always refuses. An
action whose transition is not offered now is shown greyed in its slot. The printed
demo sheet (station.documents.demo_sheet) is generated from this same table.

How a rule decides (per command in OMS order; the first command of the rule's
earliest command type wins):
1. the command type must be one of `command_types`;
2. no further condition: it matches;
3. the destination state's `enum_value` is known and the rule names enums: that decides;
4. one of `words` occurs (case-insensitively) in the command's label, its translations,
   the destination state's name or the slug's destination part: it matches;
5. the SOURCE state's enum is one of `source_enums`: it matches (the real seed payload
   has no slugs and destination states no synced package has been in yet, yet from
   Waiting the plain PKG_STATE_TRANSITION is "start preparing").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from station.messages import msg

# Local actions: handled by the station, never an OMS transition.
LOCAL = "local"


class CommandLike(Protocol):
    """What a rule reads of an offered command (station.packing.commands.AvailableCommand)."""

    @property
    def command_type(self) -> str: ...
    @property
    def destination_enum(self) -> str | None: ...
    @property
    def source_enum(self) -> str | None: ...
    @property
    def texts(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Rule:
    """Finds an action's transition in a package's `commands` (see the module doc)."""

    command_types: tuple[str, ...]
    destination_enums: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    source_enums: tuple[str, ...] = ()

    def matches(self, command: CommandLike) -> bool:
        if command.command_type not in self.command_types:
            return False
        if not (self.destination_enums or self.words or self.source_enums):
            return True
        if self.destination_enums and command.destination_enum is not None:
            return command.destination_enum in self.destination_enums
        haystack = " ".join(command.texts).casefold()
        if any(word.casefold() in haystack for word in self.words):
            return True
        return command.source_enum is not None and command.source_enum in self.source_enums

    @classmethod
    def from_settings(cls, raw: Mapping[str, Any], base: Rule) -> Rule:
        """A rule from the settings file; keys left out keep `base`'s value."""
        values: dict[str, tuple[str, ...]] = {}
        for name in ("command_types", "destination_enums", "words", "source_enums"):
            if name in raw:
                given = raw[name]
                if isinstance(given, str) or not isinstance(given, Iterable):
                    raise ValueError(f"command rule {name} must be a list of text")
                values[name] = tuple(str(value) for value in given)
        return dataclasses.replace(base, **values)


@dataclass(frozen=True)
class Action:
    """One thing a packer can do, in a fixed slot."""

    name: str  # stable id, e.g. "refuse"
    key: str  # QKeySequence text, e.g. "F7"
    code: str  # card body: the card is `CMD:<code>`
    label: str  # the station's name for it (a Message: the GUI translates it)
    caption: str  # what it does, printed under its card
    rule: Rule | None = None  # None: a local action (undo, invoice number, …)
    asks_reason: bool = False  # refuse, block: a denial reason before anything is sent
    asks_units: bool = False  # out of stock, defective: which units
    slot: bool = True  # shown in the command row (OK/CANCEL/REMOVE only as keys and cards)

    @property
    def card(self) -> str:
        return f"CMD:{self.code}"

    @property
    def local(self) -> bool:
        return self.rule is None


_WAITING, _WAITING_REMOTE, _PREPARING, _READY = "100", "150", "200", "400"
_OUT_OF_STOCK_TYPE = "DETECTED_OUT_OF_STOCK_ITEM"

ACTIONS: tuple[Action, ...] = (
    Action("start_preparing", "F1", "START_PREPARING", msg("Start preparing"),
           "Start preparing the open package (claims it for this station)",
           Rule(("PKG_STATE_TRANSITION",), destination_enums=(_PREPARING,),
                source_enums=(_WAITING, _WAITING_REMOTE))),
    Action("ready", "F2", "READY", msg("Ready for packaging"),
           "Mark the open package ready for packaging",
           Rule(("PKG_STATE_TRANSITION",), destination_enums=(_READY,),
                source_enums=(_PREPARING,))),
    Action("complete", "F3", "COMPLETE", msg("Complete packaging"),
           "Complete packaging (with shipment); every item scanned",
           Rule(("COMPLETE_PACKAGING", "CHANNEL_BASED_COMPLETE_PACKAGING"))),
    Action("complete_no_shipment", "F4", "COMPLETE_NO_SHIPMENT",
           msg("Complete without shipment"), "Complete packaging without shipment",
           Rule(("COMPLETE_PACKAGING_WITHOUT_SHIPMENT",))),
    Action("out_of_stock", "F5", "OUT_OF_STOCK", msg("Out of stock"),
           "Out of stock: scan the missing units, then CMD:OK",
           Rule((_OUT_OF_STOCK_TYPE,),
                words=("out of stock", "not found", "stok", "bulunama")),
           asks_units=True),
    Action("defective", "F6", "DEFECTIVE", msg("Defective"),
           "Defective: scan the defective units, then CMD:OK",
           Rule((_OUT_OF_STOCK_TYPE,), words=("defect", "defolu", "wrong product")),
           asks_units=True),
    Action("refuse", "F7", "REFUSE", msg("Refuse"), "Refuse the package: then scan a reason card",
           Rule(("REFUSE_PACKAGE",)), asks_reason=True),
    Action("block", "F8", "BLOCK", msg("Block"), "Block the package: then scan a reason card",
           Rule(("BLOCK_THE_PACKAGE",)), asks_reason=True),
    Action("unblock", "F9", "UNBLOCK", msg("Unblock"), "Unblock a blocked package",
           Rule(("UNBLOCK_THE_PACKAGE",))),
    Action("packed_for_refund", "F10", "PACKED_FOR_REFUND", msg("Packed for refund"),
           "Mark the package packed for refund", Rule(("PACKAGE_PACKED_FOR_REFUND",))),
    Action("invoice", "F11", "INVOICE", msg("Invoice number"),
           "Set the invoice number: then scan or type it"),
    Action("undo", "F12", "UNDO", msg("Undo last scan"),
           "Take back the last scanned unit of the open package"),
    Action("remove", "Shift+F12", "REMOVE", msg("Remove a unit"),
           "Remove one unit: then scan the item to take out", slot=False),
    Action("ok", "Ctrl+Return", "OK", msg("OK"), "Confirm (send the chosen units, take over)",
           slot=False),
    # Not Esc: Esc dismisses the wrong-item alert, and the scanner capture takes it.
    Action("cancel", "Ctrl+F12", "CANCEL", msg("Cancel"),
           "Cancel the question, or close the package without a command", slot=False),
    # Only where the installation uses remote ids (settings file `uses_remote_id`);
    # elsewhere its card says so. Added last: no other action's key or card moved.
    Action("remote_id", "Shift+F11", "REMOTE_ID", msg("Remote id"),
           "Set the remote id (where used): then scan or type it", slot=False),
)


class Catalogue:
    """The actions, looked up by name or card code."""

    def __init__(self, actions: Sequence[Action] = ACTIONS) -> None:
        self.actions = tuple(actions)
        self._by_name = {action.name: action for action in self.actions}
        self._by_code = {action.code: action for action in self.actions}
        if len(self._by_name) != len(self.actions) or len(self._by_code) != len(self.actions):
            raise ValueError("catalogue actions need unique names and card codes")

    def __getitem__(self, name: str) -> Action:
        return self._by_name[name]

    def by_code(self, code: str) -> Action | None:
        """The action of card body `code` (as interpret gives it: upper case, `_`)."""
        return self._by_code.get(code)

    @property
    def slots(self) -> tuple[Action, ...]:
        """The actions of the command row, in key order."""
        return tuple(action for action in self.actions if action.slot)

    def find(self, name: str, commands: Sequence[CommandLike]) -> Any | None:
        """The offered command that runs action `name`, or None (greyed)."""
        rule = self._by_name[name].rule
        if rule is None:
            return None
        for command_type in rule.command_types:
            for command in commands:
                if command.command_type == command_type and rule.matches(command):
                    return command
        return None

    def action_of(self, command: CommandLike) -> Action | None:
        """The action a command belongs to (a legacy `CMD:<type>` card needs it)."""
        return next((action for action in self.actions
                     if action.rule is not None and action.rule.matches(command)), None)

    def with_overrides(self, overrides: Mapping[str, Any] | None) -> Catalogue:
        """A catalogue whose rules take the settings file's `command_rules`, e.g.
        `{"defective": {"words": ["hasarlı"]}}`. Keys and cards never change."""
        if not overrides:
            return self
        if not isinstance(overrides, Mapping):
            raise ValueError("command_rules must be a table of action name → rule")
        unknown = sorted(set(overrides) - {a.name for a in self.actions if a.rule})
        if unknown:
            raise ValueError(f"command_rules names unknown actions: {', '.join(unknown)}")
        return Catalogue([
            dataclasses.replace(action, rule=Rule.from_settings(overrides[action.name],
                                                                action.rule))
            if action.name in overrides and action.rule is not None else action
            for action in self.actions
        ])


CATALOGUE = Catalogue()
