"""Shared fixtures: a small real index over a slice of the corpus, built once per test session.

The slice holds letters the dev questions ask about plus near-identical letters to other
councils (the hard part of this corpus). Embeddings are cached in
.isearch/test-embed-cache.sqlite so a second local run does not re-embed.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
TEST_CACHE = ROOT / ".isearch" / "test-embed-cache.sqlite"
SLICE_IDS = (
    "fv-westminster-2022-07-20",
    "fv-merton-2020-11-20",
    "fv-herefordshire-2020-01-21",
    "fv-tameside-2021-06-25",
    "ilacs-merton-2022-05-09",
    "ilacs-tameside-2019-07-01",
    "jtai-barnsley-2022-07-18",
    "fv-haringey-2020-01-21",
    "ilacs-sunderland-2021-08-20",
    "news-bournemouthecho-bcp-second-monitoring-visit-letter",
)


def copy_slice(folder: Path, ids=SLICE_IDS) -> Path:
    """Copy real corpus files into `folder` (file names unchanged) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for doc_id in ids:
        shutil.copy(CORPUS / f"{doc_id}.txt", folder / f"{doc_id}.txt")
    return folder


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
