"""A list question asking which councils have something in excess gets no row from a sentence saying it
was lessened: "Which councils rely too much on agency social workers?" (and "... are heavily reliant on
agency staff?") listed Brent ("... a more stable workforce and is less reliant on temporary agency staff")
and Darlington ("The local authority now has fewer vacancies, is less reliant on agency staff ...") on the
full index. Real letters, the real model: those two, Bexley 2025 ("The reliance on agency staff has
reduced"), and letters that truly say "heavily reliant" (Tameside 2024, Bradford 2021) or "heavy/high
reliance" (Sunderland 2015, Leicester 2017: "reliance" is the topic's "reliant", list_quotes.synonym_aliases).
Those found 9 councils for each question on the full index (from 11), with the synonyms 12 and 16."""
from __future__ import annotations

import pytest

from corpus_slice import open_slice_index
from indexer.keywords import keyword_tokens
from search.list_denial import reduces_topic, reduction_terms

RELIANT = {"ilacs-tameside-2024-02-13": "Tameside",  # "Despite this, the service is heavily reliant on agency staff."
           "fv-bradford-2021-02-12": "Bradford"}  # "... the service remains heavily reliant on agency social workers."
# the same in other words of the synonym group (search/data/synonyms.json), which the topic's search does not add
RELIANCE = {"sif-sunderland-2015-07-20": "Sunderland",  # "... caused by heavy reliance on agency staff and interim ..."
            "sif-leicester-2017-09-04": "Leicester"}  # "However, there is still high reliance on agency staff, ..."
LESS_RELIANT = {"sif-brent-2015-11-30": "Brent", "sif-darlington-2018-05-21": "Darlington",
                "fv-bexley-2025-03-14": "Bexley",
                "fv-stockport-2024-02-28": "Stockport",  # "As a result, the reliance on agency staff is comparatively low."
                "ilacs-bristol-2018-10-22": "Bristol"}  # "The rate of staff turnover has fallen, as has the ... reliance ..."
REDUCED = ("less reliant", "reliance on agency staff has reduced", "reduced its reliance", "comparatively low",
           "as has the local authority’s reliance")


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "reduction", (*RELIANT, *RELIANCE, *LESS_RELIANT))


@pytest.mark.parametrize("question", ["Which councils rely too much on agency social workers?",
                                      "Which councils are heavily reliant on agency staff?"])
def test_less_reliant_is_no_row_for_too_reliant(index, question):
    answer = index.ask(question)
    said = {r.authority: " ".join(" ".join(s.text.split()) for s in r.sentences) for r in answer.rows}
    assert {*RELIANT.values(), *RELIANCE.values()} <= said.keys(), said
    assert "heavily reliant on agency staff" in said["Tameside"]
    assert "heavily reliant on agency social workers" in said["Bradford"]
    assert "heavy reliance on agency staff" in said["Sunderland"]
    assert "still high reliance on agency staff" in said["Leicester"]
    if "too much" in question:  # on this small slice, "heavily reliant" also finds Brent's "agency staff made up 33%"
        assert said.keys() == {*RELIANT.values(), *RELIANCE.values()}, said
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
    ("As a result, the reliance on agency staff is comparatively low.", True),  # Stockport 2024
    ("The rate of staff turnover has fallen, as has the local authority’s reliance on agency workers.", True),  # Bristol
    ("The workforce strategy is comprehensive and ambitious and has been effective in reducing a previous heavy "
     "reliance on agency staff.", True),  # Sutton
    ("The reliance on agency staff is being reduced, but the local authority has made a positive decision to invest "
     "in agency staff where necessary.", True),  # Buckinghamshire
    ("There has been a reduction in the number of social work vacancies and reliance on agency staff through "
     "implementation of a revised recruitment and retention strategy.", True),  # Warrington 2018
    ("However, there is still high reliance on agency staff, particularly in the single assessment teams.", False),
    ("The local authority is working hard to reduce its dependency on agency staff, and some agency staff told "
     "inspectors that they are considering contracts.", False),  # Halton: an intention, still dependent
])
def test_sentences_saying_the_head_word_was_lessened(sentence, reduced):
    head, objects = reduction_terms(TOO_MUCH, None, frozenset(keyword_tokens("rely reliant")), AGENCY_TERMS)
    assert reduces_topic(sentence, head, objects) is reduced


def test_a_one_word_synonym_stands_for_the_topic_term():
    from search.list_quotes import synonym_aliases

    aliases = synonym_aliases({"reliant": 6.1, "agency": 1.4, "staf": 1.8})
    assert aliases["reliance"] == aliases["rely"] == aliases["dependent"] == "reliant"
    assert "reliant" not in aliases and "agency" not in aliases
