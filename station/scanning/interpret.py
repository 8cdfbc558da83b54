"""Raw scanner text → ScanEvent: command card, GS1 data, plain code, or Unknown.

Owns the interpretation of one scan, nothing more: no database, no Qt. `interpret`
is pure and total — every string gives an event, never an exception — and
`ScanEvent.candidates()` lists the exact strings packing.py should look up, so
it can resolve scans without knowing GS1. GS1 element strings are parsed in gs1.py,
GS1 Digital Link URIs in digital_link.py, EAN/UPC codes (UPC-E, add-ons) in ean_upc.py.

Decisions (documented for the packer-facing messages):
- Surrounding spaces, CR, LF and Tab are scanner terminators and are stripped
  (CR+LF is one scan); a configured prefix/suffix is stripped only when present.
- AIM symbology identifiers that do not mean GS1 (`]E0`, `]C0`, `]d1`, …) are
  dropped from the code but remembered (`Code.symbology`: `]E4` makes 8 digits an
  EAN-8, `]E0` a UPC-E, `]E3` says an add-on follows); GS1 ones (`]C1`, `]d2`, `]Q3`,
  `]e0`) mark the scan as GS1.
- A GS1 Digital Link URI (any domain, `/01/<gtin>` …) gives the same Gs1 event as
  the element string it encodes; other URLs are plain codes.
- A product code is matched in all its spellings: GTIN-13/14/12/8 and, for a UPC-A
  that zero-suppresses, UPC-E (and back); an EAN/UPC add-on is kept, the base matches.
- Plain codes are kept exactly as scanned, including inner spaces (SKUs may have
  them). A control character, line break, lone surrogate or other invisible
  character inside a code makes it Unknown: such a code can never match and
  usually means two scans ran together or a scanner is misconfigured.

The keyboard-layout diagnosis of the scanner test is keyboard.py.
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from station.messages import Message, msg
from station.scanning.digital_link import parse_digital_link
from station.scanning.ean_upc import RetailCode, read_retail_code, retail_forms
from station.scanning.gs1 import (
    GS,
    GS1_SYMBOLOGY_IDS,
    Gs1Fields,
    Gs1Problem,
    Piece,
    gtin_check_digit,
    human_readable,
    is_valid_ean,
    is_valid_gtin,
    net_weight_kg,
    parse_gs1,
    piece_of,
)

__all__ = [
    "DEFAULT",
    "Code",
    "CommandCard",
    "Gs1",
    "PackerBadge",
    "Piece",
    "ReasonCard",
    "ScanEvent",
    "ScannerConfig",
    "Unknown",
    "gtin_check_digit",
    "interpret",
    "is_valid_ean",
    "is_valid_gtin",
    "render",
]

_TERMINATORS = " \t\r\n"
_SHOWN_CHARS = 60
_AIM_IDENTIFIER = re.compile(r"\][A-Za-z][0-9]")
_COMMAND_BODY = re.compile(r"[A-Za-z0-9_ \-]+")
_ASCII_UPPER = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)
_CHAR_NAMES = {
    "\r": "<CR>",
    "\n": "<LF>",
    "\t": "<TAB>",
    GS: "<GS>",
    "\x00": "<NUL>",
    "\x1e": "<RS>",
    "\x04": "<EOT>",
    "\x1b": "<ESC>",
}


@dataclass(frozen=True)
class ScannerConfig:
    """How this workstation's scanner frames its scans."""

    prefix: str = ""
    suffix: str = ""
    command_prefix: str = "CMD:"  # empty disables command cards
    strip_whitespace: bool = True  # spaces, CR, LF, Tab around the scan
    max_length: int = 4096
    # What the scanner sends for GS1's FNC1/GS. Keyboard-wedge scanners often
    # cannot type the GS control character and are set to send e.g. "~" instead.
    group_separators: tuple[str, ...] = (GS,)

    def __post_init__(self) -> None:
        if not isinstance(self.max_length, int) or self.max_length < 1:
            raise ValueError(f"max_length must be a positive int, got {self.max_length!r}")
        if not self.group_separators or not all(self.group_separators):
            raise ValueError("group_separators needs at least one non-empty string")


DEFAULT = ScannerConfig()


@dataclass(frozen=True)
class CommandCard:
    """A printed command card, e.g. `CMD:COMPLETE_PACKAGING_WITHOUT_SHIPMENT`."""

    command: str

    CANCEL = "CANCEL"  # close the package without running a command

    @property
    def is_cancel(self) -> bool:
        return self.command == self.CANCEL

    def candidates(self) -> tuple[str, ...]:
        return ()


