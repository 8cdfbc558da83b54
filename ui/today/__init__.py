"""Today's work at the station: "Packed today" (search, reopen, reprint), the reprint
dialog, and the wiring the composition root uses (the History screen is
`ui.outbox.history`, the next-package prompt `ui.today.next_package`)."""

from ui.today.next_package import NextPackagePrompt
from ui.today.packed import PackedTodayWidget
from ui.today.reprint import ReprintDialog, Reprinter, ask_reprint
from ui.today.wiring import (
    attach_next_package,
    attach_packed_today,
    attach_today,
    follow_history,
    follow_station,
)

__all__ = ["NextPackagePrompt", "PackedTodayWidget", "ReprintDialog", "Reprinter", "ask_reprint",
           "attach_next_package", "attach_packed_today", "attach_today",
           "follow_history", "follow_station"]
