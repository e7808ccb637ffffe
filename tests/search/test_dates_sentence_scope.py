"""A letter's dates sentence answers when it was inspected, not what it found
(search.last_inspection.asks_dates / states_dates), on the real Wirral JTAI letter."""
from __future__ import annotations

import pytest

from corpus_slice import copy_slice
from search.last_inspection import asks_dates, states_dates

WIRRAL = ("jtai-wirral-2023-02-16", "jtai-barnsley-2022-07-18", "fv-tameside-2021-06-25")
DATES = "This inspection took place from 12 to 16 December 2022."


@pytest.fixture(scope="module")
def wirral(tmp_path_factory):
    """Two real JTAI letters and a focused visit, indexed with the real model (embedding cache in a
    temporary folder)."""
    from indexer.build import build_index
    from search.index import open_index

    corpus = copy_slice(tmp_path_factory.mktemp("wirral-corpus"), WIRRAL)
    folder = tmp_path_factory.mktemp("wirral-idx")
    build_index([corpus], folder / "index", cache_path=folder / "cache.sqlite", progress=False)
    return open_index(folder / "index")


def test_which_questions_ask_for_dates():
    for question in ("When was the Wirral JTAI?", "When was Wirral last inspected?", "What dates was the visit?",
                     "Inspection dates of the Wirral JTAI", "Who were the inspectors for Tameside in 2021?"):
        assert asks_dates(question), question
    for question in ("What did the Wirral JTAI find?", "What did inspectors say about early help in Wirral?"):
        assert not asks_dates(question), question
    assert states_dates(DATES) and states_dates("Inspection dates: 9 to 20 May 2022")
    assert not states_dates("Leaders have redesigned some services to more effectively support children.")


def test_what_a_jtai_found_is_not_answered_with_its_dates(wirral):
    """"What did the Wirral JTAI find?" opened with the letter's dates sentence (the top passage's
    first sentence, carrying the question's JTAI words, won on passage score)."""
    answer = wirral.ask("What did the Wirral JTAI find?")
    assert answer.answered and answer.sentences
    assert all(s.doc_id == "jtai-wirral-2023-02-16" for s in answer.sentences)
    assert not any(states_dates(s.text) for s in answer.sentences), [s.text for s in answer.sentences]
    # asked when, the dates sentence is still the answer
    when = wirral.ask("When was the Wirral JTAI?")
    assert when.answered and when.sentences[0].text == DATES


def test_a_dates_line_glued_to_a_judgement_table_is_not_a_dates_sentence():
    """A SIF report's "Inspection date:" line reaches the grade table in one unit of the splitter:
    it answers a grade question (grades set g011, g013: the table was left out, token F1 fell)."""
    glued = ("Inspection date: 8 May to 31 May 2018\nReport published: 20 July 2018\n\nChildren’s services in "
             "Wandsworth require improvement to be good\n1. Children who need help and protection\n\n"
             "Requires improvement")
    assert not states_dates(glued)
