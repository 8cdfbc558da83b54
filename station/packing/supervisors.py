"""Supervisors who may override a blocked completion: names with PINs, never in clear.

Owns the PIN record (`hash_pin`, `verify_pin`: scrypt from hashlib with a random
salt per PIN, compared in constant time), the check the packing session runs
(`find_supervisor`), and how a supervisor is added to the station's settings file
(`add_supervisor`; the `packing-station supervisor add NAME` command calls it).

The settings file is the GUI's (`ui.settings` reads it; its `supervisors` key maps
each name to its PIN record). This module edits only that key and keeps every
other one as it is, writing through a temporary file with mode 0600 like the GUI.
The station core never imports the GUI, so the file's path is worked out here too
(platformdirs' user config dir, the same one `ui.settings` uses).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import logging
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from station.config import settings_path
from station.errors import UsageError

logger = logging.getLogger(__name__)

SETTINGS_KEY = "supervisors"
FILE_MODE = 0o600
MIN_PIN_LENGTH = 4
MAX_NAME_LENGTH = 60
# scrypt cost: about 50 ms and 16 MiB per check, so guessing PINs offline is slow.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES, KEY_BYTES = 16, 32
SCHEME = "scrypt"


def hash_pin(pin: str) -> str:
    """The record to store for `pin`: `scrypt$n$r$p$<salt hex>$<key hex>`."""
    salt = secrets.token_bytes(SALT_BYTES)
    key = _derive(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return "$".join((SCHEME, str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), salt.hex(), key.hex()))


def verify_pin(record: str, pin: str) -> bool:
    """Whether `pin` matches the stored `record`; a damaged record matches nothing."""
    try:
        scheme, n, r, p, salt_hex, key_hex = record.split("$")
        if scheme != SCHEME:
            return False
        expected = bytes.fromhex(key_hex)
        key = _derive(pin, bytes.fromhex(salt_hex), int(n), int(r), int(p), len(expected))
    except (ValueError, AttributeError):  # not six fields, not hex, impossible cost
        logger.warning("a supervisor PIN record is damaged; it matches no PIN")
        return False
    return hmac.compare_digest(key, expected)


def _derive(pin: str, salt: bytes, n: int, r: int, p: int, length: int = KEY_BYTES) -> bytes:
    # maxmem above the 128·n·r bytes scrypt needs (OpenSSL's default cap is 32 MiB).
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=256 * n * r + 2**20, dklen=length)


def find_supervisor(supervisors: Mapping[str, str], name: str, pin: str) -> str | None:
    """The supervisor's name as stored when `name` (any case) and `pin` match, else None.
    The PIN is checked even for an unknown name, so timing does not tell names apart."""
    wanted = name.strip().casefold()
    stored = next((n for n in supervisors if n.casefold() == wanted), None)
    record = supervisors.get(stored, "") if stored is not None else _decoy_record()
    matched = verify_pin(record, pin)
    return stored if matched and stored is not None else None


@functools.cache
def _decoy_record() -> str:
    """A record no PIN is known for, made once (not at import: scrypt takes time)."""
    return hash_pin(secrets.token_hex(16))


def check_new_supervisor(name: str, pin: str) -> str:
    """The cleaned name; raises UsageError saying what is wrong with `name` or `pin`."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise UsageError("the supervisor's name is empty")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise UsageError(f"the supervisor's name is longer than {MAX_NAME_LENGTH} characters")
    if len(pin) < MIN_PIN_LENGTH or pin != pin.strip():
        raise UsageError(f"the PIN needs at least {MIN_PIN_LENGTH} characters and no spaces "
                         "at either end")
    return cleaned


def default_settings_path() -> Path:
    """The station's settings file (`station.config.settings_path`)."""
    return settings_path()


def add_supervisor(name: str, pin: str, settings_path: Path | None = None) -> str:
    """Add (or give a new PIN to) supervisor `name` in the settings file; returns the
    name as stored. The file must exist: the station is set up first."""
    cleaned = check_new_supervisor(name, pin)
    path = settings_path or default_settings_path()
    data = _read_settings(path)
    supervisors = dict(data.get(SETTINGS_KEY) or {})
    for existing in [n for n in supervisors if n.casefold() == cleaned.casefold()]:
        del supervisors[existing]  # one record per person, whatever the case typed
    supervisors[cleaned] = hash_pin(pin)
    data[SETTINGS_KEY] = supervisors
    _write_settings(path, data)
    return cleaned


def _read_settings(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"no station settings at {path}: set the station up first "
                         "(start packing-station once)") from None
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read the station settings {path}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get(SETTINGS_KEY, {}), dict):
        raise UsageError(f"the station settings {path} are not a settings file")
    return data


def _write_settings(path: Path, data: dict[str, Any]) -> None:
    temp = path.with_name(path.name + ".tmp")
    # Created 0600 from the start (the records are hashes, but still nobody else's).
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, sort_keys=True)
    os.chmod(temp, FILE_MODE)
    os.replace(temp, path)
