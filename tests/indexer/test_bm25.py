"""Our BM25 arrays score as the references on real text: rank_bm25.BM25Okapi (and rank_bm25_rs)
with Okapi's idf, rank_bm25 with Lucene's idf and bm25s with method="lucene"; and with Lucene's
idf (the default) a word in half of a tiny collection still finds its letters (b10)."""
from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import bm25s
import numpy as np
import pytest
import rank_bm25
import rank_bm25_rs

from corpus_slice import TEST_CACHE
from indexer import store
from indexer.bm25 import BM25Index
from indexer.chunk import chunk_text
from indexer.config import BM25Settings
from indexer.keywords import KEYWORD_TOKENS, keyword_tokens
from indexer.load import load_document

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
QUERIES = ["agency staff turnover", "poor chronologies", "return home interviews missing children",
           "Tameside front door delays", "the of and", "children children children", "zzzz unknownword"]


def corpus_tokens() -> list[list[str]]:
    docs = []
    for path in sorted(CORPUS.glob("fv-t*.txt")):
        doc, _ = load_document(path)
        docs.extend(keyword_tokens(c.text) for c in chunk_text(doc.id, doc.text))
    return docs


OKAPI = BM25Settings(idf="okapi")
CASES = Path(__file__).resolve().parents[1] / "data" / "ingest"


class LuceneBM25(rank_bm25.BM25Okapi):
    """rank_bm25's scorer with Lucene's idf, log(1 + (N - df + 0.5) / (df + 0.5))."""

    def _calc_idf(self, nd):
        self.idf = {word: math.log(1 + (self.corpus_size - freq + 0.5) / (freq + 0.5)) for word, freq in nd.items()}


def test_okapi_scores_match_rank_bm25_exactly(tmp_path):
    docs = corpus_tokens()
    ours = BM25Index.build(docs, OKAPI)
    reference = rank_bm25.BM25Okapi(docs)
    fast = rank_bm25_rs.BM25Okapi(docs)
    ours.save(tmp_path)
    loaded = BM25Index.load(tmp_path, OKAPI)
    assert loaded.tf.dtype == np.uint8 and np.array_equal(loaded.tf, ours.tf)  # counts stored in one byte
    for query in QUERIES:
        tokens = keyword_tokens(query)
        expected = reference.get_scores(tokens)
        assert np.array_equal(ours.scores(tokens), expected), query
        assert np.array_equal(loaded.scores(tokens), expected), query
        assert np.allclose(np.asarray(fast.get_scores(tokens)), expected, rtol=0, atol=1e-12)


def test_lucene_scores_match_rank_bm25_with_lucene_idf_and_bm25s():
    docs = corpus_tokens()
    ours = BM25Index.build(docs)  # the default: Lucene's idf
    reference = LuceneBM25(docs)
    retriever = bm25s.BM25(method="lucene", k1=1.5, b=0.75)
    retriever.index(docs, show_progress=False)
    for query in QUERIES:
        tokens = keyword_tokens(query)
        expected = reference.get_scores(tokens)
        assert np.allclose(ours.scores(tokens), expected, rtol=1e-12, atol=0), query  # float64 both
        if not tokens:  # only stop words: nothing to score (bm25s refuses an empty query)
            assert not ours.scores(tokens).any()
            continue
        # bm25s leaves out the constant factor (k1 + 1), as Lucene does since 8.0, and scores in float32
        assert np.allclose(ours.scores(tokens) / 2.5, retriever.get_scores(tokens), rtol=2e-6, atol=1e-6), query


def test_lucene_idf_positive_and_falling_where_okapi_is_zero_or_floored():
    docs = [["chronology", "poor"], ["care", "leaver"], ["chronology", "care"], ["care"]]
    lucene, okapi = BM25Index.build(docs), BM25Index.build(docs, OKAPI)
    df = {term: int(np.diff(lucene.indptr)[i]) for term, i in lucene.term_id.items()}
    assert df == {"chronology": 2, "poor": 1, "care": 3, "leaver": 1}
    idf = {term: lucene.idf[i] for term, i in lucene.term_id.items()}
    assert idf["poor"] == pytest.approx(math.log(1 + 3.5 / 1.5))
    assert idf["chronology"] == pytest.approx(math.log(2))  # df = N/2: Okapi gives 0
    assert okapi.idf[okapi.term_id["chronology"]] == 0.0
    assert idf["poor"] > idf["chronology"] > idf["care"] > 0
    # a term no document holds (df = 0): the largest idf of either formula
    assert lucene.absent_idf == pytest.approx(math.log(1 + 4.5 / 0.5)) and lucene.absent_idf > idf["poor"]
    assert okapi.absent_idf == pytest.approx(math.log(4.5 / 0.5)) and okapi.absent_idf > okapi.idf.max()


def test_unknown_idf_setting_is_an_error():
    with pytest.raises(ValueError, match="unknown BM25 idf 'bm25plus'"):
        BM25Index.build([["a"]], BM25Settings(idf="bm25plus"))


def test_top_k_agrees_with_reference_ranking():
    docs = corpus_tokens()
    ours = BM25Index.build(docs)
    reference = LuceneBM25(docs)
    tokens = keyword_tokens("agency social workers caseloads")
    rows, scores = ours.top_k(tokens, 10)
    expected = reference.get_scores(tokens)
    assert np.allclose(scores, sorted(expected, reverse=True)[:10], rtol=1e-12, atol=0)
    assert np.allclose([expected[r] for r in rows], scores, rtol=1e-12, atol=0)


@pytest.fixture(scope="module")
def b10_index_dir(tmp_path_factory):
    from indexer.build import build_index

    corpus = tmp_path_factory.mktemp("b10")
    for name in ("b10-min-a.txt", "b10-min-b.txt"):
        shutil.copy(CASES / name, corpus / name)
    index_dir = tmp_path_factory.mktemp("b10-idx") / "index"
    build_index([corpus], index_dir, cache_path=TEST_CACHE, progress=False)
    return index_dir


@pytest.mark.parametrize("name", ["b10-min-a.txt", "b10-min-b.txt"])
def test_b10_every_keyword_of_two_one_line_letters_finds_its_letter(b10_index_dir, name):
    from search.index import open_index

    index = open_index(b10_index_dir)
    doc, _ = load_document(CASES / name)
    words = [w for w in doc.text.split() if keyword_tokens(w)]
    assert len(words) >= 3  # 'Chronologies poor updated.', 'Care leavers well supported advisers.'
    for word in words:  # each word is in one of the two letters (df = N/2): Okapi's idf gave 0
        hits = index.search(word, k=5, mode="keyword")
        assert hits and hits[0].doc_id == doc.id, word


def test_manifest_records_idf_and_tokens_and_an_index_without_them_is_refused(b10_index_dir, tmp_path):
    from search.index import IndexOpenError, open_index

    manifest = store.read_manifest(b10_index_dir)
    assert manifest["settings"]["bm25"] == {"k1": 1.5, "b": 0.75, "idf": "lucene", "epsilon": 0.25, "tokens": KEYWORD_TOKENS}
    copy = tmp_path / "index"
    shutil.copytree(b10_index_dir.resolve(), copy)
    del manifest["settings"]["bm25"]["idf"], manifest["settings"]["bm25"]["tokens"]  # as written before them
    manifest["manifest_sha256"] = store.manifest_digest(manifest)
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexOpenError, match="other keyword tokens.*rebuild with `isearch index`"):
        open_index(copy)
