"""Extractive answers: verbatim sentences, resolvable citations, abstention."""
from __future__ import annotations

import json
from pathlib import Path

from search.answer import highlight_spans

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = [json.loads(line) for line in (ROOT / "eval/questions/dev.jsonl").read_text().splitlines()]


def test_answer_sentences_are_verbatim_and_citations_resolve(small_index):
    answer = small_index.ask("How long did some children wait at the Tameside front door for decisions?")
    assert answer.answered
    assert 1 <= len(answer.sentences) <= 4
    by_rank = {h.rank: h for h in answer.hits}
    for sentence in answer.sentences:
        hit = by_rank[sentence.citation]
        assert sentence.text in hit.text
        assert small_index.document(sentence.doc_id).text[sentence.start:sentence.end] == sentence.text
        assert f"{sentence.text} [{sentence.citation}]" in answer.text
    assert any("two weeks" in s.text for s in answer.sentences)


def test_answer_sentences_do_not_repeat_each_other(small_index):
    answer = small_index.ask("What did inspectors say about caseloads for social workers in Merton?")
    texts = [s.text for s in answer.sentences]
    assert len(texts) == len(set(texts))


def test_abstains_on_unanswerable_questions(small_index):
    unanswerable = [q["question"] for q in QUESTIONS if not q["answerable"]]
    answers = [small_index.ask(q) for q in unanswerable]
    abstained = [a for a in answers if not a.answered]
    assert len(abstained) >= len(unanswerable) - 2
    for answer in abstained:
        assert "do not answer" in answer.text and answer.hits and not answer.sentences


def test_answers_known_questions(small_index):
    questions = [q for q in QUESTIONS if q["doc"] in {"fv-tameside-2021-06-25", "fv-merton-2020-11-20",
                                                      "fv-westminster-2022-07-20", "fv-herefordshire-2020-01-21"}]
    answered = [small_index.ask(q["question"]) for q in questions]
    assert sum(a.answered for a in answered) >= len(questions) - 2


def test_highlight_marks_matching_words_only():
    text = "Social workers’ caseloads in Tameside are high."
    spans = highlight_spans(text, "caseloads Tameside")
    assert [text[a:b] for a, b in spans] == ["caseloads", "Tameside"]
