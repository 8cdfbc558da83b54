"""What the screen says reads at a glance: no "item(s)" plurals and no f-string
sentences that bypass the translator (the core's sentences have their own test,
tests/unit/test_messages.py)."""

from __future__ import annotations

import ast
import re

from tests.ui.i18n.conftest import ROOT

LAZY_PLURAL = re.compile(r"[A-Za-z]\(s\)")


def _literals(tree: ast.AST) -> list[tuple[int, str]]:
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def test_no_lazy_plural_in_any_visible_string() -> None:
    found = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        if path.name == "core_strings.py":
            continue  # generated from station/, checked there
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(ROOT)}:{line}: {text!r}"
                  for line, text in _literals(tree) if LAZY_PLURAL.search(text)]
    assert found == []


def test_the_catalogue_has_no_lazy_plural() -> None:
    text = (ROOT / "ui" / "i18n" / "packing_station_tr.ts").read_text(encoding="utf-8")
    sources = re.findall(r"<source>(.*?)</source>", text, re.S)
    assert [s for s in sources if LAZY_PLURAL.search(s)] == []
