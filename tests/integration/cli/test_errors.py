"""Every failure a user can cause, in every sub-command: one sentence on stderr, exit
status 2, no traceback (that goes to the log file only). Real processes, real files;
where root would ignore file permissions the command runs without CAP_DAC_OVERRIDE."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from station.store import open_store

COMMANDS = ("status", "outbox", "pack", "sync")
NO_SERVER = "http://127.0.0.1:9"  # nothing listens: sync must fail before reaching it


def run(tmp_path: Path, *args: str, stdin: str = "", unprivileged: bool = False,
        timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state"),
           "PACKING_STATION_TOKEN": "not-a-real-token"}
    prefix: list[str] = []
    if unprivileged and os.geteuid() == 0:
        # Root bypasses permission bits; without these capabilities it does not.
        prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]
    return subprocess.run([*prefix, sys.executable, "-m", "station", *args], input=stdin,
                          capture_output=True, text=True, timeout=timeout, env=env, check=False)


def command_line(command: str, db: Path, tmp_path: Path, *extra: str) -> list[str]:
    if command == "pack":
        script = tmp_path / "scans.txt"
        script.write_text("P1\n")
        return ["pack", "--db", str(db), "--script", str(script), "--offline", *extra]
    if command == "sync":
        return ["sync", "--db", str(db), "--base-url", NO_SERVER, "--stock-location", "1",
                *extra]
    return [command, "--db", str(db), *extra]


def one_sentence(done: subprocess.CompletedProcess[str], command: str, *expected: str) -> str:
    """The single stderr line, checked; returns it for further asserts."""
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    line = lines[0]
    assert line.startswith(f"packing-station {command}: "), line
    for text in expected:
        assert text in line, line
    return line


def station_db(tmp_path: Path, name: str = "station.db") -> Path:
    db = tmp_path / name
    open_store(db).close()
    return db


def checkpointed(db: Path) -> None:
    """Everything in the main file, no -wal left (so the file is the whole database)."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


@pytest.fixture(params=COMMANDS)
def command(request) -> str:
    return request.param


def test_a_file_of_random_bytes(command, tmp_path):
    db = tmp_path / "random.db"
    db.write_bytes(os.urandom(20_000))
    before = db.read_bytes()
    done = run(tmp_path, *command_line(command, db, tmp_path))
    one_sentence(done, command, f"database {db} is not a station database")
    assert db.read_bytes() == before  # nothing lost


def test_a_database_with_a_corrupted_page(command, tmp_path):
    db = station_db(tmp_path)
    checkpointed(db)
    with db.open("r+b") as raw:  # no connection is open: plain file calls are safe here
        raw.seek(100)  # page 1 after the file header: the schema's b-tree
        raw.write(b"\xff" * 400)
    done = run(tmp_path, *command_line(command, db, tmp_path))
    one_sentence(done, command, f"database {db} is damaged", "malformed")


def test_a_database_missing_a_table(tmp_path):
    db = station_db(tmp_path)
    conn = sqlite3.connect(db)
    conn.execute("DROP TABLE outbox")
    conn.commit()
    conn.close()
    for command in ("status", "outbox"):
        done = run(tmp_path, *command_line(command, db, tmp_path))
        one_sentence(done, command, f"database {db} is damaged", "no such table: outbox")


