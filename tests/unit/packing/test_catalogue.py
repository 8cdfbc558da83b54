"""The station command catalogue: fixed keys and cards, the rules that find an action's
OMS transition (type, destination enum, words, source enum), and settings overrides."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from station.packing.catalogue import CATALOGUE, Rule


@dataclass(frozen=True)
class Offered:
    command_type: str
    destination_enum: str | None = None
    source_enum: str | None = None
    texts: tuple[str, ...] = ()


def test_keys_and_cards_are_unique_and_the_row_is_f1_to_f12():
    keys = [action.key for action in CATALOGUE.actions]
    cards = [action.card for action in CATALOGUE.actions]
    assert len(set(keys)) == len(keys) and len(set(cards)) == len(cards)
    assert [action.key for action in CATALOGUE.slots] == [f"F{n}" for n in range(1, 13)]
    assert all(card.startswith("CMD:") and card.isascii() for card in cards)


def test_the_destination_enum_decides_when_known_else_words_else_the_source():
    to_preparing = Offered("PKG_STATE_TRANSITION", destination_enum="200")
    to_ready = Offered("PKG_STATE_TRANSITION", destination_enum="400", source_enum="100")
    unseen_from_waiting = Offered("PKG_STATE_TRANSITION", source_enum="100",
                                  texts=("Paketi Onayla",))
    assert CATALOGUE.find("start_preparing", [to_ready, to_preparing]) is to_preparing
    assert CATALOGUE.find("ready", [to_preparing, to_ready]) is to_ready
    assert CATALOGUE.find("start_preparing", [unseen_from_waiting]) is unseen_from_waiting
    assert CATALOGUE.find("ready", [unseen_from_waiting]) is None


def test_out_of_stock_and_defective_share_a_type_and_are_told_apart_by_words():
    oos = Offered("DETECTED_OUT_OF_STOCK_ITEM", texts=("Paketlenemedi / Ürün bulunamadı",))
    defective = Offered("DETECTED_OUT_OF_STOCK_ITEM", texts=("Defolu Ürün",))
    assert CATALOGUE.find("out_of_stock", [defective, oos]) is oos
    assert CATALOGUE.find("defective", [oos, defective]) is defective
    assert CATALOGUE.action_of(defective).card == "CMD:DEFECTIVE"


def test_complete_prefers_the_earliest_type_of_its_rule_not_oms_order():
    channel = Offered("CHANNEL_BASED_COMPLETE_PACKAGING")
    plain = Offered("COMPLETE_PACKAGING")
    assert CATALOGUE.find("complete", [channel, plain]) is plain
    assert CATALOGUE.find("complete", [channel]) is channel


def test_settings_override_a_rule_but_never_a_key_or_card():
    damaged = Offered("DETECTED_OUT_OF_STOCK_ITEM", texts=("Hasarlı",))
    assert CATALOGUE.find("defective", [damaged]) is None
    local = CATALOGUE.with_overrides({"defective": {"words": ["hasarl"]}})
    assert local.find("defective", [damaged]) is damaged
    assert [(a.key, a.card) for a in local.actions] == [(a.key, a.card)
                                                        for a in CATALOGUE.actions]
    renamed = CATALOGUE.with_overrides({"block": {"command_types": ["HOLD_PACKAGE"]}})
    assert renamed.find("block", [Offered("HOLD_PACKAGE")]) is not None
    assert local["refuse"].rule == Rule(("REFUSE_PACKAGE",))


@pytest.mark.parametrize("bad", [{"teleport": {}}, {"undo": {"words": ["x"]}},
                                 {"refuse": {"words": "not a list"}}, ["refuse"]])
def test_bad_overrides_are_refused_in_one_sentence(bad):
    with pytest.raises(ValueError):
        CATALOGUE.with_overrides(bad)


def test_who_is_packing_reads_the_last_log_into_the_state():
    import datetime as dt

    from station.oms.models import State, TransitionLog
    from station.packing.takeover import who_is_packing

    def log(log_id, state, user, minute):
        return TransitionLog(id=log_id, new_state=State(id=state, enum_value="200", name="x"),
                             user=user, created_date=dt.datetime(2024, 5, 1, 12, minute,
                                                                 tzinfo=dt.UTC))

    logs = [log(1, 37, {"username": "mehmet"}, 0), log(2, 38, "x", 5),
            log(3, 37, "ayse", 9)]
    assert who_is_packing(logs, 37).startswith("by ayse since ")
    assert who_is_packing(logs, 99) is None
    assert who_is_packing([log(4, 37, None, 1)], 37) is None  # OMS logged no user
