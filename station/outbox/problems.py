"""What the outbox keeps about a problem, so its words stay translatable.

Owns `encode_problem(text)` and `decode_problem(text, encoded)`. An entry's
`last_error` column holds the English text (the CLI, logs and old rows read it);
when that text is a `station.messages.Message` — our own words, maybe around OMS's —
`last_error_message` holds its template and params as JSON (nested Messages too), and
reading the entry gives the Message back, in any process. Plain text (OMS's own words,
an exception's text) is stored as it is and comes back as plain text.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from station.messages import Message

log = logging.getLogger(__name__)

_TEMPLATE, _PARAMS = "template", "params"


def encode_problem(text: str | None) -> str | None:
    """The JSON for `last_error_message`; None unless `text` is a Message."""
    if not isinstance(text, Message):
        return None
    return json.dumps(_encoded(text), ensure_ascii=False)


def decode_problem(text: str | None, encoded: str | None) -> str | None:
    """`last_error` as the packer should see it: the Message it was made from when
    `encoded` holds one, else the stored text unchanged."""
    if text is None or not encoded:
        return text
    try:
        return _decoded(json.loads(encoded))
    except (ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
        log.warning("unreadable stored message %r (%s); showing its text", encoded, exc)
        return text


def _encoded(message: Message) -> dict[str, Any]:
    params = {name: _encoded(value) if isinstance(value, Message) else _plain(value)
              for name, value in message.params.items()}
    return {_TEMPLATE: message.template, _PARAMS: params}


def _plain(value: Any) -> Any:
    # The English text is already made; a param only has to show the same way again.
    return value if isinstance(value, (str, int, float, bool)) or value is None else str(value)


def _decoded(data: dict[str, Any]) -> Message:
    params = {name: _decoded(value) if isinstance(value, dict) else value
              for name, value in data[_PARAMS].items()}
    return Message(str(data[_TEMPLATE]), params)
