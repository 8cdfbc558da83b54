"""Every word Needs attention shows about an entry goes through translation (issue 13):
its status (whatever it is), "Package", "by", the command when it has no label, and our
own words around OMS's message (a stored Message); OMS's own words stay as they came.
A stand-in translator marks what it translated, so nothing English slips through."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from station.messages import msg
from station.outbox.queue import OutboxEntry, Status
from station.outbox.status_words import status_word
from ui.outbox.attention import entry_text

CREATED = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)


class Marking(QTranslator):
    """Translates every message of the contexts it knows to "«source»"."""

    def translate(self, context, source, disambiguation=None, n=-1):
        return f"«{source}»" if context in ("core", "AttentionWidget") else None

    def isEmpty(self) -> bool:
        return False


@pytest.fixture
def marking(qapp) -> Iterator[None]:
    translator = Marking()
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


def entry(**changes) -> OutboxEntry:
    values = dict(
        id="e1", seq=1, package_id=1001, kind="command", transition_id=7, slug=None,
        command_type=None, label=None, input_parameters={}, source_state_id=1,
        destination_state_id=2, payload=None, created_at=CREATED, packer="ayse", attempts=1,
        next_attempt_at=CREATED, status="conflict", last_error=None, server_response=None,
        updated_at=CREATED, done_at=None)
    values.update(changes)
    return OutboxEntry(**values)


def test_every_status_has_a_translatable_word():
    assert [status_word(status) for status in Status] == [status.value for status in Status]
    assert all(status_word(status).template == status.value for status in Status)
    assert status_word("from the future") == "from the future"


def test_status_package_by_and_the_command_go_through_translation(marking):
    head = entry_text(entry(status="uncertain"), "P-1").splitlines()[0]
    assert head.startswith("«Package P-1 · «transition 7» · «uncertain» · ")
    assert head.endswith(" by ayse»")


def test_our_words_around_omss_message_translate_and_omss_stay(marking):
    ours = msg("package no longer on OMS (404): {oms}", oms="Not found.")
    text = entry_text(entry(last_error=ours), "P-1")
    assert text.splitlines()[1] == "«OMS: «package no longer on OMS (404): Not found.»»"
    plain = entry_text(entry(last_error="Bad value."), "P-1")
    assert "Bad value." in plain and "«Bad value.»" not in plain
