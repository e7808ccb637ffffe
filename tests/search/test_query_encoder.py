"""Queries are embedded by the encoder that embedded the index's passages, never another."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from corpus_slice import ROOT
from indexer import store
from indexer.embed import encode
from indexer.encoder import encoder_name
from indexer.tuned_model import TUNED
from search.index import IndexOpenError, open_index


def test_query_vectors_are_the_passage_encoders(small_index):
    queries = ["agency staff in Tameside", "Which councils were told their chronologies were poor?", "x",
               "Merton’s “letters before proceedings” — café naïve", "return home interviews " * 120]
    ours = np.stack([small_index.embed_query(q) for q in queries])
    reference = encode(queries)
    assert ours.shape == reference.shape == (5, 384)
    assert np.abs(ours - reference).max() < 1e-5
    assert small_index.manifest["encoder"]["name"] == encoder_name("fp32", TUNED)
    assert small_index.manifest["encoder"]["sha256"] == small_index.encoder.sha256


def _copy_index(small_index_dir, tmp_path):
    """A plain-folder copy of the test index with its own encoder folder beside it."""
    folder = tmp_path / "index"
    shutil.copytree(small_index_dir.resolve(), folder)
    return folder


def test_index_from_another_encoder_is_refused(small_index_dir, tmp_path, monkeypatch):
    folder = _copy_index(small_index_dir, tmp_path)
    monkeypatch.setenv("ISEARCH_ENCODER", "int8")
    with pytest.raises(IndexOpenError, match="embedded by minilm-ofsted-[0-9a-f]{12}-onnx-fp32.*ISEARCH_ENCODER"):
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


HEAVY = ("torch", "transformers", "sentence_transformers")
CLI_PROBE = """
import json, sys
from search.cli import main
index_dir = sys.argv[1]
codes = [main(["query", "agency staff in Tameside", "--index-dir", index_dir, "--json"]),
         main(["ask", "How did leaders in Tameside respond to the pandemic?", "--index-dir", index_dir, "--json"])]
print("PROBE " + json.dumps({"codes": codes, "modules": sorted(m for m in sys.modules if m.split(".")[0] in
      ("torch", "transformers", "sentence_transformers", "onnxruntime"))}), file=sys.stderr)
"""
APP_PROBE = """
import json, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=300).run()
at.text_input(key="q").input("How did leaders in Tameside respond to the pandemic?")
at.button(key="FormSubmitter:ask-Search").click()
at.run()
answers = [e.value for e in at.html if 'class="is-answer' in e.value]
print("PROBE " + json.dumps({"exception": [str(e.value) for e in at.exception], "answers": len(answers),
      "modules": sorted(m for m in sys.modules if m.split(".")[0] in
      ("torch", "transformers", "sentence_transformers", "onnxruntime"))}), file=sys.stderr)
"""


def _probe(code: str, *args: str, env: dict | None = None) -> dict:
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, **(env or {})})
    lines = [line for line in result.stderr.splitlines() if line.startswith("PROBE ")]
    assert lines, result.stderr[-2000:]
    return json.loads(lines[-1][len("PROBE "):])


def test_cold_query_and_ask_never_import_torch(small_index_dir):
    """A fresh `isearch query` and `isearch ask` (hybrid: the query is embedded) load
    onnxruntime, and neither torch, transformers nor sentence-transformers."""
    seen = _probe(CLI_PROBE, str(small_index_dir))
    assert seen["codes"] == [0, 0]
    assert "onnxruntime" in seen["modules"]
    assert not [m for m in seen["modules"] if m.split(".")[0] in HEAVY], seen["modules"]


def test_apps_first_answer_never_imports_torch(small_index_dir):
    seen = _probe(APP_PROBE, str(ROOT / "app.py"), env={"ISEARCH_INDEX": str(small_index_dir)})
    assert seen["exception"] == [] and seen["answers"] == 1
    assert "onnxruntime" in seen["modules"]
    assert not [m for m in seen["modules"] if m.split(".")[0] in HEAVY], seen["modules"]


def test_queries_use_two_sleeping_threads_with_the_same_vectors(small_index):
    """Queries run on QUERY_THREADS intra-op threads that sleep between queries; the vectors are
    those of the one-thread encoder (summation order aside)."""
    import numpy as np

    from indexer.encoder import QUERY_THREADS, query_encoder, shared_encoder

    encoder = query_encoder(small_index.encoder)
    assert encoder.threads == QUERY_THREADS and encoder is query_encoder(small_index.encoder)
    assert encoder.session.get_session_options().get_session_config_entry("session.intra_op.allow_spinning") == "0"
    one = shared_encoder(small_index.encoder, threads=1)
    for query in ("agency staff in Tameside", "How quickly were children placed with adoptive families?"):
        assert np.abs(encoder.encode_one(query) - one.encode_one(query)).max() < 1e-5
