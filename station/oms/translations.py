"""OMS's own words in the packer's language: state names and command labels.

Owns `label_for(obj, language, fallback, field=...)`. OMS objects carry a
`translations` mapping keyed by language tag (`{"tr-tr": {"name": "Hazırlanıyor"},
"en-us": {"name": "Preparing"}}`; states use `name`, commands `label`); it may be
null, missing, or (in the local cache) its JSON text. "tr" matches "tr-tr" and
"tr_TR"; without a match the object's own field, else `fallback`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

log = logging.getLogger(__name__)


def label_for(obj: Mapping[str, Any] | None, language: str, fallback: str = "",
              field: str = "name") -> str:
    """`obj`'s `field` in `language` from its `translations`, else its own `field`,
    else `fallback`."""
    if not obj:
        return fallback
    for key, value in translations_of(obj).items():
        if language_matches(str(key), language) and isinstance(value, Mapping) \
                and value.get(field):
            return str(value[field])
    own = obj.get(field)
    return str(own) if own else fallback


def translations_of(obj: Mapping[str, Any]) -> Mapping[str, Any]:
    """The `translations` mapping, also from the cache's JSON text ({} when none)."""
    translations = obj.get("translations")
    if isinstance(translations, str):
        try:
            translations = json.loads(translations)
        except ValueError:
            log.debug("unreadable translations: %.80s", translations)
            return {}
    return translations if isinstance(translations, Mapping) else {}


def language_matches(key: str, language: str) -> bool:
    """"tr-tr", "tr_TR" and "tr" all match the language "tr"."""
    def base(tag: str) -> str:
        return tag.casefold().replace("_", "-").split("-")[0]

    return bool(language) and base(key) == base(language)
