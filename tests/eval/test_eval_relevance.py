"""The relevance rule: containment after collapsing white space, or half an evidence string."""
from __future__ import annotations

import numpy as np

from eval.relevance import RelevanceJudge, collapse_with_offsets, collapse_ws, relevant_chunks_in_doc

DOC = "Intro line.\nChildren  wait too long\nat the front door. Managers know this.\n\nPlans are weak."


def test_collapse_keeps_a_map_to_original_offsets():
    collapsed, offsets = collapse_with_offsets(DOC)
    assert collapsed == collapse_ws(DOC)
    assert all(DOC[o] == c or (c == " " and DOC[o].isspace()) for c, o in zip(collapsed, offsets))
    assert list(offsets) == sorted(offsets)


def test_contained_evidence_is_relevant_across_white_space_differences():
    judge = RelevanceJudge("d1", ("Children wait too long at the front door.",), DOC)
    assert judge.missing == ()
    start = DOC.index("Children")
    end = DOC.index("Managers")
    assert judge.is_relevant("d1", start, end, DOC[start:end])
    # the same words in another letter are relevant too: containment does not need the document
    assert judge.is_relevant("other", 0, 60, "Here: children wait -- no. Children wait too long at the  front door.")
    assert not judge.is_relevant("d1", 0, 11, DOC[0:11])


def test_straddling_evidence_needs_half_its_characters():
    evidence = "at the front door. Managers know this."
    judge = RelevanceJudge("d1", (evidence,), DOC)
    at = DOC.index(evidence)
    cut = at + int(len(evidence) * 0.6)  # a boundary 60% of the way through the evidence
    assert judge.is_relevant("d1", 0, cut, DOC[:cut])  # holds 60%: relevant
    assert judge.is_relevant("d1", cut - 10, len(DOC), DOC[cut - 10:])  # holds ~66%: relevant
    assert not judge.is_relevant("d1", cut + 5, len(DOC), DOC[cut + 5:])  # under half
    assert not judge.is_relevant("d2", 0, cut, DOC[:cut])  # overlap counts only in the question's document
    assert abs(judge.overlap(0, cut) - 0.6) < 0.05


def test_evidence_missing_from_the_document_is_reported():
    judge = RelevanceJudge("d1", ("not in the letter at all",), DOC)
    assert judge.missing == ("not in the letter at all",)
    assert not judge.is_relevant("d1", 0, len(DOC), DOC)


def test_straddling_evidence_on_the_real_index(small_index):
    doc_id = "fv-merton-2020-11-20"
    text = small_index.document(doc_id).text
    row = small_index.doc_row[doc_id]
    chunks = np.flatnonzero(small_index.chunk_doc == row)
    first = int(chunks[1])
    start, end = int(small_index.chunk_start[first]), int(small_index.chunk_end[first])
    # evidence across this chunk's end: 70 characters inside, 50 after it
    evidence = " ".join(text[end - 70: end + 50].split())
    judge = RelevanceJudge(doc_id, (evidence,), text)
    assert judge.missing == ()
    assert evidence not in collapse_ws(small_index.chunk_text(first))
    assert judge.is_relevant(doc_id, start, end, small_index.chunk_text(first))
    relevant = relevant_chunks_in_doc(small_index, judge)
    assert first in relevant
    for chunk_id in relevant:  # every chunk judged relevant holds at least half or the whole evidence
        s, e = int(small_index.chunk_start[chunk_id]), int(small_index.chunk_end[chunk_id])
        assert judge.overlap(s, e) >= 0.5
