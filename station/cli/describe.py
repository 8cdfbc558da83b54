"""The one place that turns an exception into the sentence a CLI user sees.

`describe_error` knows the station's own errors (their message is already the
sentence), SQLite's (through `station.store.db.explain_database_error`, which names
the database file, a full disk or a lock) and the operating system's. Anything else
is a defect: `internal error: … (details in LOGFILE)`, the traceback only in the log.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from station.errors import StationError
from station.store.db import (
    DEFAULT_BUSY_TIMEOUT_MS,
    disk_full_message,
    explain_database_error,
)

EXIT_USER_ERROR = 2
EXIT_INTERNAL_ERROR = 70  # EX_SOFTWARE (sysexits.h)


def describe_error(exc: BaseException, db_path: Path | None,
                   busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
                   log_file: Path | None = None) -> tuple[str, int]:
    """(one sentence, exit status) for `exc`; `db_path` is the database the command used."""
    cause = _sqlite_cause(exc)
    if cause is not None:
        return explain_database_error(cause, db_path, busy_timeout_ms), EXIT_USER_ERROR
    if isinstance(exc, StationError):
        return _one_line(str(exc)), EXIT_USER_ERROR
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        near = Path(exc.filename) if exc.filename else db_path
        return disk_full_message(near), EXIT_USER_ERROR
    if isinstance(exc, OSError):
        return _describe_os_error(exc), EXIT_USER_ERROR
    where = f"details in {log_file}" if log_file else "no log file could be written"
    detail = _one_line(str(exc)) or "no message"
    return f"internal error: {type(exc).__name__}: {detail} ({where})", EXIT_INTERNAL_ERROR


def _sqlite_cause(exc: BaseException) -> sqlite3.Error | None:
    """The SQLite error behind `exc` (itself, or what it was raised from)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, sqlite3.Error):
            return current
        seen.add(id(current))
        current = current.__cause__
    return None


def _describe_os_error(exc: OSError) -> str:
    if isinstance(exc, PermissionError) and exc.filename:
        path = Path(exc.filename)
        if not os.access(path.parent, os.W_OK | os.X_OK):
            return f"cannot write {path}: its folder {path.parent} is read-only"
        return f"no permission to use {path}"
    reason = exc.strerror or str(exc)
    if exc.filename:
        return f"{reason}: {exc.filename}"
    return reason


def _one_line(text: str) -> str:
    return " ".join(text.split())
