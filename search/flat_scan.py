"""Exact top-k inner-product search over a flat FAISS index, reading half the bytes.

A flat search over the full index (42,574 x 384 float32, 65 MB) is bound by memory bandwidth:
about 2.5-3 ms a query on the 2-core machine here. `HalfScan` keeps a float16 copy of the
vectors (FAISS ScalarQuantizer QT_fp16, 33 MB) and finds the k best in two passes:

1. the float16 copy is scanned for the best k + extra; every row whose float16 score is within
   `2 * bound` of the k-th best float16 score is a candidate (extra grows until the list ends
   below that line, or the whole index has been taken);
2. the float32 index scores just the candidates (an IDSelectorBitmap), with FAISS's own kernel.

`bound` is a rigorous bound on |float16 score - float32 score| for one row: float16 rounding
moves each component by at most 2^-11 of its size (plus 2^-25 below float16's normal range),
so the product moves by at most ||q|| (2^-11 ||v|| + 2^-25 sqrt(d)); each float32 sum of d
products is off by at most d * 2^-24 * ||q|| ||v|| (Higham, "Accuracy and Stability of
Numerical Algorithms", 2nd ed., section 3.1, in any summation order). A row of the true top k
scores at least the k-th true score, so its float16 score is at most one bound below that, which
is itself at most one bound below the k-th float16 score: the candidates hold the true top k, and
every other row scores strictly below the k-th true score. Pass 2 therefore returns the same ids
and bit-identical scores as `index.search` (ties at the k-th score go to the lowest ids in both,
FAISS's heap keeping the first row it met). tests/search/test_flat_scan.py checks that on real
passages and questions.
"""
from __future__ import annotations

import math

import numpy as np

EXTRA = 64  # first-pass rows beyond k; doubled while rows within the bound may remain


class HalfScan:
    """A float16 copy of a flat inner-product FAISS index, for exact top-k (see the module
    docstring). Built from `index` (faiss.IndexFlatIP, float32 rows); read-only afterwards and
    safe to share between threads. Costs 2 bytes per component (33 MB at 42,574 x 384) and
    50-100 ms to make (NumPy's float16 cast; measured on the 2-core machine under load)."""

    def __init__(self, index) -> None:
        import faiss

        self.index = index
        n, d = index.ntotal, index.d
        rows = faiss.rev_swig_ptr(index.get_xb(), n * d).reshape(n, d)
        self.half = faiss.IndexScalarQuantizer(d, faiss.ScalarQuantizer.QT_fp16, faiss.METRIC_INNER_PRODUCT)
        codes = np.ascontiguousarray(rows, dtype=np.float16)  # round to nearest, as FAISS's encoder
        faiss.copy_array_to_vector(codes.view(np.uint8).ravel(), self.half.codes)
        self.half.ntotal = n
        self.half.is_trained = True
        # float32 sums of d squares are within d * 2^-24 (2.3e-5 at d = 384) of the true norm
        # squared, relatively: 1e-4 more covers it (float64 sums took 16 ms against 3)
        norms = np.sqrt(np.einsum("ij,ij->i", rows, rows)) if n else np.zeros(1, dtype=np.float32)
        self._max_norm = float(norms.max()) * (1 + 1e-4 + d * 2.0 ** -24) if n else 0.0
        self._dim = d

    def bound(self, query: np.ndarray) -> float:
        """An upper bound on |float16 score - float32 score| of `query` against any row."""
        q = float(np.linalg.norm(query.astype(np.float64)))
        d = self._dim
        rounding = 2.0 ** -11 * q * self._max_norm + 2.0 ** -25 * math.sqrt(d) * q
        sums = 2 * (d + 1) * 2.0 ** -24 * q * (self._max_norm * (1 + 2.0 ** -11) + 2.0 ** -25 * math.sqrt(d))
        return rounding + sums

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(scores, ids), shape (k,) each, best first: what `index.search(query[None], k)` returns
        (restricted to rows where the boolean `allowed` is True, when given), -1 ids past the end."""
        import faiss

        n = self.index.ntotal
        vector = np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1)
        bits = None if allowed is None else np.packbits(allowed, bitorder="little")
        params = None if bits is None else faiss.SearchParameters(sel=faiss.IDSelectorBitmap(n, faiss.swig_ptr(bits)))
        k = min(k, n)
        margin = 2 * self.bound(vector[0])
        take = min(k + EXTRA, n)
        while True:
            scores, ids = self.half.search(vector, take, params=params)
            scores, ids = scores[0], ids[0]
            valid = ids >= 0
            if valid.sum() <= k:  # fewer rows allowed than asked for: all of them are candidates
                candidates = ids[valid]
                break
            line = scores[k - 1] - margin
            if take >= n or not valid[-1] or scores[-1] < line:
                candidates = ids[valid & (scores >= line)]
                break
            take = min(take * 2, n)
        chosen = np.zeros((n + 7) // 8, dtype=np.uint8)
        np.bitwise_or.at(chosen, candidates >> 3, (1 << (candidates & 7)).astype(np.uint8))
        selector = faiss.IDSelectorBitmap(n, faiss.swig_ptr(chosen))
        scores, ids = self.index.search(vector, k, params=faiss.SearchParameters(sel=selector))
        return scores[0], ids[0]
