"""The outbox as the packer sees it: Needs attention (conflicts and failures with
OMS's message, retry/discard) and History (today's actions and their delivery)."""

from ui.outbox.attention import AttentionWidget
from ui.outbox.history import HistoryWidget

__all__ = ["AttentionWidget", "HistoryWidget"]