def test_db_naming_a_directory(command, tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    done = run(tmp_path, *command_line(command, folder, tmp_path))
    one_sentence(done, command, f"database {folder} is a directory")


@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_a_read_only_database_file(tmp_path, journal):
    """In WAL mode SQLite would read it quietly and fail at the first write: refused
    up front all the same."""
    db = station_db(tmp_path)
    if journal == "delete":
        checkpointed(db)
    db.chmod(0o400)
    for command in COMMANDS:
        done = run(tmp_path, *command_line(command, db, tmp_path), unprivileged=True)
        one_sentence(done, command, f"database {db} is read-only")


def test_a_database_in_a_read_only_folder(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    existing = station_db(folder)
    checkpointed(existing)
    folder.chmod(0o500)
    try:
        for command in COMMANDS:
            done = run(tmp_path, *command_line(command, existing, tmp_path), unprivileged=True)
            one_sentence(done, command, f"its folder {folder} is read-only")
        new = folder / "new.db"
        done = run(tmp_path, "status", "--db", str(new), unprivileged=True)
        line = one_sentence(done, "status", f"cannot create database {new}")
        assert line.endswith(f"no write access to its folder {folder}")
    finally:
        folder.chmod(0o700)


HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "exclusive-mode":
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")
conn.execute("BEGIN EXCLUSIVE")
conn.execute("CREATE TABLE held (x)")
print("held", flush=True)
sys.stdin.read()
"""


def hold_lock(db: Path, mode: str) -> subprocess.Popen[str]:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), mode], text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def test_a_database_locked_longer_than_the_busy_timeout(tmp_path, command):
    db = station_db(tmp_path)
    holder = hold_lock(db, "exclusive-mode")  # nobody may even read
    try:
        started = time.monotonic()
        done = run(tmp_path, *command_line(command, db, tmp_path, "--busy-timeout", "0.3"))
        one_sentence(done, command, f"database {db} is locked by another program",
                     "waited 0.3 s")
        assert time.monotonic() - started < 20
    finally:
        holder.communicate("")


def test_a_scan_that_meets_a_write_lock_is_reported_not_saved(tmp_path):
    """`pack` keeps going scan by scan: the packer's place survives a busy database."""
    db = station_db(tmp_path)
    script = tmp_path / "scans.txt"
    script.write_text("CMD:CANCEL\n")  # a scan the session records: a write
    holder = hold_lock(db, "write-lock")  # a writer holds BEGIN EXCLUSIVE
    try:
        done = run(tmp_path, "pack", "--db", str(db), "--script", str(script), "--offline",
                   "--busy-timeout", "0.3")
    finally:
        holder.communicate("")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Scan it again: that scan was NOT saved" in done.stdout
    assert "database is locked" in done.stdout


def test_disk_full_on_a_tiny_filesystem(tmp_path):
    """A real full disk: a 2 MB tmpfs in a private mount namespace (Linux, root)."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root and unshare to mount a tiny filesystem")
    mount = tmp_path / "tiny"
    mount.mkdir()
    db = mount / "station.db"
    script = tmp_path / "fill.sh"
    script.write_text(
        f'mount -t tmpfs -o size=2m tmpfs "{mount}" || exit 99\n'
        f'"{sys.executable}" -m station status --db "{db}" >/dev/null || exit 98\n'
        f'head -c 4000000 /dev/zero > "{mount}/filler" 2>/dev/null\n'  # fills what is left
        f'exec "{sys.executable}" -m station pack --db "{db}" --script - --offline\n')
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")}
    done = subprocess.run(["unshare", "-m", "sh", str(script)], input="CMD:CANCEL\n" * 400,
                          capture_output=True, text=True, timeout=60, env=env, check=False)
    if done.returncode in (98, 99):
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    one_sentence(done, "pack", "disk full: ", f"MB free on {mount}")


def test_an_unexpected_failure_names_the_log_file_and_keeps_the_traceback_there(tmp_path):
    db = station_db(tmp_path)
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO outbox (id, seq, kind, package_id, transition_id, "
                 "input_parameters, created_at, packer, attempts, next_attempt_at, status, "
                 "updated_at) VALUES ('abc', 1, 'command', 1, 1, 'not json {', "
                 "'2024-01-01T00:00:00.000000Z', 'p', 0, '2024-01-01T00:00:00.000000Z', "
                 "'pending', '2024-01-01T00:00:00.000000Z')")
    conn.commit()
    conn.close()
    done = run(tmp_path, "outbox", "--db", str(db))
    log_file = tmp_path / "state" / "packing-station" / "log" / "packing-station.log"
    assert done.returncode == 70 and "Traceback" not in done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("packing-station outbox: internal error: ")
    assert line.endswith(f"(details in {log_file})")
    assert "Traceback (most recent call last)" in log_file.read_text()


def test_a_missing_script_file_is_a_usage_error(tmp_path):
    done = run(tmp_path, "pack", "--db", str(tmp_path / "s.db"), "--script",
               str(tmp_path / "nope.txt"))
    one_sentence(done, "pack", "no such script file")
    assert not (tmp_path / "s.db").exists()


def test_a_base_url_that_is_no_url(tmp_path):
    done = run(tmp_path, "sync", "--db", str(tmp_path / "s.db"), "--base-url", "oms.example",
               "--stock-location", "1")
    one_sentence(done, "sync", "OMS base URL must be http(s)://host")


def test_plain_http_to_another_machine_is_refused(tmp_path):
    """Refused before any connection is tried (192.0.2.0/24 is TEST-NET: never reached)."""
    done = run(tmp_path, "sync", "--db", str(tmp_path / "s.db"), "--base-url",
               "http://192.0.2.10", "--stock-location", "1")
    one_sentence(done, "sync", "refusing plain http:// to 192.0.2.10", "unencrypted",
                 "use https:// (or add --allow-insecure-http)")


def test_the_token_is_no_longer_an_argument_and_is_not_echoed(tmp_path):
    secret = "secret-token-123"
    for form in (["--token", secret], [f"--token={secret}"]):
        done = run(tmp_path, "sync", "--db", str(tmp_path / "s.db"), "--base-url", NO_SERVER,
                   "--stock-location", "1", *form)
        one_sentence(done, "sync", "--token is not accepted", "--token-stdin")
        assert secret not in done.stderr + done.stdout


def test_a_broken_settings_file(tmp_path):
    """`supervisor add` is the sub-command that reads the GUI's settings file."""
    settings = tmp_path / "settings.json"
    settings.write_text('{"base_url": "https://oms.example", ')
    done = run(tmp_path, "supervisor", "add", "ann", "--settings", str(settings),
               stdin="4711\n4711\n")
    one_sentence(done, "supervisor", f"cannot read the station settings {settings}")
    assert settings.read_text() == '{"base_url": "https://oms.example", '  # left as it was


def test_a_bad_invocation_is_one_sentence_without_a_usage_block(tmp_path):
    done = run(tmp_path, "sync", "--db", str(tmp_path / "s.db"), "--base-url", NO_SERVER)
    one_sentence(done, "sync", "the following arguments are required: --stock-location",
                 "(see packing-station sync --help)")
