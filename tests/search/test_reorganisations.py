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
    """"Has Cumbria ever been rated outstanding?" answered "Overall effectiveness Good" from
    Cumberland's 2024 report without saying that Cumberland is not Cumbria."""
    from search.index import open_index

    index = open_index(reorg)
    answer = index.ask("Has Cumbria ever been rated outstanding?")
    assert answer.answered and {s.doc_id for s in answer.sentences} == {"ilacs-cumberland-2024-11-26"}
    assert answer.message == CUMBRIA
    own = index.ask("How was Cumberland graded?")
    assert own.answered and own.message == ""
    assert isearch(["ask", "Has Cumbria ever been rated outstanding?", "--index-dir", str(reorg)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert CUMBRIA in lines[:3]  # above the answer, one line
    assert isearch(["ask", "Has Cumbria ever been rated outstanding?", "--index-dir", str(reorg), "--json"]) == 0
    assert f'"message": "{CUMBRIA}"' in capsys.readouterr().out
