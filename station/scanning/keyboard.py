"""A scanner typing through the wrong keyboard layout: diagnosis and repair.

Owns the scanner test's keyboard-layout diagnosis (`detect_layout_mismatch`: which
layout and Caps Lock state turn the printed test code `LAYOUT_TEST_CODE` into what
arrived, as a packer-facing sentence), `as_typed` (what a layout makes of a scan) and
`remap`, which undoes a known layout mismatch. Pure: no database, no Qt.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache

from station.messages import Message, msg
from station.scanning.interpret import render

__all__ = ["LAYOUT_TEST_CODE", "KeyboardLayout", "as_typed", "detect_layout_mismatch", "remap"]


# --- keyboard layouts ------------------------------------------------------------
# A scanner "types" US key positions; the computer turns them into characters
# with its own layout. Each table lists what the same keys give under a layout,
# aligned with _US_KEYS (unshifted row, then shifted row).


class KeyboardLayout(StrEnum):
    """The computer's keyboard layout that a scanner set to US types into."""

    US = "us"
    TURKISH_Q = "tr_q"
    GERMAN_QWERTZ = "de_qwertz"
    FRENCH_AZERTY = "fr_azerty"


_US_KEYS = (
    "`1234567890-=qwertyuiop[]\\asdfghjkl;'zxcvbnm,./",
    '~!@#$%^&*()_+QWERTYUIOP{}|ASDFGHJKL:"ZXCVBNM<>?',
)
_LAYOUT_KEYS = {
    KeyboardLayout.TURKISH_Q: (
        '"1234567890*-qwertyuıopğü,asdfghjklşizxcvbnmöç.',
        "é!'^+%&/()=?_QWERTYUIOPĞÜ;ASDFGHJKLŞİZXCVBNMÖÇ:",
    ),
    KeyboardLayout.GERMAN_QWERTZ: (  # ^ ´ ` are dead keys; shown as themselves
        "^1234567890ß´qwertzuiopü+#asdfghjklöäyxcvbnm,.-",
        "°!\"§$%&/()=?`QWERTZUIOPÜ*'ASDFGHJKLÖÄYXCVBNM;:_",
    ),
    KeyboardLayout.FRENCH_AZERTY: (
        "²&é\"'(-è_çà)=azertyuiop^$*qsdfghjklmùwxcvbn,;:!",
        "~1234567890°+AZERTYUIOP¨£µQSDFGHJKLM%WXCVBN?./§",
    ),
}
_LAYOUT_NAMES = {
    KeyboardLayout.US: "US",
    KeyboardLayout.TURKISH_Q: "Turkish Q",
    KeyboardLayout.GERMAN_QWERTZ: "German QWERTZ",
    KeyboardLayout.FRENCH_AZERTY: "French AZERTY",
}
# Caps Lock swaps the case of letter keys; Turkish pairs i/İ and ı/I differ from Python's.
_TURKISH_CASE = {"i": "İ", "İ": "i", "ı": "I", "I": "ı"}

# Distinguishes every layout and Caps Lock from each other and from a correct setup.
LAYOUT_TEST_CODE = "Az7-y;i.m"


@cache
def _key_map(layout: KeyboardLayout) -> dict[str, str]:
    if layout is KeyboardLayout.US:
        return {}
    pairs = zip("".join(_US_KEYS), "".join(_LAYOUT_KEYS[layout]), strict=True)
    return {sent: typed for sent, typed in pairs if sent != typed}


@cache
def _inverse_key_map(layout: KeyboardLayout) -> dict[str, str]:
    return {typed: sent for sent, typed in _key_map(layout).items()}


def _swap_case(char: str, layout: KeyboardLayout) -> str:
    if layout is KeyboardLayout.TURKISH_Q and char in _TURKISH_CASE:
        return _TURKISH_CASE[char]
    swapped = char.swapcase()
    return swapped if len(swapped) == 1 and swapped.swapcase() == char else char


