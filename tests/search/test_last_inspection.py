"""When a council was last inspected: the dates its latest letter states, quoted verbatim."""
from __future__ import annotations

import pytest

from corpus_slice import CORPUS, open_slice_index
from indexer.load import load_document
from search.last_inspection import asks_when_inspected, dates_sentence

SANDWELL = ("ilacs-sandwell-2022-07-05", "ilacs-sandwell-2025-12-02", "fv-sandwell-2024-11-29", "fv-sandwell-2025-05-20",
            "send-sandwell-2023-09-12", "sif-sandwell-2015-06-05")


@pytest.fixture(scope="module")
def sandwell(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "sandwell-dates", SANDWELL)


def test_when_was_a_council_last_inspected_quotes_its_latest_dates(sandwell):
    """"When was Sandwell last inspected?" quoted "It assesses council children's services, and
    inspects services for children looked after ..." (boilerplate) on the full index, then declined:
    the latest letter's dates line is the answer."""
    answer = sandwell.ask("When was Sandwell last inspected?")
    assert answer.answered
    assert [s.text for s in answer.sentences] == ["Inspection dates: 13 to 24 October 2025"]
    sentence = answer.sentences[0]
    assert sentence.doc_id == "ilacs-sandwell-2025-12-02"
    assert sandwell.document(sentence.doc_id).text[sentence.start:sentence.end] == sentence.text
    assert answer.hits[0].doc_id == "ilacs-sandwell-2025-12-02"  # the passage holding it comes first


def test_dates_quoted_under_the_threshold_say_so(sandwell):
    """The dates line is quoted whatever the abstention model's confidence, as a judgement table's grade
    is: composed under a stricter operating point of the shipped model, it is the whole answer and the
    confidence line names the dates rule, not the grade's."""
    import dataclasses

    from search.abstain import abstention_model, confidence_label
    from search.answer import compose_answer

    question = "When was Sandwell last inspected?"
    strict = dataclasses.replace(abstention_model(), threshold=0.999)
    found = sandwell.searched(question, 10, "hybrid", None)
    answer = compose_answer(question, found.hits, sandwell.bm25, found.ctx, stated=found.stated, terms=found.terms,
                            units=sandwell.passage_units, named_docs=sandwell.documents_of(found.ctx.authorities),
                            model=strict)
    assert answer.answered and [s.text for s in answer.sentences] == ["Inspection dates: 13 to 24 October 2025"]
    assert answer.signals["quoted_by"] == "dates"
    assert confidence_label(answer, strict).text.endswith(
        "; quoted because the letter states what is asked: when its inspection took place")


def test_the_latest_visit_of_a_kind_named(sandwell):
    answer = sandwell.ask("When was Sandwell's latest focused visit?")
    assert answer.answered
    assert answer.sentences[0].doc_id == "fv-sandwell-2025-05-20"
    # the sentence that states the dates, not the title line set above it
    assert answer.sentences[0].text == ("This letter summarises the findings of the focused visit to Sandwell "
                                        "children’s services on 15 and 16 April 2025.")


def test_what_the_last_inspection_said_is_not_a_dates_question(sandwell):
    question = "When did the last inspection say Sandwell's caseloads were too high?"
    assert not asks_when_inspected(question)
    assert asks_when_inspected("When did Ofsted last visit Sandwell?")
    assert asks_when_inspected("What are the dates of Sandwell's most recent inspection?")
    assert asks_when_inspected("When was the last Ofsted inspection of Sandwell?")
    # a grade or a report, not the dates (review: both read as dates questions)
    assert not asks_when_inspected("When did Sandwell last improve its inspection grade?")
    assert not asks_when_inspected("When were the latest inspection findings for Sandwell published?")
    answer = sandwell.ask(question)
    assert not any(s.text.startswith("Inspection dates") for s in answer.sentences)


@pytest.mark.parametrize("doc_id, quoted", [
    ("fv-doncaster-2021-04-09", "This letter summarises the findings of a focused visit on 23 and 24 February 2021 to\n"
     "Doncaster Metropolitan Borough Council children’s services (the council) that have delegated their children’s "
     "social care statutory functions to the Doncaster Children’s\nServices Trust (the trust)."),
    ("fv-barnsley-2024-12-05", "This letter summarises the findings of the focused visit to Barnsley Metropolitan\n"
     "Borough Council children’s services on 5 and 6 November 2024."),
    ("jtai-bradford-2017-04-21", "Between 27 February and 3 March 2017, Ofsted, the Care Quality Commission (CQC), HMI "
     "Constabulary (HMIC) and HMI Probation (HMI Prob) undertook a joint inspection of the multi-agency response to "
     "abuse and neglect in Bradford."),
    ("sif-sandwell-2015-06-05", "Inspection date: 27 January 2015 – 19 February 2015"),
    ("send-bexley-2024-02-23", "Inspection dates:\n\n4 December 2023 to 8 December 2023"),
])
def test_the_dates_statement_of_each_kind_of_letter(doc_id, quoted):
    # a sentence wrapped over lines is quoted whole (not from the line holding the place name), a
    # title block's dates line to its end with its label, a JTAI sentence to its full stop before a
    # footnote's number ("in Bradford.1 This inspection ...")
    text = load_document(CORPUS / f"{doc_id}.txt")[0].text
    start, end = dates_sentence(text)
    assert text[start:end] == quoted


def test_when_was_a_visit_without_last_is_its_latest_or_the_years(sandwell):
    """Newcomer: "When was Tameside's focused visit?" (no "latest") quoted sentences with no date at
    0.91; the latest visit's dates answer it, and a year named picks that year's."""
    answer = sandwell.ask("When was Sandwell's focused visit?")
    assert answer.answered and answer.sentences[0].doc_id == "fv-sandwell-2025-05-20"
    assert "15 and 16 April 2025" in answer.sentences[0].text
    answer = sandwell.ask("When was Sandwell's 2024 focused visit?")
    assert answer.answered and answer.sentences[0].doc_id == "fv-sandwell-2024-11-29"
    assert "30 and 31 October 2024" in answer.sentences[0].text
    assert asks_when_inspected("When did inspectors visit Sandwell?")
    assert asks_when_inspected("When was Sandwell inspected?")
    assert not asks_when_inspected("When did social workers visit children in Sandwell?")
