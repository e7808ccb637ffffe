"""A list question that asks for a negative finding ("which councils were told their chronologies
were poor?") gets a row only where a sentence carries the topic (chronologies) and judges it
negatively; a letter that praises its chronologies, or says "poor" about something else, gets
none. Real focused-visit letters, the real model."""
from __future__ import annotations

import pytest

from corpus_slice import open_slice_index
from search.list_polarity import asked_polarity, clause_polarity, states_polarity

# letters that find chronologies wanting ("Chronologies are poor.", "... are weak.", "... not being used effectively")
CRITICISED = {"fv-bury-2018-08-17": "Bury", "fv-south-gloucestershire-2021-12-14": "South Gloucestershire",
              "fv-luton-2018-07-05": "Luton"}
# letters that praise them ("Case summaries and chronologies are a strength.", "effective chronologies"),
# Knowsley and Northumberland saying "poor" about other things
PRAISED = {"fv-knowsley-2018-11-22": "Knowsley", "fv-walsall-2019-12-18": "Walsall"}
NEUTRAL = {"fv-rochdale-2019-02-01": "Rochdale", "fv-northumberland-2018-03-01": "Northumberland"}


@pytest.fixture(scope="module")
def polarity_index(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "polarity", (*CRITICISED, *PRAISED, *NEUTRAL))


def test_councils_told_their_chronologies_were_poor(polarity_index):
    answer = polarity_index.ask("Which councils were told their chronologies were poor?")
    assert {r.authority for r in answer.rows} == set(CRITICISED.values())
    for sentence in answer.sentences:
        assert "chronolog" in sentence.text.lower()  # every quote carries the topic
        assert polarity_index.document(sentence.doc_id).text[sentence.start:sentence.end] == sentence.text
    bury = next(r for r in answer.rows if r.authority == "Bury")
    assert [s.text for s in bury.sentences][0] == "Chronologies are poor."
    assert "Audits have focused on, for example, chronologies and case summaries." not in [s.text for s in bury.sentences]
    assert answer.rows[0].sentences[0].text.lower().count("poor") or "weak" in answer.rows[0].sentences[0].text


def test_councils_praised_for_their_chronologies(polarity_index):
    answer = polarity_index.ask("Which councils were praised for their chronologies?")
    councils = {r.authority for r in answer.rows}
    assert set(PRAISED.values()) <= councils
    assert not councils & set(CRITICISED.values())


def test_a_question_without_a_judgement_keeps_every_mention(polarity_index):
    answer = polarity_index.ask("Which letters mention chronologies?")
    councils = {r.authority for r in answer.rows}
    assert set(CRITICISED.values()) | set(PRAISED.values()) <= councils


@pytest.mark.parametrize("question, polarity", [
    ("which councils were told their chronologies were poor?", "negative"),
    ("Which councils were criticised for weak management oversight?", "negative"),
    ("Which letters say plans are not good enough?", "negative"),
    ("Which councils were praised for their chronologies?", "positive"),
    ("Which letters mention Kooth?", None),
    ("Which letters mention Makaton, whether used to communicate with disabled children or noted as a training gap?", None),
])
def test_the_polarity_a_question_asks_for(question, polarity):
    assert asked_polarity(question) == polarity


def test_clause_polarity_on_sentences_from_the_letters():
    """Sentences quoted from real letters (the full index's answer to the chronologies question)."""
    def topic(clause: str) -> bool:
        return "chronolog" in clause.lower()

    negative = ["Chronologies are not used effectively, risks are not always fully considered and contingency "
                "planning is poor.",
                "Case files contain chronologies, but they vary in quality.",
                "The quality of record keeping is variable and often poor across all the social work teams with, for "
                "example, little use of chronologies to gain understanding of historical factors."]
    not_negative = ["However, chronologies submitted to court are of good quality.",
                    "The quality of chronologies has also improved.",
                    "Shortfalls in the completion of social work chronologies, identified in audits in the summer of "
                    "2013, have been addressed, with inspectors seeing good examples of chronologies and their use in "
                    "assessment.",
                    "There are significant weaknesses in management oversight with a legacy of infrequent and poor "
                    "supervision of social work staff."]  # "poor", but not about chronologies
    assert all(states_polarity(s, "negative", topic) for s in negative)
    assert not any(states_polarity(s, "negative", topic) for s in not_negative)
    assert states_polarity("However, chronologies submitted to court are of good quality.", "positive", topic)
    assert not states_polarity("Written chronologies, although up to date, are variable in quality.", "positive", topic)
    assert clause_polarity("Case files contain chronologies") is None


@pytest.mark.parametrize("doc_id, sentence, negative", [
    # children who go missing are the topic, not a shortfall (newcomer report: both were listed as
    # councils "told their return home interviews were not good enough")
    ("ilacs-bristol-2018-10-22", "promptly offered a return home interview (RHI).", False),
    ("sif-east-riding-of-yorkshire-2017-02-13", "All children who go missing are offered a return home interview", False),
    # missing as a shortfall
    (None, "Some important events in children’s lives are missing from chronologies.", True),
])
def test_missing_children_are_a_topic_missing_records_a_shortfall(doc_id, sentence, negative):
    from corpus_slice import CORPUS

    if doc_id is not None:
        text = (CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8")
        at = text.index(sentence)
        start = max(text.rfind(". ", 0, at) + 2, text.rfind("\n", 0, at) + 1)
        sentence = text[start:text.index(".", at + len(sentence) - 1) + 1]
        assert "missing" in sentence
    assert (clause_polarity(sentence) == "negative") is negative, sentence


def test_concerns_about_a_child_are_not_a_finding_against_the_practice():
    """A child's "concerns" (what social workers worry about) are no criticism: Reading 2024's
    "Chronologies of missing episodes enable workers to gain a clear overview of concerns." was a
    row of "which councils were told their chronologies were poor?" (newcomer report), as
    "Pre-proceedings letters tell parents what the concerns are ..." was of a list about poor
    pre-proceedings letters. Inspectors' concerns still are."""
    assert clause_polarity("Chronologies of missing episodes enable workers to gain a clear overview of concerns") == "positive"
    assert clause_polarity("Pre-proceedings letters tell parents what the concerns are") != "negative"
    assert clause_polarity("Inspectors have serious concerns about the quality of chronologies") == "negative"
    assert clause_polarity("Concerns remain about the timeliness of chronologies") == "negative"


def test_work_still_to_be_done_before_services_are_good_is_no_praise():
    """"list councils with good care leaver services" listed Rochdale 2014 for "The Council knows that
    much more needs to be done before services are good, especially improvements in services for
    cared for children and care leavers." (newcomer report)."""
    assert clause_polarity("The Council knows that much more needs to be done before services are good") == "negative"
    assert clause_polarity("Services for care leavers are good") == "positive"
    assert clause_polarity("Further work remains to be done to ensure that care leavers live in suitable homes") == "negative"
