"""Where `isearch index --index-dir DIR` puts things: DIR and DIR.builds beside it, the embedding
cache and exported encoders in a hidden `.isearch/`, and no lock file left behind."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from corpus_slice import ROOT, copy_slice
from indexer import store
from indexer.build import BuildError, build_index, default_cache_path
from indexer.config import DEFAULT_INDEX_DIR, cache_home, encoder_dir
from search.index import open_index

# the slice's two shortest letters: few passages to embed into a fresh cache
IDS = ("news-bournemouthecho-bcp-second-monitoring-visit-letter", "fv-herefordshire-2020-01-21")


def test_index_dir_of_its_own_adds_only_dir_and_its_builds_to_the_working_folder(tmp_path):
    """`isearch index CORPUS --index-dir myindex`, run in a user's folder with no cache settings:
    afterwards the folder holds myindex, myindex.builds and the hidden .isearch (with the new
    embedding cache), no `embed-cache.sqlite`, `encoder/` or `.myindex.lock` beside them, and no
    lock file left in myindex.builds."""
    corpus = copy_slice(tmp_path / "letters", IDS)
    work = tmp_path / "work"
    work.mkdir()
    env = {key: value for key, value in os.environ.items() if key not in ("ISEARCH_CACHE", "ISEARCH_INDEX")}
    # ISEARCH_ENCODER_DIR stays as tests/conftest.py sets it: one exported encoder for all tests
    result = subprocess.run([sys.executable, "-m", "search.cli", "index", str(corpus), "--index-dir", "myindex", "-q"],
                            cwd=work, env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert sorted(os.listdir(work)) == [".isearch", "myindex", "myindex.builds"]
    assert sorted(os.listdir(work / ".isearch")) == ["embed-cache.sqlite"]
    builds = os.listdir(work / "myindex.builds")
    assert len(builds) == 1 and not builds[0].startswith(".")
    assert os.readlink(work / "myindex") == os.path.join("myindex.builds", builds[0])
    index = open_index(work / "myindex")
    assert {d.id for d in index.documents} == set(IDS)
    assert index.search("Herefordshire", k=1, mode="keyword")[0].doc_id == "fv-herefordshire-2020-01-21"


def test_default_index_keeps_its_cache_and_encoder_in_dot_isearch(monkeypatch):
    """The default layout is unchanged: .isearch/index uses .isearch/embed-cache.sqlite (the
    full corpus' cached vectors) and .isearch/encoder; any index in a `.isearch/` folder shares
    them; an index elsewhere gets a `.isearch/` in its own folder; $ISEARCH_CACHE and
    $ISEARCH_ENCODER_DIR still win."""
    monkeypatch.delenv("ISEARCH_CACHE", raising=False)
    monkeypatch.delenv("ISEARCH_ENCODER_DIR", raising=False)
    monkeypatch.delenv("ISEARCH_INDEX", raising=False)
    assert default_cache_path(DEFAULT_INDEX_DIR) == Path(".isearch/embed-cache.sqlite")
    assert encoder_dir() == encoder_dir(DEFAULT_INDEX_DIR) == Path(".isearch/encoder")
    assert default_cache_path(Path(".isearch/index-int8")) == Path(".isearch/embed-cache.sqlite")
    assert cache_home(Path("/data/indexes/ofsted")) == Path("/data/indexes/.isearch")
    assert encoder_dir(Path("myindex")) == Path(".isearch/encoder")
    assert default_cache_path(Path("/data/ofsted")) == Path("/data/.isearch/embed-cache.sqlite")
    monkeypatch.setenv("ISEARCH_CACHE", "/tmp/elsewhere.sqlite")
    monkeypatch.setenv("ISEARCH_ENCODER_DIR", "/tmp/encoders")
    assert default_cache_path(Path("myindex")) == Path("/tmp/elsewhere.sqlite")
    assert encoder_dir(Path("myindex")) == Path("/tmp/encoders")


def test_build_lock_excludes_a_second_build_and_leaves_no_file(tmp_path):
    """While held, a second lock on the same index fails with the one-line message; released, no
    lock file is left, and a builds folder the lock alone created is gone too."""
    index_dir = tmp_path / "index"
    with store.build_lock(index_dir):
        assert (tmp_path / "index.builds" / store.LOCK_NAME).is_file()
        with pytest.raises(store.IndexStoreError, match="another `isearch index` is building"):
            with store.build_lock(index_dir):
                pass
    assert os.listdir(tmp_path) == []
    with store.build_lock(index_dir):  # free again
        pass
    assert os.listdir(tmp_path) == []


def test_a_build_that_fails_leaves_nothing_beside_the_index(tmp_path):
    """No documents: the build stops with its message and adds no folder, lock or cache file."""
    empty = tmp_path / "letters"
    empty.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    with pytest.raises(BuildError, match="no documents"):
        build_index([empty], work / "myindex", cache_path=tmp_path / "cache.sqlite", progress=False)
    assert os.listdir(work) == []
