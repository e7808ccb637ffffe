"""The dense index types: HNSW keeps its vectors as float16 and still finds what exact search finds."""
from __future__ import annotations

import faiss
import numpy as np

from indexer.vectors import build_faiss, index_type_for, load_faiss, save_faiss
from eval.bench import questions


def test_index_type_follows_size():
    assert index_type_for(43_285) == "flat" and index_type_for(100_000) == "hnsw"


def test_fp16_hnsw_matches_exact_search_on_real_passages(small_index, tmp_path):
    vectors = small_index.faiss.reconstruct_n(0, small_index.faiss.ntotal)
    hnsw = build_faiss(vectors, "hnsw")
    assert isinstance(hnsw, faiss.IndexHNSWSQ)
    save_faiss(hnsw, tmp_path / "v.faiss")
    loaded = load_faiss(tmp_path / "v.faiss", mmap=True)
    stored = loaded.reconstruct_n(0, loaded.ntotal)
    assert np.abs(stored - vectors).max() < 1e-3  # float16 of unit vectors' components
    queries = np.stack([small_index.embed_query(q) for q in questions()[:30]])
    _, exact = small_index.faiss.search(queries, 10)
    scores, found = loaded.search(queries, 10)
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(found, exact)])
    assert recall >= 0.95
    exact_scores = (vectors[found[:, 0]] * queries).sum(axis=1)
    assert np.allclose(scores[:, 0], exact_scores, atol=1e-3)
