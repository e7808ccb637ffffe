"""The token ids the build stores per sentence (index format 5) and the second stage's features
computed from them: equal to what search/rerank.py computes from the passages' texts, on every
passage of the slice and the candidates of real questions; a format 4 index still searches alike
and `isearch index` rebuilds it from the cache."""
from __future__ import annotations

import json
import os
import shutil

import numpy as np
import pytest
from corpus_slice import TEST_CACHE, index_as_format

from indexer import store
from indexer.build import build_index
from indexer.passage_sentences import sentence_tokens
from indexer.schema import FORMAT_VERSION, MANIFEST, SENTENCE_TOKENS
from search.index import IndexOpenError, open_index
from search.passage_terms import sentence_and_proximity
from search.rerank import FeatureReranker, RerankSettings, passage_profile, proximity_score, sentence_score
from search.terms import query_terms, QueryTerms
from search.query import analyse

QUESTIONS = ("What did inspectors say about agency staff in Tameside?",
             "How were return home interviews in Merton?",
             "What did the letter say about the quality of social work practice?",
             "How many care leavers were in suitable accommodation in Sunderland?",
             "What did inspectors find about PLO and pre-proceedings work in Haringey?",  # an acronym: related terms
             "Were missing children offered a return interview?",
             "care leavers pathway plans personal advisers",
             "What is the weather in Tameside?")


def test_stored_ids_are_the_keyword_tokens_of_every_sentence(small_index):
    assert small_index.manifest["format_version"] == FORMAT_VERSION == 5
    table, vocab = small_index._tokens, small_index.bm25.vocab
    assert len(table) == len(small_index) > 200
    sentences = 0
    for i in range(len(small_index)):
        stored = [[vocab[t] for t in ids] for ids in table.sentences(i)]
        assert stored == sentence_tokens(small_index.chunk_text(i)), i
        assert tuple(t for s in stored for t in s) == passage_profile(small_index.chunk_text(i)).tokens
        sentences += len(stored)
    assert sentences > 5 * len(small_index)
    assert table.ids.dtype == np.uint16


def _candidates(index, question):
    """The 40 best fused passages of `question` (the second stage's depth) and its terms."""
    ctx = analyse(question)
    terms = query_terms(question, index.bm25, ctx)
    hits = index.search(question, k=40)
    return [h.chunk_id for h in hits], terms


@pytest.mark.parametrize("question", QUESTIONS)
def test_features_from_ids_equal_the_text_features(small_index, question):
    ids, terms = _candidates(small_index, question)
    assert len(ids) >= 10
    window = RerankSettings().window
    sentence, proximity = sentence_and_proximity(small_index._tokens, ids, terms, small_index.bm25.term_id, window)
    for position, i in enumerate(ids):
        text = small_index.chunk_text(i)
        fresh = QueryTerms(terms.weights, terms.related, terms.generic)  # no coverages kept from an earlier call
        assert sentence[position] == sentence_score(text, fresh), (question, i)
        assert proximity[position] == proximity_score(passage_profile(text).tokens, fresh, window), (question, i)
    if "PLO" in question:
        assert terms.related  # the related-term credit was exercised
    if "weather" not in question:
        assert sentence.max() > 0 and proximity.max() > 0


def test_every_passage_and_related_terms_alike(small_index):
    """All passages at once, with a made-up related term given a weight above the query's own."""
    terms = query_terms("agency social workers caseloads", small_index.bm25, analyse("agency social workers caseloads"))
    terms = QueryTerms(terms.weights, {"locum": 9.0, "turnover": 0.5})
    ids = list(range(len(small_index)))
    sentence, proximity = sentence_and_proximity(small_index._tokens, ids, terms, small_index.bm25.term_id, 3)
    for i in ids:
        text = small_index.chunk_text(i)
        assert sentence[i] == sentence_score(text, QueryTerms(terms.weights, terms.related, terms.generic)), i
        assert proximity[i] == proximity_score(passage_profile(text).tokens, terms, 3), i
    assert (sentence > 0).sum() > 50


def test_search_is_the_same_with_and_without_the_stored_ids(small_index):
    stored = small_index.reranker
    assert stored.stored is not None
    before = [[(h.chunk_id, h.score) for h in small_index.search(q, k=10)] for q in QUESTIONS]
    try:
        small_index.reranker = FeatureReranker()
        after = [[(h.chunk_id, h.score) for h in small_index.search(q, k=10)] for q in QUESTIONS]
    finally:
        small_index.reranker = stored
    assert before == after


