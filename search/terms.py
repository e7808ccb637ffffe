"""The query's terms and how much each counts: idf weights, generic and place words down-weighted,
and the words the letters use for them (synonyms and acronyms) at a share of the weight."""
from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass
from functools import cached_property

from indexer.bm25 import BM25Index
from indexer.keywords import keyword_tokens
from search.answer_type import BLOCK_QUESTION, answer_type_words
from search.glossary import expand_keyword_query, related_terms, synonym_expansions, synonym_phrases
from search.query import QueryContext, context_words
from search.vocabulary import letter_vocabulary

# Words nearly every question or letter uses: they say little about which passage answers.
GENERIC = frozenset(keyword_tokens("ofsted inspector inspectors council councils local authority authorities children "
                                   "children's services social care say said what which how did does were was find "
                                   "found letter letters visit report tell told"))
GENERIC_SHARE = 0.2  # weight kept by a generic word, a place name or a number
RELATED_SHARE = 0.5  # weight a synonym carries, as a share of the query words' mean weight


@dataclass(frozen=True)
class QueryTerms:
    """Query keyword terms with their weights (idf, >= 0) and related terms (synonyms, acronyms)."""

    weights: dict[str, float]
    related: dict[str, float]
    generic: frozenset[str] = GENERIC  # terms that count as generic in this query (GENERIC and its answer-type words)
    phrases: tuple[tuple[str, ...], ...] = ()  # glossary.synonym_phrases: the query's concepts as token sequences
    places: frozenset[str] = frozenset()  # tokens of the councils the query names: context, not what it asks about

    @cached_property
    def total(self) -> float:
        """Sum of the query terms' own weights (never 0, so shares are defined). Computed once:
        the second stage asks for it once per sentence of 40 passages."""
        return sum(self.weights.values()) or 1.0

    def content(self) -> list[str]:
        """The query's own terms that are not generic, in query order."""
        return list(self._content)

    @cached_property
    def _content(self) -> tuple[str, ...]:
        return tuple(t for t in self.weights if t not in self.generic and not t.isdigit())

    @cached_property
    def _coverages(self) -> dict[frozenset[str], float]:
        return {}

    def coverage(self, tokens: Set[str]) -> float:
        """Share of the query's weight found in `tokens`, in [0, 1]: a term counts in full when
        present, and a missing term is credited RELATED_SHARE of its weight when a related term is.
        Kept per frozenset for the life of these terms (one query): the second stage asks for the
        sentences of 40 passages, for two features, and overlapping passages share sentences."""
        if isinstance(tokens, frozenset):
            kept = self._coverages.get(tokens)
            if kept is None:
                kept = self._coverages[tokens] = self._coverage(tokens)
            return kept
        return self._coverage(tokens)

    def _coverage(self, tokens: Set[str]) -> float:
        found = sum(w for t, w in self.weights.items() if t in tokens)
        if self.related and tokens.intersection(self.related):
            missing = [w for t, w in self.weights.items() if t not in tokens and t not in self.generic]
            credit = max(self.related[t] for t in tokens.intersection(self.related))
            found += min(credit, max(missing, default=0.0))
        return min(found / self.total, 1.0)


def expanded_tokens(query: str) -> tuple[list[str], list[str]]:
    """(expand_keyword_query(query, synonyms=False), expand_keyword_query(query)) with the glossary
    read once: the second is the first followed by the tokens of each synonym the query uses in
    other words (search/glossary.py). Saves a glossary pass per search (~0.2 ms)."""
    own = expand_keyword_query(query, synonyms=False)
    expanded = list(own)
    for phrase in synonym_expansions(query):
        expanded.extend(keyword_tokens(phrase))
    return own, expanded


def query_terms(query: str, bm25: BM25Index, ctx: QueryContext, tokens: Sequence[str] | None = None) -> QueryTerms:
    """Weights of the distinct keyword terms of `query` (and their glossary expansions):
    BM25 idf from the index (for a word the letters use, search.vocabulary, that the index lacks:
    the idf of df = 0, BM25Index.absent_idf; words no letter uses are left out), x GENERIC_SHARE for generic words (GENERIC, and the words that name
    the kind of answer: "many" in "how many", search.answer_type.answer_type_words), names of the
    places the query names, and numbers. Related terms (synonyms) get RELATED_SHARE of the mean weight.
    `tokens`: expand_keyword_query(query, synonyms=False) when the caller already has it."""
    # the council's name, as the letters write it and as the query does ("BCP" is no topic)
    place = set(keyword_tokens(" ".join([*ctx.authorities, *ctx.written])))
    generic = GENERIC | answer_type_words(query) | context_words(query)
    block = BLOCK_QUESTION.search(query)
    if block:  # "who were the inspectors" (or "the HMIs", Her Majesty's Inspectors): the inspectors are what is asked about
        generic = generic - set(expand_keyword_query(block.group(0), synonyms=False))
    weights: dict[str, float] = {}
    if tokens is None:
        tokens = expand_keyword_query(query, synonyms=False)
    letters = letter_vocabulary()
    for term in dict.fromkeys(tokens):  # synonyms: `related`
        i = bm25.term_id.get(term)
        if i is None and term not in letters:
            continue  # a word no letter uses: the abstention feature `unknown` weighs it
        # a word the letters use that no passage of this index holds (an index of a few letters)
        # is as rare as a word can be here: absent from every passage the answer could quote
        weight = bm25.absent_idf if i is None else float(max(bm25.idf[i], 0.0))
        if term in generic or term in place or term.isdigit():
            weight *= GENERIC_SHARE
        weights[term] = weight
    mean = sum(weights.values()) / len(weights) if weights else 0.0
    related = {t: RELATED_SHARE * mean for t in related_terms(query) if t not in weights and t in bm25.term_id}
    return QueryTerms(weights, related, generic, synonym_phrases(query), frozenset(place))
