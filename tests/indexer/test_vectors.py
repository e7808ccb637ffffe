"""The dense index types: HNSW keeps its vectors as float16 and still finds what exact search finds."""
from __future__ import annotations

import faiss
import numpy as np
from pathlib import Path

from indexer.vectors import StoredVectors, build_faiss, index_type_for, load_faiss, save_faiss
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


def test_stored_vectors_read_exactly_what_faiss_reconstructs(small_index, tmp_path):
    vectors = small_index.faiss.reconstruct_n(0, small_index.faiss.ntotal)
    save_faiss(build_faiss(vectors, "hnsw"), tmp_path / "v.faiss")
    ids = np.asarray([7, 3, 3, len(vectors) - 1, 0], dtype=np.int64)
    for index in (small_index.faiss, load_faiss(tmp_path / "v.faiss", mmap=True), load_faiss(tmp_path / "v.faiss")):
        got = StoredVectors(index).get(ids)
        assert got.dtype == np.float32 and np.array_equal(got, index.reconstruct_batch(ids))


def test_search_over_an_fp16_hnsw_index_agrees_with_the_exact_one(slice_corpus, small_index, tmp_path, monkeypatch):
    """The same slice built as a large corpus would be (HNSW, float16, memory-mapped) ranks
    passages as the exact index does, including the named-authority path."""
    import indexer.vectors
    from corpus_slice import TEST_CACHE
    from indexer.build import build_index
    from search.index import open_index

    monkeypatch.setattr(indexer.vectors, "HNSW_THRESHOLD", 100)
    build_index([slice_corpus], tmp_path / "index", cache_path=TEST_CACHE, progress=False)
    hnsw = open_index(tmp_path / "index")
    assert hnsw.manifest["faiss"] == "hnsw" and isinstance(hnsw.faiss, faiss.IndexHNSWSQ)
    same = 0
    asked = questions()[:20] + ["what did inspectors say about agency staff in Tameside?"]
    for question in asked:
        exact = [(h.doc_id, h.start) for h in small_index.search(question, k=5)]
        approx = [(h.doc_id, h.start) for h in hnsw.search(question, k=5)]
        same += exact == approx
        for hit in hnsw.search(question, k=3, mode="dense"):
            assert abs(hit.dense_score - small_index._dense_exact(small_index.embed_query(question), [hit.chunk_id])[hit.chunk_id]) < 1e-3
    assert same >= len(asked) - 2
    # a fresh process answering from it never imports torch (fp16 rows are widened by NumPy)
    import json
    import subprocess
    import sys

    probe = ("import json, sys; from search.cli import main; "
             "codes = [main(['ask', 'What did inspectors say about agency staff in Tameside?', '--index-dir', sys.argv[1], "
             "'--json'])]; print('PROBE ' + json.dumps([codes, sorted(m for m in sys.modules if m.startswith('torch'))]), "
             "file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "index")], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[2])
    line = next(line for line in result.stderr.splitlines() if line.startswith("PROBE "))
    assert json.loads(line[len("PROBE "):]) == [[0], []]
