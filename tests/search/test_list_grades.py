"""A list question asking which councils got a grade ("Which councils were judged inadequate in
2023?") is answered from the grades read from the letters (Index.judgements): one row per council
whose letter has that grade for the area, quoting the table entry that states it. Real letters:
Trafford's 2023 letter recalls "the last inspection in 2019, when Trafford was judged to be
inadequate" but is graded requires improvement; Sunderland was inadequate in 2018 (SIF) and
outstanding in 2021; Sunderland's 2021 letter judges children in care and care leavers together."""
from __future__ import annotations

import pytest

from corpus_slice import open_slice_index
from search.filters import Filters
from search.grade_list import GradeRequest, grade_request, question_dates
from search.list_output import rows_csv

LETTERS = ("ilacs-bradford-2023-01-31", "ilacs-solihull-2023-01-13", "ilacs-trafford-2023-01-31",
           "ilacs-bexley-2023-03-24", "ilacs-sunderland-2021-08-20", "sif-sunderland-2018-07-25",
           "ilacs-tameside-2019-07-01")


@pytest.fixture(scope="module")
def grades_index(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "list-grades", LETTERS)


def _councils(answer) -> set[str]:
    return {r.authority for r in answer.rows}


def _check_quotes(index, answer, grade: str):
    for row in answer.rows:
        for s in row.sentences:
            assert index.document(s.doc_id).text[s.start:s.end] == s.text  # verbatim span
            assert grade in " ".join(s.text.lower().split())  # it states the grade
            hit = answer.hits[s.citation - 1]
            assert hit.doc_id == s.doc_id and hit.start <= s.start < hit.end  # cited to its passage


@pytest.mark.parametrize("question, councils", [
    ("Which councils were judged inadequate in 2023?", {"Bradford", "Solihull"}),  # not Trafford's recalled 2019 grade
    ("Which councils were judged inadequate?", {"Bradford", "Solihull"}),  # latest inspection: not Sunderland (2021)
    ("Which councils were judged inadequate in 2018?", {"Sunderland"}),
    ("Which councils were judged inadequate before 2020?", {"Sunderland"}),
    ("Which councils were judged outstanding?", {"Bexley", "Sunderland"}),
    ("Which councils were rated outstanding for care leavers?", {"Bexley", "Sunderland"}),  # 2021: with children in care
    ("Which councils were rated good for help and protection?", {"Bexley", "Sunderland"}),
    ("Which councils were judged requires improvement to be good?", {"Trafford", "Tameside"}),
])
def test_grade_lists_come_from_the_letters_grades(grades_index, question, councils):
    answer = grades_index.ask(question)
    assert _councils(answer) == councils
    grade = grade_request(question).grades[0]
    _check_quotes(grades_index, answer, grade)
    assert answer.message.startswith(f"{len(councils)} council")


def test_a_period_lists_every_graded_letter_of_a_council(grades_index):
    answer = grades_index.ask("Which councils were judged inadequate since 2018?")
    assert _councils(answer) == {"Bradford", "Solihull", "Sunderland"}
    answer = grades_index.ask("Which councils were judged outstanding?", filters=Filters.parse(authority="Bexley"))
    assert _councils(answer) == {"Bexley"}
    text = rows_csv(answer)
    assert "ilacs-bexley-2023-03-24" in text and "Outstanding" in text


@pytest.mark.parametrize("question, request_", [
    ("Which councils were judged inadequate in 2023?", GradeRequest(("inadequate",), "overall_effectiveness")),
    ("Which councils were rated good or outstanding for children in care?",
     GradeRequest(("good", "outstanding"), "children_in_care")),
    ("Which councils have an inadequate rating for the impact of leaders?",
     GradeRequest(("inadequate",), "impact_of_leaders")),
    ("Which councils were told their chronologies were poor?", None),
    ("Which councils were told their plans were good?", None),
    ("Which letters mention Kooth?", None),
    ("Which councils were rated outstanding overall?", GradeRequest(("outstanding",), "overall_effectiveness")),
    ("Which councils were rated inadequate by Ofsted in 2019?", GradeRequest(("inadequate",), "overall_effectiveness")),
    # a grade word describing a topic, not an inspection's grade: a topic list question
    ("Which councils were rated good at involving children?", None),
    ("Which councils were judged good for their work with schools?", None),
    # "are": the grade they have now (second newcomer: "No letter says this")
    ("Which councils are outstanding?", GradeRequest(("outstanding",), "overall_effectiveness")),
    ("Which councils are currently inadequate for help and protection?",
     GradeRequest(("inadequate",), "help_and_protection")),
    ("Which councils are good or outstanding now?", GradeRequest(("good", "outstanding"), "overall_effectiveness")),
    ("Which councils are good at involving children?", None),
])
def test_what_a_grade_list_question_asks(question, request_):
    assert grade_request(question) == request_


def test_the_period_a_question_names():
    assert (question_dates("... in 2023?", Filters()).since, question_dates("... in 2023?", Filters()).until) == (
        "2023-01-01", "2023-12-31")
    after = question_dates("... after 2020?", Filters())
    assert (after.since, after.until) == ("2021-01-01", "")
    between = question_dates("... between 2019 and 2021?", Filters())
    assert (between.since, between.until) == ("2019-01-01", "2021-12-31")
    assert question_dates("... in 2023?", Filters.parse(since="2020")).until == ""  # the user's filter wins


def test_grade_rows_export_as_single_line_csv_cells(grades_index):
    """Bradford's 2023 letter states its grade in a table, label and grade a blank line apart
    ("Overall effectiveness\\n\\nInadequate"): the CSV cell held that blank line, so a spreadsheet row
    or a line-by-line reader split it. Cells are one line; start/end still give the verbatim span."""
    import csv
    import io

    from search.export import answer_csv, single_line

    answer = grades_index.ask("Which councils were judged inadequate in 2023?")
    for text in (rows_csv(answer), answer_csv(answer)):
        records = list(csv.DictReader(io.StringIO(text, newline="")))
        assert {r["authority"] for r in records} == {"Bradford", "Solihull"}
        assert len(text.splitlines()) == len(records) + 1  # one line per record, no line break inside a cell
        for record in records:
            body = grades_index.document(record["doc_id"]).text
            verbatim = body[int(record["start"]): int(record["end"])]
            assert record["sentence"] == single_line(verbatim) == " ".join(verbatim.split())
        bradford = next(r for r in records if r["authority"] == "Bradford")
        assert bradford["sentence"] == "Overall effectiveness Inadequate"
        assert "\n\n" in grades_index.document("ilacs-bradford-2023-01-31").text[int(bradford["start"]): int(bradford["end"])]
