"""Queries are embedded by the encoder that embedded the index's passages, never another."""
from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from indexer import store
from indexer.embed import encode
from search.index import IndexOpenError, open_index


def test_query_vectors_are_the_passage_encoders(small_index):
    queries = ["agency staff in Tameside", "Which councils were told their chronologies were poor?", "x",
               "Merton’s “letters before proceedings” — café naïve", "return home interviews " * 120]
    ours = np.stack([small_index.embed_query(q) for q in queries])
    reference = encode(queries)
    assert ours.shape == reference.shape == (5, 384)
    assert np.abs(ours - reference).max() < 1e-5
    assert small_index.manifest["encoder"]["name"] == "onnx-fp32"
    assert small_index.manifest["encoder"]["sha256"] == small_index.encoder.sha256


def _copy_index(small_index_dir, tmp_path):
    """A plain-folder copy of the test index with its own encoder folder beside it."""
    folder = tmp_path / "index"
    shutil.copytree(small_index_dir.resolve(), folder)
    return folder


def test_index_from_another_encoder_is_refused(small_index_dir, tmp_path, monkeypatch):
    folder = _copy_index(small_index_dir, tmp_path)
    monkeypatch.setenv("ISEARCH_ENCODER", "int8")
    with pytest.raises(IndexOpenError, match="embedded by onnx-fp32.*ISEARCH_ENCODER"):
        open_index(folder)
    monkeypatch.delenv("ISEARCH_ENCODER")

    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["encoder"]["sha256"] = "0" * 64  # as if another export had embedded the passages
    manifest["manifest_sha256"] = store.manifest_digest(manifest)
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexOpenError) as info:
        open_index(folder)
    assert "sha256 000000000000" in str(info.value) and "\n" not in str(info.value)

    del manifest["encoder"]
    manifest["manifest_sha256"] = store.manifest_digest(manifest)
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexOpenError, match="records no ONNX encoder"):
        open_index(folder)
