"""minilm-ofsted: the bundled model plus the stored weight difference (indexer/tuned_model.py)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from indexer.embed import passage_encoder, text_key
from indexer.encoder import EncoderError, encoder_name, ensure_encoder, query_encoder_file
from indexer.tuned_model import BASE, TUNED, ModelError, apply_delta, delta_path, model_folder_for

ROOT = Path(__file__).resolve().parents[2]


def test_the_tuned_model_is_the_default_and_a_different_encoder():
    tuned, base = passage_encoder(), passage_encoder(model=BASE)
    assert tuned.encoder.model == TUNED and base.encoder.model == BASE
    assert tuned.encoder.name.startswith("minilm-ofsted-") and tuned.encoder.name.endswith("-onnx-fp32")
    assert base.encoder.name == "onnx-fp32" == encoder_name("fp32")
    assert text_key("agency staff", tuned.encoder.name) != text_key("agency staff", base.encoder.name)
    texts = ["Too many social workers are agency staff, and children have had many changes of worker.",
             "Care leavers receive council tax exemption up to the age of 25."]
    a, b = tuned.encode(texts), base.encode(texts)
    cosine = (a * b).sum(axis=1)
    # fine-tuning moved the vectors, but not far: the same model underneath
    assert 0.7 < cosine.min() and cosine.max() < 0.9999


def test_difference_is_added_back_exactly_where_stored():
    import torch
    from safetensors.torch import load_file

    from indexer.encoder import model_folder

    base = load_file(str(model_folder() / "model.safetensors"))
    stored = load_file(str(delta_path()))
    tuned = apply_delta(base, delta_path())
    name = "encoder.layer.0.attention.self.query.weight"
    expected = base[name].float() + stored[f"{name}.q"].float() * stored[f"{name}.s"].unsqueeze(1)
    assert torch.equal(tuned[name], expected) and not torch.equal(tuned[name], base[name].float())
    rows = stored["embeddings.word_embeddings.weight.rows"].long()
    untouched = torch.ones(base["embeddings.word_embeddings.weight"].shape[0], dtype=torch.bool)
    untouched[rows] = False
    key = "embeddings.word_embeddings.weight"
    assert torch.equal(tuned[key][untouched], base[key].float()[untouched])
    assert 1000 < len(rows) < base[key].shape[0]


def test_the_export_matches_sentence_transformers_on_the_tuned_weights():
    from eval.bench_encoder import reference_model

    texts = ["What did inspectors say about agency social workers in Tameside?",
             "Letters before proceedings clearly inform parents about the local authority's concerns."]
    ours = passage_encoder().encode(texts)
    theirs = reference_model(TUNED).encode(texts, normalize_embeddings=True, convert_to_numpy=True)
    assert float(np.abs(ours - theirs).max()) < 1e-5


def test_an_unknown_model_is_one_line_error(tmp_path):
    with pytest.raises(EncoderError, match="unknown model 'bert'"):
        ensure_encoder(tmp_path, "fp32", "bert")
    with pytest.raises(ModelError, match="unknown model"):
        model_folder_for("bert", tmp_path)


def test_query_encoder_refuses_another_model(small_index, monkeypatch):
    manifest = json.loads((small_index.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["encoder"]["model"] == TUNED
    assert query_encoder_file(manifest, small_index.folder).model == TUNED
    monkeypatch.setenv("ISEARCH_MODEL", BASE)
    with pytest.raises(EncoderError, match="ISEARCH_MODEL asks for 'minilm'"):
        query_encoder_file(manifest, small_index.folder)
    older = dict(manifest, encoder={k: v for k, v in manifest["encoder"].items() if k != "model"})
    monkeypatch.delenv("ISEARCH_MODEL")
    # a manifest from before models were named means the bundled model: its file's sha256 is not
    # the one this index recorded, so the query side refuses instead of mixing the two
    with pytest.raises(EncoderError, match="rebuild with `isearch index --force`"):
        query_encoder_file(older, small_index.folder)


def test_cli_index_rejects_an_unknown_model(tmp_path):
    result = subprocess.run([sys.executable, "-m", "search.cli", "index", str(tmp_path), "--model", "bert",
                             "--index-dir", str(tmp_path / "idx")], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert result.returncode != 0 and "invalid choice: 'bert'" in result.stderr
