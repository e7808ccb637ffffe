"""The fp32 encoder embeds longest first by word pieces (less padding), and neither that order
nor the batch a text lands in changes its vector: real passages, the real model."""
from __future__ import annotations

import random

import numpy as np
import pytest

from indexer.embed import EmbeddingCache, embed_cached, encode, passage_encoder, wordpiece_counts
from test_encoder import real_passages


class RunRecorder:
    """The encoder's real onnxruntime session, noting the attention mask of every run."""

    def __init__(self, session) -> None:
        self.session = session
        self.masks: list[np.ndarray] = []

    def run(self, outputs, feeds):
        self.masks.append(feeds["attention_mask"].copy())
        return self.session.run(outputs, feeds)


@pytest.fixture()
def recorded():
    encoder = passage_encoder()
    real = encoder.session
    encoder.session = RunRecorder(real)
    try:
        yield encoder
    finally:
        encoder.session = real


@pytest.fixture(scope="module")
def reference():
    from eval.bench_encoder import reference_model

    return reference_model()


def mixed_lengths() -> list[str]:
    """Real passages of 1 to 256 word pieces, shuffled (seed 0)."""
    texts = real_passages(96) + ["x", "agency staff in Tameside", "return home interviews " * 120]
    random.Random(0).shuffle(texts)
    return texts


def test_one_batch_of_mixed_lengths_matches_sentence_transformers(reference):
    # Measured: 1.86e-07 on the 435 passages of eval/bench_encoder.py (eval/BENCHMARKS.md);
    # a text of 3 word pieces padded to 256 in the same batch must come out the same.
    texts = mixed_lengths()
    counts = wordpiece_counts(texts)
    assert min(counts) <= 3 and max(counts) > 256
    ours = passage_encoder().encode(texts, batch_size=len(texts))  # one batch, padded to 256
    theirs = reference.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
    diff = float(np.abs(ours - theirs).max())
    print(f"max abs difference, one batch of {len(texts)} mixed lengths, to sentence-transformers: {diff:.2e}")
    assert diff < 1e-6


def test_vectors_come_back_in_input_order_whatever_the_batch(recorded):
    texts = mixed_lengths()
    alone = np.stack([recorded.encode_one(t) for t in texts])
    recorded.session.masks.clear()
    for batch_size in (1, 7, 16, len(texts)):
        together = recorded.encode(texts, batch_size=batch_size)
        diff = float(np.abs(together - alone).max())
        print(f"batch {batch_size}: max abs difference to one text at a time {diff:.2e}")
        assert diff < 1e-6
    reversed_order = recorded.encode(texts[::-1])
    assert np.abs(reversed_order[::-1] - alone).max() < 1e-6


def test_batches_are_cut_by_word_pieces_longest_first(recorded):
    texts = mixed_lengths()
    recorded.encode(texts, batch_size=16)
    masks = recorded.session.masks
    lengths = [m.sum(axis=1) for m in masks]
    assert sum(len(m) for m in masks) == len(texts) and all(len(m) <= 16 for m in masks)
    flat = np.concatenate(lengths)
    assert list(flat) == sorted(flat, reverse=True)  # longest first across the batches
    assert all(m.shape[1] == n.max() for m, n in zip(masks, lengths))  # each padded to its longest only
    padded = sum(m.size for m in masks)
    pieces = [min(n, 256) for n in wordpiece_counts(texts)]
    by_chars = [pieces[i] for i in sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)]
    padded_by_chars = sum(max(by_chars[b: b + 16]) * len(by_chars[b: b + 16]) for b in range(0, len(texts), 16))
    print(f"padding: {padded - flat.sum()} of {padded} positions; sorted by characters it would be "
          f"{padded_by_chars - flat.sum()} of {padded_by_chars}")
    assert padded < padded_by_chars


def test_build_cache_embeds_missing_passages_by_word_pieces(recorded, tmp_path):
    texts = mixed_lengths()
    cache = EmbeddingCache(tmp_path / "cache.sqlite")
    try:
        vectors, embedded = embed_cached(texts, cache, recorded, progress=False)
    finally:
        cache.close()
    assert embedded == len(set(texts))
    widths = [m.shape[1] for m in recorded.session.masks]
    assert widths == sorted(widths, reverse=True)  # commit groups follow one another longest first
    assert np.abs(vectors - encode(texts, encoder=recorded)).max() < 1e-6
