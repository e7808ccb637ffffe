"""The ONNX Runtime encoder against sentence-transformers (the reference) on real passages."""
from __future__ import annotations


import numpy as np
import pytest

from corpus_slice import CORPUS, SLICE_IDS
from indexer.chunk import chunk_text
from indexer.config import ChunkSettings, encoder_dir
from indexer.embed import encode, passage_encoder, passage_text, text_key, wordpiece_counts
from indexer.encoder import EncoderError, find_encoder, mean_pool_normalise, verify_encoder
from indexer.load import load_document


def real_passages(n: int = 96) -> list[str]:
    """The first `n` passages of the test slice's letters, as the build embeds them."""
    texts: list[str] = []
    for doc_id in SLICE_IDS:
        doc, _ = load_document(CORPUS / f"{doc_id}.txt")
        texts.extend(passage_text(doc, c) for c in chunk_text(doc.id, doc.text, ChunkSettings()))
        if len(texts) >= n:
            break
    return texts[:n]


@pytest.fixture(scope="module")
def reference():
    from eval.bench_encoder import reference_model

    return reference_model()


def test_fp32_matches_sentence_transformers_on_real_passages(reference):
    texts = real_passages() + ["x", "agency staff in Tameside", "return home interviews " * 120]
    ours = encode(texts)
    theirs = reference.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
    assert ours.shape == theirs.shape == (len(texts), 384) and ours.dtype == np.float32
    diff = float(np.abs(ours - theirs).max())
    print(f"max abs difference fp32 ONNX vs sentence-transformers over {len(texts)} texts: {diff:.2e}")
    assert diff < 1e-5
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_int8_stays_close_and_is_a_different_encoder(reference):
    texts = real_passages(64)
    int8 = passage_encoder("int8")
    ours = int8.encode(texts)
    theirs = reference.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
    cosine = (ours * theirs).sum(axis=1)
    print(f"int8 cosine to sentence-transformers: mean {cosine.mean():.4f} min {cosine.min():.4f}")
    assert cosine.min() > 0.9 and not np.allclose(ours, theirs, atol=1e-4)
    assert text_key(texts[0], "onnx-int8") != text_key(texts[0], passage_encoder("fp32").encoder.name)


def test_wordpiece_counts_match_the_model_tokenizer(reference):
    texts = real_passages(40) + ["", "café naïve — “quoted”", "return home interviews " * 120]
    expected = [len(ids) for ids in reference.tokenizer(texts, add_special_tokens=True, truncation=False)["input_ids"]]
    assert wordpiece_counts(texts) == expected
    assert max(expected) > 256  # the long text is counted whole, not truncated


def test_padding_and_batching_do_not_change_vectors():
    texts = real_passages(40) + ["x"]
    one_batch = encode(texts, batch_size=64)
    singly = np.stack([passage_encoder().encode_one(t) for t in texts])
    assert np.abs(one_batch - singly).max() < 1e-5


def test_mean_pooling_ignores_padding_and_normalises():
    hidden = np.zeros((1, 3, 384), dtype=np.float32)
    hidden[0, 0, 0], hidden[0, 1, 1], hidden[0, 2, 2] = 3.0, 4.0, 100.0
    pooled = mean_pool_normalise(hidden, np.array([[1, 1, 0]]))
    assert np.allclose(pooled[0, :3], [0.6, 0.8, 0.0])


def test_exported_file_matches_its_sidecar_and_a_partial_export_is_ignored(tmp_path):
    found = find_encoder(encoder_dir(), "fp32")
    assert found is not None and verify_encoder(found)
    folder = tmp_path / "enc"
    folder.mkdir()
    (folder / found.path.name).write_bytes(b"half an export")  # no sidecar: never used
    assert find_encoder(folder, "fp32") is None
    with pytest.raises(EncoderError, match="unknown encoder 'fp16'"):
        find_encoder(folder, "fp16")


def test_int8_blockwise_keeps_fp32_vectors_closer_than_int8(monkeypatch):
    # Measured on the bundled model (eval/quant_search.py, 1,385 real passages of the full
    # index): cosine to fp32 0.99946 mean / 0.99901 min for int8-blockwise, 0.99423 / 0.98796 for int8.
    monkeypatch.setenv("ISEARCH_MODEL", "minilm")  # the bundled model, where a tuned one is the default
    texts = real_passages(64) + ["agency staff in Tameside", "return home interviews " * 120]
    fp32 = encode(texts)
    blockwise = passage_encoder("int8-blockwise").encode(texts)
    int8 = passage_encoder("int8").encode(texts)
    ours = (blockwise * fp32).sum(axis=1)
    theirs = (int8 * fp32).sum(axis=1)
    print(f"cosine to fp32: int8-blockwise mean {ours.mean():.5f} min {ours.min():.5f}; "
          f"int8 mean {theirs.mean():.5f} min {theirs.min():.5f}")
    assert ours.min() > 0.998 and ours.mean() > 0.999
    assert ours.min() > theirs.min() and ours.mean() > theirs.mean()
    assert not np.allclose(blockwise, fp32, atol=1e-4)  # a different encoder, so a different cache key
    assert passage_encoder("int8-blockwise").encoder.name.endswith("onnx-int8-blockwise")
    assert text_key(texts[0], "onnx-int8-blockwise") != text_key(texts[0], "onnx-int8")


def test_int8_blockwise_export_is_deterministic(tmp_path, monkeypatch):
    from indexer.encoder import _export_blockwise, ensure_encoder

    monkeypatch.setenv("ISEARCH_MODEL", "minilm")

    fp32 = ensure_encoder(encoder_dir(), "fp32")
    again = _export_blockwise(tmp_path / "all-MiniLM-L6-v2-int8-blockwise.onnx", fp32)
    assert again.variant == "int8-blockwise"
    assert again.sha256 == ensure_encoder(encoder_dir(), "int8-blockwise").sha256
    assert find_encoder(tmp_path, "int8-blockwise") == again


def test_int8_blocks_of_32_keep_fp32_vectors_closer_than_blocks_of_64(monkeypatch):
    """int8-blockwise32 (one weight scale per 32 rows) against int8-blockwise (per 64), on real
    passages of the bundled model: closer to fp32, and its own encoder name and cache key."""
    monkeypatch.setenv("ISEARCH_MODEL", "minilm")
    texts = real_passages(64) + ["agency staff in Tameside"]
    fp32 = encode(texts)
    blocks32 = passage_encoder("int8-blockwise32").encode(texts)
    blocks64 = passage_encoder("int8-blockwise").encode(texts)
    near, far = (blocks32 * fp32).sum(axis=1), (blocks64 * fp32).sum(axis=1)
    print(f"cosine to fp32: blocks of 32 mean {near.mean():.5f} min {near.min():.5f}; "
          f"blocks of 64 mean {far.mean():.5f} min {far.min():.5f}")
    assert near.mean() > far.mean() and near.min() > 0.998
    assert not np.allclose(blocks32, blocks64, atol=1e-5)
    assert passage_encoder("int8-blockwise32").encoder.name.endswith("onnx-int8-blockwise32")
