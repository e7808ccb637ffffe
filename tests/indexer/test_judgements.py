"""Grades per area read from real ILACS and SIF letters (indexer/judgements.py)."""
from __future__ import annotations

from pathlib import Path

import pytest
from corpus_slice import CORPUS

from indexer.judgements import (ALL_AREAS, CARE_LEAVERS_COMBINED, COLUMNS, GRADED, NO_OVERALL, NOT_FOUND,
                                NOT_IN_FRAMEWORK, NOT_JUDGED, SENTENCE, TABLE, load_judgements, normalise_grade,
                                read_judgements, write_judgements)
from indexer.load import load_document

RI = "requires improvement"


def letter(doc_id: str):
    return load_document(CORPUS / f"{doc_id}.txt")[0]


def by_area(doc_id: str):
    doc = letter(doc_id)
    return doc, {j.area: j for j in read_judgements(doc)}


def assert_stated(doc, judgement, grade: str, words: str) -> None:
    """The grade is `grade`, and the span the letter states it in holds the grade's words."""
    assert (judgement.status, judgement.grade) == (GRADED, grade)
    stated = doc.text[judgement.start:judgement.end]
    assert stated.startswith(judgement.label.split()[0]) and stated.endswith(judgement.grade_text)
    assert words.lower() in " ".join(stated.lower().split())


def test_ilacs_2019_combined_children_in_care_and_care_leavers():
    doc, areas = by_area("ilacs-tameside-2019-07-01")
    assert [j.area for j in read_judgements(doc)] == list(ALL_AREAS)
    for area in ("overall_effectiveness", "impact_of_leaders", "help_and_protection", "children_in_care"):
        assert_stated(doc, areas[area], RI, "requires improvement to be good")
    assert areas["children_in_care"].label == "The experiences and progress of children in care and care leavers"
    assert areas["overall_effectiveness"].method == TABLE
    assert doc.text[areas["overall_effectiveness"].start:areas["overall_effectiveness"].end] == \
        "Overall effectiveness\n\nRequires improvement to be good"
    assert areas["care_leavers"].status == CARE_LEAVERS_COMBINED and areas["care_leavers"].grade == ""
    for area in ("children_looked_after", "adoption", "leadership"):
        assert areas[area].status == NOT_IN_FRAMEWORK


def test_ilacs_2024_care_leavers_judged_on_their_own():
    doc, areas = by_area("ilacs-tameside-2024-02-13")
    for area in ("overall_effectiveness", "impact_of_leaders", "help_and_protection", "children_in_care"):
        assert_stated(doc, areas[area], "inadequate", "inadequate")
    assert areas["children_in_care"].label == "The experiences and progress of children in care"
    assert_stated(doc, areas["care_leavers"], RI, "the experiences and progress of care leavers requires improvement to be good")
    assert areas["care_leavers"].grade_text == "Requires improvement to be good"


def test_ilacs_2026_letter_without_overall_effectiveness():
    doc, areas = by_area("ilacs-north-northamptonshire-2026-07-07")
    assert areas["overall_effectiveness"].status == NO_OVERALL
    assert_stated(doc, areas["impact_of_leaders"], "outstanding", "impact of leaders on practice with children")
    for area in ("help_and_protection", "children_in_care", "care_leavers"):
        assert_stated(doc, areas[area], "good", "good")


def test_ilacs_letter_where_the_published_csv_is_wrong():
    # the CSV has good / requires improvement / good here; the letter's table and headings say otherwise
    doc, areas = by_area("ilacs-st-helens-2023-09-04")
    assert_stated(doc, areas["help_and_protection"], RI, "help and protection")
    assert_stated(doc, areas["children_in_care"], "good", "children in care")
    assert_stated(doc, areas["care_leavers"], "outstanding", "care leavers")
    assert_stated(doc, areas["overall_effectiveness"], "good", "overall effectiveness")


def test_sif_table_and_opening_sentence():
    doc, areas = by_area("sif-tameside-2016-12-09")
    overall = areas["overall_effectiveness"]
    assert_stated(doc, overall, "inadequate", "children’s services in tameside are inadequate")
    assert overall.method == SENTENCE
    assert_stated(doc, areas["help_and_protection"], "inadequate", "children who need help and protection")
    assert_stated(doc, areas["children_looked_after"], RI, "children looked after and achieving permanence")
    assert_stated(doc, areas["adoption"], "good", "adoption performance")
    assert_stated(doc, areas["care_leavers"], RI, "experiences and progress of care leavers")
    assert_stated(doc, areas["leadership"], "inadequate", "leadership, management and governance")
    assert areas["impact_of_leaders"].status == NOT_IN_FRAMEWORK
    assert areas["children_in_care"].status == NOT_IN_FRAMEWORK


