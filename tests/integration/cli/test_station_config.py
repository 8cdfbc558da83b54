"""The core's configuration from the settings file and the command line: barcode
attribute keys remembered by the database for every program, and API profile overrides
from `--api-profile` or the settings file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from station.config import settings_path
from station.store import open_store


def cli(*args: str, env: dict[str, str] | None = None,
        stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "station", *args], input=stdin,
                          capture_output=True, text=True, timeout=60, check=False,
                          env={**os.environ, **(env or {})})


def test_barcode_attributes_given_once_are_remembered_for_every_program(tmp_path):
    db = str(tmp_path / "station.db")
    assert cli("status", "--db", db, "--barcode-attributes", "Barkod, erenp_erenbarkod"
               ).returncode == 0
    with open_store(db) as store:  # another program, told nothing
        assert store.barcode_attributes == {"barkod", "erenp_erenbarkod"}
    assert cli("status", "--db", db).returncode == 0  # a status run keeps them
    with open_store(db) as store:
        assert store.barcode_attributes == {"barkod", "erenp_erenbarkod"}
    assert cli("status", "--db", db, "--barcode-attributes", "").returncode == 0
    with open_store(db) as store:
        assert store.barcode_attributes == frozenset()


def test_api_profile_from_the_command_line_reaches_the_requests(make_sim, tmp_path):
    sim = make_sim()
    db = str(tmp_path / "station.db")
    result = cli("sync", "--db", db, "--base-url", sim.url, "--stock-location", "1",
                 "--username", "demo", "--password-stdin", "--json",
                 "--api-profile", '{"page_size": 7}', stdin="demo\n")
    assert result.returncode == 0, result.stderr
    sizes = {r["query"].get("page_size") or r["query"].get("limit")
             for r in sim.requests() if r["path"].endswith("/packages/")}
    assert "7" in sizes


def test_api_profile_from_the_settings_file(make_sim, tmp_path):
    sim = make_sim()
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"api_profile": {"page_size": 9}}))
    try:
        result = cli("sync", "--db", str(tmp_path / "s.db"), "--base-url", sim.url,
                     "--stock-location", "1", "--username", "demo", "--password-stdin",
                     "--json", stdin="demo\n")
    finally:
        path.unlink()
    assert result.returncode == 0, result.stderr
    sizes = {r["query"].get("page_size") or r["query"].get("limit")
             for r in sim.requests() if r["path"].endswith("/packages/")}
    assert "9" in sizes


def test_a_bad_api_profile_is_one_sentence(tmp_path):
    result = cli("sync", "--db", str(tmp_path / "s.db"), "--base-url", "https://oms.example",
                 "--stock-location", "1", "--token-stdin", "--api-profile", '{"no_such": 1}',
                 stdin="a-token-of-some-length\n")
    assert result.returncode == 2
    assert "--api-profile: unknown API profile setting(s): no_such" in result.stderr
    assert "Traceback" not in result.stderr
    missing = cli("sync", "--db", str(tmp_path / "s.db"), "--base-url", "https://oms.example",
                  "--stock-location", "1", "--token-stdin",
                  "--api-profile", f"@{Path(tmp_path) / 'nope.json'}", stdin="t" * 20 + "\n")
    assert missing.returncode == 2 and "--api-profile:" in missing.stderr
