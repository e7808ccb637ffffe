"""Overview questions ("What did the Wirral JTAI find?"): the headline findings of the letter meant,
quoted verbatim with citations, on a real corpus slice; the section rules on real letters."""
from __future__ import annotations

import dataclasses

import pytest

from corpus_slice import CORPUS, open_slice_index
from indexer.load import load_document
from search.abstain import abstention_model, confidence_label
from search.filters import Filters
from search.overview import asks_overview, headline_sentences
from search.query import analyse

LETTERS = ("jtai-wirral-2023-02-16", "ilacs-wirral-2019-07-29", "ilacs-wirral-2024-02-02", "fv-wirral-2024-10-17",
           "ilacs-leeds-2018-12-18", "fv-leeds-2018-02-22", "news-lgcplus-2018-12-19-leeds-outstanding-calderdale-good",
           "fv-tameside-2021-06-25", "ilacs-tameside-2019-07-01")
WIRRAL_JTAI_HEADLINE = ("Children and families in the Wirral are benefiting from a broad and generally wellcoordinated range "
                        "of family support and early help services that make a positive difference to their lives.")


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "overview", LETTERS)


def _verbatim(index, answer) -> None:
    """Every quoted sentence is its letter's text at its span, inside the passage it cites."""
    for sentence in answer.sentences:
        assert index.document(sentence.doc_id).text[sentence.start:sentence.end] == sentence.text
        hit = answer.hits[sentence.citation - 1]
        assert hit.doc_id == sentence.doc_id and hit.start <= sentence.start and sentence.end <= hit.end


def test_the_wirral_jtai_headline_findings(index):
    """Quoted only "Leaders have redesigned some services ..." (a minor sentence) on the full index."""
    answer = index.ask("What did the Wirral JTAI find?")
    assert answer.answered
    assert {s.doc_id for s in answer.sentences} == {"jtai-wirral-2023-02-16"}
    assert answer.sentences[0].text == WIRRAL_JTAI_HEADLINE
    assert answer.sentences[1].text.startswith("Strategic leaders from the police, health agencies")
    assert [s.start for s in answer.sentences] == sorted(s.start for s in answer.sentences)  # document order
    assert 2 <= len(answer.sentences) <= 4
    assert answer.confidence is not None and 0.0 < answer.confidence < 1.0
    _verbatim(index, answer)
    # quoted whatever the confidence, as a stated grade is, and the confidence line says why
    strict = dataclasses.replace(abstention_model(), threshold=0.99)
    assert "or its headline findings), and nothing else" in confidence_label(answer, strict).text


def test_an_ilacs_letter_grade_then_its_first_findings_of_the_year_named(index):
    answer = index.ask("What did the 2019 Wirral ILACS find?")
    assert answer.answered
    texts = [s.text for s in answer.sentences]
    assert " ".join(texts[0].split()) == "Overall effectiveness Requires improvement to be good"  # the judgement table entry
    assert texts[1] == ("The quality of services for children has improved in all areas since the last inspection in "
                        "2016, when services were judged to be inadequate overall.")
    assert {s.doc_id for s in answer.sentences} == {"ilacs-wirral-2019-07-29"}  # not the 2024 report
    _verbatim(index, answer)


def test_the_latest_letter_when_none_is_named(index):
    answer = index.ask("What did Ofsted find in Wirral?")
    assert answer.sentences[0].doc_id == "fv-wirral-2024-10-17"  # the latest visit (September 2024)
    assert answer.sentences[0].text.startswith("This was the first focused visit since the full inspection")
    summary = index.ask("Summarise Wirral's latest inspection")  # "inspection": the 2023 ILACS, not the later visit
    assert {s.doc_id for s in summary.sentences} == {"ilacs-wirral-2024-02-02"}


