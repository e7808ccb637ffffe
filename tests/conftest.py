"""Shared fixtures: a small real index over a slice of the corpus, built once per test session.

The slice holds letters the dev questions ask about plus near-identical letters to other
councils (the hard part of this corpus). Embeddings are cached in
.isearch/test-embed-cache.sqlite so a second local run does not re-embed.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from corpus_slice import CORPUS, ROOT, SLICE_IDS, TEST_CACHE, copy_slice  # noqa: F401 (re-exported)

# one exported ONNX encoder for every index the tests build (and their subprocesses)
os.environ.setdefault("ISEARCH_ENCODER_DIR", str(ROOT / ".isearch" / "encoder"))


@pytest.fixture(scope="session")
def slice_corpus(tmp_path_factory) -> Path:
    return copy_slice(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="session")
def small_index_dir(tmp_path_factory, slice_corpus) -> Path:
    """A built index over the slice (session-wide; do not modify it in a test)."""
    from indexer.build import build_index

    index_dir = tmp_path_factory.mktemp("idx") / "index"
    build_index([slice_corpus], index_dir, cache_path=TEST_CACHE, progress=False)
    return index_dir


@pytest.fixture(scope="session")
def small_index(small_index_dir):
    from search.index import open_index

    return open_index(small_index_dir)
