"""Read a question for what it says about which letters it means: authority, year, month, kind."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from indexer.authorities import authority_mentions, find_authorities
from indexer.schema import NEWS_KIND
from search.own_councils import OwnCouncils

MAX_QUERY_CHARS = 2000
_MONTHS = ("january february march april may june july august september october november december").split()
MONTH_NAMES = tuple(_MONTHS)  # lower case, January first
_SEASONS = {"spring": (3, 4, 5), "summer": (6, 7, 8), "autumn": (9, 10, 11), "fall": (9, 10, 11), "winter": (12, 1, 2)}
_KINDS = (
    ("focused visit", r"focused visit"),
    ("monitoring visit", r"monitoring visit"),
    ("JTAI", r"\bJTAI\b|joint targeted area inspection|joint (?:area )?inspection"),
    ("ILACS inspection", r"\bILACS\b|full inspection|standard inspection|short inspection"),
    ("SIF inspection", r"\bSIF\b|single inspection framework"),
    (NEWS_KIND, r"\bnews\b|\bnewspaper\b|\breported\b|\bpress\b"),
)


class QueryError(ValueError):
    """A query that cannot be searched (empty, or nothing but control characters)."""


def clean_query(query: object) -> str:
    """Normalise a user query: strings only, control characters removed, white space collapsed,
    cut at MAX_QUERY_CHARS. Raises QueryError when nothing searchable is left."""
    if not isinstance(query, str):
        raise QueryError("the query must be text")
    text = unicodedata.normalize("NFC", query)
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = " ".join(text.split())[:MAX_QUERY_CHARS]
    if not text:
        raise QueryError("empty query: type a question or some keywords")
    return text


@dataclass(frozen=True)
class QueryContext:
    """What the question names; used to favour (not require) matching letters."""

    authorities: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    months: tuple[int, ...] = ()
    kinds: tuple[str, ...] = ()
    written: tuple[str, ...] = ()  # the English authorities' names as the query writes them ("BCP")
    since: tuple[int, ...] = ()  # the years of `years` named as a start ("since April 2018", "after 2019")


# "the latest inspection", "when was Tameside last inspected": a council's latest letter (not "last year")
LATEST = re.compile(r"\b(?:last|latest|most recent(?:ly)?)\b(?! (?:year|month|week|weekend|night)\b)", re.IGNORECASE)


@lru_cache(maxsize=1024)
def context_words(query: str) -> frozenset[str]:
    """Keyword tokens of the words that name the kind of letter the query means ("focused
    visit", "JTAI", "full inspection") or that it means the latest ("last", "most recent"): they
    say which letters, as a year or a council's name does (QueryContext.kinds), not what a
    passage is about."""
    from indexer.keywords import keyword_tokens

    words: set[str] = set()
    for pattern in [pattern for _, pattern in _KINDS] + [LATEST.pattern]:
        for found in re.finditer(pattern, query, re.IGNORECASE):
            words.update(keyword_tokens(found.group(0)))
    return frozenset(words)


# a year named as the start of a period: what happened since then is reported in later letters
_SINCE = re.compile(rf"\b(?:since|after)\s+(?:(?:the\s+)?(?:end|start|beginning|spring|summer|autumn|winter|"
                    rf"{'|'.join(_MONTHS)})\s+(?:of\s+)?)?((?:19|20)\d{{2}})\b", re.IGNORECASE)


def analyse(query: str, own: OwnCouncils | None = None) -> QueryContext:
    """Authorities, years, months (or seasons) and kinds named in the query. Authorities are the
    councils of indexer/data/authorities.csv it names, then those of `own` (the councils an index's
    documents name that the list does not know: Index.own_councils)."""
    years = tuple(dict.fromkeys(int(y) for y in re.findall(r"\b((?:19|20)\d{2})\b", query)))
    months: list[int] = []
    lowered = query.lower()
    for number, name in enumerate(_MONTHS, start=1):
        if re.search(rf"\b{name}\b|\b{name[:3]}\b(?=\s*\d)", lowered) and not (name == "may" and not re.search(r"\bmay\s+\d{4}", lowered)):
            months.append(number)
    for season, season_months in _SEASONS.items():
        if re.search(rf"\b{season}\b", lowered):
            months.extend(season_months)
    kinds = tuple(kind for kind, pattern in _KINDS if re.search(pattern, query, re.IGNORECASE))
    authorities = find_authorities(query)
    if own is not None:
        authorities += [name for name in own.find(query) if name not in authorities]
    written = tuple(authority_mentions(query)) if authorities else ()
    since = tuple(dict.fromkeys(int(y) for y in _SINCE.findall(query)))
    return QueryContext(tuple(authorities), years, tuple(dict.fromkeys(months)), kinds, written, since)
