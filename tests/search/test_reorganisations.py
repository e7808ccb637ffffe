"""An answer quoting a successor's (or predecessor's) letter for the council asked about says so in
one line (search/reorganisations.py), on real Cumbria, Cumberland and Westmorland and Furness letters."""
from __future__ import annotations

import pytest

from corpus_slice import copy_slice
from search.cli import main as isearch
from search.reorganisations import reorganisation_note

REORG = ("ilacs-cumberland-2024-11-26", "seed-cumbria-2017-06-13-monitoring-visit-letter",
         "fv-westmorland-and-furness-2026-01-12", "fv-tameside-2021-06-25")
CUMBRIA = ("Cumbria County Council was replaced by Cumberland and Westmorland and Furness in April 2023: "
           "this answer quotes Cumberland's letter.")


@pytest.fixture(scope="module")
def reorg(tmp_path_factory):
    """The letters REORG, indexed with the real model (embedding cache in a temporary folder)."""
    from indexer.build import build_index

    corpus = copy_slice(tmp_path_factory.mktemp("reorg-note-corpus"), REORG)
    folder = tmp_path_factory.mktemp("reorg-note-idx")
    build_index([corpus], folder / "index", cache_path=folder / "cache.sqlite", progress=False)
    return folder / "index"


def test_the_note_names_the_reorganisation_and_whose_letters_are_quoted():
    assert reorganisation_note(["Cumbria"], [("ilacs-cumberland-2024-11-26", "Cumberland")]) == CUMBRIA
    assert reorganisation_note(["Cumberland"], [("a", "Cumbria"), ("b", "Cumbria")]) == (
        "Cumbria County Council was replaced by Cumberland and Westmorland and Furness in April 2023: "
        "this answer quotes Cumbria's letters.")
    assert reorganisation_note(["Northamptonshire"], [("a", "North Northamptonshire"), ("b", "West Northamptonshire")]
                               ).endswith("in April 2021: this answer quotes North Northamptonshire's and "
                                          "West Northamptonshire's letters.")
    # the council's own letters, or an unrelated council's: no line
    assert reorganisation_note(["Cumbria"], [("a", "Cumbria")]) == ""
    assert reorganisation_note(["Tameside"], [("a", "Tameside"), ("b", "Cumberland")]) == ""
    assert reorganisation_note(["Cumbria", "Cumberland"], [("a", "Cumberland")]) == ""  # both were asked about


def test_a_predecessors_question_answered_from_a_successors_letter_says_so(reorg, capsys):
    """"How was Cumbria graded?" is answered "Overall effectiveness Good" from Cumberland's 2024
    report (its successor's current grade), with the line that says Cumberland is not Cumbria."""
    from search.index import open_index

    index = open_index(reorg)
    answer = index.ask("How was Cumbria graded?")
    assert answer.answered and {s.doc_id for s in answer.sentences} == {"ilacs-cumberland-2024-11-26"}
    assert answer.message == CUMBRIA
    own = index.ask("How was Cumberland graded?")
    assert own.answered and own.message == ""
    assert isearch(["ask", "How was Cumbria graded?", "--index-dir", str(reorg)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert CUMBRIA in lines[:3]  # above the answer, one line
    assert isearch(["ask", "How was Cumbria graded?", "--index-dir", str(reorg), "--json"]) == 0
    assert f'"message": "{CUMBRIA}"' in capsys.readouterr().out


HISTORY_ANSWER = "The visit was the 13th monitoring visit since the local authority was judged inadequate in March 2015."


def test_a_question_about_a_replaced_councils_history_is_answered_from_its_own_letters(reorg, capsys):
    """Newcomer: "Has Cumbria ever been rated outstanding?" printed the successor note and
    Cumberland's 2024 grade only; Cumbria's own letter states its grade (inadequate in March 2015,
    never outstanding). Its own letters answer a question about its history, with no note."""
    from search.index import open_index

    index = open_index(reorg)
    for question in ("Has Cumbria ever been rated outstanding?", "Was Cumbria ever judged inadequate?"):
        answer = index.ask(question)
        assert answer.answered and answer.message == "", question
        assert [(s.doc_id, s.text) for s in answer.sentences][:1] == [
            ("seed-cumbria-2017-06-13-monitoring-visit-letter", HISTORY_ANSWER)], question
        assert all(s.doc_id.startswith("seed-cumbria") for s in answer.sentences)
    assert isearch(["ask", "Has Cumbria ever been rated outstanding?", "--index-dir", str(reorg)]) == 0
    out = capsys.readouterr().out
    assert HISTORY_ANSWER in " ".join(out.split()) and "replaced by" not in out
    # a successor's own history is its own letters' (Cumberland was not replaced)
    assert {s.doc_id for s in index.ask("Has Cumberland ever been rated outstanding?").sentences} == {
        "ilacs-cumberland-2024-11-26"}


def test_own_letter_rows_and_grade_record():
    from search.reorganisations import grade_record, own_letter_rows, replaced

    assert replaced("Cumbria") and replaced("Northamptonshire")
    assert not replaced("Cumberland") and not replaced("North Yorkshire") and not replaced("Tameside")
    rows = [(0, "Cumberland"), (1, "Cumbria"), (2, "Westmorland and Furness")]
    assert own_letter_rows("Has Cumbria ever been rated outstanding?", ["Cumbria"], rows) == [1]
    assert own_letter_rows("How was Cumbria graded?", ["Cumbria"], rows) is None  # its current grade
    assert own_letter_rows("Has Cumberland ever been rated outstanding?", ["Cumberland"], rows) is None
    assert own_letter_rows("Has Cumbria ever been rated outstanding?", ["Cumbria"], rows[:1]) is None  # none of its own
    news = ("Significant improvement highlighted at Cumbria\n\nCumbria children’s services have been rated as "
            "‘requires improvement to be good’ after receiving three inadequate Ofsted grades in the past three "
            "inspections.\n\nAdoption and leadership were rated as ‘good’ while others were not.\n\n"
            "Good edge of care services support many children.")
    found = grade_record([("letter", "2017-06-13", "It was judged inadequate in March 2015."), ("news", "", news)])
    assert (found.doc_id, found.grade, found.area) == ("news", "requires improvement", "overall_effectiveness")
    assert news[found.start:found.end].startswith("Cumbria children’s services have been rated")
    assert news[found.start:found.end].endswith("in the past three inspections.")
    assert grade_record([("news", "", "Good edge of care services support many children.")]) is None