@dataclass(frozen=True)
class ReasonCard:
    """A printed denial-reason card, `REASON:<OMS id>` (answers refuse / block)."""

    reason_id: int

    PREFIX = "REASON:"

    def candidates(self) -> tuple[str, ...]:
        # What a choice of this reason is named by (the packing screen's choice bar).
        return (f"{self.PREFIX}{self.reason_id}",)


@dataclass(frozen=True)
class PackerBadge:
    """A packer's badge, `PACKER:<name>`: from now on this packer is packing."""

    name: str

    PREFIX = "PACKER:"

    def candidates(self) -> tuple[str, ...]:
        return ()


@dataclass(frozen=True)
class Gs1:
    """A valid GS1 element string or Digital Link URI. `text` is its bracketed
    human-readable form; `raw_ais` keeps every AI, also those the station does not use.
    `gtin` is AI 01, else the item's GTIN in AI 8006; `piece` says which box of an
    item shipped in several boxes this is (AI 8006/8026)."""

    gtin: str | None
    serial: str | None
    net_weight_kg: Decimal | None
    batch: str | None
    raw_ais: dict[str, str] = field(hash=False)
    text: str
    source: str = ""  # the scan as received (after prefix/suffix stripping)
    piece: Piece | None = None

    @property
    def gtin13(self) -> str | None:
        """The EAN-13 printed on the product, when the GTIN-14 starts with 0."""
        return self.gtin[1:] if self.gtin and self.gtin.startswith("0") else None

    def candidates(self) -> tuple[str, ...]:
        """GTIN spellings (13, 14, 12, 8 digits, UPC-E); then the scan itself when it
        was unmarked alphanumeric text, which could also be a package or order number."""
        found = list(retail_forms(self.gtin or ""))
        if self.source.isascii() and self.source.isalnum() and self.source not in found:
            found.append(self.source)
        return tuple(found)


@dataclass(frozen=True)
class Code:
    """Any other printable scan: package number, order number, barcode, SKU — exact.
    `symbology` is the non-GS1 AIM identifier it came with (`]E0`, `]E3`, …) or "";
    it only decides how an EAN/UPC is read, so it takes no part in equality."""

    text: str
    symbology: str = field(default="", compare=False)

    @property
    def is_valid_ean(self) -> bool:
        return is_valid_ean(self.text)

    @property
    def retail(self) -> RetailCode | None:
        """The product code inside, when this is an EAN/UPC/ITF-14 (maybe with add-on)."""
        return read_retail_code(self.text, self.symbology)

    @property
    def gtin(self) -> str | None:
        """The GTIN-14 of the product, when this is an EAN/UPC/ITF-14 code."""
        retail = self.retail
        return retail.gtin if retail else None

    @property
    def addon(self) -> str | None:
        """The 2- or 5-digit EAN/UPC add-on (issue number, price), when present."""
        retail = self.retail
        return retail.addon if retail else None

    def candidates(self) -> tuple[str, ...]:
        """The exact text first; for an EAN/UPC also its other spellings (EAN-13 ↔
        GTIN-14 ↔ UPC-A ↔ EAN-8 differ only by leading zeros; UPC-A ↔ UPC-E by zero
        suppression), without any add-on."""
        retail = self.retail
        forms = retail.spellings() if retail else ()
        return (self.text, *(form for form in forms if form != self.text))


@dataclass(frozen=True)
class Unknown:
    """A scan that cannot be used. `reason` is for the packer (a Message, so the GUI
    says it in the packer's language); `text` a safe, printable, truncated rendering
    of what was scanned."""

    text: str
    reason: Message

    def candidates(self) -> tuple[str, ...]:
        return ()


ScanEvent = CommandCard | ReasonCard | PackerBadge | Gs1 | Code | Unknown


def interpret(raw: str, config: ScannerConfig = DEFAULT, today: date | None = None) -> ScanEvent:
    """Turn one raw scan into an event. Total: never raises. Pure given `today`, which
    places two-digit years of GS1 dates in their century (default: the current date)."""
    try:
        return _interpret(raw, config, today)
    except Exception as error:  # a bug must not cost the packer the scan
        shown = render(raw) if isinstance(raw, str) else ""
        return Unknown(shown, msg("internal error while reading this scan ({error})",
                                  error=type(error).__name__))


def _interpret(raw: str, config: ScannerConfig, today: date | None) -> ScanEvent:
    if not isinstance(raw, str):
        return Unknown("", msg("scan is not text"))
    if len(raw) > config.max_length:
        return Unknown(render(raw), msg("scan too long ({length} characters)", length=len(raw)))
    symbology, text = _split_aim_identifier(_strip_framing(raw, config))
    if not text:
        return Unknown("", msg("empty scan"))
    command = _command_card(text, config)
    if command is not None:
        return command
    card = _reason_or_badge(text)
    if card is not None:
        return card
    parsed = parse_digital_link(text, today)
    if parsed is None:
        parsed = parse_gs1(text, config.group_separators, today)
    if isinstance(parsed, Gs1Problem):
        return Unknown(render(text), parsed.reason)
    if isinstance(parsed, Gs1Fields):
        return _gs1_event(parsed.ais, text)
    return _plain_code(text, symbology)


