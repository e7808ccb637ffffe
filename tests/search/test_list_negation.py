"""A list question asking which councils had something gets no row from a sentence that denies it:
"The inspection did not find any areas for priority and immediate action" (newcomer report: Newham,
Liverpool, Barnsley, Lincolnshire ... listed for "Which councils had areas for priority action?").
Real letters, the real model: four SIF reviews that found none, two focused visits that set them.
And the other way round: "Which councils had no areas for priority action?" keeps only the sentences
saying there were none (it listed 43 councils, Halton's "We have notified the Department for
Education of the areas for priority action" among them), and not "There are no additional priority
actions" (Nottingham 2021: the priority actions set before remain)."""
from __future__ import annotations

import re

import pytest

from corpus_slice import open_slice_index
from indexer.keywords import keyword_tokens
from search.list_denial import asked_absence, denied_terms, denies_topic, states_absence

DENIED = {"sif-newham-2014-08-08": "Newham", "sif-liverpool-2014-07-18": "Liverpool",
          "sif-barnsley-2014-08-08": "Barnsley", "sif-lincolnshire-2015-01-06": "Lincolnshire",
          "sif-staffordshire-2014-03-21": "Staffordshire"}
FOUND = {"fv-tameside-2022-06-06": "Tameside", "fv-stockton-on-tees-2022-10-26": "Stockton-on-Tees",
         "fv-halton-2021-11-17": "Halton"}
NONE_AFTER_VISIT = {"fv-warrington-2018-02-23": "Warrington"}  # "There are no priority actions following this focused visit."
# "The areas for priority action set at the last focused visit in February 2020 remain. There are no additional
# priority actions.": it had them, so it is no row for "... had no areas for priority action?" (it was one)
MORE_DENIED = {"fv-nottingham-2021-08-09": "Nottingham"}
DENIALS = ("did not find any areas for priority", "no areas for priority", "no areas of priority")


@pytest.fixture(scope="module")
def negation_index(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "negation", (*DENIED, *FOUND, *NONE_AFTER_VISIT, *MORE_DENIED))


def test_a_denial_is_not_a_row(negation_index):
    answer = negation_index.ask("Which councils had areas for priority action?")
    councils = {r.authority for r in answer.rows}
    assert set(FOUND.values()) <= councils
    # Newham's, Liverpool's, Barnsley's and Lincolnshire's letters may still be rows for other sentences on
    # priorities (on this small slice), but never for the sentence saying there were none
    for sentence in answer.sentences:
        assert not any(d in " ".join(sentence.text.lower().split()) for d in DENIALS), sentence.text
    # nor for a run of headings that ends with the section's name (second newcomer: Staffordshire's
    # "... The effectiveness of the LSCB is good\nPriority and immediate action", before "100. The
    # inspection did not find any areas for priority and immediate action.")
    assert not any(s.text.rstrip().endswith("Priority and immediate action") for s in answer.sentences)


def test_a_question_asking_for_the_absence_keeps_the_denials(negation_index):
    answer = negation_index.ask("Which councils had no areas for priority action?")
    quoted = " ".join(" ".join(s.text.lower().split()) for s in answer.sentences)
    assert any(d in quoted for d in DENIALS)


@pytest.mark.parametrize("question", [
    "Which councils had no areas for priority action?",
    "Which councils did not have any areas for priority action?",
    "Which councils have never had areas for priority action?",
    "Which councils were without areas for priority action?",
])
def test_a_question_asking_for_the_absence_keeps_only_the_denials(negation_index, question):
    answer = negation_index.ask(question)
    councils = {r.authority for r in answer.rows}
    assert councils == {*DENIED.values(), *NONE_AFTER_VISIT.values()}, councils  # not Tameside, Stockton, Halton, Nottingham
    for sentence in answer.sentences:
        assert states_absence(sentence.text, PRIORITY), sentence.text
    # the summary line says what was asked
    assert answer.message.endswith("areas for priority action") and "absence" in answer.message, answer.message


PRIORITY = frozenset(keyword_tokens("priority"))


@pytest.mark.parametrize("sentence, denies", [
    ("The inspection did not find any areas for priority and immediate action.", True),  # Liverpool, Barnsley
    ("There are no areas of priority and immediate action.", True),  # Newham
    ("There are no additional priority actions.", True),  # Nottingham
    ("There are no areas for priority or immediate action.", True),  # Sheffield, Lincolnshire
    ("We have notified the Department for Education of the areas for priority action.", False),  # Tameside
    ("The areas for priority action set at the last focused visit in February 2020 remain.", False),  # Nottingham
    ("In addition to addressing the two priority actions not resolved following the last focused visit, the local "
     "authority needs to take swift and decisive action", False),  # North East Lincolnshire: 'not' denies the verb
    ("There is no evidence that the work of the board has changed its priorities.", False),  # too far from the denial
])
def test_denials_on_sentences_from_the_letters(sentence, denies):
    assert denies_topic(sentence, PRIORITY) is denies


def test_which_terms_a_denial_takes_out():
    anchors = set(PRIORITY)
    assert denied_terms("areas for priority action?", None, anchors, frozenset()) == frozenset(anchors)
    assert denied_terms("no areas for priority action?", None, anchors, frozenset()) == frozenset()
    # a question asking for a shortfall: 'no chronologies' is a shortfall, 'no weaknesses' is not
    judged = frozenset(keyword_tokens("weaknesses"))
    assert denied_terms("serious weaknesses in chronologies?", "negative", set(keyword_tokens("chronologies")), judged) == judged
    assert not denies_topic("No weaknesses were found in No Wrong Door.", frozenset(keyword_tokens("wrong door")),
                            re.compile("No Wrong Door"))


@pytest.mark.parametrize("topic, asked", [
    ("no areas for priority action?", "no areas for priority action"),
    ("not have any areas for priority action?", "not have any areas for priority action"),
    ("never had areas for priority action?", "never had areas for priority action"),
    ("without areas for priority action?", "without areas for priority action"),
    ("areas for priority action?", ""),
    ("have not addressed their areas for priority action?", ""),  # 'not' denies the verb
])
def test_what_a_topic_asks_to_be_absent(topic, asked):
    assert asked_absence(topic, PRIORITY) == asked
    assert not asked_absence("use No Wrong Door?", frozenset(keyword_tokens("wrong door")),
                             re.compile("No Wrong Door", re.IGNORECASE))


@pytest.mark.parametrize("sentence, absent", [
    ("There are no priority actions following this focused visit.", True),  # Warrington
    ("Children were placed without priority action being taken.", True),
    ("We have notified the Department for Education of the areas for priority action.", False),  # Halton, Tameside
    ("As a result of this inspection, His Majesty’s Chief Inspector requires the local area partnership to prepare "
     "and submit a priority action plan (area SEND) to address the identified areas for priority action.", False),
    ("There are no additional priority actions.", False),  # Nottingham 2021: the earlier ones remain
    ("The inspection did not find any further areas for priority action.", False),
    ("There are no areas for priority or immediate action.", True),  # Sheffield, Lincolnshire
])
def test_sentences_stating_the_absence(sentence, absent):
    assert states_absence(sentence, PRIORITY) is absent
