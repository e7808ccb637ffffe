"""Overview questions ("What did the Wirral JTAI find?"): the headline findings of the letter meant,
quoted verbatim with citations, on a real corpus slice; the section rules on real letters."""
from __future__ import annotations

import dataclasses

import pytest

from corpus_slice import CORPUS, assert_quoted_in_cited, open_slice_index, quoted_by_rule_line
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
    assert_quoted_in_cited(index, answer)
    # quoted whatever the confidence, as a stated grade is, and the confidence line says why
    strict = dataclasses.replace(abstention_model(), threshold=0.99)
    assert answer.signals["quoted_by"] == "overview"
    assert confidence_label(answer, strict).text == quoted_by_rule_line(answer, strict, "its headline findings")


def test_an_ilacs_letter_grade_then_its_first_findings_of_the_year_named(index):
    answer = index.ask("What did the 2019 Wirral ILACS find?")
    assert answer.answered
    texts = [s.text for s in answer.sentences]
    assert " ".join(texts[0].split()) == "Overall effectiveness Requires improvement to be good"  # the judgement table entry
    assert texts[1] == ("The quality of services for children has improved in all areas since the last inspection in "
                        "2016, when services were judged to be inadequate overall.")
    assert {s.doc_id for s in answer.sentences} == {"ilacs-wirral-2019-07-29"}  # not the 2024 report
    assert_quoted_in_cited(index, answer)


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
    assert_quoted_in_cited(index, visit)


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


# --- Ofsted's own PDFs (tests/data/realdocs): the judgement table's rows each on one line ---

PDF_DIR = CORPUS.parent / "tests" / "data" / "realdocs"
PDFS = ("ilacs-merton-2022-05-09.pdf", "ilacs-sunderland-2021-08-20.pdf", "fv-essex-2021-11-22.pdf",
        "sif-hampshire-2014-04-22.pdf")


@pytest.fixture(scope="module")
def pdf_index(tmp_path_factory):
    import shutil

    from corpus_slice import TEST_CACHE
    from indexer.build import build_index
    from search.index import open_index

    folder = tmp_path_factory.mktemp("overview-pdf")
    for name in PDFS:
        shutil.copy(PDF_DIR / name, folder / name)
    index_dir = tmp_path_factory.mktemp("overview-pdf-idx") / "index"
    build_index([folder], index_dir, cache_path=TEST_CACHE, progress=False)
    return open_index(index_dir)


def _twin_quotes(doc_id: str) -> list[str]:
    """The overview sentences of the corpus .txt twin, whitespace collapsed (its grade line first)."""
    from indexer.judgements import read_judgements
    from search.grades import area_grade
    from search.overview import overview_spans

    document = load_document(CORPUS / f"{doc_id}.txt")[0]
    grade = area_grade(read_judgements(document), "overall_effectiveness")
    return [" ".join(document.text[s:e].split()) for s, e in overview_spans(document.text, document.kind, grade)]


def test_the_merton_pdf_overview_has_its_grade_line_and_first_finding(pdf_index):
    """On the PDF ("Judgement: Grade", "Overall effectiveness: Outstanding") no section rule found
    the findings: no grade line, "Leaders have strengthened ..." and a care leavers sentence quoted."""
    answer = pdf_index.ask("What did Ofsted find in Merton's 2022 inspection?")
    assert answer.answered and answer.signals["grade_stated"] == 1.0
    texts = [s.text for s in answer.sentences]
    assert texts[0] == "Overall effectiveness: Outstanding"
    twin = _twin_quotes("ilacs-merton-2022-05-09")
    assert twin[0] == "Overall effectiveness Outstanding"
    assert texts[1] == twin[1] == "Children in the London Borough of Merton benefit from good and outstanding services."
    assert texts[1:] == twin[1:]
    assert_quoted_in_cited(pdf_index, answer)


def test_the_sunderland_pdf_overview_is_quoted_not_declined(pdf_index):
    """Declined at confidence 0.45 on the PDF: no headline sentence was found, so the usual answer
    (abstention model) applied; the overview is quoted whatever its confidence."""
    for query in ("Summarise Sunderland's latest inspection", "Summarise Sunderland's 2021 inspection"):
        answer = pdf_index.ask(query)
        assert answer.answered, query
        assert [s.text for s in answer.sentences[:2]] == ["Overall effectiveness: Outstanding",
                                                          "Children’s services in Sunderland are outstanding."]
        assert {s.doc_id for s in answer.sentences} == {"ilacs-sunderland-2021-08-20"}
        assert_quoted_in_cited(pdf_index, answer)
    strict = dataclasses.replace(abstention_model(), threshold=0.99)
    assert confidence_label(answer, strict).text.endswith("; quoted because the letter states what is asked: its "
                                                          "headline findings")


@pytest.mark.parametrize("doc_id, rule", [
    ("fv-essex-2021-11-22", "Headline findings"),  # the .txt breaks its third sentence at a line end
    ("sif-hampshire-2014-04-22", "Summary of findings"),  # the PDF keeps "1. " on the sentence's line
])
def test_pdf_and_txt_overviews_agree(doc_id, rule):
    from eval.overview_pdf_check import comparable, overview_quotes

    found, from_pdf = overview_quotes(PDF_DIR / f"{doc_id}.pdf")
    assert found == rule
    assert [comparable(s) for s in from_pdf] == [comparable(s) for s in _twin_quotes(doc_id)]


@pytest.mark.parametrize("doc_id, index, sentence", [
    # a sentence the .txt broke at a line end: "... throughout the period of the" / "COVID-19 pandemic ..."
    ("fv-essex-2021-11-22", 2, "This creative culture has continued throughout the period of the COVID-19 pandemic "
                               "restrictions and beyond, with staff flexibly adapting their ways of working."),
    ("ilacs-hampshire-2019-06-11", 1, "Since the last full inspection in 2014, the director and his leadership team have "
                                      "resolutely focused on continuing to improve the help, care and protection provided to children."),
    # a subheading glued under the sentence in the .txt ("Performance management and management oversight")
    ("sif-kingston-upon-hull-2015-02-10", 0, "Children’s services in Hull require improvement because:"),
])
def test_txt_sentences_whole_without_glued_headings(doc_id, index, sentence):
    document = load_document(CORPUS / f"{doc_id}.txt")[0]
    _, spans = headline_sentences(document.text, document.kind)
    assert " ".join(document.text[spans[index][0]:spans[index][1]].split()) == sentence
