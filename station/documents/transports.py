"""Getting rendered bytes to paper: raw TCP port 9100, a raw CUPS queue, a PDF folder.

Plain blocking functions, meant to run on the print queue's worker thread.
Their failures use the station's error tree so the queue can decide as it does
for OMS commands:

* `PrinterUnavailable` (a `NetworkError`, so retryable) — the printer refused
  the connection, timed out, CUPS is not running, the folder's disk is full.
  `request_sent` is True when some of the job may already have reached the
  printer, so a retry might print twice: the queue should ask before resending.
* `PrintRejected` (a `RejectedError`) — the setup is wrong and retrying will
  not help: a malformed address, no such CUPS queue, `lp` not installed, a
  folder that cannot be written.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from station.errors import NetworkError, RejectedError

RAW_PORT = 9100
_STEM_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
# CUPS queue names: printable, no space, "/" or "#"; never an option ("-…").
_QUEUE_NAME = re.compile(r"[^\s/#-][^\s/#]*")
# lp's messages when the scheduler, not the job, is the problem.
_CUPS_DOWN = ("unable to connect", "scheduler is not running", "connection refused")


class PrinterUnavailable(NetworkError):
    """The printer or target cannot take the job now; try again later."""


class PrintRejected(RejectedError):
    """The printer setup or the job is wrong; retrying unchanged will not help."""


def parse_tcp_target(target: str) -> tuple[str, int]:
    """(host, port) from "tcp://HOST:PORT", "HOST:PORT" or "HOST" (port 9100);
    IPv6 literals in brackets, as in URLs: "tcp://[::1]:9100"."""
    text = target.strip()
    parts = urlsplit(text if "://" in text else f"tcp://{text}")
    try:
        port = parts.port or RAW_PORT
    except ValueError as error:
        raise PrintRejected(f"printer address {target!r}: {error}") from error
    if parts.scheme != "tcp" or not parts.hostname or parts.path not in ("", "/"):
        raise PrintRejected(f"printer address {target!r} is not tcp://HOST:PORT")
    return parts.hostname, port


def send_raw_tcp(data: bytes, target: str, *, timeout: float = 10.0) -> None:
    """Send `data` (a ZPL job, say) to a raw printer port and close.

    `timeout` bounds the connect and each send. Success means the bytes left
    this machine; raw port 9100 has no acknowledgement to wait for."""
    host, port = parse_tcp_target(target)
    where = f"printer {host}:{port}"
    try:
        connection = socket.create_connection((host, port), timeout=timeout)
    except ConnectionRefusedError as error:
        raise PrinterUnavailable(f"{where} refused the connection (is it on?)") from error
    except TimeoutError as error:
        raise PrinterUnavailable(f"{where} did not answer within {timeout:g} s") from error
    except OSError as error:  # DNS failure, no route: may well pass later
        raise PrinterUnavailable(f"{where} is unreachable: {error}") from error
    with connection:
        try:
            connection.sendall(data)
            connection.shutdown(socket.SHUT_WR)
        except OSError as error:
            raise PrinterUnavailable(f"{where} broke off the job: {error}",
                                     request_sent=True) from error


def send_raw_cups(data: bytes, queue: str, *, title: str = "", lp: str = "lp",
                  timeout: float = 30.0) -> str:
    """Print `data` unfiltered on CUPS queue `queue` (`lp -d QUEUE -o raw`).

    Returns lp's answer ("request id is …"). `lp` may be a full path."""
    if not _QUEUE_NAME.fullmatch(queue):
        raise PrintRejected(f"{queue!r} is not a CUPS queue name")
    program = shutil.which(lp)
    if program is None:
        raise PrintRejected(f"the CUPS command {lp!r} is not installed (cups-client); "
                            "choose a network or PDF printer instead")
    command = [program, "-d", queue, "-o", "raw"] + (["-t", title] if title else [])
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired as error:
        raise PrinterUnavailable(f"lp did not finish within {timeout:g} s",
                                 request_sent=True) from error
    message = done.stderr.decode(errors="replace").strip()
    if done.returncode == 0:
        return done.stdout.decode(errors="replace").strip()
    if any(sign in message.lower() for sign in _CUPS_DOWN):
        raise PrinterUnavailable(f"CUPS is not available: {message}")
    raise PrintRejected(f"CUPS queue {queue!r} refused the job: {message or done.returncode}")


def save_pdf_to_folder(pdf: bytes, folder: str | Path, stem: str) -> Path:
    """Write `pdf` into `folder` as STEM.pdf, or STEM-2.pdf… if taken; returns the path.

    Atomic: the bytes go to a hidden temporary file first, which is then linked
    under its final name, so a watcher never sees a half-written PDF and an
    existing file is never overwritten."""
    if not pdf.startswith(b"%PDF-"):
        raise ValueError("save_pdf_to_folder takes PDF bytes")
    target_dir = Path(folder)
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        temporary = _write_temporary(pdf, target_dir)
        try:
            return _publish(temporary, target_dir, _safe_stem(stem))
        finally:
            temporary.unlink(missing_ok=True)
    except OSError as error:
        raise _folder_error(target_dir, error) from error


def _write_temporary(data: bytes, folder: Path) -> Path:
    handle, name = tempfile.mkstemp(dir=folder, prefix=".", suffix=".pdf.part")
    with os.fdopen(handle, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    return Path(name)


def _publish(temporary: Path, folder: Path, stem: str) -> Path:
    for number in range(1, 10_000):
        target = folder / (f"{stem}.pdf" if number == 1 else f"{stem}-{number}.pdf")
        try:
            os.link(temporary, target)  # fails, atomically, if the name is taken
        except FileExistsError:
            continue
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EOPNOTSUPP):
                raise
            if not _claim_and_replace(temporary, target):
                continue
        return target
    raise PrintRejected(f"{folder} already holds 9999 files named {stem}")


def _claim_and_replace(temporary: Path, target: Path) -> bool:
    """Where hard links are not allowed (FAT, some network shares): claim the
    name with an exclusive create, then move the finished file over it."""
    try:
        with open(target, "xb"):
            pass
    except FileExistsError:
        return False
    os.replace(temporary, target)
    return True


def _safe_stem(stem: str) -> str:
    cleaned = _STEM_UNSAFE.sub("_", stem).strip("._")[:100]
    return cleaned or "document"


def _folder_error(folder: Path, error: OSError) -> NetworkError | RejectedError:
    if error.errno in (errno.ENOSPC, errno.EIO, errno.ETIMEDOUT, errno.EAGAIN):
        return PrinterUnavailable(f"cannot write into {folder} now: {error}")
    return PrintRejected(f"cannot save into {folder}: {error}")
