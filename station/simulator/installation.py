"""The simulated OMS installation: its state table and its command (transition) table.

State ids, transition ids and slugs are set per OMS installation (docs/oms-api.md §4.1, §5.1).
This installation is built to fit the real seed payloads: Waiting is id 35, Waiting Remote
Action 36, Preparing 37, Packed 40, Defective 50, Out of Stock 51, Needs Rescheduling 52,
and the commands of the seed Waiting package (ids 1, 25, 30, 32, 16, 19) exist here with
the same source and destination states. Every other id is ours.

Enum values marked INVENTED are not documented anywhere; they only have to be distinct.
"""

from __future__ import annotations

import dataclasses
from typing import Any

ALL_UIS = ("oms_web", "instore", "third_party")
WEB_ONLY = ("oms_web",)
# Creation stamps of the state objects: those the seed payload shows are copied exactly
# (so a seed package's state object equals the installation's), the rest share one.
STATE_STAMP = "2022-04-28T08:19:05.180113Z"
SEED_STATE_STAMPS = {
    ("PackageStatus", 35): ("2022-04-28T08:19:05.099216Z", "2022-04-28T08:19:05.099230Z"),
    ("PackageStatus", 36): ("2022-04-28T08:19:05.102489Z", "2022-04-28T08:19:05.102501Z"),
    ("PackageItemStatus", 57): ("2022-04-28T08:19:05.168739Z", "2022-04-28T08:19:05.168756Z"),
    ("OrderStatus", 20): ("2022-04-28T08:19:05.043377Z", "2022-04-28T08:19:05.043390Z"),
}
PACKAGE_CONTENT_TYPE = 3
ITEM_CONTENT_TYPE = 4
ORDER_CONTENT_TYPE = 2


@dataclasses.dataclass(frozen=True)
class StateDef:
    key: str
    id: int
    enum_value: str
    name: str
    slug: str  # the state's part of a transition slug
    tr_name: str
    item_state: str = ""  # key of the PackageItemStatus items take in this package state
    order_state: str = ""  # key of the OrderStatus their order items take


# --- PackageStatus ---------------------------------------------------------------------
PACKAGE_STATES = (
    StateDef("waiting", 35, "100", "Waiting", "waiting", "Bekliyor", "waiting", "waiting"),
    StateDef("waiting_remote", 36, "150", "Waiting Remote Action", "waiting-remote-action",
             "Uzak İşlem Bekleniyor", "waiting", "waiting"),
    StateDef("preparing", 37, "200", "Preparing", "preparing", "Hazırlanıyor",
             "waiting", "preparing"),
    StateDef("ready", 38, "400", "Ready for Packaging", "ready-for-packaging",
             "Paketlemeye Hazır", "waiting", "preparing"),
    StateDef("packed", 40, "500", "Packed", "packed-all-items", "Paketlendi",
             "packed", "preparing"),
    StateDef("shipped", 41, "600", "Shipped", "shipped", "Kargolandı",  # INVENTED enum
             "shipped", "shipped"),
    StateDef("delivered", 47, "800", "Delivered", "delivered", "Teslim Edildi",
             "delivered", "delivered"),
    StateDef("canceled", 44, "900", "Packaging Canceled", "packaging-canceled",
             "İptal Edildi", "cancelled", "waiting"),
    StateDef("needs_rescheduling", 52, "910", "Needs Rescheduling",  # INVENTED enum
             "requires-replan", "Yeniden Planlanmalı", "cancelled", "waiting"),
    StateDef("out_of_stock", 51, "920", "Out of Stock", "contains-out-of-stock-products",
             "Stokta Olmayan Ürün İçeriyor", "out_of_stock", "waiting"),
    StateDef("defective", 50, "930", "Defective Product", "defective-product",  # INVENTED
             "Defolu Ürün", "defective", "waiting"),
    StateDef("blocked", 53, "950", "Blocked", "blocked", "Bloke",  # INVENTED enum
             "blocked", "waiting"),
    StateDef("packed_for_refund", 54, "1100", "Packed for Refund", "packed-for-refund",
             "İade İçin Paketlendi", "packed_for_refund", "preparing"),
)