def _strip_framing(raw: str, config: ScannerConfig) -> str:
    text = raw.strip(_TERMINATORS) if config.strip_whitespace else raw
    if config.prefix and text.startswith(config.prefix):
        text = text[len(config.prefix) :]
    if config.suffix and text.endswith(config.suffix):
        text = text[: -len(config.suffix)]
    return text.strip(_TERMINATORS) if config.strip_whitespace else text


def _split_aim_identifier(text: str) -> tuple[str, str]:
    """Split off a non-GS1 AIM symbology identifier (`]E0` EAN-13, `]C0` Code 128, …):
    (identifier or "", rest). GS1 identifiers stay: they mark the text as GS1."""
    if _AIM_IDENTIFIER.match(text) and not text.startswith(GS1_SYMBOLOGY_IDS):
        return text[:3], text[3:]
    return "", text


def _command_card(text: str, config: ScannerConfig) -> CommandCard | Unknown | None:
    prefix = config.command_prefix
    if not prefix or text[: len(prefix)].translate(_ASCII_UPPER) != prefix.translate(_ASCII_UPPER):
        return None
    body = text[len(prefix) :].strip(" ")
    if not body:
        return Unknown(render(text), msg("command card has no command after '{prefix}'",
                                         prefix=prefix))
    if not _COMMAND_BODY.fullmatch(body):
        return Unknown(render(text), msg("command card may only contain letters A–Z, digits "
                                         "and _ (got '{body}'; is the keyboard layout right?)",
                                         body=render(body)))
    # Spaces and hyphens become "_", so the command always matches [A-Z0-9_]+.
    return CommandCard(re.sub(r"[ \-]+", "_", body).translate(_ASCII_UPPER))


def _reason_or_badge(text: str) -> ReasonCard | PackerBadge | Unknown | None:
    """`REASON:<id>` or `PACKER:<name>` (prefixes in any case), else None."""
    head = text[:7].translate(_ASCII_UPPER)
    if head == ReasonCard.PREFIX:
        body = text[len(ReasonCard.PREFIX):].strip(" ")
        if not body.isascii() or not body.isdigit():
            return Unknown(render(text), msg("reason card needs the reason's number after "
                                             "'{prefix}' (got '{body}')",
                                             prefix=ReasonCard.PREFIX, body=render(body)))
        return ReasonCard(int(body))
    if head == PackerBadge.PREFIX:
        name = " ".join(text[len(PackerBadge.PREFIX):].split())
        if not name or not all(char.isprintable() for char in name):
            return Unknown(render(text), msg("packer badge needs a name after '{prefix}'",
                                             prefix=PackerBadge.PREFIX))
        return PackerBadge(name)
    return None


def _gs1_event(ais: dict[str, str], source: str) -> Gs1:
    piece = piece_of(ais)
    item_piece = piece.gtin if piece and piece.ai == "8006" else None
    return Gs1(
        gtin=ais.get("01") or item_piece,
        serial=ais.get("21"),
        net_weight_kg=net_weight_kg(ais),
        batch=ais.get("10"),
        raw_ais=dict(ais),
        text=human_readable(ais),
        source=source,
        piece=piece,
    )


def _plain_code(text: str, symbology: str) -> Code | Unknown:
    for position, char in enumerate(text, start=1):
        if not char.isprintable():
            return Unknown(render(text), _unprintable_reason(char, position))
    return Code(text, symbology)


def _unprintable_reason(char: str, position: int) -> Message:
    if char in "\r\n":
        return msg("contains a line break at character {position}: two scans may have run "
                   "together", position=position)
    if 0xD800 <= ord(char) <= 0xDFFF:
        return msg("contains broken text (an unpaired surrogate) at character {position}",
                   position=position)
    if unicodedata.category(char) == "Cc":
        return msg("contains control characters ({char} at character {position})",
                   char=_char_label(char), position=position)
    return msg("contains an invisible or unknown character ({char}) at character {position}",
               char=_char_label(char), position=position)


def render(text: str, limit: int = _SHOWN_CHARS) -> str:
    """`text` made printable (`<GS>`, `<U+200B>`) and cut to about `limit` characters."""
    pieces: list[str] = []
    width = 0
    for char in text:
        piece = char if char.isprintable() else _char_label(char)
        if width + len(piece) > limit:
            return "".join(pieces) + "…"
        pieces.append(piece)
        width += len(piece)
    return "".join(pieces)


def _char_label(char: str) -> str:
    return _CHAR_NAMES.get(char, f"<U+{ord(char):04X}>")
