"""The mass-archive guard as a user meets it: `packing-station sync` against the
simulator stops instead of archiving a third of the cache, `status` (text and --json)
shows the pending decision, and `sync --confirm-archive` carries it out."""

from __future__ import annotations

import json
import subprocess
import sys

from station.oms.profile import DEFAULT_PROFILE

SECRET = "demo"
LOCATION = 1


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "station", *args], input=stdin,
                          capture_output=True, text=True, timeout=120)


def sync(sim, db, *extra: str) -> subprocess.CompletedProcess:
    done = run_cli("sync", "--base-url", sim.url, "--username", "demo", "--password-stdin",
                   "--stock-location", str(LOCATION), "--db", str(db), *extra,
                   stdin=f"{SECRET}\n")
    assert done.returncode == 0, done.stderr
    return done


def status_json(db) -> dict:
    done = run_cli("status", "--db", str(db), "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def live_on_server(sim) -> list[int]:
    packable = set(DEFAULT_PROFILE.packable_states)
    return sorted(p["id"] for p in sim.store.packages_iter()
                  if p["stock_location"]["id"] == LOCATION
                  and str(p["state"]["enum_value"]) in packable)


def test_a_mass_archive_waits_for_confirmation_on_the_command_line(make_sim, tmp_path):
    sim = make_sim(packages=80, locations=1)
    db = tmp_path / "station.db"
    sync(sim, db)
    live = live_on_server(sim)
    gone = live[: len(live) // 3]
    for pk in gone:  # e.g. the OMS was restored from an old backup
        sim.delete_package(pk)

    report = json.loads(sync(sim, db, "--full", "--json").stdout)
    assert report["archived"] == 0 and report["archive_pending"] == len(gone)
    counts = status_json(db)
    assert counts["packages"]["total"] == len(live)
    (decision,) = counts["pending_mass_archive"]
    assert decision["count"] == len(gone) and decision["live"] == len(live)
    text = run_cli("status", "--db", str(db)).stdout
    assert "WAITING FOR YOU: Sync would archive" in text and "--confirm-archive" in text

    done = sync(sim, db, "--confirm-archive")
    assert f"archived {len(gone)} packages as confirmed" in done.stderr
    counts = status_json(db)
    assert counts["pending_mass_archive"] == []
    assert counts["packages"]["total"] == len(live) - len(gone)


def test_the_share_is_a_command_line_option(make_sim, tmp_path):
    sim = make_sim(packages=80, locations=1)
    db = tmp_path / "station.db"
    sync(sim, db)
    live = live_on_server(sim)
    gone = live[: len(live) // 3]
    for pk in gone:
        sim.delete_package(pk)
    report = json.loads(sync(sim, db, "--full", "--json", "--max-archive-share", "50").stdout)
    assert report["archived"] == len(gone) and report["archive_pending"] == 0
    assert status_json(db)["pending_mass_archive"] == []
