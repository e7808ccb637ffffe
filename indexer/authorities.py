"""Local authority names as data: one canonical spelling, tolerant matching, reorganisations.

"London Borough of Barnet", "Barnet Council" and "barnet" all map to "Barnet";
"Telford & Wrekin Council" maps to "Telford and Wrekin". The councils, their official names,
aliases and countries are in indexer/data/authorities.csv; the reorganisations (Cumbria into
Cumberland and Westmorland and Furness in April 2023, ...) in indexer/data/authority_changes.csv.
Only English councils count as authorities of a letter; the others are listed so that a
question naming one ("Isle of Man", "Cardiff") can be told that the index has no letters for it.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
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
# An authority field part that names an area, not a council: "England (multiple; Leeds, Bury named)".
_AREA = re.compile(r"^\s*(?:england|national|nationwide|multiple|various)\b", re.IGNORECASE)
# Authority names that are also everyday English words count only when capitalised (in a question,
# and as the council a misspelling in one is taken for: search/council_spelling.py).
COMMON_WORD_NAMES = frozenset({"reading", "bury", "bath", "stoke", "kingston", "richmond", "windsor", "poole",
                               "hull", "highland", "angus", "moray", "fife", "jersey"})

# Authority fields that name no council (authority_key form): written by hand or by another tool
# for "not known"; never taken for a council a user's own documents name (search/own_councils.py,
# indexer/title_authority.py).
PLACEHOLDER_NAMES = frozenset({
    "unknown", "unknown authority", "not known", "n a", "na", "none", "null", "nil", "tbc", "tbd",
    "other", "others", "various", "multiple", "national", "nationwide", "england", "anonymous",
    "redacted", "unspecified", "not specified", "not stated", "not applicable", "council",
    "authority", "local authority", "test",
})

# A place name that is part of an organisation's name is not the council: "Leicester City
# Football Club", "Sheffield Hallam University", "Manchester Airport",
# "Derby County FC". Matched just after a council's name. A hospital, police force or court
# keeps its place: a question about one is about that area.
_ORGANISATION_AFTER = re.compile(
    r"(?:\s+(?:City|Town|County|United|Rovers|Athletic|Wanderers|Albion|Rangers|Hallam|Metropolitan))*"
    r"\s+(?:Football|F\.?C\b|Rugby|Cricket|University|Universities|College|Airport)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Authority:
    """One council from authorities.csv. `until` is the ISO day it was abolished ("" if current)."""

    name: str
    official_name: str
    country: str
    aliases: tuple[str, ...]
    until: str = ""


@dataclass(frozen=True)
class Change:
    """A reorganisation from authority_changes.csv: `old` replaced by `new` on `date` (ISO day);
    extent "whole" or "part" (a part of `old` went to `new`)."""

    date: str
    old: str
    new: str
    extent: str
    note: str


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


def _csv_rows(name: str) -> list[dict[str, str]]:
    text = resources.files("indexer").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines)]


@lru_cache(maxsize=1)
def all_authorities() -> tuple[Authority, ...]:
    """Every council in indexer/data/authorities.csv (English ones and the few others)."""
    return tuple(Authority(row["name"], row["official_name"] or row["name"], row["country"],
                           tuple(a.strip() for a in row["aliases"].split("|") if a.strip()), row["until"])
                 for row in _csv_rows("authorities.csv"))


@lru_cache(maxsize=1)
def changes() -> tuple[Change, ...]:
    """Every reorganisation in indexer/data/authority_changes.csv, oldest first."""
    rows = [Change(r["date"], r["from"], r["to"], r["extent"], r["note"]) for r in _csv_rows("authority_changes.csv")]
    return tuple(sorted(rows, key=lambda c: (c.date, c.old, c.new)))


def english_authorities() -> list[str]:
    """Canonical names of the English councils (current and abolished) whose children's services
    Ofsted inspects, in file order."""
    return [a.name for a in all_authorities() if a.country == "England"]


@lru_cache(maxsize=1)
def known_authorities() -> dict[str, str]:
    """Map of authority_key -> canonical name for English councils, official names and aliases
    included."""
    names: dict[str, str] = {}
    england = [a for a in all_authorities() if a.country == "England"]
    for authority in england:
        names[authority_key(authority.name)] = authority.name
    for authority in england:
        for alias in (authority.official_name, *authority.aliases):
            names.setdefault(authority_key(alias), authority.name)
    return names


@lru_cache(maxsize=1)
def _outside_england() -> dict[str, Authority]:
    found: dict[str, Authority] = {}
    for authority in all_authorities():
        if authority.country != "England":
            for alias in (authority.name, authority.official_name, *authority.aliases):
                found.setdefault(authority_key(alias), authority)
    return found


def authority_record(name: str) -> Authority | None:
    """The record of a council by any of its names (English or not), or None if unknown."""
    key = authority_key(name)
    canonical = known_authorities().get(key)
    if canonical:
        return next(a for a in all_authorities() if a.name == canonical)
    return _outside_england().get(key)


def canonical_authority(name: str) -> str:
    """The canonical name for `name` if it is a known English authority, else `name` tidied."""
    name = " ".join(name.split())
    return known_authorities().get(authority_key(name), name)


def split_authorities(field: str) -> list[str]:
    """A document's authority field split at ';' (not inside brackets): the parts as written.
    Use `field_authorities` for the councils a field names."""
    parts, depth, current = [], 0, []
    for char in field:
        depth += (char == "(") - (char == ")")
        if char == ";" and depth <= 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


def field_authorities(field: str) -> list[str]:
    """The councils a document's authority field names, canonical, in order: "Leeds; Calderdale"
    -> both; "England (multiple; Birmingham, Coventry named)" -> Birmingham, Coventry (the area
    itself is no council); "England (national)" -> none. A part that is no known council is kept
    as written (a council missing from the data file still gets its letters)."""
    found: list[str] = []
    for part in split_authorities(field):
        names = find_authorities(part) if _AREA.match(part) else [canonical_authority(part)]
        found.extend(name for name in names if name not in found)
    return found


@lru_cache(maxsize=None)
def related_councils(name: str) -> dict[str, str]:
    """The councils `name` (canonical) wholly replaced ("predecessor") or was wholly replaced by
    ("successor"), followed through authority_changes.csv: Cumberland -> {Cumbria: predecessor};
    Cumbria -> {Cumberland: successor, Westmorland and Furness: successor}. Siblings (Westmorland
    and Furness for Cumberland) and part changes are not included."""
    whole = [c for c in changes() if c.extent == "whole" and c.old != c.new]
    start = canonical_authority(name)
    out: dict[str, str] = {}
    for relation, step in (("predecessor", lambda c, x: c.old if c.new == x else None),
                           ("successor", lambda c, x: c.new if c.old == x else None)):
        queue = [start]
        while queue:
            current = queue.pop()
            for change in whole:
                other = step(change, current)
                if other and other != start and other not in out:
                    out[other] = relation
                    queue.append(other)
    return out


def lineage(name: str) -> tuple[str, ...]:
    """`name` (canonical) and its related_councils: the councils whose letters a filter or a
    timeline for `name` includes. Cumberland -> (Cumberland, Cumbria)."""
    return (canonical_authority(name), *related_councils(name))


def changes_for(name: str) -> list[Change]:
    """The reorganisations that concern `name` or any council in its lineage, oldest first."""
    family = set(lineage(name))
    return [c for c in changes() if c.old in family or c.new in family]


def _alternation(names: list[str], hyphens: bool = False) -> str:
    names = sorted(set(names), key=len, reverse=True)
    if hyphens:  # words apart by white space or hyphens, either way: "Kingston-upon-Hull", "Stockton on Tees"
        return "|".join(r"[\s-]+".join(r"(?:and|&)" if word.lower() in ("and", "&") else re.escape(word)
                                        for word in re.split(r"[\s-]+", name.strip())) for name in names)
    return "|".join(re.escape(a).replace(r"\ and\ ", r"\s+(?:and|&)\s+").replace(r"\ ", r"\s+") for a in names)


def mention_pattern(names: list[str], hyphens: bool = False) -> re.Pattern[str]:
    """A pattern finding any of `names` as whole words, in any case, the longest first, white space
    as any white space and "and" also as "&" ("Telford & Wrekin"); with `hyphens`, a hyphen between
    words as a space and a space as a hyphen ("Kingston-upon-Hull" for "Kingston upon Hull")."""
    return re.compile(rf"(?<![\w-])(?:{_alternation(names, hyphens)})(?![\w-])", re.IGNORECASE)


def english_names() -> list[str]:
    """The English councils' canonical names and aliases, the spellings find_authorities reads."""
    return [n for a in all_authorities() if a.country == "England" for n in (a.name, *a.aliases)]


