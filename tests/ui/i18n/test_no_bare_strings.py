"""No English sentence reaches a widget without passing through the translator.

An AST lint over ui/**/*.py: a string literal (or f-string) with letters passed
straight to a widget's text setter or constructor is an untranslated visible string;
it must go through `self.tr(...)` or `QCoreApplication.translate(...)` first. And no
helper may wrap the translator (`def _tr(text): return translate("Ctx", text)`):
pyside6-lupdate reads only literal `tr`/`translate`/`QT_TRANSLATE_NOOP` calls, so the
strings passed to such a helper never reach the catalogue and stay English; nor may
code call another object's `tr` (`window.tr("…")`): lupdate files the text under the
variable's name, Qt looks it up under the object's class.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[3] / "ui"
# Methods whose string arguments a packer reads.
TEXT_METHODS = {
    "setText", "setWindowTitle", "setToolTip", "setPlaceholderText", "addAction", "addTab",
    "addRow", "setHorizontalHeaderLabels", "showMessage", "setStatusTip", "setTitle",
    "addMenu", "setLabelText", "setInformativeText", "setDetailedText", "setTabText",
    "addItem", "setWhatsThis", "setHeaderLabels", "setAccessibleName",
}
# Constructors whose string arguments a packer reads.
TEXT_CLASSES = {"QLabel", "QPushButton", "QCheckBox", "QGroupBox", "QAction", "QRadioButton",
                "QToolButton", "QMenu", "QMessageBox"}
MESSAGE_BOX_STATICS = {"information", "warning", "critical", "question", "about"}
LETTERS = re.compile(r"[^\W\d_]{2,}")  # two letters in a row: a word, not "—" or "%"
# Calls whose literal arguments are not text (object names, style sheets, symbols).
ALLOWED_LITERALS = {"OK", "PIN"}
GENERATED = {UI / "i18n" / "core_strings.py"}


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _is_message_box_static(node: ast.Call) -> bool:
    func = node.func
    return (isinstance(func, ast.Attribute) and func.attr in MESSAGE_BOX_STATICS
            and isinstance(func.value, ast.Name) and func.value.id == "QMessageBox")


def _bare_text(arg: ast.expr) -> str | None:
    """The literal text of `arg` when it is an untranslated string with words."""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        text = arg.value
    elif isinstance(arg, ast.JoinedStr):
        text = "".join(part.value for part in arg.values
                       if isinstance(part, ast.Constant) and isinstance(part.value, str))
    elif isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.Add):
        return _bare_text(arg.left) or _bare_text(arg.right)
    elif isinstance(arg, ast.List | ast.Tuple):
        return next((text for text in map(_bare_text, arg.elts) if text), None)
    else:
        return None
    if text.strip() in ALLOWED_LITERALS or not LETTERS.search(text):
        return None
    return text


def bare_strings(path: Path) -> list[str]:
    """"file:line: text" for every untranslated visible literal in `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        if name not in TEXT_METHODS and name not in TEXT_CLASSES \
                and not _is_message_box_static(node):
            continue
        for arg in node.args:
            text = _bare_text(arg)
            if text is not None:
                found.append(f"{path.relative_to(UI.parent)}:{node.lineno}: {text!r}")
    return found


TRANSLATORS = {"translate", "tr", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}


def translation_wrappers(path: Path) -> list[str]:
    """"file:line: name" for every function that hands one of its own parameters to
    the translator as the text (lupdate cannot see what callers pass it)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.FunctionDef | ast.Lambda):
            continue
        params = {arg.arg for arg in node.args.args}
        for call in ast.walk(node):
            if not (isinstance(call, ast.Call) and _call_name(call) in TRANSLATORS):
                continue
            text = call.args[1] if _call_name(call) == "translate" and len(call.args) > 1 \
                else call.args[0] if call.args else None
            if isinstance(text, ast.Name) and text.id in params:
                name = getattr(node, "name", "lambda")
                found.append(f"{path.relative_to(UI.parent)}:{call.lineno}: {name}")
    return found


def foreign_tr_calls(path: Path) -> list[str]:
    """"file:line: text" for `other.tr("…")`: Qt looks the text up in the context of
    `other`'s class, but lupdate files it under the variable's name, so it stays English.
    Only `self.tr` (the enclosing class) or `QCoreApplication.translate("Ctx", …)`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr == "tr" \
                and not (isinstance(node.func.value, ast.Name) and node.func.value.id == "self"):
            found.append(f"{path.relative_to(UI.parent)}:{node.lineno}: {ast.unparse(node)}")
    return found


def ui_files() -> list[Path]:
    return [path for path in sorted(UI.rglob("*.py")) if path not in GENERATED]


def test_the_lint_catches_a_bare_string(tmp_path):
    sample = UI / "i18n" / "lint_sample_probe.py"
    sample.write_text(
        "label.setText('Scan the next item')\nQPushButton(f'Close {n}', self)\n"
        "QMessageBox.warning(None, 'Packing Station', self.tr('Fine'))\n"
        "label.setText(self.tr('Fine'))\nlabel.setText('—')\n", encoding="utf-8")
    try:
        found = bare_strings(sample)
    finally:
        sample.unlink()
    assert [line.split(": ", 1)[1] for line in found] == [
        "'Scan the next item'", "'Close '", "'Packing Station'"]


def test_the_lint_catches_a_translation_wrapper():
    sample = UI / "i18n" / "lint_sample_probe.py"
    sample.write_text(
        "def _tr(text):\n    return QCoreApplication.translate('Panel', text)\n"
        "def fine(self):\n    return self.tr(LABEL), translate('stats', 'Packages')\n",
        encoding="utf-8")
    try:
        found = translation_wrappers(sample)
    finally:
        sample.unlink()
    assert [line.split(": ", 1)[1] for line in found] == ["_tr"]


@pytest.mark.parametrize("path", ui_files(), ids=lambda path: str(path.relative_to(UI)))
def test_visible_strings_go_through_the_translator(path):
    assert bare_strings(path) == []


@pytest.mark.parametrize("path", ui_files(), ids=lambda path: str(path.relative_to(UI)))
def test_no_helper_hides_strings_from_lupdate(path):
    assert translation_wrappers(path) == []
    assert foreign_tr_calls(path) == []


def test_the_lint_catches_another_objects_tr():
    sample = UI / "i18n" / "lint_sample_probe.py"
    sample.write_text("a = window.tr('Packed today')\nb = self.tr('Fine')\n", encoding="utf-8")
    try:
        found = foreign_tr_calls(sample)
    finally:
        sample.unlink()
    assert [line.split(": ", 1)[1] for line in found] == ["window.tr('Packed today')"]
