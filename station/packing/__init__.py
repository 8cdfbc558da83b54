"""Packing at the bench: one packer's session over the cached packages.

* `session` — `PackingSession`: a raw scan in, a `ScanOutcome` out (open a package,
  verify an item, run a command, supervisor override), each change durable;
* `view` — `PackageView`: the open package as the packer sees it (expected vs verified);
* `catalogue` — the station command catalogue: fixed keys and cards (`CMD:REFUSE`), the
  rules finding each action's OMS transition, overridable per installation;
* `inputs` — what a scan means while a question is up: the answers to what a command
  needs asked at the bench (denial reason, units, invoice number, remote id);
* `questions` — `Question`, the session's open question, and how it is asked;
* `takeover` — one packer per package: taking over a package packed elsewhere, and
  who is packing it by OMS's transition logs;
* `local_actions` — undo/remove, invoice number and remote id, packer badges (audited);
* `sentences` — what the session says of packages opened, kept, closed or gone;
* `running` — a command from the card scanned to the outbox (completion guard, override);
* `wording` — keys and cards named in sentences ("press F3 or scan the COMPLETE card");
* `commands` — which OMS commands a package offers and their `input_parameters`;
* `outcome` — `ScanOutcome` and `Choice`, what a scan did.
"""

from station.packing.commands import AvailableCommand, available_commands, match_commands
from station.packing.outcome import Choice, ScanOutcome
from station.packing.session import PackingConfig, PackingSession
from station.packing.view import PackageView, load_view

__all__ = [
    "AvailableCommand", "Choice", "PackageView", "PackingConfig", "PackingSession",
    "ScanOutcome", "available_commands", "load_view", "match_commands",
]
