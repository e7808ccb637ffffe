"""What the query path keeps between calls to be fast gives what computing afresh gives: the
glossary read once per search, document masks kept per filter, decoded letters kept."""
from __future__ import annotations

import json

import numpy as np
import pytest

from corpus_slice import ROOT
from search.filters import Filters
from search.glossary import expand_keyword_query
from search.query import analyse
from search.terms import expanded_tokens, query_terms

SETS = ("dev", "own", "extra", "grades", "unanswerable")
QUESTIONS = [json.loads(line)["question"] for name in SETS
             for line in (ROOT / "eval" / "questions" / f"{name}.jsonl").read_text().splitlines() if line.strip()]


def test_expanded_tokens_are_the_glossary_expansions():
    assert len(QUESTIONS) > 200
    extra = ["What did inspectors say about the LADO and PLO?", "care leavers and young people leaving care",
             "IRO caseloads", "pre proceedings", "children missing education"]
    for question in QUESTIONS + extra:
        own, expanded = expanded_tokens(question)
        assert own == expand_keyword_query(question, synonyms=False), question
        assert expanded == expand_keyword_query(question), question
    assert any(len(expanded_tokens(q)[1]) > len(expanded_tokens(q)[0]) for q in QUESTIONS)  # synonyms do occur


def test_query_terms_with_tokens_given_are_the_same(small_index):
    for question in QUESTIONS[:80]:
        ctx = analyse(question)
        given = query_terms(question, small_index.bm25, ctx, expanded_tokens(question)[0])
        assert given == query_terms(question, small_index.bm25, ctx)


@pytest.mark.parametrize("filters", [Filters(include_news=False), Filters.parse(authority="Merton"),
                                     Filters.parse(kind="focused visit", since="2021"), Filters.parse(until="2019")])
def test_document_masks_kept_per_filter(small_index, filters):
    fresh = np.array([filters.matches(d.authority, d.kind, d.date, d.judgement) for d in small_index.documents])
    first = small_index._doc_mask(filters)
    assert first.tolist() == fresh.tolist()
    assert small_index._doc_mask(filters) is first  # kept
    assert not first.flags.writeable  # nobody can change a kept mask
    assert 0 < fresh.sum() < len(fresh)


def test_passages_read_from_kept_letters(small_index):
    for chunk_id in list(range(len(small_index))) + [0, 5, len(small_index) - 1]:
        doc = small_index.document(small_index.documents[int(small_index.chunk_doc[chunk_id])].id)
        text = doc.text[int(small_index.chunk_start[chunk_id]): int(small_index.chunk_end[chunk_id])]
        assert small_index.chunk_text(chunk_id) == text


def test_passage_profile_sentences_and_answer_types(small_index):
    from search.answer_type import expected_answer_type, sentence_answer_types
    from search.rerank import answer_type_score, passage_profile, sentences, title_block_share

    factoid = [q for q in QUESTIONS if expected_answer_type(q)][:12]
    assert len(factoid) >= 5
    for chunk_id in range(len(small_index)):
        text = small_index.chunk_text(chunk_id)
        profile = passage_profile(text)
        assert profile.sentences == tuple(sentences(text))
        assert profile.furniture == title_block_share(text)
        for question in factoid[:4]:
            terms = query_terms(question, small_index.bm25, analyse(question))
            kind = expected_answer_type(question)
            coverages = [terms.coverage(set(tokens)) for tokens in profile.sentence_tokens]  # sets: not kept
            best = max(coverages, default=0.0)
            every_sentence_typed = float(best > 0 and any(
                kind in sentence_answer_types(s) for c, s in zip(coverages, sentences(text)) if c >= best))
            assert answer_type_score(text, terms, kind) == every_sentence_typed


def test_kept_coverage_is_the_coverage(small_index):
    for question in QUESTIONS[:60]:
        terms = query_terms(question, small_index.bm25, analyse(question))
        for chunk_id in range(0, len(small_index), 7):
            from search.rerank import passage_profile

            for tokens in passage_profile(small_index.chunk_text(chunk_id)).sentence_tokens:
                assert terms.coverage(tokens) == terms.coverage(set(tokens)) == terms.coverage(tokens)
