"""Which commands a packer may run on a package, and what each one sends.

Owns: the commands offered for a package's LOCAL state (the package's `commands[]`
while no offline command is pending; the learned transition graph once one is),
filtered to the UIs this station counts as (`ApiProfile.command_visibility`);
matching a command card to them (by command type, transition id or slug); which
commands complete packaging; and the `input_parameters` of a command.

State ids differ per installation, so nothing here compares ids with constants:
destination states are told apart by `enum_value` (states table) — or, for a
state no synced package has been in yet, by the slug's destination part.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from station.messages import msg
from station.oms.params import PackageItemInput, package_items_param
from station.oms.profile import ApiProfile
from station.oms.translations import label_for
from station.outbox.queue import CommandSpec
from station.packing.catalogue import CATALOGUE, Catalogue
from station.store import learned_transitions_from, states_by_id
from station.store.db import Store

WAITING_ENUM = "100"
PREPARING_ENUM = "200"
START_PREPARING_TYPE = "PKG_STATE_TRANSITION"
COMPLETING_TYPES = frozenset({
    "COMPLETE_PACKAGING",
    "COMPLETE_PACKAGING_WITHOUT_SHIPMENT",
    "CHANNEL_BASED_COMPLETE_PACKAGING",
})
# Slug parts of well-known destination states (documented slug pattern
# `package__<type>__<source>__<destination>`), for states not in the states table.
_SLUG_STATE_ENUMS = {"waiting": WAITING_ENUM, "preparing": PREPARING_ENUM}
_CARD_TEXT = re.compile(r"[ \-]+")


@dataclass(frozen=True)
class AvailableCommand:
    """One command the packer may run now, from the package's local state."""

    transition_id: int
    command_type: str
    slug: str | None
    label: str  # in the station's language when OMS gives a translation
    source_state_id: int
    destination_state_id: int
    destination_enum: str | None  # PackageStatus enum_value, None when unknown
    needs_items: bool  # is_packageitem_parameter_required
    learned: bool  # from the learned graph: an offline command is pending before it
    source_enum: str | None = None  # the local state's enum_value, None when unknown
    # What catalogue rules read for words: OMS's label and translations, the
    # destination state's name(s) and the slug's destination part.
    texts: tuple[str, ...] = ()
    oms_label: str = ""  # OMS's own label, shown beside the station's name

    @property
    def completes(self) -> bool:
        """Completing packaging: blocked until every item is verified."""
        return self.command_type in COMPLETING_TYPES

    @property
    def card(self) -> str:
        """The command card that runs it when the type is unique, e.g. `CMD:COMPLETE_…`."""
        return f"CMD:{self.command_type or self.transition_id}"

    @property
    def id_card(self) -> str:
        """The card that always names exactly this command: `CMD:<transition id>`."""
        return f"CMD:{self.transition_id}"

    def spec(self) -> CommandSpec:
        return CommandSpec(
            command_type=self.command_type,
            transition_id=self.transition_id,
            slug=self.slug,
            label=self.label,
            source_state_id=self.source_state_id,
            destination_state_id=self.destination_state_id,
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "transition_id": self.transition_id, "command_type": self.command_type,
            "slug": self.slug, "label": self.label, "card": self.card,
            "destination_state_id": self.destination_state_id,
            "destination_enum": self.destination_enum, "needs_items": self.needs_items,
            "completes": self.completes, "learned": self.learned,
        }


def available_commands(
    store: Store,
    *,
    snapshot_state_id: int,
    local_state_id: int,
    snapshot_commands: Sequence[Mapping[str, Any]],
    profile: ApiProfile,
    language: str = "en",
) -> list[AvailableCommand]:
    """Commands offered in `local_state_id`, visible to this station, in OMS order.

    While the local state is the snapshot's, the package's own `commands[]` is the
    truth. After an offline command the package is somewhere OMS has not said
    anything about yet, so the learned graph (every transition seen leaving that
    state on any package) stands in for it.
    """
    learned = local_state_id != snapshot_state_id
    if learned:
        rows = [
            {**row, "id": row["command_id"]}
            for row in learned_transitions_from(store, local_state_id)
        ]
    else:
        rows = [dict(row) for row in snapshot_commands]
    visible = [row for row in rows if _visible(row.get("ui_visibility"), profile)]
    enums = _destination_enums(store, visible)
    names = _state_names(store, [row["destination_state"] for row in visible])
    source = _destination_enums(store, [{"destination_state": local_state_id}])
    return [
        AvailableCommand(
            transition_id=row["id"],
            command_type=row.get("command_type") or "",
            slug=row.get("slug"),
            label=command_label(row, language),
            source_state_id=local_state_id,
            destination_state_id=row["destination_state"],
            destination_enum=enums.get(row["destination_state"]) or _slug_enum(row.get("slug")),
            needs_items=bool(row.get("is_packageitem_parameter_required")),
            learned=learned,
            source_enum=source.get(local_state_id),
            texts=_texts(row, names.get(row["destination_state"], ())),
            oms_label=str(row.get("label") or ""),
        )
        for row in visible
    ]


