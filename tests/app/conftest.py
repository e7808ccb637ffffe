"""Fixtures for the web app tests: the app under AppTest, and an index with one hostile letter.

The hostile letter is the real test slice plus one file whose title, source and body are full
of HTML, script and markdown, as a scraped or converted letter could be. Nothing in it may
turn into markup, links or script in the app.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from app_server import run_streamlit

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
TEST_CACHE = ROOT / ".isearch" / "test-embed-cache.sqlite"  # the embedding cache tests/conftest.py uses
HOSTILE_ID = "mv-hostile-2021-03-04"
HOSTILE_TITLE = ("<img src=x onerror=\"window.__pwned='title'\"> Monitoring visit to **Hostile** "
                 "[council](javascript:window.__pwned='md')")
HOSTILE_LETTER = f"""title: {HOSTILE_TITLE}
authority: Merton
date: 2021-03-04
kind: monitoring visit
source: javascript:window.__pwned='source'
licence: test fixture
---
Monitoring visit of <b>Merton</b> children's services: the pantomime letter.

Inspectors found that the pantomime of record keeping continued. <script>window.__pwned='script'</script> Social workers described **not bold** work and a [link](javascript:window.__pwned='link') to nowhere. <img src=x onerror="window.__pwned='img'"> Managers said that # not a heading and <style>body{{display:none}}</style> were fine.

Leaders have not yet ensured that the pantomime of audits improves practice; children wait too long for assessments & plans > 20 days. `code` and _underscores_ and $x$ and :red[red text] stay as typed.
"""


@pytest.fixture(scope="session")
def hostile(tmp_path_factory, slice_corpus) -> SimpleNamespace:
    """The test slice plus the hostile letter, indexed (slice embeddings come from the test cache):
    .index_dir, and the letter's .id and .title."""
    from indexer.build import build_index

    corpus = tmp_path_factory.mktemp("hostile-corpus")
    for path in slice_corpus.iterdir():
        shutil.copy(path, corpus / path.name)
    (corpus / f"{HOSTILE_ID}.txt").write_text(HOSTILE_LETTER, encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("hostile-idx") / "index"
    build_index([corpus], index_dir, cache_path=TEST_CACHE, progress=False)
    return SimpleNamespace(index_dir=index_dir, id=HOSTILE_ID, title=HOSTILE_TITLE)


# Real letters for the app-as-used tests: a council across a reorganisation (Cumbria, then
# Cumberland and Westmorland and Furness, 2023), news articles (one about many councils, one
# undated), and the Isle of Wight (which a question about the Isle of Man must not be answered from).
REORG_IDS = (
    "seed-cumbria-2017-06-13-monitoring-visit-letter",
    "seed-cumbria-2017-monitoring-visit-news",
    "seed-cumbria-requires-improvement-news",
    "fv-westmorland-and-furness-2026-01-12",
    "ilacs-cumberland-2024-11-26",
    "news-publicsectorexecutive-ofsted-critical-of-council-run-childrens-services",
    "fv-isle-of-wight-2021-09-07",
)


@pytest.fixture(scope="session")
def reorg_index_dir(tmp_path_factory, slice_corpus) -> Path:
    """The test slice plus REORG_IDS, indexed (new embeddings are added to the test cache)."""
    from corpus_slice import copy_slice
    from indexer.build import build_index

    corpus = tmp_path_factory.mktemp("reorg-corpus")
    for path in slice_corpus.iterdir():
        shutil.copy(path, corpus / path.name)
    copy_slice(corpus, REORG_IDS)
    index_dir = tmp_path_factory.mktemp("reorg-idx") / "index"
    build_index([corpus], index_dir, cache_path=TEST_CACHE, progress=False)
    return index_dir


@pytest.fixture(scope="session")
def reorg_server(reorg_index_dir):
    """`streamlit run app.py` on 127.0.0.1 over the reorganisation index; its URL."""
    yield from run_streamlit(reorg_index_dir, ROOT / "tests" / "artifacts" / "streamlit-reorg-server.log")


@pytest.fixture(scope="session")
def reorg_index(reorg_index_dir):
    from search.index import open_index

    return open_index(reorg_index_dir)


@pytest.fixture
def make_app(monkeypatch, small_index_dir):
    """AppTest of app.py on an index (the small slice unless told), with URL parameters set."""
    from streamlit.testing.v1 import AppTest

    def make(index_dir: Path | None = None, **params) -> AppTest:
        monkeypatch.setenv("ISEARCH_INDEX", str(index_dir or small_index_dir))
        at = AppTest.from_file(str(APP), default_timeout=180)
        for key, value in params.items():
            at.query_params[key] = value
        return at

    return make
