"""The light query encoder gives the same vectors as sentence-transformers (the passages' model)."""
from __future__ import annotations

import numpy as np

from indexer.embed import encode
from indexer.minilm import query_encoder


def test_query_vectors_match_sentence_transformers():
    queries = ["agency staff in Tameside", "Which councils were told their chronologies were poor?", "x",
               "Merton’s “letters before proceedings” — café naïve", "return home interviews " * 120]
    ours = np.stack([query_encoder().encode_one(q) for q in queries])
    reference = encode(queries)
    assert ours.shape == reference.shape == (5, 384)
    assert np.abs(ours - reference).max() < 1e-5
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
