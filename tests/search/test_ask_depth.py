"""The number of passages shown (`isearch ask -k`, the app's "Passages to show" slider) does not
change the answer: it is composed and judged from at least search.ask.ANSWER_DEPTH passages
(newcomer report: "How was Merton graded?" was declined at 0.13 with -k 1 and answered at 0.87 with
-k 5, 10 or 20)."""
from __future__ import annotations

import pytest

from corpus_slice import open_slice_index
from search.ask import ANSWER_DEPTH


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "ask-depth")


@pytest.mark.parametrize("question", ["How was Merton graded?",
                                      "How are care leavers supported in Sunderland?"])
def test_the_passages_shown_do_not_change_the_answer(index, question):
    full = index.ask(question, k=ANSWER_DEPTH)
    assert full.answered and len(full.hits) == ANSWER_DEPTH
    for k in (1, 3, 20):
        answer = index.ask(question, k=k)
        assert answer.confidence == full.confidence
        assert [(s.doc_id, s.start, s.end) for s in answer.sentences] == [(s.doc_id, s.start, s.end) for s in full.sentences]
        last = max(s.citation for s in answer.sentences)
        assert len(answer.hits) == max(k, last)  # the first k, and any cited beyond them
        shared = min(len(answer.hits), len(full.hits))
        assert [h.chunk_id for h in answer.hits[:shared]] == [h.chunk_id for h in full.hits[:shared]]
        for sentence in answer.sentences:  # every citation still points at its passage
            assert answer.hits[sentence.citation - 1].doc_id == sentence.doc_id