def test_sif_table_laid_out_in_columns_is_paired_in_order():
    # "1. Children who need help and protection / 2. Children looked after ... / Requires improvement / Good":
    # the body's own heading confirms children looked after are good
    doc, areas = by_area("sif-cambridgeshire-2014-08-08")
    assert (areas["help_and_protection"].grade, areas["help_and_protection"].method) == (RI, COLUMNS)
    assert (areas["children_looked_after"].grade, areas["children_looked_after"].method) == ("good", COLUMNS)
    assert "The experiences and progress of children looked after and achieving permanence\n\nGood" in doc.text
    assert areas["overall_effectiveness"].grade == "good"
    for judgement in areas.values():
        if judgement.status == GRADED:
            assert judgement.grade_text in doc.text[judgement.start:judgement.end]


def test_sif_overall_judgement_sentence_and_not_judged_areas():
    doc, areas = by_area("sif-barking-and-dagenham-2014-07-07")
    assert_stated(doc, areas["overall_effectiveness"], RI, "the overall judgement is requires improvement")
    assert areas["leadership"].grade == RI
    doc, areas = by_area("sif-isles-of-scilly-2016-06-27")
    assert_stated(doc, areas["overall_effectiveness"], "good", "children’s services in the isles of scilly are good")
    for area in ("children_looked_after", "adoption", "care_leavers"):
        assert areas[area].status == NOT_JUDGED and areas[area].grade_text.lower() == "not judged"
    assert areas["help_and_protection"].grade == "good"


def test_other_kinds_have_no_judgements():
    assert read_judgements(letter("fv-tameside-2021-06-25")) == []
    assert read_judgements(letter("jtai-barnsley-2022-07-18")) == []


def test_every_ilacs_and_sif_letter_in_the_corpus_states_every_area():
    """No (letter, area) pair is left blank or unread across the whole corpus."""
    seen = 0
    for path in sorted(Path(CORPUS).glob("*.txt")):
        if not path.name.startswith(("ilacs-", "sif-")):
            continue
        doc = load_document(path)[0]
        judgements = read_judgements(doc)
        if not judgements:
            continue
        seen += 1
        assert len(judgements) == len(ALL_AREAS)
        assert NOT_FOUND not in {j.status for j in judgements}, doc.id
        for j in judgements:
            assert j.status and (j.status != GRADED or j.grade_text in doc.text[j.start:j.end])
    assert seen >= 480


def test_written_and_loaded_back(tmp_path):
    docs = [letter("ilacs-tameside-2019-07-01"), letter("fv-tameside-2021-06-25"), letter("sif-tameside-2016-12-09")]
    assert write_judgements(tmp_path / "judgements.jsonl", docs) == 2 * len(ALL_AREAS)
    loaded = load_judgements(tmp_path / "judgements.jsonl")
    assert set(loaded) == {"ilacs-tameside-2019-07-01", "sif-tameside-2016-12-09"}
    assert loaded["sif-tameside-2016-12-09"] == read_judgements(docs[2])


@pytest.mark.parametrize("text, grade", [("Requires\nImprovement", RI), ("Require improvement", RI),
                                         ("requires improvement to be good", RI), ("Outstanding", "outstanding"),
                                         ("Not Judged", ""), ("to requires improvement", "")])
def test_normalise_grade(text, grade):
    assert normalise_grade(text) == grade


@pytest.mark.parametrize("doc_id, grade", [
    ("sif-rotherham-2018-01-29", "good"),  # its text also quotes the 2014 "Overall effectiveness: inadequate"
    ("sif-darlington-2018-05-21", RI),
    ("sif-birmingham-2014-05-23", "inadequate"),  # no row in the published CSV (SIF)
    ("sif-hampshire-2014-04-22", "good"),
    ("ilacs-bromley-2019-01-07", "good"),
])
def test_a_letters_overall_judgement_is_the_grade_it_states_itself(doc_id, grade):
    """Document.judgement (filters, badges, timelines) comes from the letter's own judgement table
    or opening sentence, not from a grade sentence about an earlier inspection."""
    assert letter(doc_id).judgement == grade
