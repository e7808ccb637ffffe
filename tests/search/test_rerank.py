"""The second stage (search/rerank.py) on real letter text, and through a real slice index."""
from __future__ import annotations

import pytest

from corpus_slice import CORPUS
from indexer.header import split_header
from indexer.keywords import keyword_tokens
from search.rerank import (Candidate, FeatureReranker, RerankSettings, apply_reranker, proximity_score,
                           sentence_score, title_block_share)
from search.terms import QueryTerms


def _body(doc_id: str) -> str:
    return split_header((CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8"))[1]


def _terms(query: str, weights: dict[str, float] | None = None) -> QueryTerms:
    tokens = list(dict.fromkeys(keyword_tokens(query)))
    return QueryTerms({t: (weights or {}).get(t, 1.0) for t in tokens}, {})


def _line_with(text: str, words: str) -> str:
    return next(line for line in text.splitlines() if words in line)


def test_proximity_prefers_agency_staff_to_multi_agency_arrangements():
    tameside_2021 = _line_with(_body("fv-tameside-2021-06-25"), "increasing numbers of agency staff")
    tameside_2019 = _line_with(_body("ilacs-tameside-2019-07-01"), "multi-agency safeguarding arrangements and political")
    terms = _terms("agency staff")
    window = RerankSettings().window
    assert proximity_score(keyword_tokens(tameside_2021), terms, window) == 1.0
    assert proximity_score(keyword_tokens(tameside_2019), terms, window) == 0.0


def test_sentence_score_is_the_best_single_sentence():
    passage = ("Caseloads are now too high across most social work teams. The lack of capacity created by these "
               "issues has resulted in the improvement plan having little impact.")
    terms = _terms("caseloads social work teams capacity")
    # the first sentence holds 3 of the 5 query terms ("social", "work", "teams", "caseloads"), the second 1
    assert sentence_score(passage, terms) == pytest.approx(4 / 5)


def test_title_block_lines_are_recognised_in_a_real_letter():
    body = _body("ilacs-tameside-2019-07-01")
    head = "\n".join(body.splitlines()[:5])
    assert title_block_share(head) >= 0.6
    assert title_block_share(_line_with(body, "multi-agency safeguarding arrangements and political")) == 0.0


def test_apply_reranker_keeps_the_rescored_set_above_the_rest():
    texts = {1: "agency staff are used widely", 2: "multi-agency meetings are held", 3: "unrelated words here"}
    scores = {1: 0.54, 2: 0.55, 3: 0.53}

    def candidate(i: int, score: float) -> Candidate:
        return Candidate(i, score, texts[i], "", i, 0, len(texts[i]))

    reranker = FeatureReranker(RerankSettings(depth=2, title_block=0.0, duplicate=0.0))
    out = apply_reranker(reranker, "agency staff", scores, _terms("agency staff"), candidate)
    assert out[1] > out[2]  # proximity and the best sentence lift "agency staff"
    assert min(out[1], out[2]) > out[3]  # candidate 3 was below the depth: it stays below


def test_near_duplicate_of_a_better_passage_is_demoted():
    text = "Caseloads are too high across most social work teams."
    a = Candidate(1, 0.9, text, "", 0, 0, 100)
    b = Candidate(2, 0.89, text, "", 0, 20, 110)  # overlaps a by 80 of its 90 characters
    c = Candidate(3, 0.88, text, "", 1, 0, 100)  # same text, another letter
    scores = FeatureReranker(RerankSettings(duplicate=0.1)).rescore("caseloads", [a, b, c], _terms("caseloads"))
    assert scores[0] > scores[2] > scores[1]


def test_agency_staff_question_reaches_the_agency_staff_passage(small_index):
    hits = small_index.search("What did inspectors say about agency staff in Tameside?", k=5)
    assert any("agency staff" in h.text and h.doc_id.endswith("tameside-2021-06-25") for h in hits[:3])
    assert not any(title_block_share(h.text) > 0.5 for h in hits[:3])


def test_passage_profile_matches_the_uncached_features_on_real_letters():
    """The cached, query-independent profile gives exactly what tokenising the passage again
    gives: the passage's tokens, each sentence's tokens and the furniture share."""
    from search.rerank import passage_profile, sentences, token_positions

    body = _body("ilacs-tameside-2019-07-01")
    passages = [body[i: i + 1500] for i in range(0, len(body), 1500)]
    assert len(passages) > 5
    for text in passages:
        profile = passage_profile(text)
        assert list(profile.tokens) == keyword_tokens(text)
        assert list(profile.sentence_tokens) == [frozenset(keyword_tokens(s)) for s in sentences(text)]
        assert profile.furniture == title_block_share(text)
        assert profile.positions == token_positions(keyword_tokens(text))
        assert passage_profile(text) is profile  # computed once


def test_proximity_score_from_positions_equals_from_tokens():
    from search.rerank import token_positions

    text = _line_with(_body("fv-tameside-2021-06-25"), "increasing numbers of agency staff")
    for query in ("agency staff", "numbers of staff increasing", "multi-agency meetings"):
        terms = _terms(query)
        tokens = keyword_tokens(text)
        assert proximity_score(token_positions(tokens), terms, 3) == proximity_score(tokens, terms, 3)


def test_a_passage_of_ofsteds_closing_lines_is_furniture():
    """The closing lines of a real letter ("This publication is available at ...", "Interested in
    our work? ...") are Ofsted's standard sentences: a passage made of them is furniture (it came
    first for "What is the name of Barnsley's children in care council?", the context line alone
    matching), though each line ends a sentence and is shorter than 80 characters."""
    lines = _body("ilacs-barnsley-2018-11-19").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("This publication is available at"))
    closing = "\n".join(lines[start: start + 2])
    assert "Interested in our work?" in closing
    assert title_block_share(closing) >= 0.9
    finding = _line_with(_body("ilacs-barnsley-2018-11-19"), "There is an active and vocal children in care council")
    assert title_block_share(finding) == 0.0


def test_a_question_naming_the_section_marks_its_passages():
    """Shropshire's 2023 focused visit letter has a section "Areas for priority action"; a user asks
    for "the area for priority action". A heading whose words the question only partly uses
    (the ILACS area headings) is not named."""
    from search.rerank import heading_named

    body = _body("fv-shropshire-2024-01-12")
    heading = _line_with(body, "Areas for priority action").strip()
    assert heading == "Areas for priority action"
    question = "What was the area for priority action in Ofsted's November 2023 focused visit to Shropshire?"
    assert heading_named(heading, _terms(question)) == 1.0
    assert heading_named("The experiences and progress of children in care", _terms(question)) == 0.0
    assert heading_named(heading, _terms("What did inspectors say about agency staff in Shropshire?")) == 0.0