def organisation_after(text: str, end: int) -> bool:
    """Whether the place name ending at `end` in `text` begins an organisation's name ("Leicester
    City Football Club", "Sheffield Hallam University"), not the council's."""
    return bool(_ORGANISATION_AFTER.match(text, end))


@lru_cache(maxsize=2)
def _mention_pattern(england: bool) -> re.Pattern[str]:
    records = [a for a in all_authorities() if (a.country == "England") == england]
    return mention_pattern([n for a in records for n in (a.name, *a.aliases)])


def _mentions(text: str, england: bool, as_written: bool = False) -> list[str]:
    found: list[str] = []
    for match in _mention_pattern(england).finditer(text):
        mention = " ".join(match.group(0).split())
        if mention.lower() in COMMON_WORD_NAMES and not mention[0].isupper():
            continue
        if organisation_after(text, match.end()):
            continue  # an organisation named after the place, not the council
        record = authority_record(mention)
        name = mention if as_written else record.name if record else mention
        if name not in found:
            found.append(name)
    return found


def authority_mentions(text: str) -> list[str]:
    """The English authorities' names as `text` writes them ("BCP", "Brighton & Hove"), in order
    of first mention: the words find_authorities read as a council."""
    return _mentions(text, england=True, as_written=True)


def with_canonical_names(text: str) -> str:
    """`text` with each English authority it names in another form ("BCP", "BANES", "Brighton &
    Hove") written as its canonical name ("Bournemouth, Christchurch and Poole"); unchanged when it
    names none that way."""
    for written in authority_mentions(text):
        record = authority_record(written)
        if record is not None and record.name != written:
            text = re.sub(rf"(?<![\w-]){re.escape(written)}(?![\w-])", lambda _: record.name, text, count=1)
    return text


def find_authorities(text: str) -> list[str]:
    """Canonical names of the English authorities mentioned in `text`, in order of first mention."""
    return _mentions(text, england=True)


def find_places_outside_england(text: str) -> list[str]:
    """Councils outside England (Wales, Scotland, Northern Ireland, the Isle of Man, Jersey,
    Guernsey) mentioned in `text`: Ofsted does not inspect their children's services."""
    english = {authority_key(n) for n in find_authorities(text)}
    return [name for name in _mentions(text, england=False) if authority_key(name) not in english]
