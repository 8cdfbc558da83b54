"""The GUI's language: translating core `Message`s and showing dates the locale's way.

Owns `render(text)` (a `station.messages.Message` looked up in the "core"
translation context and filled with its params, each param rendered too; any other
text unchanged) and `format_datetime(value)` (an aware or naive-UTC datetime or ISO
string, shown in local time in the locale's short format); the language itself
(`install_translator`, `choose_language`, `current_language`, `emoji_fallback`) is
`ui.i18n.translator`'s. The catalogue is `packing_station_tr.ts` beside this file
(scripts/update-translations.py refreshes it; `make translations` compiles the .qm).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTime, QTimeZone

from station.messages import Message
from ui.i18n.translator import (
    QT_TRANSLATE_NOOP,
    choose_language,
    current_language,
    emoji_fallback,
    install_translator,
)

__all__ = ["QT_TRANSLATE_NOOP", "choose_language", "current_language", "emoji_fallback",
           "format_datetime", "format_wall_clock", "install_translator", "render"]

CORE_CONTEXT = "core"


def render(text: Any) -> str:
    """The packer's-language sentence for `text` (a core Message or plain text)."""
    if not isinstance(text, Message):
        return "" if text is None else str(text)
    template = QCoreApplication.translate(CORE_CONTEXT, text.template)
    if not text.params:
        return template
    params = {key: render(value) if isinstance(value, Message) else value
              for key, value in text.params.items()}
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):  # a broken translation: say it in English
        return str(text)


def format_datetime(value: datetime | str | None, *, with_date: bool = True) -> str:
    """Local time in the locale's short format ("" for nothing or unreadable)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        text = value
        try:
            value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return text
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    moment = QDateTime.fromSecsSinceEpoch(int(value.timestamp()), QTimeZone.systemTimeZone())
    locale = QLocale()
    if with_date:
        return locale.toString(moment, QLocale.FormatType.ShortFormat)
    return locale.toString(moment.time(), QLocale.FormatType.ShortFormat)


def format_wall_clock(value: datetime) -> str:
    """`value`'s own date and time (no conversion: it is already in the zone meant) in
    the locale's short format, e.g. a shift's start in the station's time zone."""
    moment = QDateTime(QDate(value.year, value.month, value.day),
                       QTime(value.hour, value.minute, value.second))
    return QLocale().toString(moment, QLocale.FormatType.ShortFormat)
