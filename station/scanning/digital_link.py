"""GS1 Digital Link URIs (QR codes such as `https://id.gs1.org/01/09506000134352/10/ABC`)
→ the AIs they carry.

Owns the URI syntax of the GS1 Digital Link standard as far as a scanner needs it:
any domain and path stem, then the primary key AI and its value (the rightmost key in
the path, e.g. `/01/<gtin>`), its qualifiers in GS1's order (`/22/…/10/…/21/…` for a
GTIN), and data attributes as query parameters (`?17=251231&3103=000195`); other
query parameters and the fragment are ignored. Values are %-decoded ("+" is a space in
the query only). A GTIN-8/12/13 in AI 01 is padded to 14 digits. Each value is then
checked like any GS1 data (gs1.py).

`parse_digital_link` gives None for text that is not a Digital Link URI at all (another
URL, a plain code), so such scans stay ordinary codes.
"""

from __future__ import annotations

import re
from datetime import date

from station.messages import msg
from station.scanning.ai_table import AiEntry, ai_table
from station.scanning.gs1 import Gs1Fields, Gs1Problem, validate_fields

__all__ = ["parse_digital_link"]

_SCHEME = re.compile(r"(?:https?|HTTPS?)://")
_HOST = re.compile(r"[A-Za-z0-9.\-:\[\]_~]+")
_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")
_NUMERIC = re.compile(r"[0-9]+")


def parse_digital_link(text: str, today: date | None = None) -> Gs1Fields | Gs1Problem | None:
    """The AIs of a GS1 Digital Link URI in URI order; a Gs1Problem when `text` is one
    but is malformed; None when it is not a Digital Link URI."""
    scheme = _SCHEME.match(text)
    if scheme is None:
        return None
    rest = text[scheme.end() :].partition("#")[0]
    location, _, query = rest.partition("?")
    host, slash, path = location.partition("/")
    segments = path.split("/") if slash else []
    key_at = _primary_key_position(segments)
    if key_at is None:
        return None
    if not _HOST.fullmatch(host):
        return Gs1Problem(msg("GS1 Digital Link has no valid domain"))
    path_fields = _path_fields(segments[key_at:])
    if isinstance(path_fields, Gs1Problem):
        return path_fields
    query_fields = _query_fields(query, _query_forbidden(path_fields))
    if isinstance(query_fields, Gs1Problem):
        return query_fields
    fields = [(ai, _padded(ai, value)) for ai, value in path_fields + query_fields]
    return validate_fields(fields, today, repeats=False)


def _primary_key_position(segments: list[str]) -> int | None:
    """Where the key/value pairs start: at the rightmost primary-key AI found when
    reading pairs back from the end of the path (the rest is the path stem)."""
    for position in range(len(segments) - 2, -1, -2):
        entry = ai_table().get(segments[position])
        if entry is not None and entry.dl_qualifiers is not None:
            return position
    return None


def _path_fields(pairs: list[str]) -> list[tuple[str, str]] | Gs1Problem:
    key = ai_table()[pairs[0]]
    fields = [(pairs[i], _unescape(pairs[i + 1], query=False)) for i in range(0, len(pairs), 2)]
    qualifiers = [ai for ai, _ in fields[1:]]
    if not any(_in_order(qualifiers, allowed) for allowed in key.dl_qualifiers or ()):
        return Gs1Problem(msg("GS1 Digital Link: {qualifiers} may not follow AI {ai} in the path",
                              qualifiers="/".join(qualifiers), ai=key.ai))
    return fields


def _in_order(qualifiers: list[str], allowed: tuple[str, ...]) -> bool:
    """True when `qualifiers` is `allowed` with some AIs left out, order kept."""
    remaining = iter(allowed)
    return all(ai in remaining for ai in qualifiers)


def _query_forbidden(path_fields: list[tuple[str, str]]) -> set[str]:
    """Qualifiers of the path's key belong in the path, not in the query (unless the
    path chose another qualifier sequence, e.g. 01 + 235 leaves 10 free)."""
    key = ai_table()[path_fields[0][0]]
    used = [ai for ai, _ in path_fields[1:]]
    return {
        ai
        for allowed in key.dl_qualifiers or ()
        if _in_order(used, allowed)
        for ai in allowed
    }


def _query_fields(query: str, forbidden: set[str]) -> list[tuple[str, str]] | Gs1Problem:
    fields: list[tuple[str, str]] = []
    for parameter in query.split("&"):
        name, equals, raw = parameter.partition("=")
        if not _NUMERIC.fullmatch(name):
            continue  # not an AI: other parameters are allowed and ignored
        entry = ai_table().get(name)
        problem = _query_problem(name, entry, equals and raw, forbidden)
        if problem:
            return problem
        fields.append((name, _unescape(raw, query=True)))
    return fields


def _query_problem(
    name: str, entry: AiEntry | None, raw: str, forbidden: set[str]
) -> Gs1Problem | None:
    if entry is None:
        return Gs1Problem(msg("GS1 Digital Link: ?{ai}= is not a GS1 application identifier",
                              ai=name))
    if not raw:
        return Gs1Problem(msg("GS1 Digital Link: AI {ai} has no data", ai=name))
    if name in forbidden or not entry.dl_attribute:
        return Gs1Problem(msg("GS1 Digital Link: AI {ai} may not be a query parameter here",
                              ai=name))
    return None


def _unescape(text: str, query: bool) -> str:
    if query:
        text = text.replace("+", " ")
    return _PERCENT.sub(lambda match: chr(int(match.group(1), 16)), text)


def _padded(ai: str, value: str) -> str:
    # GTIN-8/12/13 written without leading zeros (allowed by older Digital Link URIs).
    if ai == "01" and len(value) in (8, 12, 13) and value.isascii() and value.isdigit():
        return value.zfill(14)
    return value
