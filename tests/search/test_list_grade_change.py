"""A list question about a change of grade ("Which councils improved from inadequate to good?") is
answered from the grades read from two inspections in a row, not from sentences that hold the words
(third newcomer: 12 rows, among them Knowsley's "The quality of services ... has not improved since
the last inspection in 2021", Norfolk's "... has not been sustained" and Buckinghamshire's
"... inconsistent and too slow"). Real letters, the real model."""
from __future__ import annotations

import pytest

from corpus_slice import open_slice_index
from search.grade_change import NO_CHANGE_ROWS, GradeChange, grade_change_request

# overall effectiveness (care leavers) as the letters state them
LETTERS = (
    "sif-tower-hamlets-2017-04-07",  # inadequate (requires improvement)
    "ilacs-tower-hamlets-2019-07-22",  # good (good)
    "ilacs-knowsley-2021-12-03",  # requires improvement
    "ilacs-knowsley-2025-01-20",  # inadequate: "... has not improved since the last inspection in 2021"
    "sif-darlington-2015-09-01",  # inadequate
    "sif-darlington-2018-05-21",  # requires improvement: "... improved the services that were judged to be inadequate"
    "sif-buckinghamshire-2014-08-08",  # inadequate
    "sif-buckinghamshire-2018-01-29",  # inadequate: "Overall progress in improving services ... too slow"
    "sif-wandsworth-2016-02-16",  # inadequate (inadequate)
    "sif-wandsworth-2018-07-20",  # requires improvement (good): "services to care leavers have improved from inadequate to good"
)


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return open_slice_index(tmp_path_factory, "grade-change", LETTERS)


def test_a_council_is_a_row_when_two_inspections_in_a_row_show_the_change(index):
    answer = index.ask("Which councils improved from inadequate to good?")
    assert [row.authority for row in answer.rows] == ["Tower Hamlets"]
    [row] = answer.rows
    assert row.doc_ids == ("sif-tower-hamlets-2017-04-07", "ilacs-tower-hamlets-2019-07-22")
    first, second = row.sentences
    assert first.text == "Children’s services in Tower Hamlets are inadequate"
    assert " ".join(second.text.split()) == "Overall effectiveness Good"
    for sentence in row.sentences:  # each grade quoted verbatim, cited to the passage that holds it
        assert index.document(sentence.doc_id).text[sentence.start:sentence.end] == sentence.text
        hit = answer.hits[sentence.citation - 1]
        assert hit.doc_id == sentence.doc_id and hit.start <= sentence.start < sentence.end <= hit.end
    assert answer.message == "1 council, 2 letters" and answer.confidence is None


def test_the_area_the_direction_and_the_years_asked(index):
    care_leavers = index.ask("Which councils improved from inadequate to good for care leavers?")
    assert [row.authority for row in care_leavers.rows] == ["Wandsworth"]
    improved = index.ask("Which councils improved from inadequate?")
    assert [row.authority for row in improved.rows] == ["Darlington", "Tower Hamlets", "Wandsworth"]
    declined = index.ask("Which councils declined from requires improvement?")
    assert [row.authority for row in declined.rows] == ["Knowsley"]
    assert declined.rows[0].doc_ids == ("ilacs-knowsley-2021-12-03", "ilacs-knowsley-2025-01-20")
    since = index.ask("Which councils improved from inadequate since 2020?")  # the later inspection's year
    assert since.rows == () and not since.answered and since.message == NO_CHANGE_ROWS


@pytest.mark.parametrize("question, change", [
    ("Which councils improved from inadequate to good?", GradeChange(("inadequate",), ("good",), "", "overall_effectiveness")),
    ("Which councils went from good or outstanding to inadequate for care leavers?",
     GradeChange(("good", "outstanding"), ("inadequate",), "", "care_leavers")),
    ("Which councils moved from inadequate to requires improvement to be good?",
     GradeChange(("inadequate",), ("requires improvement",), "", "overall_effectiveness")),
    ("Which councils improved from inadequate?", GradeChange(("inadequate",), (), "improved", "overall_effectiveness")),
    ("Which councils declined to requires improvement?",
     GradeChange((), ("requires improvement",), "declined", "overall_effectiveness")),
    ("Which councils were judged inadequate?", None),
    ("Which councils improved their chronologies?", None),
])
def test_what_a_grade_change_question_asks(question, change):
    assert grade_change_request(question) == change


def test_kind_and_judgement_filters_bound_the_later_letter_only(index):
    """Tower Hamlets went from a SIF inspection judged inadequate (2017) to an ILACS inspection judged
    good (2019). A kind filter naming ILACS, or a judgement filter naming good, describes the later letter:
    applied to the earlier one too, it took out the SIF letter (kind SIF, judged inadequate), and with it
    the change (no rows)."""
    from search.filters import Filters

    for filters in (Filters.parse(kind="ILACS inspection"), Filters.parse(judgement="good"),
                    Filters.parse(kind="ilacs", judgement="good", authority="Tower Hamlets")):
        answer = index.ask("Which councils improved from inadequate to good?", filters=filters)
        assert [(r.authority, r.doc_ids) for r in answer.rows] == [
            ("Tower Hamlets", ("sif-tower-hamlets-2017-04-07", "ilacs-tower-hamlets-2019-07-22"))], filters
    # the later letter must match: no ILACS letter of the slice judged good follows a change to inadequate,
    # and a SIF kind filter leaves out Tower Hamlets' later letter
    assert index.ask("Which councils improved from inadequate to good?", filters=Filters.parse(kind="SIF")).rows == ()
    declined = index.ask("Which councils declined from requires improvement?", filters=Filters.parse(judgement="inadequate"))
    assert [r.authority for r in declined.rows] == ["Knowsley"]
