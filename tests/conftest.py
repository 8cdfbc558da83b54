"""Test-wide set-up. Qt must see these variables before any QApplication exists:
without a display Qt aborts the whole run (exit 134, no summary)."""

from __future__ import annotations

import os
import pathlib
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")
# Never let a test reach a real keyring backend or a user's data directory.
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
# platformdirs' folders (database, settings, image cache, log file) point into one
# throw-away folder, also for the subprocesses tests start.
_USER_DIRS = tempfile.mkdtemp(prefix="packing-station-tests-")
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_name] = os.path.join(_USER_DIRS, _name.lower())

import pytest  # noqa: E402 (after the environment above, as Qt needs)

FIXTURES = pathlib.Path(__file__).parent / "fixtures"


@pytest.fixture
def fixtures_dir() -> pathlib.Path:
    return FIXTURES
