"""The float16 prefilter of flat dense search (search/flat_scan.py) returns exactly what FAISS's
flat search returns: the same ids in the same order and bit-identical scores, on real passages
and real questions, with and without a filter, and where many rows tie at the k-th score."""
from __future__ import annotations

import json

import faiss
import numpy as np
import pytest

from corpus_slice import ROOT
from search.flat_scan import HalfScan
from search.filters import Filters

QUESTIONS = [json.loads(line)["question"] for line in (ROOT / "eval/questions/dev.jsonl").read_text().splitlines()]


def flat_search(index, vector: np.ndarray, k: int, allowed: np.ndarray | None = None):
    params = None
    if allowed is not None:
        bits = np.packbits(allowed, bitorder="little")
        params = faiss.SearchParameters(sel=faiss.IDSelectorBitmap(len(allowed), faiss.swig_ptr(bits)))
    scores, ids = index.search(vector.reshape(1, -1), k, params=params)
    return scores[0], ids[0]


def rows_of(index) -> np.ndarray:
    return faiss.rev_swig_ptr(index.get_xb(), index.ntotal * index.d).reshape(index.ntotal, index.d).copy()


@pytest.fixture(scope="module")
def questions(small_index) -> np.ndarray:
    return np.stack([small_index.embed_query(q) for q in QUESTIONS])


def test_same_ids_and_scores_as_flat_search(small_index, questions):
    assert type(small_index.faiss) is faiss.IndexFlatIP
    half = HalfScan(small_index.faiss)
    n = small_index.faiss.ntotal
    news = small_index._doc_mask(Filters(include_news=False))[small_index.chunk_doc]
    assert 0 < news.sum() < n  # the slice holds a news article: the answers' filter removes rows
    every_other = np.arange(n) % 2 == 0
    for vector in questions:
        for k in (1, 10, 100, n + 5):
            for allowed in (None, news, every_other):
                want_scores, want_ids = flat_search(small_index.faiss, vector, k, allowed)
                scores, ids = half.search(vector, k, allowed)
                assert ids.tolist() == want_ids[: len(ids)].tolist()
                assert scores.tobytes() == want_scores[: len(scores)].tobytes()


def test_ties_and_crowded_margins(small_index, questions):
    # every passage three times over: exact ties at every score, and ~3x the rows within the
    # float16 error of the k-th score, so the first pass has to widen beyond k + EXTRA
    # float16 error of the k-th score; and 400 copies of the passage closest to each question,
    # each moved by ~1e-5, all within the float16 error of each other
    rows = rows_of(small_index.faiss)
    noise = np.random.default_rng(0).normal(scale=1e-5, size=(400, rows.shape[1])).astype(np.float32)
    for vector in questions[:12]:
        near = rows[int(np.argmax(rows @ vector))] + noise
        near /= np.linalg.norm(near, axis=1, keepdims=True)
        index = faiss.IndexFlatIP(rows.shape[1])
        index.add(np.concatenate([rows, near, rows, rows]))
        half = HalfScan(index)
        widened = []
        first_pass = half.half.search
        half.half = type("Counting", (), {"search": lambda self, x, k, params=None: widened.append(k) or first_pass(x, k, params=params)})()
        for k in (10, 64, 200):
            widened.clear()
            want_scores, want_ids = flat_search(index, vector, k)
            scores, ids = half.search(vector, k)
            assert ids.tolist() == want_ids.tolist()
            assert scores.tobytes() == want_scores.tobytes()
            assert len(widened) > 1  # the crowd made the first pass widen


def test_bound_holds_on_real_vectors(small_index, questions):
    half = HalfScan(small_index.faiss)
    rows = rows_of(small_index.faiss)
    halved = rows.astype(np.float16).astype(np.float64)
    for vector in questions:
        gap = np.abs(halved @ vector.astype(np.float64) - rows.astype(np.float64) @ vector.astype(np.float64)).max()
        assert 0 < gap < half.bound(vector) < 2e-3


def test_index_uses_it_and_finds_what_it_found_before(small_index_dir, questions):
    # Index._dense goes through the float16 copy on a flat index from its second full search on
    # (a one-question process does not pay for the copy); the answer is the flat search's
    from search.index import open_index

    index = open_index(small_index_dir)
    assert index._half is None
    for number, vector in enumerate(questions[:10]):
        found = index._dense(vector, 100, None)
        assert (index._half is not None) == (number >= 1)
        want_scores, want_ids = flat_search(index.faiss, vector, min(100, len(index)))
        assert found == {int(i): float(s) for i, s in zip(want_ids, want_scores) if i >= 0}
