"""The second stage's sentence and proximity features of many passages at once, from their stored
token ids (indexer/token_table.py, index format 5).

Gives the values search/rerank.py's `sentence_score` and `proximity_score` give passage by passage,
bit for bit: each sentence's coverage adds the query terms' weights it holds in query order (as
`QueryTerms._coverage` sums them), a missing term's related-term credit as there, and each
passage's proximity adds its pairs' weights in pair order. Comparing ids in NumPy over the ~40
candidates together replaces ~300 set lookups and Python loops a search (steady state), and the
per-passage tokenisation a new passage needed (first pass).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from indexer.token_table import TokenTable
from search.terms import QueryTerms


def sentence_and_proximity(table: TokenTable, chunk_ids: Sequence[int], terms: QueryTerms,
                           term_id: Mapping[str, int], window: int) -> tuple[np.ndarray, np.ndarray]:
    """(sentence, proximity), float64 arrays of len(chunk_ids): for each passage, the best
    sentence's share of the query's weight (rerank.sentence_score) and the weighted share of the
    query's adjacent content-term pairs found within `window` tokens (rerank.proximity_score).
    `term_id`: the BM25 vocabulary the table's ids refer to."""
    ids, sentence_of, first = table.gather(chunk_ids)
    n_sentences, n_passages = int(first[-1]), len(chunk_ids)
    absent = -1  # a term the vocabulary lacks matches no token

    def present(term: str) -> np.ndarray:
        hit = np.zeros(n_sentences, dtype=bool)
        hit[sentence_of[ids == term_id.get(term, absent)]] = True
        return hit

    found = np.zeros(n_sentences)
    missing = np.zeros(n_sentences)  # largest weight of a content term the sentence lacks (0.0 if none)
    term_present = {}
    for term, weight in terms.weights.items():
        has = term_present[term] = present(term)
        found = np.where(has, found + weight, found)
        if term not in terms.generic:
            missing = np.where(has, missing, np.maximum(missing, weight))
    if terms.related:
        credit = np.full(n_sentences, -np.inf)
        for term, weight in terms.related.items():
            credit = np.where(present(term), np.maximum(credit, weight), credit)
        related = credit > -np.inf
        found = np.where(related, found + np.minimum(credit, missing), found)
    coverage = np.minimum(found / terms.total, 1.0)
    sentence = np.zeros(n_passages)
    filled = first[:-1] < first[1:]  # passages with at least one sentence
    if n_sentences:
        sentence[filled] = np.maximum.reduceat(coverage, first[:-1][filled])
    return sentence, _proximity(ids, sentence_of, first, terms, term_id, window)


def _proximity(ids: np.ndarray, sentence_of: np.ndarray, first: np.ndarray, terms: QueryTerms,
               term_id: Mapping[str, int], window: int) -> np.ndarray:
    n_passages = len(first) - 1
    content = terms.content()
    pairs = list(zip(content, content[1:]))
    out = np.zeros(n_passages)
    if not pairs:
        return out
    passage_of = np.searchsorted(first, sentence_of, side="right") - 1  # passage of each token
    n = len(ids)
    total = 0.0
    found = np.zeros(n_passages)
    for a, b in pairs:
        weight = min(terms.weights[a], terms.weights[b])
        total += weight
        where_a = np.flatnonzero(ids == term_id.get(a, -1))
        is_b = ids == term_id.get(b, -1)
        near = np.zeros(n_passages, dtype=bool)
        if len(where_a) and is_b.any():
            for shift in range(-window, window + 1):
                other = where_a + shift
                ok = (other >= 0) & (other < n)
                mine, other = where_a[ok], other[ok]
                match = is_b[other] & (passage_of[other] == passage_of[mine])
                near[passage_of[mine[match]]] = True
        found = np.where(near, found + weight, found)
    return found / total if total else out