def _state_names(store: Store, ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    """Each state's name and translated names (words of catalogue rules)."""
    found: dict[int, tuple[str, ...]] = {}
    for state_id, state in states_by_id(store, set(ids)).items():
        names = [str(state.get("name") or "")]
        translations = state.get("translations")
        if isinstance(translations, str):
            try:
                translations = json.loads(translations)
            except ValueError:
                translations = None
        if isinstance(translations, dict):
            names += [str(v.get("name")) for v in translations.values()
                      if isinstance(v, dict) and v.get("name")]
        found[state_id] = tuple(name for name in names if name)
    return found


def _texts(row: Mapping[str, Any], state_names: tuple[str, ...]) -> tuple[str, ...]:
    texts = [str(row.get("label") or "")]
    translations = row.get("translations")
    if isinstance(translations, dict):
        texts += [str(v.get("label")) for v in translations.values()
                  if isinstance(v, dict) and v.get("label")]
    parts = str(row.get("slug") or "").split("__")
    if len(parts) == 4:
        texts.append(parts[3].replace("-", " "))
    return tuple(text for text in (*texts, *state_names) if text)


def _visible(ui_visibility: object, profile: ApiProfile) -> bool:
    shown = ui_visibility if isinstance(ui_visibility, list) else []
    return any(ui in profile.command_visibility for ui in shown)


def _destination_enums(store: Store, rows: Iterable[Mapping[str, Any]]) -> dict[int, str]:
    states = states_by_id(store, {row["destination_state"] for row in rows})
    return {
        state_id: str(state["enum_value"])
        for state_id, state in states.items()
        if state.get("enum_class") in (None, "PackageStatus")
    }


def _slug_enum(slug: str | None) -> str | None:
    parts = (slug or "").split("__")
    return _SLUG_STATE_ENUMS.get(parts[3]) if len(parts) == 4 else None


def command_label(row: Mapping[str, Any], language: str) -> str:
    """The label in `language` (`en` matches `en-us`), else OMS's label, else the type."""
    command_type = row.get("command_type") or ""
    fallback = command_type.replace("_", " ").capitalize() or msg("Transition {id}",
                                                                  id=row.get("id"))
    return label_for(row, language, fallback, field="label")


def card_key(text: str) -> str:
    """A command type, slug or card body in the form command cards arrive in:
    spaces and hyphens as `_`, upper case (see station.scanning.interpret)."""
    return _CARD_TEXT.sub("_", text.strip()).upper()


def match_commands(
    commands: Sequence[AvailableCommand], wanted: str | int,
    catalogue: Catalogue = CATALOGUE,
) -> list[AvailableCommand]:
    """The commands a card or caller names: a catalogue card code (`COMPLETE`,
    `DEFECTIVE`: exactly that action's transition, or none), else a transition id (int
    or digits), a command type or a slug. Several commands may share a type (e.g.
    "out of stock" and "defective" are both DETECTED_OUT_OF_STOCK_ITEM): all of them
    are returned."""
    if isinstance(wanted, int) and not isinstance(wanted, bool):
        return [c for c in commands if c.transition_id == wanted]
    key = card_key(str(wanted))
    action = catalogue.by_code(key)
    if action is not None and not action.local:
        found = catalogue.find(action.name, commands)
        return [found] if found is not None else []
    if key.isdigit():
        return [c for c in commands if c.transition_id == int(key)]
    by_type = [c for c in commands if c.command_type and card_key(c.command_type) == key]
    if by_type:
        return by_type
    return [c for c in commands if c.slug and card_key(c.slug) == key]


def start_preparing_command(commands: Sequence[AvailableCommand],
                            catalogue: Catalogue = CATALOGUE) -> AvailableCommand | None:
    """The catalogue's "start preparing" transition, if offered and it needs no inputs
    (decided by the catalogue's rule: no slug or learned state needed)."""
    command = catalogue.find("start_preparing", commands)
    return command if command is not None and not command.needs_items else None


def command_input(
    command: AvailableCommand,
    *,
    unverified: Sequence[PackageItemInput],
    verified: Sequence[PackageItemInput],
    profile: ApiProfile,
) -> dict[str, Any]:
    """`input_parameters` for `command`.

    Commands that need `package_items` (out of stock, defective) take the items not
    verified — the ones the packer could not find. Other commands send `{}`, except
    that with the "objects" profile the captured data of verified items (selected
    barcode, serial number, weight) rides along so OMS records it.
    """
    if command.needs_items:
        return {"package_items": package_items_param(unverified, profile)}
    if profile.package_items_shape == "objects" and verified:
        return {"package_items": package_items_param(verified, profile)}
    return {}
