"""`packing-station sync` and `status` as a user runs them: real processes, real HTTP."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

SECRET = "demo"


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "station", *args], input=stdin,
                          capture_output=True, text=True, timeout=60)


@pytest.fixture
def sim(make_sim):
    return make_sim(packages=80, locations=1)


def sync_args(sim, db, *extra: str) -> list[str]:
    return ["sync", "--base-url", sim.url, "--username", "demo", "--password-stdin",
            "--stock-location", "1", "--db", str(db), *extra]


def test_sync_then_status_json(sim, tmp_path):
    db = tmp_path / "cli.db"
    done = run_cli(*sync_args(sim, db, "--json"), stdin=f"{SECRET}\n")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["mode"] == "full" and report["stored"] > 0
    status = run_cli("status", "--db", str(db), "--json")
    assert status.returncode == 0, status.stderr
    counts = json.loads(status.stdout)
    assert counts["packages"]["total"] == report["stored"]
    assert set(counts["packages"]) >= {"total", "by_state", "archived", "quarantined"}
    assert set(counts) >= {"packages", "items", "codes", "last_sync", "outbox"}
    assert counts["last_sync"] is not None
    assert (db.stat().st_mode & 0o777) == 0o600


def test_wrong_password_is_a_clear_error_and_never_echoed(sim, tmp_path):
    wrong = "not-the-password-42"
    done = run_cli(*sync_args(sim, tmp_path / "x.db"), stdin=f"{wrong}\n")
    assert done.returncode == 2
    assert "credentials rejected" in done.stderr
    assert wrong not in done.stderr + done.stdout


def test_password_is_never_a_plain_argument(sim, tmp_path):
    done = run_cli("sync", "--base-url", sim.url, "--username", "demo",
                   "--stock-location", "1", "--db", str(tmp_path / "x.db"))
    assert done.returncode != 0
    assert "--password-stdin" in done.stderr


def test_unreachable_server_keeps_cache_and_says_why(sim, tmp_path):
    db = tmp_path / "cli.db"
    assert run_cli(*sync_args(sim, db), stdin=f"{SECRET}\n").returncode == 0
    before = json.loads(run_cli("status", "--db", str(db), "--json").stdout)
    done = run_cli("sync", "--base-url", "http://127.0.0.1:9", "--token-stdin",
                   "--stock-location", "1", "--db", str(db), stdin="x\n")
    assert done.returncode == 2
    assert "Connection refused" in done.stderr or "connect" in done.stderr.lower()
    after = json.loads(run_cli("status", "--db", str(db), "--json").stdout)
    assert after["packages"] == before["packages"]
    assert after["last_error"]
