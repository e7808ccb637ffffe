"""A grade answer's later sentences are sentences, not the title block glued before them (newcomer:
"how was bromley graded for care leavers in 2016" quoted "Inadequate" and then the SIF report's
title, "Inspection date: 11 April 2016 to 5 May 2016" and "Report published: 27 June 2016").
A SIF title's first line is longer than title_block_share counts as furniture, so the block passed
as a sentence; search.rerank.after_title_block leaves out everything up to its last labelled line."""
from __future__ import annotations

import re

import pytest

from corpus_slice import CORPUS, open_slice_index

SLICE = ("ilacs-bromley-2019-01-07", "sif-bromley-2016-06-27", "sif-wandsworth-2016-02-16", "sif-wandsworth-2018-07-20")
_LABEL = re.compile(r"^\s*(?:Inspection dates?|Report published|Published|Publication date)\s*:",
                    re.IGNORECASE | re.MULTILINE)


@pytest.fixture(scope="module")
def sif(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "sif-title", SLICE)


@pytest.mark.parametrize("question, grade", [
    ("how was bromley graded for care leavers in 2016", "Experiences and progress of care leavers\n\nInadequate"),
    ("What was the judgement on care leavers in Bromley's 2016 Ofsted inspection?",
     "Experiences and progress of care leavers\n\nInadequate"),
    ("Wandsworth re-inspection May 2018 adoption performance rating", "Adoption performance\n\nRequires improvement"),
])
def test_a_grade_answer_quotes_no_title_block(sif, question, grade):
    answer = sif.ask(question)
    assert answer.answered and answer.sentences[0].text == grade
    assert not any(_LABEL.search(s.text) or s.text.startswith(("Inspection of services", "Re-inspection of services"))
                   for s in answer.sentences)
    for s in answer.sentences:  # still verbatim
        assert sif.document(s.doc_id).text[s.start:s.end] == s.text


def test_after_title_block_in_every_sif_report():
    """Every corpus letter with a "Report published:" line: a sentence span holding its title block's
    dates starts, once the block is left out, after them and not on its inspectors' lines; a sentence
    with no dates line is kept whole."""
    from indexer.header import split_header
    from indexer.sentences import sentence_spans
    from search.rerank import after_title_block

    seen = 0
    for path in sorted(CORPUS.glob("*.txt")):
        text = split_header(path.read_text(encoding="utf-8"))[1]
        if "Report published:" not in text:
            continue
        for a, b in sentence_spans(text):
            after = after_title_block(text, a, b)
            assert a <= after <= b and not _LABEL.search(text[after:b])
            if _LABEL.search(text[a:b]):
                seen += 1
                assert not re.match(r"(?:Deputy lead|Lead|Team) inspectors?:", text[after:b])
                assert not text[after:b].strip() or not text[after].isspace()
            else:
                assert after == a
    assert seen >= 150
    text = split_header((CORPUS / "sif-bromley-2016-06-27.txt").read_text(encoding="utf-8"))[1]
    start = text.index("Inspection of services for children in need")
    end = text.index("Report published: 27 June 2016") + len("Report published: 27 June 2016")
    assert after_title_block(text, start, end) == end  # all title block: nothing left to quote
