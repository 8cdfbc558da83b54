"""Packer-facing sentences (station.messages): a Message is its English sentence, pickles
with its template and params, every `msg(` call in the core is extractable by the
translation tooling, and a whole packing session speaks without codes or "item(s)"."""

from __future__ import annotations

import ast
import datetime as dt
import pathlib
import pickle
import string

import pytest

import station
from station.messages import Message, join_list, join_sentences, msg
from station.packing.session import PackingConfig, PackingSession
from station.store import open_store, upsert_page
from tests.unit.packing.test_session import NOW, SHIRT_EAN, packages
from tests.unit.store_factory import SYNCED_AT, page

STATION_DIR = pathlib.Path(station.__file__).parent


# --- Message --------------------------------------------------------------------------


def test_a_message_is_its_english_sentence_and_remembers_how_it_was_made():
    left = msg("Scan the next item — {left} left.", left=3)
    assert left == "Scan the next item — 3 left." and isinstance(left, str)
    assert (left.template, left.params) == ("Scan the next item — {left} left.", {"left": 3})
    assert msg("Done — put the label on.") == "Done — put the label on."


def test_a_message_pickles_and_copies_as_a_message_with_nested_params():
    what = msg("invoice number")
    saved = msg("Saved: {what} {value} for package {number}.", what=what, value="INV-1",
                number="P1")
    back = pickle.loads(pickle.dumps(saved))
    assert type(back) is Message and back == "Saved: invoice number INV-1 for package P1."
    assert back.template == saved.template
    assert type(back.params["what"]) is Message and back.params["what"].template == "invoice number"


def test_joined_sentences_and_lists_keep_their_parts_as_messages():
    joined = join_sentences(msg("Started preparing."), "", msg("Gift box"))
    assert joined == "Started preparing. Gift box"
    assert [type(value) for value in joined.params.values()] == [Message, Message]
    listed = join_list(["1 × Mug", msg("and {count} more products", count=2)])
    assert listed == "1 × Mug, and 2 more products"
    assert join_list([]) == "" and join_sentences(msg("Alone.")).template == "Alone."


# --- every msg( call is extractable ----------------------------------------------------


def template_fields(template: str) -> set[str]:
    """The named params a template uses ("{since:%H:%M}" uses `since`)."""
    names = set()
    for _, field, _, _ in string.Formatter().parse(template):
        if field is not None:
            names.add(field.split(".")[0].split("[")[0])
    return names


def msg_call_problems(source: str, where: str) -> list[str]:
    problems = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and (
                (isinstance(node.func, ast.Name) and node.func.id == "msg")
                or (isinstance(node.func, ast.Attribute) and node.func.attr == "msg"))):
            continue
        at = f"{where}:{node.lineno}"
        first = node.args[0] if node.args else None
        if len(node.args) != 1 or not (isinstance(first, ast.Constant)
                                        and isinstance(first.value, str)):
            problems.append(f"{at}: the template is not one plain string literal")
            continue
        given = {keyword.arg for keyword in node.keywords}
        if None in given:
            problems.append(f"{at}: **params hide the names from the tooling")
        elif template_fields(first.value) != given:
            problems.append(f"{at}: {sorted(template_fields(first.value))} != {sorted(given)}")
    return problems


def test_the_checker_sees_broken_calls():
    assert msg_call_problems('msg(f"x {a}", a=1)', "f") == [
        "f:1: the template is not one plain string literal"]
    assert msg_call_problems('msg("a" + "b")', "f") != []
    assert msg_call_problems('msg("{left} left", count=1)', "f") == ["f:1: ['left'] != ['count']"]
    assert msg_call_problems('msg("{a}", **p)', "f") != []
    assert msg_call_problems('msg("by {name} since {since:%H:%M}", name=1, since=2)', "f") == []


