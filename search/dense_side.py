"""The dense (embedding) side of an Index: the query's embedding, the nearest passages by cosine
(FAISS, a float16 copy of a flat index, or an exact scan of a few allowed passages), and exact
cosines of given passages from their stored vectors.

`DenseSide` is a part of search.index.Index; it reads the Index's `faiss`, `encoder` and the
caches and locks Index.__init__ sets up (`_model_lock`, `_query_cache`, `_name_vectors`,
`_half`, `_half_lock`, `_flat_searches`, `_stored`).
"""
from __future__ import annotations

import numpy as np

from indexer.authorities import with_canonical_names
from indexer.vectors import StoredVectors
from search.flat_scan import HalfScan
from search.glossary import spelled_out
from search.query import QueryContext
from search.types import Hit

# Up to this many allowed chunks (a filter or the authority a query names), dense search scans
# just their vectors exactly rather than filtering a search over the whole index.
EXACT_SUBSET_MAX = 20_000


class DenseSide:
    """Embedding search over the passages of an open index (a part of search.index.Index)."""

    def embed_query(self, query: str) -> np.ndarray:
        """The query's normalised embedding (cached; the model is shared under a lock). A council
        it names in another form ("BANES", "BCP") is embedded by its canonical name, as the
        letters name it (indexer.authorities.with_canonical_names), and a short keyword query's
        acronyms are written out (search.glossary.spelled_out)."""
        with self._model_lock:
            cached = self._query_cache.get(query)
            if cached is not None:
                self._query_cache.move_to_end(query)
                return cached
            from indexer.encoder import query_encoder

            vector = query_encoder(self.encoder).encode_one(spelled_out(with_canonical_names(query)))
            self._query_cache[query] = vector
            if len(self._query_cache) > 512:
                self._query_cache.popitem(last=False)
            return vector

    def name_vector(self, name: str) -> np.ndarray:
        """The embedding of a council's name alone: stored at build time for every council the
        letters name (indexer/name_vectors.py), else embedded now and kept for the life of the
        index (councils are few, and the query cache is for questions)."""
        vector = self._name_vectors.get(name)
        if vector is None:
            from indexer.encoder import query_encoder

            with self._model_lock:
                vector = query_encoder(self.encoder).encode_one(name)
            self._name_vectors[name] = vector
        return vector

    def topic_similarity(self, query: str, ctx: QueryContext, hits: list[Hit]) -> float:
        """How close the question's topic is to the closest of `hits` (search/abstain.py topic_cosine):
        cosine with the direction of each council the question names taken out of both vectors.
        0.0 when the question names no council or there are no hits."""
        if not hits or not ctx.authorities:
            return 0.0
        from search.abstain import topic_cosine

        passages = self._stored_vectors().get(np.asarray([h.chunk_id for h in hits], dtype=np.int64))
        names = [self.name_vector(name) for name in ctx.authorities]
        return topic_cosine(self.embed_query(query), passages, names)

    def cosines(self, query: str, chunk_ids: list[int]) -> dict[int, float]:
        """chunk id -> cosine similarity (in [-1, 1]) of the query's embedding and the passage's
        stored vector, for the passages `chunk_ids`."""
        return self._dense_exact(self.embed_query(query), [int(i) for i in chunk_ids])

    def _dense(self, vector: np.ndarray, n: int, allowed: np.ndarray | None) -> dict[int, float]:
        """chunk id -> cosine of the (up to) `n` passages closest to `vector` among those `allowed`
        (a bool mask over passages; None: all)."""
        import faiss

        params = None
        if allowed is not None:
            ids = np.flatnonzero(allowed).astype(np.int64)
            if len(ids) == 0:
                return {}
            if len(ids) <= EXACT_SUBSET_MAX:
                return self._dense_subset(vector, n, ids)
            n = min(n, len(ids))
        n = min(n, len(self))
        half = self._half_scan()
        if half is not None:  # same ids and scores as the flat search below, half the bytes read
            scores, ids = half.search(vector, n, allowed)
            return {int(i): float(s) for i, s in zip(ids, scores) if i >= 0}
        if allowed is not None:
            # a bitmap selector: built in microseconds, where IDSelectorBatch hashes every allowed
            # id (3 ms for a "no news articles" filter over the full index)
            bits = np.packbits(allowed, bitorder="little")
            params = faiss.SearchParameters(sel=faiss.IDSelectorBitmap(len(allowed), faiss.swig_ptr(bits)))
        scores, ids = self.faiss.search(vector.reshape(1, -1), n, params=params)
        return {int(i): float(s) for i, s in zip(ids[0], scores[0]) if i >= 0}

    def _half_scan(self) -> HalfScan | None:
        """The float16 copy of a flat inner-product index (search/flat_scan.py), made on the second
        full dense search of the process (50-100 ms once, 2 bytes per component: a one-question
        `isearch ask` would pay more than it saves, ~1 ms a search); None before that, and for HNSW
        indexes, whose search reads few rows."""
        import faiss

        half = self._half
        if half is not None and half.index is self.faiss:  # (the benchmarks swap in a flat index)
            return half
        if type(self.faiss) is not faiss.IndexFlatIP:
            return None
        self._flat_searches += 1
        if self._flat_searches < 2:
            return None
        with self._half_lock:
            if self._half is None or self._half.index is not self.faiss:
                self._half = HalfScan(self.faiss)
            return self._half

    def _dense_subset(self, vector: np.ndarray, n: int, ids: np.ndarray) -> dict[int, float]:
        """Exact search over a few allowed chunks (an authority's letters): a flat scan of just
        those vectors instead of a filtered search over all of them. Faster at any size, and
        exact where a filtered HNSW search would miss most of a small subset."""
        scores = self._stored_vectors().get(ids) @ vector
        best = np.lexsort((ids, -scores))[:n]  # best first, ties to the lowest chunk
        return dict(zip(ids[best].tolist(), scores[best].astype(float).tolist()))

    def _dense_exact(self, vector: np.ndarray, ids: list[int]) -> dict[int, float]:
        """chunk id -> cosine of `vector` and the stored vector of each passage `ids`."""
        if not ids:
            return {}
        vectors = self._stored_vectors().get(np.asarray(ids, dtype=np.int64))
        return dict(zip(ids, (vectors @ vector).astype(float).tolist()))

    def _stored_vectors(self) -> StoredVectors:
        """The passages' vectors as the FAISS index stores them (indexer.vectors.StoredVectors)."""
        stored = self._stored
        if stored is None or stored.index is not self.faiss:  # (the benchmarks swap in a flat index)
            stored = self._stored = StoredVectors(self.faiss)
        return stored
