"""Small pieces the settings pages share: a row of buttons, a spin box, a page from a
layout, a list of keys from a comma-separated field, an error made a sentence."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QPushButton, QSpinBox, QVBoxLayout, QWidget


def row(*buttons: QPushButton) -> QHBoxLayout:
    """Buttons side by side at their natural width, on the left."""
    line = QHBoxLayout()
    for button in buttons:
        line.addWidget(button)
    line.addStretch(1)
    return line


def spin(low: int, high: int, value: int, suffix: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    box.setSuffix(suffix)
    return box


def keys(text: str) -> list[str]:
    return [key.strip() for key in text.split(",") if key.strip()]


def sentence(text: str) -> str:
    """`text` with a capital first letter and a full stop."""
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def page(layout: QFormLayout | QVBoxLayout) -> QWidget:
    widget = QWidget()
    widget.setLayout(layout)
    return widget
