"""Our BM25 arrays score exactly as rank_bm25.BM25Okapi (and rank_bm25_rs) on real text."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import rank_bm25
import rank_bm25_rs

from indexer.bm25 import BM25Index
from indexer.chunk import chunk_text
from indexer.keywords import keyword_tokens
from indexer.load import load_document

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
QUERIES = ["agency staff turnover", "poor chronologies", "return home interviews missing children",
           "Tameside front door delays", "the of and", "children children children", "zzzz unknownword"]


def corpus_tokens() -> list[list[str]]:
    docs = []
    for path in sorted(CORPUS.glob("fv-t*.txt")):
        doc, _ = load_document(path)
        docs.extend(keyword_tokens(c.text) for c in chunk_text(doc.id, doc.text))
    return docs


def test_scores_match_rank_bm25_exactly(tmp_path):
    docs = corpus_tokens()
    ours = BM25Index.build(docs)
    reference = rank_bm25.BM25Okapi(docs)
    fast = rank_bm25_rs.BM25Okapi(docs)
    ours.save(tmp_path)
    loaded = BM25Index.load(tmp_path)
    assert loaded.tf.dtype == np.uint8 and np.array_equal(loaded.tf, ours.tf)  # counts stored in one byte
    for query in QUERIES:
        tokens = keyword_tokens(query)
        expected = reference.get_scores(tokens)
        assert np.array_equal(ours.scores(tokens), expected), query
        assert np.array_equal(loaded.scores(tokens), expected), query
        assert np.allclose(np.asarray(fast.get_scores(tokens)), expected, rtol=0, atol=1e-12)


def test_top_k_agrees_with_reference_ranking():
    docs = corpus_tokens()
    ours = BM25Index.build(docs)
    reference = rank_bm25.BM25Okapi(docs)
    tokens = keyword_tokens("agency social workers caseloads")
    rows, scores = ours.top_k(tokens, 10)
    expected = reference.get_scores(tokens)
    assert list(scores) == sorted(expected, reverse=True)[:10]
    assert all(expected[r] == s for r, s in zip(rows, scores))
