"""A topic answer about one council quotes its latest letter's view too (search/latest_letter.py), on
Bristol's real letters: the 2017 JTAI and 2018 ILACS criticise its management oversight, the 2025
focused visit finds it strong."""
from __future__ import annotations

import pytest

from corpus_slice import open_slice_index
from search.latest_letter import SURVEY_QUESTION, latest_letters

BRISTOL = ("jtai-bristol-2017-12-01", "ilacs-bristol-2018-10-22", "fv-bristol-2025-03-20", "fv-bristol-2026-01-12")
QUESTION = "What did inspectors say about management oversight in Bristol?"


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "latest-letter", BRISTOL)


def test_the_survey_questions():
    for question in (QUESTION, "What do inspectors say about return home interviews in Kent?",
                     "How good is the front door in Sunderland?", "How are children in care in Merton doing at school?",
                     "What did Ofsted find about caseloads in Tameside?"):
        assert SURVEY_QUESTION.search(question), question
    for question in ("How many family hubs does Harrow have?", "What did Dorset give young carers' families at Christmas?",
                     "Why weren't children held by police overnight in Barnsley getting someone to stand up for them?"):
        assert not SURVEY_QUESTION.search(question), question


def test_the_latest_letters_newest_first(index):
    from search.filters import Filters

    assert [d.id for d in latest_letters(index, ("Bristol",), Filters())] == ["fv-bristol-2026-01-12",
                                                                             "fv-bristol-2025-03-20"]


def test_the_answer_quotes_the_latest_letter_that_speaks_to_the_topic(index):
    answer = index.ask(QUESTION)
    assert answer.answered
    last = answer.sentences[-1]
    # the 2026 letter words it otherwise ("strong and robust oversight"), the 2025 letter as asked
    assert last.doc_id == "fv-bristol-2025-03-20"
    assert last.text == "Management oversight is strong and provides guidance and direction to practitioners."
    hit = answer.hits[last.citation - 1]
    assert hit.doc_id == last.doc_id and hit.text.find(last.text) >= 0
    body = index.document(last.doc_id).text
    assert body[last.start:last.end] == last.text  # verbatim, its span in the letter
    assert sum(s.doc_id == "fv-bristol-2025-03-20" for s in answer.sentences) == 1


def test_not_for_a_year_asked_or_a_date_filter(index):
    from search.filters import Filters

    in_2018 = index.ask("What did inspectors say about management oversight in Bristol in 2018?")
    assert all(not s.doc_id.startswith("fv-bristol-2025") for s in in_2018.sentences)
    filtered = index.ask(QUESTION, filters=Filters.parse(until="2019"))
    assert all(s.doc_id in ("jtai-bristol-2017-12-01", "ilacs-bristol-2018-10-22") for s in filtered.sentences)