def test_a_year_and_month_named_and_news_articles_are_no_letters(index):
    # the news article of 19 December 2018 is later than the ILACS report of the 18th: the report is quoted
    answer = index.ask("What did Ofsted find in Leeds in 2018?")
    assert {s.doc_id for s in answer.sentences} == {"ilacs-leeds-2018-12-18"}
    assert answer.sentences[1].text.startswith("Children and families in Leeds are receiving a consistently good service")
    visit = index.ask("What did inspectors say about Leeds in January 2018?")
    assert {s.doc_id for s in visit.sentences} == {"fv-leeds-2018-02-22"}
    assert visit.sentences[0].text == "Most children are being cared for in stable family placements that meet their needs."
    _verbatim(index, visit)


def test_the_users_filters_choose_among_the_letters(index):
    answer = index.ask("What did inspectors say about Wirral?", filters=Filters.parse(kind="JTAI"))
    assert answer.sentences[0].text == WIRRAL_JTAI_HEADLINE
    answer = index.ask("What did inspectors say about Wirral?", filters=Filters.parse(until="2020"))
    assert {s.doc_id for s in answer.sentences} == {"ilacs-wirral-2019-07-29"}


def test_a_topic_question_is_not_an_overview(index):
    query = "What did Ofsted find about caseloads in Tameside?"
    assert not asks_overview(query, analyse(query))
    answer = index.ask(query)
    assert answer.signals["grade_stated"] == 0.0  # the usual answer (an overview's is read from the letter: 1.0)
    assert all("caseload" in s.text.lower() for s in answer.sentences)  # (the slice's letters decline it)
    overview = index.ask("What did Ofsted find in Tameside?")
    assert overview.signals["grade_stated"] == 1.0 and overview.sentences[0].doc_id == "fv-tameside-2021-06-25"


@pytest.mark.parametrize("query, overview", [
    ("What did the Wirral JTAI find?", True),
    ("What did Ofsted find in Tameside's 2024 inspection?", True),
    ("What did inspectors say about Leeds?", True),
    ("Summarise Kent's latest inspection", True),
    ("What was the outcome of Merton's focused visit?", True),
    ("Give me an overview of Bristol's last ILACS", True),
    ("What did Ofsted find at Sheffield children's services?", True),
    ("What did Ofsted find about caseloads in Tameside?", False),  # a topic
    ("What did inspectors say about children in care in Leeds?", False),  # a topic
    ("What was the outcome of Bromley's 2019 inspection?", False),  # a grade question
    ("How was Leeds graded?", False),
    ("When was Wirral last inspected?", False),
    ("Who inspected Merton in 2022?", False),
    ("What did the press say about Leeds?", False),  # news articles
    ("Which councils did Ofsted find inadequate?", False),  # a list question, no council named
    ("What did Ofsted find?", False),  # no council
    ("Tameside", False),  # asks nothing
    ("What did inspectors say about Leeds and Bradford?", False),  # two councils, two letters
])
def test_which_questions_are_overviews(query, overview):
    assert asks_overview(query, analyse(query)) is overview


@pytest.mark.parametrize("doc_id, rule, first", [
    ("sif-leeds-2015-03-27", "Summary of findings", "Children’s services in Leeds are good because:"),
    ("jtai-bexley-2020-03-06", "outlines our findings", "The safeguarding partnership in Bexley is highly effective."),
    # an ILACS report of 2026 has no overall grade: its section follows the last row of the table
    ("ilacs-blackpool-2026-07-28", "judgement table", "Since the last inspection, leaders have continued to deliver "
                                                      "sustained improvements for children, young people and families in Blackpool."),
    ("fv-leeds-2018-02-22", "Overview", "Most children are being cared for in stable family placements that meet their needs."),
])
def test_headline_section_of_each_kind_of_letter(doc_id, rule, first):
    document = load_document(CORPUS / f"{doc_id}.txt")[0]
    found, spans = headline_sentences(document.text, document.kind)
    assert found == rule
    assert document.text[spans[0][0]:spans[0][1]] == first
    assert len(spans) == 3
