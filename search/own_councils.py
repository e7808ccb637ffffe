"""Councils an index's own documents name that the bundled list does not know.

indexer/data/authorities.csv lists the English councils (and a few others), and the question
parser (search/query.py) finds those. A user's own documents may carry another authority in
their metadata ("Wexbridge", a fictional or new council): `OwnCouncils` finds those names in a
question too, so the rules for a named council (quote only its letters, say when it has none
of the year asked) hold for it. Built once per index at load (one compiled pattern); `find` runs
per query. No I/O but reading the letters' vocabulary (search/data/letter_vocab.txt) once.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from indexer.authorities import (PLACEHOLDER_NAMES, authority_key, authority_record, field_authorities,
                                 known_authorities)
from indexer.keywords import STOP_WORDS, keyword_tokens
from search.vocabulary import letter_vocabulary


@dataclass(frozen=True)
class OwnCouncils:
    """The council names of an index's documents that indexer.authorities does not know.

    `names`: as the documents write them (indexer.authorities.field_authorities), first seen
    first. A name is found whole-word and in any case, as written or without its "Council" /
    "Borough of" words (authority_key: "Wexbridge Borough Council" is found as "Wexbridge");
    a name made of everyday words only (words the letters use, as "Haven") counts only when
    written with a capital, as "Reading" does for the bundled list."""

    names: tuple[str, ...] = ()
    _pattern: re.Pattern[str] | None = field(default=None, repr=False, compare=False)
    _by_key: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _common: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

    def find(self, text: str) -> list[str]:
        """The names (as in `names`) that `text` mentions, in order of first mention; [] when
        the index has none of its own."""
        if self._pattern is None:
            return []
        found: list[str] = []
        for match in self._pattern.finditer(text):
            key = authority_key(match.group(0))
            if key in self._common and not match.group(0)[0].isupper():
                continue
            name = self._by_key.get(key)
            if name is not None and name not in found:
                found.append(name)
        return found


def _everyday(key: str, vocabulary: frozenset[str]) -> bool:
    tokens = keyword_tokens(key)
    return all(t in vocabulary or t in STOP_WORDS for t in tokens)


def own_councils(fields: Iterable[str], vocabulary: frozenset[str] | None = None) -> OwnCouncils:
    """OwnCouncils for documents whose authority fields are `fields` (DocumentInfo.authority,
    "Leeds; Wexbridge" style): every council a field names that indexer.authorities does not
    know, leaving out empty names, stand-in values (indexer.authorities.PLACEHOLDER_NAMES: "Unknown",
    "N/A", ...), names with no word but stop words, and names under three characters. `vocabulary`: the keyword
    tokens taken as everyday words (default: the letters' vocabulary, search/data/letter_vocab.txt)."""
    by_key: dict[str, str] = {}
    known = known_authorities()
    for text in dict.fromkeys(fields):
        for name in field_authorities(text or ""):
            key = authority_key(name)
            if (len(key) < 3 or key in PLACEHOLDER_NAMES or key in by_key or key in known
                    or authority_record(name) is not None  # a council outside England
                    or not any(t not in STOP_WORDS for t in re.findall(r"[a-z0-9]+", key))):
                continue
            by_key[key] = name
    if not by_key:
        return OwnCouncils()
    if vocabulary is None:
        vocabulary = letter_vocabulary()
    spellings = {spelling.lower(): spelling for key, name in by_key.items() for spelling in (key, name)}
    alternation = "|".join(_spelling_pattern(s) for s in sorted(spellings.values(), key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE)
    common = frozenset(key for key in by_key if _everyday(key, vocabulary))
    return OwnCouncils(tuple(by_key.values()), pattern, by_key, common)


def _spelling_pattern(spelling: str) -> str:
    """A name's words in order, any white space or hyphen between them, 'and' also as '&', either
    apostrophe for either."""
    words = re.split(r"[\s-]+", spelling.strip())
    return r"[\s-]+".join(r"(?:and|&)" if w.lower() in ("and", "&") else re.sub(r"['’]", "['’]", re.escape(w))
                           for w in words)
