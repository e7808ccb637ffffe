"""The dense side: a FAISS inner-product index, exact (flat) for small corpora, HNSW for large.

HNSW stores its vectors as float16 (FAISS IndexHNSWSQ, QT_fp16): half the memory and disk of
float32 (1.46 -> 0.73 GiB of vectors at 10^6 passages), no loss of recall and no slower
(eval/BENCHMARKS.md); a stored vector differs from the model's by < 1e-4 per component.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from indexer.config import HNSW_THRESHOLD, MODEL_DIM

HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 256  # recall@10 against flat >= 0.95 up to 10^6 chunks (128 gives 0.90 there)
HNSW_STORAGE = "fp16"  # or "fp32" (IndexHNSWFlat), kept for the benchmarks' comparison


def index_type_for(n_vectors: int) -> str:
    """'flat' below HNSW_THRESHOLD vectors (exact and fast enough), else 'hnsw'."""
    return "flat" if n_vectors < HNSW_THRESHOLD else "hnsw"


def build_faiss(vectors: np.ndarray, kind: str | None = None):
    """A FAISS index over normalised vectors; inner product equals cosine similarity."""
    import faiss

    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    kind = kind or index_type_for(len(vectors))
    if kind == "flat":
        index = faiss.IndexFlatIP(MODEL_DIM)
    elif kind == "hnsw":
        index = new_hnsw()
    else:
        raise ValueError(f"unknown FAISS index type {kind!r}")
    if len(vectors):
        index.add(vectors)
    return index


def new_hnsw(m: int = HNSW_M, ef_construction: int = HNSW_EF_CONSTRUCTION, storage: str = HNSW_STORAGE):
    """An empty HNSW inner-product index with vectors stored as `storage` ("fp16" or "fp32")."""
    import faiss

    if storage == "fp16":
        index = faiss.IndexHNSWSQ(MODEL_DIM, faiss.ScalarQuantizer.QT_fp16, m, faiss.METRIC_INNER_PRODUCT)
    elif storage == "fp32":
        index = faiss.IndexHNSWFlat(MODEL_DIM, m, faiss.METRIC_INNER_PRODUCT)
    else:
        raise ValueError(f"unknown HNSW storage {storage!r}")
    index.hnsw.efConstruction = ef_construction
    index.hnsw.efSearch = HNSW_EF_SEARCH
    return index


def save_faiss(index, path: Path) -> None:
    import faiss

    faiss.write_index(index, str(path))


def load_faiss(path: Path, mmap: bool = False):
    """Read a FAISS index; with `mmap`, vectors (and an HNSW graph) are mapped from the file,
    read-only, instead of copied into private memory: pages are read when a search touches
    them and can be shared with other processes and dropped by the kernel."""
    import faiss

    flags = faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY if mmap else 0
    index = faiss.read_index(str(path), flags)
    if isinstance(index, faiss.IndexHNSW):
        index.hnsw.efSearch = HNSW_EF_SEARCH
    return index


class StoredVectors:
    """The vectors a FAISS index holds, by row, as float32: what exact re-scoring of a few
    thousand candidates needs. A flat index copies them out; an fp16 HNSW index is read as a
    float16 array over its (memory-mapped) codes and widened by NumPy (SIMD casts since NumPy 2:
    6,423 rows in 4-6 ms, as fast as torch was here, without importing torch on the query
    path), against 14-20 ms for FAISS's one-vector-at-a-time decode. Keep this object no
    longer than the index it reads."""

    def __init__(self, index) -> None:
        import faiss

        self.index = index
        self._fp16 = None
        if isinstance(index, faiss.IndexHNSW):
            storage = faiss.downcast_index(index.storage)
            if (isinstance(storage, faiss.IndexScalarQuantizer)
                    and storage.sq.qtype == faiss.ScalarQuantizer.QT_fp16 and storage.ntotal):
                codes = faiss.rev_swig_ptr(storage.codes.data(), storage.ntotal * storage.code_size)
                self._fp16 = codes.view(np.float16).reshape(storage.ntotal, storage.d)

    def get(self, ids: np.ndarray) -> np.ndarray:
        """Rows `ids` (int64) as a float32 array, exactly as FAISS would reconstruct them."""
        if self._fp16 is None:
            return self.index.reconstruct_batch(ids)
        return self._fp16[ids].astype(np.float32)
