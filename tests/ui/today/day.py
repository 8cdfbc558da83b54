"""A packing day for the "today" screens' tests: a simulator-generated installation
synced into a real database (tests/unit/stats/packing_day), two packages packed by
`ayse` through the real `PackingSession` with print jobs made on completion (a folder
printer), one of them with a wrong scan, an over-scan and a supervisor override.
(No tests here.)"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from station.documents.queue import completion_hook
from station.documents.settings import PrintSettings
from station.packing.session import PackingConfig, PackingSession
from station.store.db import Store
from tests.unit.stats.packing_day import COMPLETE, Clock, item_codes, synced_store

UTC = dt.UTC
START = dt.datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
PACKER = "ayse"
COMPLETION_TYPE = COMPLETE.removeprefix("CMD:")


def print_settings(folder: Path) -> PrintSettings:
    """Slips and labels to a folder (auto-printed on completion), invoices nowhere."""
    return PrintSettings(destinations={"slip": f"folder:{folder}", "label": f"folder:{folder}"},
                         auto_print=frozenset({"slip"}))


@dataclass
class Day:
    path: Path
    waiting: list[dict]  # Waiting packages, as OMS sent them; [0] and [1] are packed
    clock: Clock
    settings: PrintSettings

    def session(self, store: Store, packer: str = PACKER) -> PackingSession:
        config = PackingConfig(supervisors={}, on_completion=completion_hook(self.settings))
        return PackingSession(store, packer=packer, config=config, now=self.clock)


def make_day(tmp_path: Path, store_opener) -> Day:
    path = tmp_path / "station.db"
    waiting = synced_store(path)
    day = Day(path, waiting, Clock(START), print_settings(tmp_path / "printed"))
    full = waiting[0]
    short = next(p for p in waiting[1:] if len(item_codes(p)) >= 2
                 and p["order_number"] != full["order_number"])  # searches tell them apart
    stranger = next(c for p in waiting[5:] for c in item_codes(p) if c not in item_codes(full))
    with store_opener(path) as store:
        ayse = day.session(store)
        scan(ayse, day.clock, full["number"], "ok")
        for number, code in enumerate(item_codes(full)):
            scan(ayse, day.clock, code)
            if number == 0:
                scan(ayse, day.clock, stranger, "wrong")
        scan(ayse, day.clock, item_codes(full)[-1], "over")
        scan(ayse, day.clock, COMPLETE, "saved")
        scan(ayse, day.clock, short["number"], "ok")
        scan(ayse, day.clock, item_codes(short)[0])
        day.clock.tick()
        assert ayse.run_command(COMPLETION_TYPE, override_by="boss").kind == "saved"
    day.waiting = [full, short, *[p for p in waiting if p not in (full, short)]]
    return day


def scan(session: PackingSession, clock: Clock, code: str, kind: str | None = None) -> None:
    clock.tick()
    outcome = session.handle_scan(code)
    if kind is None:
        assert outcome.saved, outcome.message
    else:
        assert outcome.kind == kind, outcome.message
