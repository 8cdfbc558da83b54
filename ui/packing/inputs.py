"""Small dialogs for the packing screen's inputs that a scan can also give.

Owns `ask_packer_name` (the "Switch packer…" menu: the same as scanning a badge
`PACKER:<name>`). The reason picker, the unit picker and the takeover confirmation
are the choice bar (ui.packing.chooser) showing the session's question: each choice
there is also a card (`REASON:<id>`, an item code, `CMD:OK`, `CMD:CANCEL`).
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget


def ask_packer_name(parent: QWidget, current: str) -> str | None:
    """The new packer's name, or None when cancelled or left empty."""
    name, ok = QInputDialog.getText(parent, "Switch packer", "Who is packing now?",
                                    QLineEdit.EchoMode.Normal, current)
    name = " ".join(name.split())
    return name if ok and name else None


def badge_for(name: str) -> str:
    """The badge scan that switches to `name`."""
    return f"PACKER:{name}"