# --- PackageItemStatus (100, 600, 900 documented; the rest INVENTED) ---------------------
ITEM_STATES = (
    StateDef("waiting", 57, "100", "Waiting", "waiting", "Bekliyor"),
    StateDef("packed", 60, "500", "Packed", "packed", "Paketlendi"),  # INVENTED enum
    StateDef("shipped", 61, "550", "Shipped", "shipped", "Kargolandı"),  # INVENTED enum
    StateDef("cancelled", 58, "600", "Cancelled", "cancelled", "İptal Edilmiş"),
    StateDef("delivered", 59, "900", "Delivered", "delivered", "Teslim Edildi"),
    StateDef("out_of_stock", 62, "920", "Out of Stock", "out-of-stock", "Stokta Yok"),  # INV.
    StateDef("defective", 63, "930", "Defective", "defective", "Defolu"),  # INVENTED enum
    StateDef("blocked", 64, "950", "Blocked", "blocked", "Bloke"),  # INVENTED enum
    StateDef("packed_for_refund", 65, "1100", "Packed for Refund", "packed-for-refund",
             "İade İçin Paketlendi"),  # INVENTED enum
)

# --- OrderStatus (Omnitron codes, documented) -------------------------------------------
ORDER_STATES = (
    StateDef("waiting", 20, "200", "Waiting", "waiting", "Bekliyor"),
    StateDef("preparing", 28, "450", "Preparing", "preparing", "Hazırlanıyor"),
    StateDef("shipped", 29, "500", "Shipped", "shipped", "Kargolandı"),
    StateDef("delivered", 30, "550", "Delivered", "delivered", "Teslim Edildi"),
)


@dataclasses.dataclass(frozen=True)
class CommandDef:
    id: int
    command: str  # the command type, e.g. COMPLETE_PACKAGING
    source: str  # package state keys
    destination: str
    label: str
    en_label: str
    ui_visibility: tuple[str, ...] = ALL_UIS
    items_required: bool = False
    configuration: tuple[tuple[str, Any], ...] = ()


def _cmd(cid: int, command: str, src: str, dst: str, label: str, en_label: str,
         ui: tuple[str, ...] = ALL_UIS, items: bool = False,
         conf: tuple[tuple[str, Any], ...] = ()) -> CommandDef:
    return CommandDef(cid, command, src, dst, label, en_label, ui, items, conf)


_PACK = "COMPLETE_PACKAGING"
_PACK_NO_SHIP = "COMPLETE_PACKAGING_WITHOUT_SHIPMENT"
_OOS = "DETECTED_OUT_OF_STOCK_ITEM"
_SYNC = (("sync_remote_order_status", True),)