def _as_format_4(folder, copy):
    return index_as_format(folder, copy, 4)


def test_a_format_4_index_searches_alike_and_is_rebuilt_from_the_cache(small_index, small_index_dir,
                                                                       slice_corpus, tmp_path):
    old = open_index(_as_format_4(small_index_dir, tmp_path / "v4"))
    assert old._tokens is None and old.reranker.stored is None and old._units is not None
    for question in QUESTIONS:
        assert ([(h.chunk_id, h.score, h.text) for h in old.search(question, k=10)]
                == [(h.chunk_id, h.score, h.text) for h in small_index.search(question, k=10)])
        assert old.ask(question).sentences == small_index.ask(question).sentences

    index_dir = tmp_path / "index"
    build_index([slice_corpus], index_dir, cache_path=TEST_CACHE, progress=False)
    built = os.path.realpath(index_dir)
    os.unlink(index_dir)
    _as_format_4(built, index_dir)
    again = build_index([slice_corpus], index_dir, cache_path=TEST_CACHE, progress=False)
    assert not again.up_to_date and again.embedded == 0
    rebuilt = open_index(index_dir)
    assert rebuilt.manifest["format_version"] == FORMAT_VERSION and rebuilt._tokens is not None


def test_a_token_id_outside_the_vocabulary_is_refused_in_one_line(small_index_dir, tmp_path):
    copy = tmp_path / "bad"
    shutil.copytree(os.path.realpath(small_index_dir), copy)
    ids = np.load(copy / SENTENCE_TOKENS)
    ids[0] = np.iinfo(ids.dtype).max
    np.save(copy / SENTENCE_TOKENS, ids)
    manifest = json.loads((copy / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"][SENTENCE_TOKENS] = {"bytes": (copy / SENTENCE_TOKENS).stat().st_size,
                                          "sha256": store.sha256_file(copy / SENTENCE_TOKENS)}
    manifest["manifest_sha256"] = store.manifest_digest(manifest)
    (copy / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexOpenError, match=r"is corrupt \(ValueError\); rebuild") as caught:
        open_index(copy)
    assert "\n" not in str(caught.value)


def test_a_council_named_by_its_short_name_is_a_place_not_a_topic(small_index):
    """"BCP" (Bournemouth, Christchurch and Poole as people write it) counted as a content word of
    the question: "What did inspectors say about edge of care in BCP?" quoted "The commitment to
    corporate parenting is strong in BCP." at 0.93, and its keyword query matched the word "BCP" in
    news articles rather than the council's letters (whose passages carry its full name)."""
    from search.query import analyse
    from search.terms import query_terms

    question = "What did inspectors say about edge of care in BCP?"
    ctx = analyse(question)
    assert ctx.authorities == ("Bournemouth, Christchurch and Poole",)
    terms = query_terms(question, small_index.bm25, ctx)
    assert "bcp" in terms.places and set(terms.content()) - terms.places == {"edge"}
    tokens = small_index._keyword_query(question, ctx)
    assert "bcp" not in tokens and {"bournemouth", "christchurch", "poole"} <= set(tokens)


@pytest.fixture(scope="module")
def banes_index(tmp_path_factory):
    from corpus_slice import open_slice_index

    return open_slice_index(tmp_path_factory, "banes", ("ilacs-bath-and-north-east-somerset-2022-04-19",
                                                        "sif-bath-and-north-east-somerset-2017-07-07",
                                                        "fv-tameside-2021-06-25", "ilacs-merton-2022-05-09"))


def test_a_council_named_by_its_short_name_is_embedded_by_its_full_name(banes_index):
    """Newcomer: "How is the MASH in BANES?" declined at 0.23 (the top passages were BANES's own MASH
    sentences, but the dense side did not read "BANES" as the council); with the name the letters
    use it answered at 0.78."""
    from indexer.authorities import with_canonical_names

    assert with_canonical_names("How is the MASH in BANES?") == "How is the MASH in Bath and North East Somerset?"
    assert with_canonical_names("Brighton & Hove agency staff") == "Brighton and Hove agency staff"
    assert with_canonical_names("Tameside front door") == "Tameside front door"
    short = banes_index.ask("How is the MASH in BANES?")
    full = banes_index.ask("How is the MASH in Bath and North East Somerset?")
    assert short.answered and "bath-and-north-east-somerset" in short.sentences[0].doc_id
    assert abs(short.confidence - full.confidence) < 0.05
