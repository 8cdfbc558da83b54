"""`packing-station pack --script` speaks the same cards as the packing screen: every
hard-package flow can be scripted (a real subprocess, offline, then `outbox --drain`)."""

from __future__ import annotations

import json
import subprocess
import sys

from station.oms.client import OmsClient
from station.store import open_store
from station.sync.syncer import Syncer


def headless(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "station", *args], input=stdin,
                          capture_output=True, text=True, timeout=60, check=False)


def test_scripted_refuse_out_of_stock_undo_invoice_and_badge(make_sim, tmp_path):
    sim = make_sim(locations=1, seed=4)
    db = tmp_path / "station.db"
    with OmsClient(sim.url, username="demo", password="demo") as client, \
            open_store(db) as store:
        Syncer(client, store, stock_location_id=1).sync(full=True)
    waiting = [sim.package(pk) for pk in sim.package_ids(1)
               if sim.package(pk)["state"]["enum_value"] == "100" and pk > 1000]
    refused, short = waiting[:2]
    item = short["packageitem_set"][0]
    code = item["order_item"]["product"]["barcode"] or item["order_item"]["product"]["sku"]
    script = tmp_path / "scans.txt"
    script.write_text("\n".join([
        "PACKER:Deniz", refused["number"], "CMD:REFUSE", "REASON:3",
        short["number"], code, "CMD:UNDO", "CMD:INVOICE", "INV-9", "CMD:OUT_OF_STOCK", code,
        "CMD:OK"]) + "\n")
    result = headless("pack", "--db", str(db), "--script", str(script), "--offline",
                      "--packer", "ci", "--no-auto-start")
    assert result.returncode == 0, result.stderr
    kinds = [json.loads(line)["kind"] for line in result.stdout.splitlines()]
    assert kinds == ["ok", "ok", "choose", "saved", "ok", "partial", "partial",
                     "input_needed", "saved", "choose", "choose", "saved"]

    drained = headless("outbox", "--db", str(db), "--drain", "--base-url", sim.url,
                       "--token-stdin", "--json", stdin=f"{sim.login()}\n")
    assert drained.returncode == 0, drained.stderr
    applied = [(c.package_id, c.command, c.input_parameters) for c in sim.applied_commands()]
    assert applied == [
        (refused["id"], "REFUSE_PACKAGE", {"denial_reason": 3}),
        (short["id"], "DETECTED_OUT_OF_STOCK_ITEM", {"package_items": [item["id"]]})]
    assert sim.package(short["id"])["invoice_number"] == "INV-9"
    listed = json.loads(headless("outbox", "--db", str(db), "--json").stdout)
    assert {entry["packer"] for entry in listed["entries"]} == {"Deniz"}