def as_typed(sent: str, layout: KeyboardLayout | str, caps_lock: bool = False) -> str:
    """What appears when a scanner set to US sends `sent` to a computer using `layout`."""
    layout = KeyboardLayout(layout)
    keys = _key_map(layout)
    typed = (keys.get(char, char) for char in sent)
    return "".join(_swap_case(c, layout) if caps_lock else c for c in typed)


def remap(got: str, layout: KeyboardLayout | str, caps_lock: bool = False) -> str:
    """Undo `as_typed`: what the scanner meant, given what `layout` (and Caps Lock) typed."""
    layout = KeyboardLayout(layout)
    inverse = _inverse_key_map(layout)
    unswapped = (_swap_case(c, layout) if caps_lock else c for c in got)
    return "".join(inverse.get(char, char) for char in unswapped)


def detect_layout_mismatch(expected: str, got: str) -> Message | None:
    """Name the likely cause when the scanner typed `got` for the test code `expected`.

    None when they match. Tries every known layout with and without Caps Lock; when
    nothing explains the scan exactly, names the setup that explains most differing
    characters, or says plainly that the scan does not match.
    """
    if got == expected:
        return None
    setups = [(layout, caps) for layout in KeyboardLayout for caps in (False, True)][1:]
    for layout, caps in setups:
        if as_typed(expected, layout, caps) == got:
            return _mismatch_message(layout, caps, certain=True)
    best = _best_partial_setup(expected, got, setups)
    if best is not None:
        return _mismatch_message(*best, certain=False)
    return msg("The scan does not match the test code (expected '{expected}', got '{got}'). "
               "Check the scanner's keyboard language and Caps Lock.",
               expected=render(expected), got=render(got))


def _best_partial_setup(
    expected: str, got: str, setups: list[tuple[KeyboardLayout, bool]]
) -> tuple[KeyboardLayout, bool] | None:
    """The setup explaining most differing characters (at least half), same-length scans only."""
    if len(expected) != len(got):
        return None
    differing = [i for i, (e, g) in enumerate(zip(expected, got, strict=True)) if e != g]
    scores = {
        setup: sum(as_typed(expected[i], *setup) == got[i] for i in differing) for setup in setups
    }
    setup, score = max(scores.items(), key=lambda item: item[1])
    return setup if score * 2 >= len(differing) else None


def _mismatch_message(layout: KeyboardLayout, caps_lock: bool, certain: bool) -> Message:
    if layout is KeyboardLayout.US:
        if certain:
            return msg("Caps Lock is on: letters arrive in the wrong case. Turn it off.")
        return msg("Probably Caps Lock is on: letters arrive in the wrong case. Turn it off.")
    name = _LAYOUT_NAMES[layout]
    if certain:
        return msg("{cause}. Set the scanner's keyboard language to {name}, or switch the "
                   "computer's keyboard layout to US.",
                   cause=_layout_cause(name, caps_lock, starts_sentence=True), name=name)
    return msg("Probably {cause}. Set the scanner's keyboard language to {name}, or switch the "
               "computer's keyboard layout to US.",
               cause=_layout_cause(name, caps_lock, starts_sentence=False), name=name)


def _layout_cause(name: str, caps_lock: bool, starts_sentence: bool) -> Message:
    """What is wrong; its own template when it opens the sentence (capital letter)."""
    if starts_sentence and caps_lock:
        return msg("The scanner types for a US keyboard but this computer uses the {name} "
                   "layout and Caps Lock is on", name=name)
    if starts_sentence:
        return msg("The scanner types for a US keyboard but this computer uses the {name} "
                   "layout", name=name)
    if caps_lock:
        return msg("the scanner types for a US keyboard but this computer uses the {name} "
                   "layout and Caps Lock is on", name=name)
    return msg("the scanner types for a US keyboard but this computer uses the {name} layout",
               name=name)
