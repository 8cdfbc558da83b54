"""Packer-facing sentences the core makes, translatable without Qt in the core.

Owns `Message` and `msg()`. A `Message` *is* the English sentence (a `str`
subclass, so logs, the CLI and every caller that treats it as text keep working)
and also carries its `template` and `params`, so the GUI can look the template up
in its Turkish catalogue and fill in the same params (`ui.i18n.render`).

Rules for templates: a plain string literal passed straight to `msg()` (the
translation tooling finds them by reading the source), named `{params}` only, one
sentence or two short ones a packer reads from a metre away. A param may itself be
a `Message` (it is rendered in the same language).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class Message(str):
    """An English sentence that remembers how it was made."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, params: dict[str, Any] | None = None) -> Message:
        params = dict(params or {})
        text = template.format(**params) if params else template
        self = super().__new__(cls, text)
        self.template = template
        self.params = params
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # pickles (and copies) as a Message
        return (Message, (self.template, self.params))


def msg(template: str, **params: Any) -> Message:
    """`msg("Scan the next item — {left} left.", left=3)`."""
    return Message(template, params)


def join_sentences(*parts: str) -> Message:
    """Sentences (Messages or text) shown one after the other; empty ones left out.

    The template is only the spaces between them ("{s0} {s1}"): nothing to translate,
    so `render` fills it with each part rendered in the packer's language."""
    shown = [part for part in parts if part]
    if len(shown) == 1 and isinstance(shown[0], Message):
        return shown[0]
    return _joined(shown, " ")


def join_list(parts: Iterable[str], separator: str = ", ") -> Message:
    """"2 × Mug, 1 × Cheese": parts (Messages or text) in a list."""
    return _joined([part for part in parts if part], separator)


def _joined(parts: list[str], separator: str) -> Message:
    names = [f"s{index}" for index in range(len(parts))]
    template = separator.join("{" + name + "}" for name in names)
    return Message(template, dict(zip(names, parts, strict=True)))
