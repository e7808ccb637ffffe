"""A list item is quoted for a question that names the heading it sits under: the items under
"Areas for priority action" are the areas for priority action, though their own words do not
say so (newcomer report: Shropshire's area for priority action was never quoted, only the
sentence "We have notified the Department for Education of the areas for priority action")."""
from __future__ import annotations

import pytest

from corpus_slice import CORPUS, open_slice_index

SHROPSHIRE, BRADFORD = "fv-shropshire-2024-01-12", "ilacs-bradford-2018-10-29"


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "scope", (SHROPSHIRE, BRADFORD))


def test_the_item_under_a_named_heading_is_quoted_first(index):
    letter = (CORPUS / f"{SHROPSHIRE}.txt").read_text(encoding="utf-8")
    heading = letter.index("Areas for priority action")
    item = letter.index("Weaknesses in child protection practice, which leave children at risk")
    assert heading < item and letter[heading:item].count("\n") == 1  # the item follows the heading line
    answer = index.ask("What was the area for priority action in Shropshire's November 2023 focused visit?")
    assert answer.answered
    assert answer.sentences[0].text.startswith("Weaknesses in child protection practice, which leave children at risk")
    assert "priority" not in answer.sentences[0].text.lower()


def test_items_after_a_lead_in_line_are_quoted(index):
    """Bradford's 2018 letter lists its improvements as bulleted lines under "What needs to improve:"."""
    letter = (CORPUS / f"{BRADFORD}.txt").read_text(encoding="utf-8")
    assert "What needs to improve:\n" in letter
    answer = index.ask("What needs to improve in Bradford according to the 2018 inspection?")
    assert answer.answered
    quoted = [s.text for s in answer.sentences]
    assert any(text.startswith("the identification and response to risk") for text in quoted), quoted


def test_a_letter_older_than_the_year_asked_about_is_not_quoted(tmp_path_factory):
    """"How many newly qualified social workers did Hampshire recruit in 2018?": Hampshire's 2014
    letter recommends protected caseloads for newly qualified social workers (NQSWs) and covers
    the question's words best, but a letter of 2014 cannot say what happened in 2018; the 2019
    letter's "During 2018, 90 newly qualified social workers were recruited" is quoted first
    (newcomer report: it came second, after the 2014 recommendation)."""
    index = open_slice_index(tmp_path_factory, "years", ("sif-hampshire-2014-04-22",
                                                         "ilacs-hampshire-2019-06-11"))
    question = "How many newly qualified social workers did Hampshire recruit in 2018?"
    hits = index.search(question, k=10)
    assert {h.doc_id for h in hits[:5]} == {"sif-hampshire-2014-04-22", "ilacs-hampshire-2019-06-11"}
    from corpus_slice import answer_at_any_confidence

    answer = answer_at_any_confidence(index, question)  # (no letter of 2018 in the slice: weak evidence)
    assert answer.answered
    assert answer.sentences[0].text.startswith("During 2018, 90 newly qualified social workers were recruited")
    assert all(s.doc_id == "ilacs-hampshire-2019-06-11" for s in answer.sentences)


def test_a_phrase_of_the_question_in_the_heading_a_sentence_sits_under(tmp_path_factory):
    """"What share of Barnsley care leavers ... were in work, training or education in 2018?": the
    2018 letter's answer, "only around half of all young people aged 19–21 are in EET", says "young
    people", not "care leavers", but sits under "The experiences and progress of children in care and care leavers: Good", so it
    holds the question's phrase as much as the sentences naming care leavers that outranked it (dev
    d032: it was not quoted, while "Several care leavers told inspectors that they had been well
    supported" was)."""
    barnsley = "ilacs-barnsley-2018-11-19"
    index = open_slice_index(tmp_path_factory, "heading-phrase", (barnsley, "fv-barnsley-2023-03-01"))
    letter = (CORPUS / f"{barnsley}.txt").read_text(encoding="utf-8")
    heading = letter.index("The experiences and progress of children in care and care leavers: Good")
    evidence = letter.index("only around half of all young people aged 19–21 are in EET")
    assert heading < evidence and "care leaver" not in letter[evidence - 30: evidence + 120]
    answer = index.ask("What share of Barnsley care leavers in their late teens and early twenties were in work, "
                       "training or education in 2018?")
    assert answer.answered
    quoted = [s.text for s in answer.sentences]
    assert any("only around half of all young people aged 19–21 are in EET" in text for text in quoted), quoted
    assert not any(text.startswith("Several care leavers told inspectors") for text in quoted), quoted


def test_a_four_word_sentence_that_answers_is_quoted(tmp_path_factory):
    """"What did Ofsted say about caseloads in Birmingham in 2019?": the 2019 letter says "Average
    caseloads have reduced." (four words), in the top passage; with five words the least a sentence
    could have, only the 2024 focused visit's caseload sentence was quoted (newcomer report)."""
    ilacs, fv = "ilacs-birmingham-2019-01-17", "fv-birmingham-2024-10-24"
    index = open_slice_index(tmp_path_factory, "four-words", (ilacs, fv))
    assert "Average caseloads have reduced." in (CORPUS / f"{ilacs}.txt").read_text(encoding="utf-8")
    answer = index.ask("What did Ofsted say about caseloads in Birmingham in 2019?")
    assert answer.answered
    quoted = [(s.doc_id, s.text) for s in answer.sentences]
    assert (ilacs, "Average caseloads have reduced.") in quoted, quoted
