"""The GS1 Application Identifier table: every AI of the GS1 Barcode Syntax Dictionary.

Owns reading `gs1-syntax-dictionary.txt` (package data next to this module; Apache-2.0,
© GS1 AISBL, BWIPP and Zint; see its header) into `AiEntry` records: the data format
of each AI as components (numeric or one of GS1's character sets, fixed or variable
length, optional, named content checks), whether a separator (FNC1/GS) must follow
it, whether a GS1 Digital Link URI may carry it as a query attribute, which
qualifiers may follow it when it is a Digital Link primary key, and its title.

The file is parsed once, on first use (`ai_table()`); `AI_TABLE` is a read-only view
that triggers that load. Nothing here validates scanned data: gs1_rules.py does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

DICTIONARY_FILE = "gs1-syntax-dictionary.txt"
_FLAGS = re.compile(r"[*?!\"$%&'()+,\-./:;<=>@\\^_`{|}~]+")
_COMPONENT = re.compile(r"([NXYZ])(\.\.)?([0-9]+)((?:,[a-z0-9]+)*)")
_COMPONENT_START = re.compile(r"\[?[NXYZ](\.\.)?[0-9]")


@dataclass(frozen=True)
class Component:
    """One part of an AI's data, e.g. `N13,csum` or an optional `[X..17]`."""

    kind: str  # N digits, X CSET 82, Y CSET 39, Z CSET 64 (base64url)
    min_length: int
    max_length: int
    optional: bool
    checks: tuple[str, ...]  # the dictionary's linter names, e.g. ("csum",)

    @property
    def fixed(self) -> bool:
        return self.min_length == self.max_length


@dataclass(frozen=True)
class AiEntry:
    """What GS1 defines for one application identifier."""

    ai: str
    title: str
    spec: str  # the dictionary's format, e.g. "N13,csum,gcppos1 [X..17]"
    components: tuple[Component, ...]
    needs_separator: bool  # not in GS1's table of predefined-length AIs
    dl_attribute: bool  # may be a GS1 Digital Link query parameter
    # Digital Link primary keys: the allowed qualifier sequences (each in order, each
    # AI optional); None for AIs that are not primary keys.
    dl_qualifiers: tuple[tuple[str, ...], ...] | None

    @property
    def fixed_length(self) -> int | None:
        """The data length when it cannot vary (e.g. 14 for AI 01, 18 for 8006)."""
        if all(c.fixed and not c.optional for c in self.components):
            return sum(c.max_length for c in self.components)
        return None

    @property
    def max_length(self) -> int:
        return sum(c.max_length for c in self.components)

    @property
    def format(self) -> str:
        """The format without check names, as GS1 prints it: `N13 [X..17]`."""
        return " ".join(_plain_format(c) for c in self.components)


def _plain_format(component: Component) -> str:
    length = (
        str(component.max_length) if component.fixed else f"..{component.max_length}"
    )
    text = component.kind + length
    return f"[{text}]" if component.optional else text


class _LazyTable(Mapping[str, AiEntry]):
    """Read-only AI → AiEntry mapping that loads the dictionary on first access."""

    def __getitem__(self, ai: str) -> AiEntry:
        return ai_table()[ai]

    def __iter__(self) -> Iterator[str]:
        return iter(ai_table())

    def __len__(self) -> int:
        return len(ai_table())


AI_TABLE: Mapping[str, AiEntry] = _LazyTable()


@cache
def ai_table() -> dict[str, AiEntry]:
    """Every AI of the GS1 Barcode Syntax Dictionary (ranges expanded), read once."""
    text = resources.files(__package__).joinpath(DICTIONARY_FILE).read_text(encoding="utf-8")
    table: dict[str, AiEntry] = {}
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            for entry in _entries(line):
                table[entry.ai] = entry
    return table


def ai_at(text: str, position: int) -> AiEntry | None:
    """The AI starting at `position`, if any. GS1 AIs are prefix-free (no AI starts
    another), so the first 2-, 3- or 4-digit prefix found in the table is the AI."""
    table = ai_table()
    for length in (2, 3, 4):
        entry = table.get(text[position : position + length])
        if entry is not None and len(entry.ai) == length:
            return entry
    return None


def _entries(line: str) -> list[AiEntry]:
    """One dictionary line: `AIs [flags] spec [attributes] [# title]`."""
    body, _, title = line.partition("#")
    tokens = body.split()
    ais, tokens = tokens[0], tokens[1:]
    flags = tokens.pop(0) if tokens and _FLAGS.fullmatch(tokens[0]) else ""
    spec = [t for t in tokens if _COMPONENT_START.match(t)]
    attributes = [t for t in tokens if t not in spec]
    components = tuple(_component(token) for token in spec)
    qualifiers = _dl_qualifiers(attributes)
    first, _, last = ais.partition("-")
    return [
        AiEntry(
            ai=str(number).zfill(len(first)),
            title=title.strip(),
            spec=" ".join(spec),
            components=components,
            needs_separator="*" not in flags,
            dl_attribute="?" in flags,
            dl_qualifiers=qualifiers,
        )
        for number in range(int(first), int(last or first) + 1)
    ]


def _component(token: str) -> Component:
    # "[X..17]" and "[N3],iso3166" both mark an optional component.
    match = _COMPONENT.fullmatch(token.replace("[", "").replace("]", ""))
    if match is None:
        raise ValueError(f"unreadable component {token!r} in {DICTIONARY_FILE}")
    kind, variable, length, checks = match.groups()
    size = int(length)
    return Component(
        kind=kind,
        min_length=1 if variable else size,
        max_length=size,
        optional=token.startswith("["),
        checks=tuple(check for check in checks.split(",") if check),
    )


def _dl_qualifiers(attributes: list[str]) -> tuple[tuple[str, ...], ...] | None:
    """`dlpkey` → ((),); `dlpkey=22,10,21|235` → (("22","10","21"), ("235",))."""
    for attribute in attributes:
        key, _, value = attribute.partition("=")
        if key == "dlpkey":
            if not value:
                return ((),)
            return tuple(tuple(alt.split(",")) for alt in value.split("|"))
    return None
