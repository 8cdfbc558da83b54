"""Recording wrong scans for the packer statistics.

A scan that is not in the open package (`wrong`) or one unit too many / a serial scanned
twice (`over`) is written to the audit trail as action `wrong_scan`, so the statistics
can count them per packer and hour. Unreadable scans and unknown codes (`unknown`) are
not counted: they are mostly the scanner's or the label's fault, not the packer's.

`station.packing.session` calls `record_wrong_scan` for every outcome; it keeps only
the wrong ones. Recording never fails a scan: a statistic is not worth the packer's place.
"""

from __future__ import annotations

import logging
import sqlite3

from station import outbox
from station.store.db import Store

log = logging.getLogger(__name__)

WRONG_SCAN_ACTION = "wrong_scan"
WRONG_SCAN_KINDS = frozenset({"wrong", "over"})
_SHOWN = {"wrong": "Wrong item", "over": "Too many"}
_MAX_SCAN_CHARS = 120  # a runaway scanner must not bloat the audit trail


def record_wrong_scan(store: Store, *, packer: str, scan: str, kind: str,
                      package_id: int | None, at: str) -> bool:
    """Audit one wrong scan when `kind` is a wrong-scan outcome; True if written."""
    if kind not in WRONG_SCAN_KINDS:
        return False
    code = scan.strip()[:_MAX_SCAN_CHARS]
    try:
        outbox.add_audit(store, at=at, packer=packer, action=WRONG_SCAN_ACTION,
                         package_id=package_id,
                         detail={"kind": kind, "code": code, "what": f"{_SHOWN[kind]}: {code}"})
    except (sqlite3.Error, OSError):
        log.warning("wrong scan by %s not recorded for the statistics", packer, exc_info=True)
        return False
    return True
