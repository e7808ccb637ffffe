"""A grade answer: the grade the report's judgement table states, then sentences from that report."""
from __future__ import annotations

import pytest

from corpus_slice import open_slice_index, quoted_by_rule_line


BCP_2025, BCP_NEWS = "ilacs-bournemouth-christchurch-poole-2025-01-29", "news-bournemouthecho-bcp-first-monitoring-visit-letter"
BCP_2022 = "ilacs-bournemouth-christchurch-poole-2022-02-11"


@pytest.fixture(scope="module")
def bcp(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "bcp-grades", (BCP_2025, BCP_2022, BCP_NEWS))


def test_a_grade_answer_quotes_the_graded_report_after_the_grade(bcp):
    """Newcomer: "How was BCP graded for care leavers?" gave the 2025 judgement row, then a news
    sentence saying BCP "was rated as inadequate" in an earlier report: another inspection's grade
    beside the one asked for. The sentences after the grade now come from the graded report."""
    answer = bcp.ask("How was BCP graded for care leavers?")
    assert answer.answered
    grade, *others = answer.sentences
    assert grade.doc_id == BCP_2025 and "care leavers" in grade.text and "Requires improvement to be good" in grade.text
    assert others and all(s.doc_id == BCP_2025 for s in others)
    assert not any("inadequate" in s.text for s in others)
    # the hits as on the full index, the news report of the earlier grade among them: it was quoted
    # second ("As reported, BCP Council's children's services was rated as inadequate ...")
    from search.answer import compose_answer

    question = "How was BCP graded for care leavers?"
    found = bcp.searched(question, 10, "hybrid", None)
    news = [i for i in range(len(bcp)) if "was rated as inadequate in the report Ofsted published" in bcp.chunk_text(i)]
    hits = found.hits[:4] + bcp.hits_for(question, news, 5)
    composed = compose_answer(question, hits, bcp.bm25, found.ctx, stated=found.stated, terms=found.terms,
                              units=bcp.passage_units, named_docs=bcp.documents_of(found.ctx.authorities))
    assert len(news) == 1 and composed.answered and len(composed.sentences) > 1
    assert composed.sentences[0].doc_id == BCP_2025 and all(s.doc_id == BCP_2025 for s in composed.sentences)


NEL_2025, NEL_2021 = "ilacs-north-east-lincolnshire-2025-09-03", "ilacs-north-east-lincolnshire-2021-11-26"
NEL_SIF = "sif-north-east-lincolnshire-2017-09-25"


@pytest.fixture(scope="module")
def nel(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "nel-grades", (NEL_2025, NEL_2021, NEL_SIF))


def test_the_grade_a_judgement_table_states_is_quoted_even_on_weak_evidence(nel):
    """Newcomer: "How was North East Lincolnshire graded?" was declined at 0.30 though the top
    passage was the 2025 report's judgement table: the question is little but the council's name,
    so the evidence model declined. The grade the table states answers it; nothing else is quoted
    on such evidence, and the confidence line says why."""
    from search.abstain import abstention_model, confidence_label

    answer = nel.ask("How was North East Lincolnshire graded?")
    assert answer.answered
    grade = answer.sentences[0]
    assert grade.doc_id == NEL_2025 and " ".join(grade.text.split()) == "Overall effectiveness Good"
    # on the full index the evidence model declined (0.30: name_share 0.28, most of the match being
    # the council's name); here the evidence is stronger, so the same hits are composed with that
    # full-index name share and a context mismatch, evidence the model declines on
    from search.answer import compose_answer

    question = "How was North East Lincolnshire graded?"
    found = nel.searched(question, 10, "hybrid", None)
    topic = found.hits[0].dense_score - 0.28
    weak = compose_answer(question, found.hits, nel.bm25, found.ctx, stated=found.stated, terms=found.terms,
                          topic=topic, mismatch=1.0, units=nel.passage_units, named_docs=nel.documents_of(found.ctx.authorities))
    assert weak.signals["name_share"] == pytest.approx(0.28, abs=1e-3)
    assert abstention_model().abstains(weak.confidence)
    assert weak.answered and [s.text for s in weak.sentences] == [grade.text]
    assert weak.signals["quoted_by"] == "grade"
    assert confidence_label(weak).text == quoted_by_rule_line(  # that rule alone, and no "weak evidence" beside the grade
        weak, abstention_model(), "the grade in its judgement table")


