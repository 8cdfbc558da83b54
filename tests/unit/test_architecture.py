"""The core stays pure Python: no module under station/ may import Qt or ui/."""

from __future__ import annotations

import ast
import pathlib

import station

STATION_DIR = pathlib.Path(station.__file__).parent
FORBIDDEN_ROOTS = {"PySide6", "PyQt5", "PyQt6", "shiboken6", "ui"}


def imported_roots(source: str) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_detector_sees_qt_imports():
    assert "PySide6" in imported_roots("from PySide6.QtCore import QObject")
    assert "ui" in imported_roots("import ui.app")
    assert "PySide6" in imported_roots("def f():\n    import PySide6.QtGui\n")


def test_station_never_imports_qt_or_ui():
    modules = sorted(STATION_DIR.rglob("*.py"))
    assert len(modules) > 3
    offenders = {}
    for path in modules:
        bad = imported_roots(path.read_text()) & FORBIDDEN_ROOTS
        if bad:
            offenders[str(path.relative_to(STATION_DIR))] = sorted(bad)
    assert offenders == {}


def test_repo_never_reads_shared_folder():
    repo = STATION_DIR.parent
    readers = [
        str(path.relative_to(repo))
        for folder in ("station", "ui", "tests", "bench")
        for path in (repo / folder).rglob("*.py")
        if "../shared" in path.read_text() and path.name != "test_architecture.py"
    ]
    assert readers == []
