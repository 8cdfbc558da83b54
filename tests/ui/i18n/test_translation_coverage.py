"""Every string the GUI can show has a Turkish translation (issue 13).

The update script is run on the current source into a temporary folder, and every
message of every context in the resulting .ts must have a finished, non-empty Turkish
translation whose `{params}` are the source's. A new `self.tr("…")` or core
`msg("…")` without a translation fails here: run scripts/update-translations.py and
translate it in ui/i18n/packing_station_tr.ts (Qt Linguist).
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.ui.i18n.conftest import ROOT, SCRIPT

PARAM = re.compile(r"\{(\w*)[^{}]*\}")


def messages(ts: Path) -> list[tuple[str, str, ET.Element | None]]:
    """(context, source, translation element) for every message of `ts`."""
    found = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found.append((name, message.findtext("source") or "", message.find("translation")))
    return found


def problem(source: str, translation: ET.Element | None) -> str | None:
    """Why `translation` does not do for `source` (None when it does). A plural
    message (`self.tr("%n …", "", n)`) has one text per Turkish plural form."""
    if translation is None:
        return "no Turkish translation"
    forms = translation.findall("numerusform")
    texts = [form.text or "" for form in forms] if forms else [translation.text or ""]
    if not all(text.strip() for text in texts):
        return "no Turkish translation"
    if translation.get("type") in ("unfinished", "vanished", "obsolete"):
        return f"translation is {translation.get('type')}"
    for text in texts:
        if sorted(PARAM.findall(source)) != sorted(PARAM.findall(text)) \
                or ("%n" in source) != ("%n" in text):
            return f"params differ: {text!r}"
    return None


def test_every_visible_string_has_a_turkish_translation(catalogue):
    found = messages(catalogue.ts)
    assert len(found) > 100  # the scan found the GUI's strings and the core's
    missing = [f"[{context}] {source!r}: {why}" for context, source, translation in found
               if (why := problem(source, translation)) is not None]
    assert missing == [], f"{len(missing)} of {len(found)} strings:\n" + "\n".join(missing)


def test_the_core_sentences_are_in_the_catalogue(catalogue):
    contexts = {context for context, _, _ in messages(catalogue.ts)}
    assert "core" in contexts


def test_the_check_finds_a_stale_core_strings_module(tmp_path):
    stale = tmp_path / "core_strings.py"
    stale.write_text("CORE_STRINGS = ()\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(SCRIPT), "--check", "--core", str(stale)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "stale" in result.stderr


def test_the_committed_core_strings_module_is_current():
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_the_catalogue_compiles(catalogue):
    assert (catalogue.folder / "packing_station_tr.qm").stat().st_size > 1000
