"""Match children's-services acronyms to their expansions in the keyword query (data: glossary.json)."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from indexer.keywords import keyword_tokens


@lru_cache(maxsize=1)
def glossary() -> dict[str, tuple[str, ...]]:
    """Acronym -> expansions, from search/data/glossary.json."""
    raw = json.loads(resources.files("search").joinpath("data", "glossary.json").read_text(encoding="utf-8"))
    return {k: tuple(v) for k, v in raw.items() if not k.startswith("_")}


def _phrase(expansion: str) -> str:
    """A phrase pattern tolerant of hyphens, spacing, a plural and curly apostrophes."""
    words = [re.escape(w).replace("'", "['’]?") for w in re.split(r"[\s-]+", expansion)]
    return r"(?<![\w-])" + r"[\s-]+".join(words) + r"s?(?![\w-])"


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern[str], re.Pattern[str], str, tuple[str, ...]]]:
    out = []
    for acronym, expansions in glossary().items():
        # the acronym as written (upper case, or any case if 3+ letters and not an English word)
        acronym_re = re.compile(rf"(?<![\w-]){re.escape(acronym)}s?(?![\w-])",
                                0 if len(acronym) <= 3 else re.IGNORECASE)
        expansion_re = re.compile("|".join(_phrase(e) for e in expansions), re.IGNORECASE)
        out.append((acronym_re, expansion_re, acronym, expansions))
    return out


def expansions_in(query: str) -> list[tuple[str, str]]:
    """(acronym, expansion) pairs where the query uses one form; the other form is to be added."""
    return [(acronym, expansions[0]) for acronym_re, expansion_re, acronym, expansions in _patterns()
            if acronym_re.search(query) or expansion_re.search(query)]


def expand_keyword_query(query: str) -> list[str]:
    """BM25 query tokens: the query's own, plus the other form of each glossary term it uses."""
    tokens = keyword_tokens(query)
    for acronym_re, expansion_re, acronym, expansions in _patterns():
        if acronym_re.search(query):
            for expansion in expansions[:1]:
                tokens.extend(keyword_tokens(expansion))
        elif expansion_re.search(query):
            tokens.extend(keyword_tokens(acronym))
    return tokens