COMMANDS = (
    # From Waiting: the first six are the seed package's own entries (ids, states, labels).
    _cmd(1, "PKG_STATE_TRANSITION", "waiting", "preparing", "Paketi Onayla", "Start preparing"),
    _cmd(25, _OOS, "waiting", "out_of_stock", "Paketlenemedi / Ürün bulunamadı",
         "Product not found", items=True),
    _cmd(30, _OOS, "waiting", "defective", "Defolu Ürün", "Defective / wrong product",
         items=True),
    _cmd(32, _PACK_NO_SHIP, "waiting", "packed", "Paketlemeyi Kargosuz Tamamla",
         "Complete packaging without shipment"),
    _cmd(16, _PACK, "waiting", "packed", "Paketlemeyi Tamamla", "Complete packaging",
         conf=_SYNC),
    _cmd(19, "CHANNEL_BASED_COMPLETE_PACKAGING", "waiting", "packed", "Paketlemeyi Tamamla",
         "Channel based complete packaging"),
    _cmd(60, "BLOCK_THE_PACKAGE", "waiting", "blocked", "Paketi Blokla", "Block the package"),
    _cmd(66, "REFUSE_PACKAGE", "waiting", "needs_rescheduling", "Paketi Reddet",
         "Refuse package"),
    _cmd(70, "PACKAGE_PACKED_FOR_REFUND", "waiting", "packed_for_refund",
         "İade İçin Paketle", "Packed for refund", ui=WEB_ONLY),
    # From Waiting Remote Action.
    _cmd(61, "BLOCK_THE_PACKAGE", "waiting_remote", "blocked", "Paketi Blokla",
         "Block the package"),
    _cmd(67, "REFUSE_PACKAGE", "waiting_remote", "needs_rescheduling", "Paketi Reddet",
         "Refuse package"),
    # From Preparing.
    _cmd(2, "PKG_STATE_TRANSITION", "preparing", "ready", "Paketlemeye Hazır",
         "Ready for packaging"),
    _cmd(33, _PACK_NO_SHIP, "preparing", "packed", "Paketlemeyi Kargosuz Tamamla",
         "Complete packaging without shipment"),
    _cmd(17, _PACK, "preparing", "packed", "Paketlemeyi Tamamla", "Complete packaging",
         conf=_SYNC),
    _cmd(26, _OOS, "preparing", "out_of_stock", "Paketlenemedi / Ürün bulunamadı",
         "Product not found", items=True),
    _cmd(31, _OOS, "preparing", "defective", "Defolu Ürün", "Defective / wrong product",
         items=True),
    _cmd(62, "BLOCK_THE_PACKAGE", "preparing", "blocked", "Paketi Blokla", "Block the package"),
    _cmd(68, "REFUSE_PACKAGE", "preparing", "needs_rescheduling", "Paketi Reddet",
         "Refuse package"),
    # From Ready for Packaging.
    _cmd(34, _PACK_NO_SHIP, "ready", "packed", "Paketlemeyi Kargosuz Tamamla",
         "Complete packaging without shipment"),
    _cmd(18, _PACK, "ready", "packed", "Paketlemeyi Tamamla", "Complete packaging",
         conf=_SYNC),
    _cmd(27, _OOS, "ready", "out_of_stock", "Paketlenemedi / Ürün bulunamadı",
         "Product not found", items=True),
    _cmd(28, _OOS, "ready", "defective", "Defolu Ürün", "Defective / wrong product",
         items=True),
    _cmd(63, "BLOCK_THE_PACKAGE", "ready", "blocked", "Paketi Blokla", "Block the package"),
    # From Blocked: one entry per state a package can be blocked from; a blocked package
    # lists only the entry leading back to its own previous state (DG unblock command).
    _cmd(64, "UNBLOCK_THE_PACKAGE", "blocked", "waiting", "Blokajı Kaldır", "Unblock"),
    _cmd(65, "UNBLOCK_THE_PACKAGE", "blocked", "waiting_remote", "Blokajı Kaldır", "Unblock"),
    _cmd(69, "UNBLOCK_THE_PACKAGE", "blocked", "preparing", "Blokajı Kaldır", "Unblock"),
    _cmd(71, "UNBLOCK_THE_PACKAGE", "blocked", "ready", "Blokajı Kaldır", "Unblock"),
    # After packing.
    _cmd(80, "SHIP_THE_PACKAGE", "packed", "shipped", "Kargoya Ver", "Ship the package"),
    _cmd(72, "PACKAGE_PACKED_FOR_REFUND", "out_of_stock", "packed_for_refund",
         "İade İçin Paketle", "Packed for refund", ui=WEB_ONLY),
    _cmd(81, "UPDATE_PACKAGE_SHIPMENT_STATUS", "shipped", "delivered", "Teslim Edildi",
         "Mark delivered", ui=WEB_ONLY),
)


