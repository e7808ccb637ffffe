"""A list question about a term of art ("Which councils had areas for priority action?") is answered
by the sentences that state the term, not by any sentence holding one of its words, and a lead-in
ending in ":" is quoted with its first item (third newcomer: 42 rows, about 17 of them for
sentences on a board's "priorities" or "action plans", and rows quoting only "... the local
authority needs to take swift and decisive action to address the following areas of weakness in:").
Real letters, the real model."""
from __future__ import annotations

import re

import pytest

from corpus_slice import open_slice_index
from indexer.keywords import keyword_tokens
from search.list_answer import FRAME_WORDS
from search.list_quotes import holds_compound, is_lead_in, topic_compound, under_heading, with_first_item

QUESTION = "Which councils had areas for priority action?"
# letters that had areas for priority action, and the item each lead-in introduces
HAD = {"fv-north-somerset-2019-05-08": ("North Somerset", "all children requiring an assessment or service"),
       "jtai-sefton-2019-12-18": ("Sefton", "the mental health needs of children in the borough"),
       "fv-bournemouth-christchurch-poole-2020-11-27": ("Bournemouth, Christchurch and Poole",
                                                        "the arrangements for management oversight"),
       "fv-north-east-lincolnshire-2019-12-18": ("North East Lincolnshire",
                                                 "Visits to children proportionate to the level of risk and need."),
       # a short lead-in (64 characters, no full stop) is no title line
       "jtai-torbay-2024-01-30": ("Torbay", "The failure of senior leaders to have sufficient oversight"),
       "fv-tameside-2022-06-06": ("Tameside", None)}
# letters whose sentences hold "priority" or "action" but say nothing of areas for priority action
# (each was a row: "... aligned with the board's priorities", "key actions in order of priority",
# "Actions are methodically followed up ...", "Use this to determine LSCB priorities ...")
LOOSE = {"sif-lewisham-2016-01-20": "Lewisham", "sif-lambeth-2015-05-12": "Lambeth",
         "jtai-bracknell-forest-2019-03-08": "Bracknell Forest", "sif-isle-of-wight-2014-11-19": "Isle of Wight"}
STATES = re.compile(r"priority\W+(?:\w+\W+){0,2}?actions?\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def answer(tmp_path_factory):
    index = open_slice_index(tmp_path_factory, "priority", (*HAD, *LOOSE))
    return index, index.ask(QUESTION)


def test_rows_are_the_councils_whose_letters_state_the_term(answer):
    index, answer = answer
    councils = {row.authority for row in answer.rows}
    assert councils == {council for council, _ in HAD.values()}
    assert not councils & set(LOOSE.values())
    for sentence in answer.sentences:
        assert STATES.search(sentence.text), sentence.text  # the term, whole ("priority and immediate action" too)
        assert index.document(sentence.doc_id).text[sentence.start:sentence.end] == sentence.text
        hit = answer.hits[sentence.citation - 1]
        assert hit.doc_id == sentence.doc_id and hit.start <= sentence.start < sentence.end <= hit.end


def test_a_lead_in_is_quoted_with_its_first_item(answer):
    index, answer = answer
    assert not any(s.text.rstrip().endswith(":") for s in answer.sentences)
    for doc_id, (council, item) in HAD.items():
        if item is None:
            continue
        [row] = [row for row in answer.rows if row.authority == council]
        quote = next(s.text for s in row.sentences if s.doc_id == doc_id and ":" in s.text)
        lead_in, _, rest = quote.partition(":\n")
        assert rest.lstrip("◼ \n").startswith(item), quote
        assert "\n" not in rest.strip()  # the first item only
    # North Somerset's lead-in states no term: it is quoted from the heading above it
    [north_somerset] = [row for row in answer.rows if row.authority == "North Somerset"]
    assert north_somerset.sentences[0].text.startswith("Areas for priority action\nThe local authority needs to take "
                                                       "swift and decisive action to improve the following areas")


@pytest.mark.parametrize("topic, compound", [
    ("areas for priority action?", ("priority", "action")),
    ("hidden harm to children?", ("hidden", "harm")),  # "children": a generic field word
    ("delays in the front door?", ()),  # "delays" stands apart from "front door"
    ("free prescriptions for care leavers?", ()),
    ("chronologies?", ()),
])
def test_a_term_of_art_is_two_or_three_words_written_together(topic, compound):
    weights = {t: 1.0 for t in keyword_tokens(topic) if t not in FRAME_WORDS}  # as topic_weights: "areas" weighs 0
    assert topic_compound(topic, weights, frozenset(keyword_tokens("children care"))) == compound


@pytest.mark.parametrize("sentence, holds", [
    ("We have notified the DfE of the area(s) for priority action.", True),  # Durham
    ("The inspection did not find any areas for priority and immediate action.", True),  # a denial: denies_topic's
    ("Ensure that all child protection plans clearly identify key actions in order of priority.", False),  # Lambeth
    ("Streamline action planning and ensure that any actions undertaken are aligned with the board's priorities.", False),
])
def test_a_sentence_holds_the_term_in_order(sentence, holds):
    assert holds_compound(keyword_tokens(sentence), ("priority", "action")) is holds


def test_the_first_item_and_the_heading_come_from_the_same_passage():
    spans = [(0, 25, True), (26, 120, False), (123, 180, False), (181, 200, True)]
    assert with_first_item(spans, 1) == 180 and under_heading(spans, 1) == 0
    assert with_first_item(spans, 2) is None  # a heading follows: no item to quote
    assert with_first_item(spans, 3) is None and under_heading(spans, 2) == 123


@pytest.mark.parametrize("text, lead_in", [
    ("Priority action should be taken to address the following areas:", True),  # Torbay
    ("Inspection dates:", False),  # a label
    ("Area SEND inspection of Bexley Local Area\nPartnership\nInspection dates:", False),  # title lines
    ("The local authority has made progress.", False),
])
def test_what_a_lead_in_is(text, lead_in):
    assert is_lead_in(text) is lead_in
