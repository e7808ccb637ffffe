"""Misspelt council names in questions and filters (search/council_spelling.py), on the real data:
indexer/data/authorities.csv, the letters' vocabulary and pyspellchecker's English word list. A
misspelling of exactly one council is read as that council; real words, short words, ordinary
misspellings and ties are left alone, and no question of the shipped question sets changes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from search.council_spelling import council_corrections, suggest_council
from search.spelling import corrected_question, correction_note
from search.query import analyse

QUESTIONS = Path(__file__).resolve().parents[2] / "eval" / "questions"


def corrected(question: str) -> tuple[str, tuple[str, ...]]:
    """(the question as corrected, the councils search.query recognises in it)."""
    text = corrected_question(question, council_corrections(question))
    return text, analyse(text).authorities


@pytest.mark.parametrize("question, typed, council", [
    ("What did inspectors say about agency staff in Tamesid?", "Tamesid", "Tameside"),
    ("How long did children wait at the front door in Mertn?", "Mertn", "Merton"),
    ("How was Hertfordshir graded in its last inspection?", "Hertfordshir", "Hertfordshire"),
    ("Were care leavers in Bromly given personal advisers?", "Bromly", "Bromley"),
    ("what did the focused visit say about wiltsire", "wiltsire", "Wiltshire"),
    ("Agency social workers in Milton Keyns", "Milton Keyns", "Milton Keynes"),  # a run of words
    ("Was Brighten and Hove judged good?", "Brighten and Hove", "Brighton and Hove"),  # "brighten" is a word
    ("Tamesid's chronologies", "Tamesid", "Tameside"),  # a possessive
])
def test_a_misspelt_council_is_read_as_that_council(question, typed, council):
    assert analyse(question).authorities == ()  # the fault: no council recognised
    [found] = council_corrections(question)
    assert (found.typed, found.council) == (typed, council)
    assert question[found.start:found.end] == typed
    text, councils = corrected(question)
    assert councils == (council,) and text == question.replace(typed, council)
    assert correction_note([found]) == f'Showing results for {council} (the question says "{typed}").'


def test_several_misspellings_make_one_note():
    question = "Compare agency staff in Tamesid and Mertn"
    corrections = council_corrections(question)
    assert [c.council for c in corrections] == ["Tameside", "Merton"]
    assert corrected(question)[1] == ("Tameside", "Merton")
    assert correction_note(corrections) == \
        'Showing results for Tameside and Merton (the question says "Tamesid" and "Mertn").'


@pytest.mark.parametrize("question", [
    "What did inspectors say about agency staff in Tameside?",  # spelt right: nothing to correct
    "Which councils in Bury used agency staff?",  # a council and a word: recognised as before
    "Did leaders brighten the outlook for care leavers?",  # a word of English 0.875 from Brighton
    "Were children stealing from shops?",  # Ealing inside a word
    "How did social workers respond to a stroke?",  # Stoke(-on-Trent)
    "Were inspectors hovering over the front door?",  # Havering
    "Was the surey of children's views useful?",  # a misspelling one edit from 'survey' (Surrey)
    "Did managers check the chronolgies in Tameside?",  # an ordinary misspelling, no council near
    "Did the council in Hul or Brnt use agency staff?",  # under five letters
    "readng ages of care leavers",  # Reading is a word: only capitalised, as recognition requires
    "What did inspectors say about Herfordshire?",  # as close to Herefordshire as to Hertfordshire
])
def test_words_that_are_no_misspelt_council_are_left_alone(question):
    before = analyse(question).authorities
    assert council_corrections(question) == ()
    assert corrected(question) == (question, before)


def test_a_capitalised_misspelling_of_an_everyday_council_name_is_read():
    assert corrected("Readng care leavers")[1] == ("Reading",)


def test_no_question_of_the_question_sets_changes_its_councils():
    questions = [json.loads(line)["question"] for path in sorted(QUESTIONS.glob("*.jsonl"))
                 for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(questions) >= 272
    changed = [q for q in questions if corrected(q)[1] != analyse(q).authorities]
    assert changed == []
    assert [q for q in questions if council_corrections(q)] == []  # 0 of 272 corrected at all


@pytest.mark.parametrize("value, meant", [
    ("Tamesid", "Tameside"), ("tamesid council", "Tameside"), ("Hertfordshir", "Hertfordshire"),
    ("Tameside", None),  # a council's name
    ("Atlantis", None), ("Brnt", None),  # close to none; too short
    ("Herfordshire", None),  # two councils equally close
])
def test_suggest_council_names_the_one_council_a_filter_value_is_close_to(value, meant):
    assert suggest_council(value) == meant


def test_an_index_own_council_can_be_misspelt_too():
    assert council_corrections("agency staff in Wexbrige") == ()
    [found] = council_corrections("agency staff in Wexbrige", own=["Wexbridge"])
    assert found.council == "Wexbridge" and suggest_council("Wexbrige", own=["Wexbridge"]) == "Wexbridge"
