"""Match children's-services acronyms to their expansions (data: glossary.json) and users' words to the
letters' own terms (data: synonyms.json) in the keyword query."""
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


SHORT_QUERY_WORDS = 5  # a query of this many words or fewer is a keyword query ("Kent UASC")


def spelled_out(query: str) -> str:
    """A short keyword query (SHORT_QUERY_WORDS words at most) with each glossary acronym it uses
    written out ("Kent UASC" -> "Kent unaccompanied asylum-seeking children"), for the dense side:
    the encoder reads a bare acronym in three words poorly ("Kent UASC" declined at 0.27, "Kent
    unaccompanied asylum seeking children" answered at 0.98). Longer questions are unchanged: there
    the rest of the question carries the topic (spelling out every query's acronyms lost dev MRR,
    0.685 -> 0.676, eval/BENCHMARKS.md)."""
    if len(re.findall(r"\w+", query)) > SHORT_QUERY_WORDS:
        return query
    for acronym, expansion in expansions_in(query):
        query = re.sub(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", lambda _: expansion, query, count=1)
    return query


def expand_keyword_query(query: str, synonyms: bool = True) -> list[str]:
    """BM25 query tokens: the query's own, plus the other form of each glossary term it uses."""
    tokens = keyword_tokens(query)
    for acronym_re, expansion_re, acronym, expansions in _patterns():
        if acronym_re.search(query):
            for expansion in expansions[:1]:
                tokens.extend(keyword_tokens(expansion))
        elif expansion_re.search(query):
            tokens.extend(keyword_tokens(acronym))
    if synonyms:
        for phrase in synonym_expansions(query):
            tokens.extend(keyword_tokens(phrase))
    return tokens


@lru_cache(maxsize=1)
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    """Groups of phrases that mean the same in the letters, the letters' usual wording first
    (search/data/synonyms.json)."""
    raw = json.loads(resources.files("search").joinpath("data", "synonyms.json").read_text(encoding="utf-8"))
    return tuple(tuple(group) for group in raw["groups"])


@lru_cache(maxsize=1)
def _synonym_patterns() -> list[tuple[re.Pattern[str], tuple[str, ...]]]:
    return [(re.compile("|".join(_phrase(p) for p in group), re.IGNORECASE), group) for group in synonym_groups()]


def _uses(pattern: re.Pattern[str], text: str) -> bool:
    return pattern.search(text) is not None


def synonym_expansions(query: str) -> list[str]:
    """The letters' wording (the group's first phrase) for each synonym group the query uses in
    other words; nothing for a group whose first phrase the query already contains."""
    out = []
    for pattern, group in _synonym_patterns():
        if _uses(pattern, query) and not re.search(_phrase(group[0]), query, re.IGNORECASE):
            out.append(group[0])
    return out


@lru_cache(maxsize=2048)
def synonym_phrases(query: str) -> tuple[tuple[str, ...], ...]:
    """The keyword-token sequences of the phrases of two or more tokens in every synonym group the
    query uses, its own wording included: "agency social workers" gives ("agency", "staf"),
    ("agency", "worker"), ("agency", "social", "worker"), ("interim", "staf"), ... A passage holding
    one of them in order holds the query's concept as the letters word it, where its words alone
    may mean something else ("agency" in "multi-agency", "staff" alone). A group whose words in the
    query lie inside a longer group's ("social workers" in "agency social workers") is left out:
    the query is about the longer concept."""
    used = []  # (start, end, group) of each group the query uses
    for pattern, group in _synonym_patterns():
        found = pattern.search(query)
        if found:
            used.append((found.start(), found.end(), group))
    phrases: dict[tuple[str, ...], None] = {}
    for start, end, group in used:
        if any(s <= start and end <= e and e - s > end - start for s, e, _ in used):
            continue
        for phrase in group:
            tokens = tuple(keyword_tokens(phrase))
            if len(tokens) >= 2:
                phrases[tokens] = None
    return tuple(phrases)


@lru_cache(maxsize=2048)
def concepts(query: str) -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    """(words, phrases) of the query's concepts named in two or more words. `words`: the keyword
    tokens of the query's own wording of a synonym group's or glossary entry's phrase, but its last
    (the head noun): "female", "genital" of "female genital mutilation", "agency", "social" of
    "agency social workers". `phrases`: the token sequences (two or more tokens) of every phrase of
    the groups and entries the query uses in any form, acronyms included ("FGM" gives ("female",
    "genital", "mutilation")). Such a modifier says little alone ("female" in "89% are female",
    "agency" in "partner agencies"): a sentence carries the concept when it holds one of `phrases`
    whole, its head noun, or a one-word synonym or acronym (`related_words`)."""
    spans = []  # (start, end, the phrases of the group or entry) of each concept the query names
    for pattern, group in _synonym_patterns():
        spans += [(found.start(), found.end(), group) for found in pattern.finditer(query)]
    for acronym_re, expansion_re, acronym, expansions in _patterns():
        entry = (acronym, *expansions)
        spans += [(found.start(), found.end(), entry) for found in expansion_re.finditer(query)]
        if acronym_re.search(query):
            spans.append((0, 0, entry))  # named by its acronym: one word, inside no other concept
    words: set[str] = set()
    phrases: dict[tuple[str, ...], None] = {}
    for start, end, entry in spans:
        if end and any(s <= start and end <= e and e - s > end - start for s, e, _ in spans):
            continue  # inside a longer concept ("social workers" in "agency social workers")
        words.update(keyword_tokens(query[start:end])[:-1])  # its head noun still names it: "changes of worker"
        for phrase in entry:
            tokens = tuple(keyword_tokens(phrase))
            if len(tokens) >= 2:
                phrases[tokens] = None
    return frozenset(words), tuple(phrases)


@lru_cache(maxsize=2048)
def _used(query: str) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, tuple[str, ...]], ...]]:
    """(the synonym groups the query uses, the (acronym, expansions) glossary entries it uses in
    either form), matched once per query for related_terms and related_words."""
    groups = tuple(group for pattern, group in _synonym_patterns() if _uses(pattern, query))
    entries = tuple((acronym, expansions) for acronym_re, expansion_re, acronym, expansions in _patterns()
                    if acronym_re.search(query) or expansion_re.search(query))
    return groups, entries


@lru_cache(maxsize=2048)
def related_words(query: str) -> frozenset[str]:
    """The related terms (`related_terms`) that are a whole phrase on their own: one-word synonyms
    ("locum", "respite") and acronyms ("MASH"), not the words of a longer phrase ("first" of
    "first response", "contact" of "initial contact"), which say little alone."""
    groups, entries = _used(query)
    words = {tokens[0] for group in groups for tokens in map(keyword_tokens, group) if len(tokens) == 1}
    words.update(t for acronym, _ in entries for t in keyword_tokens(acronym))
    return frozenset(words) & related_terms(query)


@lru_cache(maxsize=2048)
def related_terms(query: str) -> frozenset[str]:
    """Keyword tokens of every phrase in every synonym group (and glossary entry) the query uses,
    its own tokens excluded: the words a passage may use for the query's terms."""
    groups, entries = _used(query)
    related = {t for group in groups for phrase in group for t in keyword_tokens(phrase)}
    related.update(t for acronym, expansions in entries for phrase in (acronym, *expansions)
                   for t in keyword_tokens(phrase))
    return frozenset(related - set(keyword_tokens(query)))
