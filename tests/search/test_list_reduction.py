"""A list question asking which councils have something in excess gets no row from a sentence saying it
was lessened: "Which councils rely too much on agency social workers?" (and "... are heavily reliant on
agency staff?") listed Brent ("... a more stable workforce and is less reliant on temporary agency staff")
and Darlington ("The local authority now has fewer vacancies, is less reliant on agency staff ...") on the
full index. Real letters, the real model: those two, Bexley 2025 ("The reliance on agency staff has
reduced"), and two letters that truly say "heavily reliant" (Tameside 2024, Bradford 2021)."""
from __future__ import annotations

import pytest

from corpus_slice import open_slice_index
from indexer.keywords import keyword_tokens
from search.list_denial import reduces_topic, reduction_terms

RELIANT = {"ilacs-tameside-2024-02-13": "Tameside",  # "Despite this, the service is heavily reliant on agency staff."
           "fv-bradford-2021-02-12": "Bradford"}  # "... the service remains heavily reliant on agency social workers."
LESS_RELIANT = {"sif-brent-2015-11-30": "Brent", "sif-darlington-2018-05-21": "Darlington",
                "fv-bexley-2025-03-14": "Bexley"}
REDUCED = ("less reliant", "reliance on agency staff has reduced", "reduced its reliance")


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "reduction", (*RELIANT, *LESS_RELIANT))


@pytest.mark.parametrize("question", ["Which councils rely too much on agency social workers?",
                                      "Which councils are heavily reliant on agency staff?"])
def test_less_reliant_is_no_row_for_too_reliant(index, question):
    answer = index.ask(question)
    said = {r.authority: " ".join(" ".join(s.text.split()) for s in r.sentences) for r in answer.rows}
    assert set(RELIANT.values()) <= said.keys(), said
    assert "heavily reliant on agency staff" in said["Tameside"]
    assert "heavily reliant on agency social workers" in said["Bradford"]
    if "too much" in question:  # on this small slice, "heavily reliant" also finds Brent's "agency staff made up 33%"
        assert said.keys() == set(RELIANT.values()), said
    for sentence in answer.sentences:
        assert not any(r in sentence.text.lower() for r in REDUCED), sentence.text


def test_a_question_asking_for_less_keeps_the_reductions(index):
    answer = index.ask("Which councils have reduced their reliance on agency staff?")
    quoted = {r.authority: " ".join(s.text for s in r.sentences) for r in answer.rows}
    assert {"Brent", "Darlington"} <= quoted.keys(), quoted
    assert "less reliant on agency staff" in quoted["Darlington"]


TOO_MUCH = "rely too much on agency social workers?"
AGENCY_TERMS = frozenset(keyword_tokens("rely agency social worker reliant locum"))


def test_the_head_word_and_its_synonyms():
    head, objects = reduction_terms(TOO_MUCH, None, frozenset(keyword_tokens("rely reliant")), AGENCY_TERMS)
    assert {"rely", "reliant", "reliance", "dependent"} <= head
    assert "agency" in objects and not head & objects
    # the question itself asks for less, or for an absence, or for praise: no reduction is a denial
    for topic, polarity in (("reduced their reliance on agency staff?", None), ("low caseloads?", None),
                            ("no reliance on agency staff?", None), ("rely on agency staff?", "positive")):
        assert reduction_terms(topic, polarity, frozenset(keyword_tokens("reliance reliant rely caseloads")),
                               AGENCY_TERMS) == (frozenset(), frozenset())


@pytest.mark.parametrize("sentence, reduced", [
    ("The local authority now has fewer vacancies, is less reliant on agency staff and is starting to attract "
     "experienced social workers.", True),  # Darlington 2018
    ("The local authority has also been successful in ensuring that it has a more stable workforce and is less "
     "reliant on temporary agency staff.", True),  # Brent 2015
    ("The reliance on agency staff has reduced, allowing consistency and stability for children.", True),  # Bexley
    ("there is an increased percentage of staff who are full time and the borough has reduced its reliance on "
     "agency social workers.", True),  # Brent
    ("Although significant success has been achieved in reducing reliance on agency social workers, challenges "
     "remain.", True),
    ("Despite this, the service is heavily reliant on agency staff.", False),  # Tameside 2024
    ("In addition the authority have been heavily reliant on agency and interim workers to cover vacancies and "
     "although this is reducing several temporary staff are still in post.", False),  # Medway 2013
    ("As a result, the council has yet to achieve the target of reducing their reliance on temporary staff to 10% "
     "of the workforce.", False),  # an intention: still reliant
    ("The local authority is working to reduce reliance on agency staff.", False),
    ("There is less reliance on parental self-reporting, and the service remains reliant on agency staff.", False),
])
def test_sentences_saying_the_head_word_was_lessened(sentence, reduced):
    head, objects = reduction_terms(TOO_MUCH, None, frozenset(keyword_tokens("rely reliant")), AGENCY_TERMS)
    assert reduces_topic(sentence, head, objects) is reduced
