"""What a scan did: `ScanOutcome` (and the `Choice`s of an ambiguous scan).

Outcome kinds (`ScanOutcome.kind`), each with its own sound/colour in the GUI:

* `ok` package opened · `partial` unit verified, more to scan · `complete` unit
  verified, every unit scanned · `saved` command queued · `closed` package closed;
* `choose` the scan names several packages, products or commands: pick one of
  `choices` (scan its `code`, or `PackingSession.choose`);
* `over` more units than expected, or a serial number already scanned · `wrong`
  not in this package · `unknown` unreadable scan, unknown code or command ·
  `input_needed` a command needs more first (items scanned, an override) ·
  `error` nothing open, package gone, or the scan could not be saved.

`saved` is True only once a verification or command is on disk.

`message` is a `station.messages.Message`: the English sentence (what the CLI prints)
that the GUI renders in the packer's language. Messages are short and say first what
to do ("Scan the next item — 3 left.", "Wrong item: put it back. (…)", "Done — put
the label on."), then the package and product concerned; they name keys and cards as
the packer sees them ("press F4 or scan the COMPLETE_NO_SHIPMENT card"), never codes
like `CMD:…`, and choose singular or plural templates by count (no "item(s)", no
"1 of 1"). tests/unit/test_messages.py holds a whole session to that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

OutcomeKind = Literal["ok", "partial", "complete", "saved", "closed", "choose", "over",
                      "wrong", "unknown", "input_needed", "error"]
ChoiceKind = Literal["package", "item", "command", "reason"]


@dataclass(frozen=True)
class Choice:
    """One option of a `choose` outcome; `code` is what to scan to pick it.
    Item choices carry the scan's data, so `PackingSession.choose` keeps it."""

    kind: str  # a ChoiceKind
    id: int  # package id, package item id or transition id
    label: str  # a Message, or data such as a package number
    code: str
    scanned_code: str | None = None
    serial_no: str | None = None
    unit_weight: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "label": self.label, "code": self.code}


@dataclass(frozen=True)
class ScanOutcome:
    kind: OutcomeKind
    message: str  # a Message: one sentence a packer reads from a metre away
    package_id: int | None = None
    saved: bool = False  # a verification or command is on disk
    outbox_id: str | None = None
    choices: tuple[Choice, ...] = field(default=())
    item_id: int | None = None  # the unit verified
    command_type: str | None = None  # the command queued

    def as_json(self) -> dict[str, Any]:
        """JSON-ready values (the headless CLI prints one per scan)."""
        return {
            "kind": self.kind, "message": self.message, "package_id": self.package_id,
            "saved": self.saved, "outbox_id": self.outbox_id, "item_id": self.item_id,
            "command_type": self.command_type,
            "choices": [choice.as_json() for choice in self.choices],
        }
