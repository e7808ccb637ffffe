"""The query's terms and how much each counts: idf weights, generic and place words down-weighted,
and the words the letters use for them (synonyms and acronyms) at a share of the weight."""
from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass

from indexer.bm25 import BM25Index
from indexer.keywords import keyword_tokens
from search.glossary import expand_keyword_query, related_terms
from search.query import QueryContext

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

    @property
    def total(self) -> float:
        """Sum of the query terms' own weights (never 0, so shares are defined)."""
        return sum(self.weights.values()) or 1.0

    def content(self) -> list[str]:
        """The query's own terms that are not generic, in query order."""
        return [t for t in self.weights if t not in GENERIC and not t.isdigit()]

    def coverage(self, tokens: Set[str]) -> float:
        """Share of the query's weight found in `tokens`, in [0, 1]: a term counts in full when
        present, and a missing term is credited RELATED_SHARE of its weight when a related term is."""
        found = sum(w for t, w in self.weights.items() if t in tokens)
        if self.related and tokens.intersection(self.related):
            missing = [w for t, w in self.weights.items() if t not in tokens and t not in GENERIC]
            credit = max(self.related[t] for t in tokens.intersection(self.related))
            found += min(credit, max(missing, default=0.0))
        return min(found / self.total, 1.0)


def query_terms(query: str, bm25: BM25Index, ctx: QueryContext) -> QueryTerms:
    """Weights of the distinct keyword terms of `query` (and their glossary expansions):
    BM25 idf from the index, x GENERIC_SHARE for generic words, names of the places the query
    names, and numbers. Related terms (synonyms) get RELATED_SHARE of the mean weight."""
    place = set(keyword_tokens(" ".join(ctx.authorities)))
    weights: dict[str, float] = {}
    for term in dict.fromkeys(expand_keyword_query(query, synonyms=False)):  # synonyms: `related`
        i = bm25.term_id.get(term)
        if i is None:
            continue
        weight = float(max(bm25.idf[i], 0.0))
        if term in GENERIC or term in place or term.isdigit():
            weight *= GENERIC_SHARE
        weights[term] = weight
    mean = sum(weights.values()) / len(weights) if weights else 0.0
    related = {t: RELATED_SHARE * mean for t in related_terms(query) if t not in weights and t in bm25.term_id}
    return QueryTerms(weights, related)
