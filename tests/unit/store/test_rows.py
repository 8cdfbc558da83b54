"""Row building: the fast date text matches `iso_utc`, command lists are recognised by
content, and a page's shared products/states/transitions come out once, last one winning."""

from __future__ import annotations

import datetime as dt

import msgspec
from hypothesis import given
from hypothesis import strategies as st

from station.store.db import iso_utc
from station.store.rows import (
    COMMAND_FIELDS,
    PACKAGE_COLUMNS,
    CommandList,
    build_page_rows,
    iso_text,
)
from tests.unit.store_factory import command_json, item_json, package_json, page, product_json

SYNCED = "2024-05-01T12:00:00.000000Z"
OFFSETS = st.sampled_from([None, dt.UTC, dt.timezone(dt.timedelta(hours=3)),
                           dt.timezone(dt.timedelta(hours=-5, minutes=-30))])


@given(moment=st.datetimes(min_value=dt.datetime(1000, 1, 1)), zone=OFFSETS,
       whole_second=st.booleans())
def test_iso_text_is_iso_utc(moment, zone, whole_second):
    if whole_second:
        moment = moment.replace(microsecond=0)
    value = moment.replace(tzinfo=zone)
    assert iso_text(value) == iso_utc(value)


def test_iso_text_of_decoded_oms_dates():
    for text in ("2022-04-28T08:19:09.415069Z", "2022-04-28T08:19:09Z",
                 "2022-04-28T11:19:09.5+03:00"):
        value = msgspec.json.decode(f'"{text}"'.encode(), type=dt.datetime)
        assert iso_text(value) == iso_utc(value)
    assert iso_text(None) is None


def test_command_list_is_keyed_by_its_content():
    (package, _), (same, _), (other, _) = page(
        package_json(1), package_json(2), package_json(3, commands=[command_json(16, 35, 40,
                                                                                 label="X")]))
    first, second = CommandList.of(package.commands), CommandList.of(same.commands)
    assert first.digest == second.digest and len(first.digest) == 16
    assert CommandList.of(other.commands).digest != first.digest
    (entry,) = msgspec.json.decode(first.json)
    assert tuple(entry) == COMMAND_FIELDS
    assert entry["command_type"] == "COMPLETE_PACKAGING"


def test_page_rows_share_products_states_and_command_lists():
    shirt = product_json(7, sku="SHIRT")
    renamed_shirt = product_json(7, sku="SHIRT", name="Shirt, renamed")
    rows = build_page_rows(page(
        package_json(1, items=[item_json(11, shirt), item_json(12, shirt)],
                     commands=[command_json(16, 35, 40, label="Old")]),
        package_json(2, items=[item_json(21, renamed_shirt)],
                     commands=[command_json(16, 35, 40, label="New")]),
        package_json(3, items=[item_json(31, product_json(8))], commands=[]),
    ), SYNCED)
    assert [row[0] for row in rows.packages] == [1, 2, 3]
    assert [row[:3] for row in rows.items] == [(11, 1, 0), (12, 1, 1), (21, 2, 0), (31, 3, 0)]
    # Shared products and transitions: the last package that carries them wins.
    assert [(row[0], row[1]) for row in rows.products] == [(7, "Shirt, renamed"),
                                                           (8, "Product 8")]
    (transition,) = rows.transitions
    assert (transition[0], transition[1], transition[5]) == (35, 16, "New")
    assert sorted(row[0] for row in rows.states) == [20, 35, 57]
    assert len(rows.command_lists) == 2
    command_list = PACKAGE_COLUMNS.index("command_list")
    assert [row[command_list] is None for row in rows.packages] == [False, False, True]
