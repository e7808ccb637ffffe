"""What a list answer's sentence must hold (search/list_quotes.py, list_answer.topic_weights), on real letters
with the real model.

"Which councils rely too much on agency social workers?" listed 56 councils on the full index, about 6 of
them for agency staff: "much" counted as a topic word ("Leaders recognise that there is much more to do"),
"agency" counted alone ("multi-agency information", "other agencies"), and "rely" alone was enough
("Some social workers rely too much on parental self-reporting"). Words of degree now weigh nothing, and a
concept the topic names in several words ("agency social workers") must be carried by one of its phrases
or one-word synonyms ("locum staff", "agency staffing"), not by its modifier alone: 3 councils, each about
agency or locum staff.

"Which councils had no areas for priority action?" listed Blackburn with Darwen for "Neither does it
identify priorities or actions for improvement." (a plan's priorities and its actions, two things named
together, not the term "priority action"): a term's words joined by "and" or "or" alone are no term."""
from __future__ import annotations

import pytest

from corpus_slice import open_slice_index
from indexer.keywords import keyword_tokens
from search.list_answer import DEGREE_WORDS, GENERIC_WORDS
from search.list_quotes import carries_concept, holds_compound, term_tokens, topic_concepts

AGENCY = {"sif-lambeth-2015-05-12": "Lambeth",  # "All levels in the organisation rely too much on locum staff."
          "sif-waltham-forest-2015-01-20": "Waltham Forest",  # "... the authority relies heavily on agency staffing ..."
          # "Despite this, the service is heavily reliant on agency staff." (reliant: a synonym of rely, synonyms.json)
          "ilacs-tameside-2024-02-13": "Tameside"}
NOT_AGENCY = ("fv-northumberland-2018-03-01",  # "Some social workers rely too much on parental self-reporting ..."
              "ilacs-north-somerset-2020-06-10",  # "... relies too heavily on police information ... multi-agency information."
              "ilacs-reading-2024-07-12",  # "Leaders recognise that there is much more to do."
              "sif-newcastle-upon-tyne-2017-07-07",  # "... social workers and other agencies are relying too much on parents ..."
              "jtai-torbay-2024-01-30")  # "Both the ICB and Devon and Cornwall Police rely on data ..."
NO_PRIORITY_ACTIONS = {"sif-staffordshire-2014-03-21": "Staffordshire",  # "did not find any areas for priority ..."
                       "fv-warrington-2018-02-23": "Warrington"}  # "There are no priority actions following this focused visit."
BLACKBURN = "fv-blackburn-with-darwen-2018-11-30"  # "Neither does it identify priorities or actions for improvement."


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "list-concepts", (*AGENCY, *NOT_AGENCY, *NO_PRIORITY_ACTIONS, BLACKBURN))


def test_agency_social_workers_are_carried_by_the_concept_not_by_rely_much_or_multi_agency(index):
    answer = index.ask("Which councils rely too much on agency social workers?")
    assert sorted(r.authority for r in answer.rows) == sorted(AGENCY.values())
    said = {r.authority: " ".join(r.sentences[0].text.split()) for r in answer.rows}
    assert said["Lambeth"] == "All levels in the organisation rely too much on locum staff."
    assert "relies heavily on agency staffing" in said["Waltham Forest"]
    tameside = [" ".join(s.text.split()) for r in answer.rows if r.authority == "Tameside" for s in r.sentences]
    assert "Despite this, the service is heavily reliant on agency staff." in tameside  # with its "over-reliance on ..."
    assert answer.message.split(";")[0] == "3 councils, 3 letters"  # then whether the search was cut off


def test_a_plans_priorities_or_actions_are_no_absence_of_areas_for_priority_action(index):
    answer = index.ask("Which councils had no areas for priority action?")
    assert sorted(r.authority for r in answer.rows) == sorted(NO_PRIORITY_ACTIONS.values())
    assert all(BLACKBURN not in r.doc_ids for r in answer.rows)
    text = index.document(BLACKBURN).text
    assert "Neither does it identify priorities or actions for improvement." in " ".join(text.split())


def test_words_of_degree_weigh_nothing():
    assert {"much", "heavily"} <= DEGREE_WORDS
    assert not DEGREE_WORDS & set(keyword_tokens("agency social workers locum rely caseloads"))


@pytest.mark.parametrize("topic, own", [
    ("rely too much on agency social workers?", ("agency", "social", "worker")),
    ("weak management oversight?", ("management", "oversight")),
    ("delays in the public law outline?", ("public", "law", "outline")),  # synonym group and glossary entry: one
    ("high caseloads for social workers?", None),  # "social workers": a field word's modifier, no concept to require
    ("free prescriptions for care leavers?", None),
])
def test_the_concepts_a_topic_names(topic, own):
    found = topic_concepts(topic, frozenset(keyword_tokens(topic)) & GENERIC_WORDS)
    assert [c.own for c in found] == ([own] if own else [])


@pytest.mark.parametrize("sentence, carried", [
    ("All levels in the organisation rely too much on locum staff.", True),
    ("the authority relies heavily on agency staffing", True),
    ("a reliance on interim staff", True),
    ("relies too heavily on police information and is not fully informed by multi-agency information", False),
    ("social workers and other agencies are relying too much on parents self-reporting", False),
    ("practitioners rely too much on parental self-reporting", False),  # another group's synonym of "social workers"
])
def test_a_sentence_carries_agency_social_workers(sentence, carried):
    concepts = topic_concepts("rely too much on agency social workers?", frozenset(keyword_tokens("social workers")))
    assert carries_concept(keyword_tokens(sentence), concepts) is carried
    assert carries_concept(keyword_tokens(sentence), ())  # no concept asked: nothing to carry


@pytest.mark.parametrize("sentence, held", [
    ("There are no areas for priority and immediate action.", True),
    ("There are no areas for priority or immediate action.", True),
    ("There are no priority actions following this focused visit.", True),
    ("Neither does it identify priorities or actions for improvement.", False),
    ("The plan sets out priorities and actions.", False),
    ("Actions are listed in order of priority.", False),
])
def test_a_term_is_not_its_words_named_together(sentence, held):
    assert holds_compound(term_tokens(sentence), ("priority", "action")) is held
