"""English local authority names: one canonical spelling, tolerant matching.

"London Borough of Barnet", "Barnet Council" and "barnet" all map to "Barnet";
"Telford & Wrekin Council" maps to "Telford and Wrekin". The list is data
(indexer/data/authorities.txt, authority_aliases.txt).
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

_PREFIXES = (
    "london borough of ", "royal borough of ", "metropolitan borough of ", "borough of ",
    "city of ", "county of ", "the ", "council of the ",
)
_SUFFIXES = (
    " metropolitan borough council", " metropolitan district council", " borough council",
    " county borough council", " county council", " city council", " district council",
    " unitary authority", " council", " county", " borough", " city", " metropolitan",
    " local authority",
)


def authority_key(name: str) -> str:
    """A comparison key: lower case, '&' as 'and', no punctuation, council/borough words dropped."""
    key = name.lower().replace("&", " and ").replace("’", "'")
    key = re.sub(r"[^a-z0-9' -]+", " ", key)
    key = re.sub(r"[-\s]+", " ", key).strip()
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            if key.startswith(prefix) and len(key) > len(prefix):
                key, changed = key[len(prefix):], True
        for suffix in _SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                key, changed = key[: -len(suffix)], True
    return key.strip()


def _data_lines(name: str) -> list[str]:
    text = resources.files("indexer").joinpath("data", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def known_authorities() -> dict[str, str]:
    """Map of authority_key -> canonical name, aliases included."""
    names = {authority_key(n): n for n in _data_lines("authorities.txt")}
    for line in _data_lines("authority_aliases.txt"):
        alias, _, canonical = line.partition(":")
        names.setdefault(authority_key(alias), canonical.strip())
    return names


def canonical_authority(name: str) -> str:
    """The canonical name for `name` if it is a known authority, else `name` tidied."""
    name = " ".join(name.split())
    return known_authorities().get(authority_key(name), name)


def split_authorities(field: str) -> list[str]:
    """A document's authority field may list several, separated by ';'."""
    return [part.strip() for part in field.split(";") if part.strip()]


@lru_cache(maxsize=1)
def _mention_pattern() -> re.Pattern[str]:
    names = sorted({*known_authorities().values(), *_data_lines("authorities.txt")}, key=len, reverse=True)
    aliases = [line.partition(":")[0].strip() for line in _data_lines("authority_aliases.txt")]
    alternatives = sorted({*names, *aliases}, key=len, reverse=True)
    body = "|".join(re.escape(a).replace(r"\ and\ ", r"\s+(?:and|&)\s+").replace(r"\ ", r"\s+") for a in alternatives)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


# Authority names that are also everyday English words count only when capitalised.
_COMMON_WORDS = {"reading", "bury", "bath", "stoke", "kingston", "richmond", "windsor", "poole", "hull"}


def find_authorities(text: str) -> list[str]:
    """Canonical names of the authorities mentioned in `text`, in order of first mention."""
    found: list[str] = []
    for match in _mention_pattern().finditer(text):
        mention = match.group(0)
        if mention.lower() in _COMMON_WORDS and not mention[0].isupper():
            continue
        name = canonical_authority(mention)
        if name not in found:
            found.append(name)
    return found