def test_every_msg_call_in_the_core_has_a_literal_template_matching_its_params():
    problems, calls = [], 0
    for path in sorted(STATION_DIR.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        calls += source.count("msg(")
        problems += msg_call_problems(source, str(path.relative_to(STATION_DIR)))
    assert problems == []
    assert calls > 60  # the packer's sentences really are msg() calls


# --- a whole packing session speaks plainly ---------------------------------------------

BANNED = ("CMD:", "(s)", " of 1.", " of 1)", "{", "}")
SCRIPT = (
    "NOPE-42", "", "CMD:COMPLETE_NO_SHIPMENT", "O3", "SOCKS", "CMD:CANCEL",
    "P1", "P1", "SHIRT-M", "TWIN-A", "SOCKS", "MUG-1", "MUG-1",
    "CMD:COMPLETE_NO_SHIPMENT", "CMD:SHIP_IT", "REASON:2", "CMD:OK", "CMD:REMOTE_ID",
    "CMD:UNDO", "CMD:UNDO", "CMD:UNDO", "CMD:REMOVE", "SHIRT-M", "CMD:REMOVE", "NOPE-1",
    "CMD:INVOICE", "INV-77", "CMD:OUT_OF_STOCK", "TWIN-A", "CMD:OK", "CHEESE-KG",
    "CHEESE-KG", "CMD:UNDO", "CMD:CANCEL",
    "P4", "SHARED", "PACKER:bob", "PACKER:bob",
    "P5", "P5", "CHEESE-KG", "CHEESE-KG", "P5", "CMD:COMPLETE_NO_SHIPMENT",
    "P2", SHIRT_EAN, "CMD:OK", SHIRT_EAN, "CMD:CANCEL", "CMD:CANCEL",
    "P3", "CMD:CANCEL", "P1", "SHIRT-M", "SHIRT-M", "MUG-1", "CHEESE-KG", "SHIRT-M",
    "CMD:COMPLETE_NO_SHIPMENT", "CMD:COMPLETE_NO_SHIPMENT",
)


@pytest.fixture
def session(tmp_path):
    with open_store(tmp_path / "station.db") as store:
        upsert_page(store, page(*packages()), synced_at=SYNCED_AT)
        yield PackingSession(store, packer="ann", now=lambda: NOW,
                             config=PackingConfig(auto_start_preparing=False))


def spoken(session) -> list[tuple[str, str]]:
    """(kind, sentence) of every outcome of the script, and of every choice offered."""
    said = []
    for raw in SCRIPT:
        outcome = session.handle_scan(raw)
        said.append((outcome.kind, outcome.message))
        said += [("choice", choice.label) for choice in outcome.choices]
    said.append(("override", session.override("COMPLETE_NO_SHIPMENT", "ayse", "1234").message))
    return said


def test_a_scripted_session_covers_every_kind_and_says_no_codes(session):
    said = spoken(session)
    kinds = {kind for kind, _ in said}
    assert kinds >= {"ok", "partial", "complete", "over", "wrong", "unknown", "saved",
                     "closed", "choose", "input_needed", "error", "choice"}
    offenders = [(kind, text) for kind, text in said
                 if any(banned in text for banned in BANNED) or "item(s)" in text]
    assert offenders == []
    not_messages = [(kind, text) for kind, text in said
                    if kind != "choice" and not isinstance(text, Message)]
    assert not_messages == []  # every sentence is translatable (choices may be data: "P3")


def test_the_script_hears_the_new_short_sentences(session):
    said = [text for _, text in spoken(session)]
    for expected in ("Package P1 open: scan its items — 4 left.",
                     "Wrong item: put it back. (TWIN-A is not in package P1)",
                     "Too many: put 1 × Mug (SKU MUG-1) back. (Only 1 was ordered.)",
                     "Done — put the label on. (Complete saved for package P1)",
                     "Saved: invoice number INV-77 for package P1."):
        assert any(text == expected or text.startswith(expected + " ") for text in said), \
            expected


def test_times_in_messages_format_like_english(session):
    since = dt.datetime(2024, 5, 1, 14, 5)
    assert msg("by {name} since {since:%H:%M}", name="ayse", since=since) == "by ayse since 14:05"


def nested(message: Message) -> list[Message]:
    """`message` and every Message among its params, at any depth."""
    found = [message]
    for value in message.params.values():
        if isinstance(value, Message):
            found += nested(value)
    return found


def test_our_words_inside_sentences_are_messages_too(session):
    """A param that is our own wording (an action's name, "invoice number", a key hint)
    translates with the sentence; only data (numbers, codes, titles) stays plain."""
    outcomes = [session.handle_scan(raw) for raw in ("P1", "CMD:OUT_OF_STOCK", "CMD:CANCEL",
                                                     "CMD:INVOICE", "INV-1", "MUG-1", "SHIRT-M",
                                                     "SHIRT-M", "CHEESE-KG")]
    templates = {part.template for outcome in outcomes for part in nested(outcome.message)}
    assert {"Out of stock", "invoice number", "press {key} or scan the {card} card",
            "To stop: {key} or the {card} card.", "{name} (SKU {sku})"} <= templates
