"""Do the ONNX fp32 encoder and sentence-transformers give the same top-10 passages?

    python -m eval.encoder_topk [--questions eval/questions/dev.jsonl] [--index-dir DIR]

For every question, embeds the query with sentence-transformers (the reference) and with the
index's ONNX encoder, and compares (1) the dense top-10 passages over the index's vectors and
(2) the full hybrid top-10 of `Index.search` with each query vector. The index's passage vectors
were made by the ONNX encoder; their distance from sentence-transformers' vectors is bounded by
the parity test (tests/indexer/test_encoder.py), so the figure printed last, the smallest gap
between the 10th and 11th dense scores, says whether any reordering could come from them.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from eval.questions import load_questions
from search import open_index


def reference_vectors(queries: list[str]) -> np.ndarray:
    """sentence-transformers embeddings of `queries` (normalised float32, shape (n, 384))."""
    from importlib import resources

    from sentence_transformers import SentenceTransformer

    from indexer.config import MODEL_PACKAGE

    model = SentenceTransformer(str(resources.files(MODEL_PACKAGE) / "model"), device="cpu")
    return model.encode(queries, normalize_embeddings=True, convert_to_numpy=True).astype(np.float32)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", default="eval/questions/dev.jsonl")
    parser.add_argument("--index-dir", default=None)
    args = parser.parse_args()
    index = open_index(Path(args.index_dir) if args.index_dir else None)
    queries = [q.question for q in load_questions(args.questions)]
    reference = reference_vectors(queries)
    ours = np.stack([index.embed_query(q) for q in queries])
    print(f"query vectors: max abs difference {np.abs(reference - ours).max():.3g}")
    dense_same = hybrid_same = 0
    gaps = []
    for query, ref, own in zip(queries, reference, ours):
        ref_scores, ref_ids = index.faiss.search(ref.reshape(1, -1), 11)
        own_scores, own_ids = index.faiss.search(own.reshape(1, -1), 11)
        gaps.append(float(own_scores[0][9] - own_scores[0][10]))
        dense_same += list(ref_ids[0][:10]) == list(own_ids[0][:10])
        index._query_cache[query] = own  # the index's own encoder
        mine = [h.chunk_id for h in index.search(query, k=10)]
        index._query_cache[query] = ref  # the reference vector, same pipeline otherwise
        theirs = [h.chunk_id for h in index.search(query, k=10)]
        index._query_cache.pop(query, None)
        if mine == theirs:
            hybrid_same += 1
        else:
            print(f"differs: {query[:80]!r}: {mine} vs {theirs}")
    n = len(queries)
    print(f"dense top-10 identical: {dense_same}/{n}; hybrid top-10 identical: {hybrid_same}/{n}")
    print(f"smallest gap between 10th and 11th dense scores: {min(gaps):.3g}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