def test_a_grade_question_asking_nothing_else_gets_the_grade_alone(nel):
    """Newcomer: "How was Tameside graded in 2016?" went on with "... training on the graded care
    profile ...", and "... graded for leadership" with "The local authority was judged to be
    adequate." The words asking for a grade ("graded", "judged", "rating" ...) say what kind of
    answer, not what it is about: with nothing else asked, the grade is the whole answer; with an
    area asked, the sentences after it are about the area."""
    alone = nel.ask("How was North East Lincolnshire graded?")
    assert len(alone.sentences) == 1 and alone.sentences[0].doc_id == NEL_2025
    leavers = nel.ask("How was North East Lincolnshire graded for care leavers?")
    assert leavers.answered and "care leavers" in leavers.sentences[0].text.lower()
    assert all("care leaver" in s.text.lower() or "young people" in s.text.lower() for s in leavers.sentences[1:])
    assert not any("graded care profile" in s.text for s in leavers.sentences)


@pytest.fixture(scope="module")
def leeds(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "leeds-grades", ("sif-leeds-2015-03-27", "ilacs-leeds-2018-12-18"))


def test_how_did_inspectors_rate_asks_for_a_grade(leeds):
    """"How did inspectors rate leadership ...?" was not a grade question ("rate" was not a grade
    word): the answer quoted sentences about governance and never the table's "Outstanding"."""
    answer = leeds.ask("How did inspectors rate leadership, management and governance at Leeds City Council in 2015?")
    assert answer.answered
    grade = answer.sentences[0]
    assert grade.doc_id == "sif-leeds-2015-03-27"
    assert "Leadership, management and governance" in grade.text and "Outstanding" in grade.text


@pytest.mark.parametrize("question, doc_id, stated", [
    ("What score did Ofsted give Leeds in 2015?", "sif-leeds-2015-03-27", "children’s services are good"),
    ("What was the outcome of Leeds's 2015 inspection?", "sif-leeds-2015-03-27", "children’s services are good"),
    ("What was Leeds's Ofsted result in 2018?", "ilacs-leeds-2018-12-18", "Outstanding"),
    ("Is Leeds outstanding?", "ilacs-leeds-2018-12-18", "Outstanding"),
    ("Did Leeds pass its Ofsted inspection?", "ilacs-leeds-2018-12-18", "Outstanding"),
    ("How did Leeds do in its 2015 inspection?", "sif-leeds-2015-03-27", "children’s services are good"),
    ("What did Leeds get in 2018?", "ilacs-leeds-2018-12-18", "Outstanding"),
    ("Is Leeds still outstanding", "ilacs-leeds-2018-12-18", "Outstanding"),
    ("Did Leeds fail its Ofsted inspection?", "ilacs-leeds-2018-12-18", "Outstanding"),
])
def test_the_words_users_ask_for_a_grade_with(leeds, question, doc_id, stated):
    """Asked in these words, the grade was never quoted: "What score did Ofsted give Leeds in
    2015?" answered with "the average point score gap between Year 6 looked after pupils", "Did
    Tameside pass its Ofsted inspection?" with referrals "passed to the local authority's duty teams"."""
    answer = leeds.ask(question)
    assert answer.answered
    assert answer.sentences[0].doc_id == doc_id and stated in answer.sentences[0].text


@pytest.mark.parametrize("question", ["What recommendations did inspectors give Leeds?",
                                      "What advice did Ofsted give Leeds about care leavers?"])
def test_what_ofsted_gave_a_council_other_than_a_grade(leeds, question):
    """"What did Ofsted give Leeds?" asks for a grade; "What recommendations did inspectors give
    Leeds?" does not: it was answered with the judgement table's "Overall effectiveness / Outstanding"
    alone, and the advice on care leavers with the care leavers' grade first."""
    answer = leeds.ask(question)
    assert answer.answered
    grades = ("Outstanding", "Good", "Inadequate", "Requires improvement to be good")
    assert not any(s.text.splitlines()[-1].strip() in grades for s in answer.sentences)


@pytest.mark.parametrize("question", [
    "What recommendations did inspectors give Leeds?", "What advice did Ofsted give Bromley about care leavers?",
    "What example did Ofsted give of a newly qualified social worker in Herefordshire being handed too much work?",
    "What reasons did inspectors give for the delays?", "Is there good practice in Leeds?",
    "What was the outcome for children referred to the MASH in Leeds?", "What was the rate of re-referrals in Leeds?",
    # a grade word about a practice, not the council ("Were chronologies ... any good?" was answered
    # with Norfolk's overall grade)
    "Were chronologies in Norfolk's case files any good?", "Are pathway plans in Luton good?",
    "Is the front door in Leeds good?", "How did Tameside do with care leavers?", "What did inspectors get wrong?"])
def test_questions_that_do_not_ask_for_a_grade(question):
    from search.rerank import GRADE_QUESTION

    assert not GRADE_QUESTION.search(question)
