"""The headless `pack` and `outbox` commands as a scripted station runs them: real
subprocesses, a database synced from the simulator over HTTP, delivery to it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from station import outbox
from station.oms.client import OmsClient
from station.simulator import Simulator
from station.store import open_store
from station.sync.syncer import Syncer

COMPLETE_CARD = "CMD:COMPLETE_PACKAGING_WITHOUT_SHIPMENT"


def headless(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "station", *args], input=stdin,
                          capture_output=True, text=True, timeout=60, check=False)


def synced_station(sim: Simulator, db: Path) -> list[dict]:
    """Sync the busiest stock location into `db`; its packages as the simulator has them."""
    counts = sim.stock_location_counts()
    location = max(counts, key=lambda loc: counts[loc])
    with OmsClient(sim.url, username="demo", password="demo") as client, open_store(db) as store:
        Syncer(client, store, stock_location_id=location).sync(full=True)
    return [sim.package(pk) for pk in sim.package_ids(location)]


def waiting(packages: list[dict], count: int = 1) -> list[dict]:
    found = [p for p in packages if p["state"]["enum_value"] == "100" and p["id"] > 1000]
    assert len(found) >= count
    return found[:count]


def script_for(package: dict) -> list[str]:
    codes = [item["order_item"]["product"]["barcode"] or item["order_item"]["product"]["sku"]
             for item in package["packageitem_set"]
             if str(item["state"]["enum_value"]) != "600"]
    return [package["number"], *codes, COMPLETE_CARD]


def outcomes(result: subprocess.CompletedProcess[str]) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def applied(sim: Simulator) -> list[tuple[int, int]]:
    return [(entry.package_id, entry.transition) for entry in sim.applied_commands()]


@pytest.fixture
def station(make_sim, tmp_path):
    sim = make_sim()
    db = tmp_path / "station.db"
    return sim, db, synced_station(sim, db)


def test_offline_pack_then_outbox_drain_delivers_each_command_once(station, tmp_path):
    sim, db, packages = station
    first, second = waiting(packages, 2)
    script = tmp_path / "scans.txt"
    script.write_text("\n".join([*script_for(first), "8690000000017", *script_for(second)])
                      + "\n")
    result = headless("pack", "--db", str(db), "--script", str(script), "--offline",
                      "--packer", "ci")
    assert result.returncode == 0, result.stderr
    lines = outcomes(result)
    assert [line["line"] for line in lines] == list(range(1, len(lines) + 1))
    assert lines[0]["kind"] == "ok" and lines[0]["command_type"] == "PKG_STATE_TRANSITION"
    assert {line["kind"] for line in lines if line["scan"] == COMPLETE_CARD} == {"saved"}
    assert lines[len(script_for(first))]["kind"] == "unknown"  # nothing open between packages
    assert applied(sim) == []  # offline: nothing left the station

    listed = headless("outbox", "--db", str(db), "--json")
    assert listed.returncode == 0
    assert json.loads(listed.stdout)["counts"] == {"pending": 4}

    token = sim.login()
    drained = headless("outbox", "--db", str(db), "--drain", "--base-url", sim.url,
                       "--token-stdin", "--json", stdin=f"{token}\n")
    assert drained.returncode == 0, drained.stderr
    report = json.loads(drained.stdout)
    assert report["counts"] == {"done": 4} and report["drain"]["done"] == 4
    # Each exactly once; different packages may be delivered concurrently, so order
    # is only promised per package.
    assert sorted(applied(sim)) == sorted([(first["id"], 1), (first["id"], 33),
                                           (second["id"], 1), (second["id"], 33)])
    for package in (first, second):
        assert [t for pk, t in applied(sim) if pk == package["id"]] == [1, 33]
        assert sim.package(package["id"])["state"]["enum_value"] == "500"


def test_online_pack_delivers_while_packing_with_a_password_on_stdin(station):
    sim, db, packages = station
    (package,) = waiting(packages)
    scans = "\n".join(script_for(package)) + "\n"
    result = headless("pack", "--db", str(db), "--script", "-", "--base-url", sim.url,
                      "--username", "demo", "--password-stdin", "--packer", "ci",
                      stdin="demo\n" + scans)
    assert result.returncode == 0, result.stderr
    assert outcomes(result)[-1]["kind"] == "saved"
    assert "demo\n" not in result.stdout + result.stderr.replace('"demo"', "")
    assert json.loads(result.stderr.splitlines()[-1])["drain"]["remaining"] == 0
    assert applied(sim) == [(package["id"], 1), (package["id"], 33)]
    with open_store(db) as store:
        assert outbox.counts(store) == {"done": 2}


def test_a_conflict_is_listed_and_discarded_by_id_prefix(station, tmp_path):
    sim, db, packages = station
    (package,) = waiting(packages)
    script = tmp_path / "scans.txt"
    script.write_text(f"{package['number']}\nCMD:CANCEL\n")
    assert headless("pack", "--db", str(db), "--script", str(script), "--offline").returncode \
        == 0
    sim.apply_command_as_other_station(package["id"], "COMPLETE_PACKAGING")  # someone else
    drained = headless("outbox", "--db", str(db), "--drain", "--base-url", sim.url,
                       "--token-stdin", stdin=f"{sim.login()}\n")
    assert drained.returncode == 1  # something needs the packer
    assert "conflict (1)" in drained.stdout
    with open_store(db) as store:
        (entry,) = outbox.entries(store)
    discarded = headless("outbox", "--db", str(db), "--discard", entry.id[:8], "--packer", "sup")
    assert discarded.returncode == 0, discarded.stderr
    assert "discarded (1)" in discarded.stdout
    with open_store(db) as store:
        assert [row["action"] for row in outbox.audit_trail(store)][-1] == "discard"


def test_bad_invocations_fail_with_a_clear_message(tmp_path):
    db = str(tmp_path / "station.db")
    missing = headless("pack", "--db", db, "--script", str(tmp_path / "nope.txt"))
    assert missing.returncode != 0 and "no such script file" in missing.stderr
    assert not (tmp_path / "station.db").exists()  # nothing created for a failed call
    unknown = headless("outbox", "--db", db, "--retry", "abc")
    assert unknown.returncode == 2 and "no outbox entries match 'abc'" in unknown.stderr
    no_url = headless("outbox", "--db", db, "--drain")
    assert no_url.returncode != 0 and "--drain needs --base-url" in no_url.stderr


def test_pack_packs_with_the_settings_files_rules(station, tmp_path):
    """`pack` builds its packing behaviour from the same settings file as the window:
    here an installation that uses remote ids."""
    from station.config import settings_path

    _sim, db, packages = station
    [package] = waiting(packages)
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"uses_remote_id": True}))
    try:
        result = headless("pack", "--db", str(db), "--script", "-", "--offline",
                          stdin=f"{package['number']}\nCMD:REMOTE_ID\nRMT-1\n")
    finally:
        path.unlink()
    lines = outcomes(result)
    assert lines[1]["kind"] == "input_needed" and "remote id" in lines[1]["message"]
    assert lines[2]["kind"] == "saved" and lines[2]["command_type"] == "SET_REMOTE_ID"
