"""The station lock: one packing program at a time on one database.

Owns `StationLock` and `StationBusy`. Two programs packing the same database (the
GUI and `packing-station pack`, or two GUIs) would each think they know which
package is open and race each other's commands; the second one to start is
refused with who holds the station: program, pid, packer and since when.
Read-only commands (`status`, listing the outbox) never take it.

How: an exclusive, non-blocking lock on a separate file beside the database
(`station.db.lock`) — `fcntl.flock` on POSIX, `msvcrt.locking` on Windows. Never a
descriptor of the database, its -wal or -shm: closing any descriptor of a file
drops every POSIX lock the process holds on it, SQLite's included. The operating
system releases the lock when the process ends, however it ends, so a crash never
leaves the station locked. The holder's details are written into the lock file
for the message; they mean something only while the lock is held.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from types import TracebackType

from station.config import utcnow
from station.errors import StationError

logger = logging.getLogger(__name__)

LOCK_SUFFIX = ".lock"
# Windows locks a byte range and then refuses to let others read it: lock one byte
# far past the holder's details so a refused program can still read who holds it.
_WINDOWS_LOCK_OFFSET = 1 << 30


class StationBusy(StationError):
    """Another program is packing on this database; the message says which one."""


@dataclass(frozen=True)
class Holder:
    """Who holds the station lock (written into the lock file)."""

    program: str
    pid: int
    packer: str
    since: str  # ISO 8601, UTC
    host: str

    def describe(self) -> str:
        return (f"{self.program} (pid {self.pid} on {self.host}, packer {self.packer}) "
                f"since {self.since}")


def lock_path(db_path: str | Path) -> Path:
    """The lock file of a database: `<name>.lock` beside it."""
    path = Path(db_path)
    return path.with_name(path.name + LOCK_SUFFIX)


class StationLock:
    """Holds the station lock of `db_path` from `acquire()` (or `with`) to `release()`."""

    def __init__(self, db_path: str | Path, *, program: str, packer: str) -> None:
        self.path = lock_path(db_path)
        self.program = program
        self.packer = packer
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> StationLock:
        """Take the lock now or raise StationBusy saying who has it; never waits."""
        if self._fd is not None:
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if not _try_lock(fd):
                raise StationBusy(_busy_message(self.path, read_holder(self.path)))
            _write_holder(fd, Holder(self.program, os.getpid(), self.packer,
                                     utcnow().isoformat(timespec="seconds"),
                                     socket.gethostname()))
        except BaseException:
            os.close(fd)  # our own lock file's descriptor: the lock (if any) goes with it
            raise
        self._fd = fd
        logger.info("station lock %s taken by %s", self.path, self.program)
        return self

    def release(self) -> None:
        """Give the station up (also safe when not held)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            os.ftruncate(fd, 0)  # no stale holder details for the next reader
        except OSError:
            logger.warning("could not clear the station lock file %s", self.path)
        os.close(fd)  # closing the descriptor releases the lock

    def __enter__(self) -> StationLock:
        return self.acquire()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.release()


def read_holder(path: Path) -> Holder | None:
    """The details the holder wrote, or None when they cannot be read."""
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "null")
        return Holder(**data) if isinstance(data, dict) else None
    except (OSError, ValueError, TypeError):
        return None


def _busy_message(path: Path, holder: Holder | None) -> str:
    who = holder.describe() if holder else "another program"
    return (f"this station is in use by {who}: close it first, then start again "
            f"(lock file {path})")


def _write_holder(fd: int, holder: Holder) -> None:
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, json.dumps(asdict(holder)).encode("utf-8"))
    os.fsync(fd)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        finally:
            os.lseek(fd, 0, os.SEEK_SET)
        return True
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


__all__ = ["Holder", "StationBusy", "StationLock", "lock_path", "read_holder"]
