"""The station's log file, and keeping secrets out of it.

Owns: where the log file lives (`log_file_path()`: platformdirs' user log directory
for APP_NAME, shown by the GUI's Help/About), the rotating file handler that
`configure_file_logging` installs on the root logger, `redact()` (the patterns that
give away a token or password: `Token xxx`, `Authorization: …`, `password=…`, and
the JSON fields `key`/`token`/`password`) and `SecretFilter`, which runs every
record — message, arguments and traceback — through `redact()` before any handler
writes it.

The file keeps what happened (INFO by default) and every traceback; the user sees
one sentence, never a traceback.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

import platformdirs

from station.config import APP_NAME

log = logging.getLogger(__name__)

LOG_FILENAME = f"{APP_NAME}.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
REDACTED = "***"
FILE_FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"

# Each pattern keeps its first group (the label) and replaces the secret after it.
_SECRET_PATTERNS = (
    # `Authorization: Token abc`, `'Authorization': 'Bearer abc'`, `authorization=abc`
    re.compile(r"""(authorization['"]?\s*[:=]\s*['"]?)(?:(?:token|bearer|basic)\s+)?[^\s'",;&}]+""",
               re.IGNORECASE),
    # `Token abc` / `Bearer abc` anywhere else (a header echoed in an error)
    re.compile(r"""(\b(?:token|bearer)\s+)(?!\*\*\*)[A-Za-z0-9._~+/=-]{8,}""", re.IGNORECASE),
    # `password=abc`, `"password": "abc"`, `passwd: abc`
    re.compile(r"""((?:password|passwd|pwd)['"]?\s*[:=]\s*['"]?)[^\s'",;&}]+""", re.IGNORECASE),
    # JSON fields that hold a token: `"key": "abc"` (the OMS login answer), `"token": "abc"`
    re.compile(r"""(["'](?:key|token|access_token|refresh_token|api_key)["']\s*:\s*["'])[^"']*""",
               re.IGNORECASE),
)


def redact(text: str) -> str:
    """`text` with every token and password pattern replaced by `***`."""
    for pattern in _SECRET_PATTERNS:
        text = pattern.sub(lambda match: match.group(1) + REDACTED, text)
    return text


def redact_bytes(content: bytes) -> bytes:
    """`redact` for a stored response body (undecodable bytes pass through unchanged)."""
    text = content.decode("utf-8", errors="surrogateescape")
    cleaned = redact(text)
    return content if cleaned == text else cleaned.encode("utf-8", errors="surrogateescape")


class SecretFilter(logging.Filter):
    """Scrubs the formatted message and the traceback text of every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string still gets logged, scrubbed
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
            record.exc_info = None  # the formatter would print the raw one again
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class _RotatingLogFile(logging.handlers.RotatingFileHandler):
    """A rotating file whose write failures (a full disk) are dropped quietly: the
    log must never put a traceback in front of the user nor stop the station."""

    def handleError(self, record: logging.LogRecord) -> None:
        return


def log_file_path() -> Path:
    """Where the station writes its log (the GUI shows it in Help/About)."""
    return platformdirs.user_log_path(APP_NAME) / LOG_FILENAME


def configure_file_logging(level: int | str = logging.INFO,
                           path: Path | None = None) -> Path | None:
    """Send records at `level` and above to the rotating log file, secrets scrubbed.

    Returns the file's path, or None when it cannot be written (a read-only home):
    the station then runs without a log file rather than not at all. Calling it
    again replaces the handler it installed before."""
    path = path or log_file_path()
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_station_log_file", False)]:
        root.removeHandler(handler)
        handler.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler = _RotatingLogFile(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
    except OSError as exc:
        log.warning("no log file: cannot write %s (%s)", path, exc.strerror or exc)
        return None
    handler._station_log_file = True  # type: ignore[attr-defined]
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter(FILE_FORMAT))
    handler.addFilter(SecretFilter())
    root.addHandler(handler)
    if root.level != logging.NOTSET and root.level > handler.level:
        root.setLevel(handler.level)  # let the file see what stderr does not show
    return path
