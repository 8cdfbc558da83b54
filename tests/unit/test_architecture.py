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


# --- the import graph: no cycles anywhere, function-level imports included ----------

REPO = STATION_DIR.parent
FIRST_PARTY = ("station", "ui")
UI_MAY_NOT_WRITE_SQL = ("INSERT INTO", "UPDATE ", "DELETE FROM", ".execute(")


def module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def first_party_modules() -> dict[str, pathlib.Path]:
    return {module_name(path): path for root in FIRST_PARTY
            for path in (REPO / root).rglob("*.py")}


def imports_of(source: str, known: set[str]) -> set[str]:
    """The first-party modules a module names in any import statement, at any depth
    (inside functions too). `from pkg import sub` names `pkg.sub` when that is a module."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in known else node.module)
    return found & known


def import_graph() -> dict[str, set[str]]:
    modules = first_party_modules()
    known = set(modules)
    return {name: imports_of(path.read_text(), known) - {name}
            for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_cycle_detector_sees_lazy_imports():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    known = {"station.x", "station.y"}
    assert imports_of("def f():\n    from station import y\n", known) == {"station.y"}


def test_no_import_cycles_anywhere():
    graph = import_graph()
    assert len(graph) > 50
    assert cycles(graph) == []


def test_ui_never_writes_sql():
    offenders = [name for name, path in first_party_modules().items()
                 if name.startswith("ui") and any(marker in path.read_text()
                                                  for marker in UI_MAY_NOT_WRITE_SQL)]
    assert offenders == []


def test_each_subsystem_is_a_package_with_a_public_api():
    for root in FIRST_PARTY:
        loose = sorted(path.name for path in (REPO / root).glob("*.py"))
        packages = sorted(path.parent.name for path in (REPO / root).glob("*/__init__.py"))
        assert len(packages) >= 4, (root, packages)
        assert len(loose) <= 8, f"{root}/ has {len(loose)} loose modules: {loose}"


# --- Qt signals: snake_case, each documented in a `Signals:` section -----------------


def signals_by_class() -> dict[str, tuple[str, list[str]]]:
    """`{module.Class: (class docstring, [signal names])}` for every class in ui/ that
    declares `name = Signal(...)`."""
    found: dict[str, tuple[str, list[str]]] = {}
    for name, path in first_party_modules().items():
        if not name.startswith("ui"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ClassDef):
                continue
            signals = [target.id for stmt in node.body if isinstance(stmt, ast.Assign)
                       and isinstance(stmt.value, ast.Call)
                       and getattr(stmt.value.func, "id", "") == "Signal"
                       for target in stmt.targets if isinstance(target, ast.Name)]
            if signals:
                found[f"{name}.{node.name}"] = (ast.get_docstring(node) or "", signals)
    return found


def test_signals_are_snake_case_and_documented():
    found = signals_by_class()
    assert len(found) > 10
    problems = []
    for where, (doc, signals) in found.items():
        section = doc.split("Signals:", 1)[1] if "Signals:" in doc else ""
        for signal in signals:
            if signal != signal.lower():
                problems.append(f"{where}.{signal}: not snake_case")
            if f"{signal}(" not in section and f"{signal}:" not in section:
                problems.append(f"{where}.{signal}: not in the class's Signals: section")
    assert problems == []