def _state_object(state: StateDef, enum_class: str, content_type: int) -> dict[str, Any]:
    # The seed installation shows `translations: null` on its states; the states this
    # simulator adds carry translations so clients exercise both forms.
    stamps = SEED_STATE_STAMPS.get((enum_class, state.id))
    translations = None if stamps else {
        "en-us": {"name": state.name},
        "tr-tr": {"name": state.tr_name},
    }
    created, modified = stamps or (STATE_STAMP, STATE_STAMP)
    return {
        "id": state.id,
        "created_date": created,
        "modified_date": modified,
        "translations": translations,
        "name": state.name,
        "config": {},
        "enum_class": enum_class,
        "enum_value": state.enum_value,
        "content_type": content_type,
    }


class Installation:
    """Lookup tables over the states and commands, and the JSON objects OMS shows for them."""

    def __init__(self) -> None:
        self.states = {s.key: s for s in PACKAGE_STATES}
        self.states_by_id = {s.id: s for s in PACKAGE_STATES}
        self.item_states = {s.key: s for s in ITEM_STATES}
        self.commands_by_id = {c.id: c for c in COMMANDS}
        self.commands_by_slug = {self.slug(c): c for c in COMMANDS}
        self._state_json = {
            s.key: _state_object(s, "PackageStatus", PACKAGE_CONTENT_TYPE)
            for s in PACKAGE_STATES
        }
        self._item_state_json = {
            s.key: _state_object(s, "PackageItemStatus", ITEM_CONTENT_TYPE) for s in ITEM_STATES
        }
        self._order_state_json = {
            s.key: _state_object(s, "OrderStatus", ORDER_CONTENT_TYPE) for s in ORDER_STATES
        }
        self._command_lists: dict[tuple[str, str | None], list[dict[str, Any]]] = {}

    def slug(self, command: CommandDef) -> str:
        source = self.states[command.source].slug
        destination = self.states[command.destination].slug
        return f"package__{command.command.lower()}__{source}__{destination}"

    def state_json(self, key: str) -> dict[str, Any]:
        """The shared state object; callers must never mutate it."""
        return self._state_json[key]

    def item_state_json(self, key: str) -> dict[str, Any]:
        return self._item_state_json[key]

    def order_state_json(self, key: str) -> dict[str, Any]:
        return self._order_state_json[key]

    def state_for_id(self, state_id: int) -> StateDef | None:
        return self.states_by_id.get(state_id)

    def short_state(self, key: str) -> dict[str, Any]:
        """The state as transition logs show it: `{id, name, enum_value, enum_class}`."""
        state = self.states[key]
        return {"id": state.id, "name": state.name, "enum_value": state.enum_value,
                "enum_class": "PackageStatus"}

    def commands_json(self, state_key: str, blocked_from: str | None = None) -> list[dict]:
        """The `commands[]` of a package in `state_key` (shared list: never mutate it)."""
        cache_key = (state_key, blocked_from if state_key == "blocked" else None)
        if cache_key not in self._command_lists:
            self._command_lists[cache_key] = [
                self._command_json(command)
                for command in COMMANDS
                if command.source == state_key
                and (state_key != "blocked" or command.destination == blocked_from)
            ]
        return self._command_lists[cache_key]

    def _command_json(self, command: CommandDef) -> dict[str, Any]:
        return {
            "id": command.id,
            "is_packageitem_parameter_required": command.items_required,
            "configuration": dict(command.configuration),
            "translations": {"en-us": {"label": command.en_label},
                             "tr-tr": {"label": command.label}},
            "command": command.command,
            "label": command.label,
            "slug": self.slug(command),
            "ui_visibility": list(command.ui_visibility),
            "source_state": self.states[command.source].id,
            "destination_state": self.states[command.destination].id,
        }

    def find_command(self, slug_or_type: str, offered_ids: list[int]) -> CommandDef | None:
        """A command by slug, or the first one of a command type among `offered_ids`
        (a package's current `commands[]`), as the web UI's buttons would pick it."""
        if slug_or_type in self.commands_by_slug:
            return self.commands_by_slug[slug_or_type]
        wanted = slug_or_type.upper()
        for command_id in offered_ids:
            command = self.commands_by_id.get(command_id)
            if command and command.command == wanted:
                return command
        return None
