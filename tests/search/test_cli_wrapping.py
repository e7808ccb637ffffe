"""The CLI wraps its answers, list rows and passages at spaces only (newcomer: a list's citation
read "[1: ilacs-" / "halton-2024-07-12 chars ...]", so the document id could not be copied). Real
answers on the real slice, wrapped at every width from 30 to 100 columns: the words of the output
are the words of the text, none cut at a hyphen, and each cited document id is whole on one line."""
from __future__ import annotations

import pytest

from search.list_output import render_rows
from search.render import render_answer, render_hits

WIDTHS = range(30, 101)
LIST_QUESTION = "Which councils were praised for their work with care leavers?"
QUESTION = "care leavers in Tameside"


@pytest.fixture(scope="module")
def list_answer(small_index):
    answer = small_index.ask(LIST_QUESTION)
    assert answer.rows and any("-" in s.doc_id for row in answer.rows for s in row.sentences)
    return answer


def test_list_rows_keep_each_cited_id_whole(list_answer):
    for width in WIDTHS:
        lines = render_rows(list_answer, width=width).splitlines()
        for row in list_answer.rows:
            for s in row.sentences:
                cited = f"{s.doc_id} chars"
                assert any(s.doc_id in line for line in lines), (width, s.doc_id)
                assert any(cited in line or line.rstrip().endswith(s.doc_id) for line in lines), (width, cited)
        words = " ".join(line.removeprefix("   - ") for line in lines[2:] if not line[:1].isdigit()).split()
        expected = " ".join(f"{s.text} [{s.citation}: {s.doc_id} chars {s.start}-{s.end}]"
                            for row in list_answer.rows for s in row.sentences).split()
        assert words == expected, width


def test_answers_and_passages_are_cut_at_spaces_only(small_index):
    answer = small_index.ask(QUESTION)
    assert answer.answered and any("-" in word for hit in answer.hits for word in hit.text.split())
    for width in WIDTHS:
        text = render_answer(answer, color=False, width=width)
        quoted = text.split("\n\n", 1)[0]
        assert quoted.split() == answer.text.split(), width
        passages = render_hits(list(answer.hits), "", color=False, width=width)
        bodies = [block.split("\n", 2)[2] for block in passages.split("\n\n")]
        assert [body.split() for body in bodies] == [hit.text.split() for hit in answer.hits], width
