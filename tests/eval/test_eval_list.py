"""Scoring list questions: the question format with "docs", the arithmetic, one handmade list
answer scored row by row, and `isearch eval` on a list question over the small real index."""
from __future__ import annotations

import json

import numpy as np
import pytest

from eval.harness import ManyDocJudge, _list_record, evaluate_index
from eval.metrics import letter_recall, set_recall_precision
from eval.questions import QuestionFileError, load_questions
from eval.relevance import RelevanceJudge
from search.types import Answer, AnswerSentence, Hit, ListRow

TAMESIDE = "ilacs-tameside-2019-07-01"
MERTON = "fv-merton-2020-11-20"
SUNDERLAND = "ilacs-sunderland-2021-08-20"
SAYS_IT = "Social workers involve the healthy young minds service to provide helpful support to children."


def _write(tmp_path, records) -> str:
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return str(path)


def _list_question(**changes) -> dict:
    return {"id": "l1", "question": "Which letters mention Healthy Young Minds?", "doc": None,
            "docs": [TAMESIDE, MERTON], "evidence": [SAYS_IT], "answerable": True, "style": "list", **changes}


def test_list_question_format(tmp_path):
    question, = load_questions(_write(tmp_path, [_list_question()]))
    assert question.is_list and question.docs == (TAMESIDE, MERTON) and question.doc is None
    assert question.relevant_docs == (TAMESIDE, MERTON)
    for bad, message in ((_list_question(doc=TAMESIDE), "must have 'doc': null"),
                         (_list_question(docs="x"), "'docs' must be a list"),
                         (_list_question(docs=[], doc=None), "needs a 'doc'"),
                         (_list_question(answerable=False, evidence=[]), "must be answerable")):
        with pytest.raises(QuestionFileError, match=message):
            load_questions(_write(tmp_path, [bad]))


def test_shipped_list_question_files_load():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "eval" / "questions"
    dev, extra = load_questions(root / "dev_list.jsonl"), load_questions(root / "list_extra.jsonl")
    assert len(dev) == 10 and len(extra) >= 8
    assert all(q.is_list and q.style == "list" for q in dev + extra)
    assert len({q.id for q in dev + extra}) == len(dev) + len(extra)


def test_list_arithmetic():
    assert set_recall_precision({"a", "b", "x"}, {"a", "b", "c", "d"}) == (0.5, 2 / 3)
    assert set_recall_precision(set(), {"a"}) == (0.0, None)  # an empty answer has no precision
    assert letter_recall(["d1", "d1", "d9", "d2", "d3"], {"d1", "d2", "d3", "d4"}, 4) == 0.5
    assert letter_recall(["d1", "d1", "d9", "d2", "d3"], {"d1", "d2", "d3", "d4"}, 20) == 0.75


def _hit_at(index, doc_id: str, start: int, rank: int) -> Hit:
    """The index's passage of `doc_id` holding character `start`, as the hit of rank `rank`."""
    row = index.doc_row[doc_id]
    chunk = next(int(c) for c in np.flatnonzero(index.chunk_doc == row)
                 if index.chunk_start[c] <= start < index.chunk_end[c])
    doc = index.documents[row]
    return Hit(rank=rank, chunk_id=chunk, doc_id=doc_id, title=doc.title, authority=doc.authority, date=doc.date,
               kind=doc.kind, judgement=doc.judgement, text=index.chunk_text(chunk),
               start=int(index.chunk_start[chunk]), end=int(index.chunk_end[chunk]), heading="", score=1.0)


def _row(rank: int, hit: Hit, sentence: AnswerSentence) -> ListRow:
    return ListRow(rank=rank, authority=hit.authority, doc_ids=(hit.doc_id,), titles=(hit.title,), dates=(hit.date,),
                   kinds=(hit.kind,), sentences=(sentence,), score=1.0 / rank)


def test_handmade_list_answer_is_scored_row_by_row(small_index, tmp_path):
    question, = load_questions(_write(tmp_path, [_list_question()]))
    body = small_index.document(TAMESIDE).text
    start = body.index(SAYS_IT)
    right = _hit_at(small_index, TAMESIDE, start, 1)
    other_body = small_index.document(SUNDERLAND).text
    wrong = _hit_at(small_index, SUNDERLAND, 100, 2)
    rows = (
        _row(1, right, AnswerSentence(SAYS_IT, 1, TAMESIDE, start, start + len(SAYS_IT), 1.0)),
        # a council that is not in docs, quoted with a span that does not hold the quoted text
        _row(2, wrong, AnswerSentence(other_body[100:140] + " (edited)", 2, SUNDERLAND, 100, 140, 0.5)),
    )
    answer = Answer(question.question, True, tuple(s for r in rows for s in r.sentences), (right, wrong), 1.0,
                    "2 councils, 2 letters", rows=rows)
    judge = ManyDocJudge({doc: RelevanceJudge(doc, question.evidence, small_index.document(doc).text)
                          for doc in question.docs})
    assert judge.missing == ()
    record = _list_record(question, answer, [MERTON, SUNDERLAND, SUNDERLAND], judge, small_index)
    assert record["rows"] == 2
    assert record["council_recall"] == 0.5 and record["council_precision"] == 0.5
    assert record["councils_missed"] == ["merton"] and record["councils_extra"] == ["sunderland"]
    assert record["letter_recall@20"] == 0.5
    assert record["rows_verbatim"] == 1  # the edited quote is not document text
    assert record["rows_cite_relevant"] == 1


def test_eval_scores_a_list_question_on_the_small_index(small_index, tmp_path):
    question, = load_questions(_write(tmp_path, [_list_question(
        question="Which letters mention Healthy Young Minds, the children's mental health service?",
        docs=[TAMESIDE])]))
    report = evaluate_index(small_index, [question], ["hybrid"], k=10)
    summary = report["modes"]["hybrid"]["list"]
    assert summary["n"] == 1 and summary["rows"] == 1
    assert summary["council_recall"] == 1.0 and summary["council_precision"] == 1.0
    assert summary["rows_verbatim"] == 1.0 and summary["rows_cite_relevant"] == 1.0
    assert summary["letter_recall@20"] == 1.0
    assert report["questions"][0]["docs"] == [TAMESIDE]
    assert report["modes"]["hybrid"]["document"]["all"]["recall@10"] == 1.0
